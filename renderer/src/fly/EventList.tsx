// What happened, newest first: mode changes, arming, the vehicles' messages by severity, the current item moving
// on, findings, and link state changes. From the FlightSource, so a replay lists the same.
import { useTranslation } from 'react-i18next';
import type { FlightEvent } from '../source/flight-source';
import { clock, severityClass } from './fly-format';

const SHOWN = 40;

function useValueText(): (e: FlightEvent) => string {
  const { t } = useTranslation();
  return (e) => {
    const gap = /^gap of ([\d.]+) s$/.exec(e.value);
    if (e.kind === 'link') return gap ? t('fly.linkGap', { s: gap[1] }) : t(`fly.state.${e.value}`);
    if (e.kind === 'finding') {
      const [post, kind] = e.value.split('|');
      return `${post} · ${t(`fly.finding.${kind}`)}`;
    }
    return e.value;
  };
}

/** `onSeek`: the replay's, so that clicking an event goes to its time. */
export function EventList({ events, onSeek }: { events: FlightEvent[]; onSeek?: (t_ms: number) => void }) {
  const { t } = useTranslation();
  const valueText = useValueText();
  const shown = events.slice(-SHOWN).reverse();
  return (
    <section>
      <h2>{t('fly.events')}</h2>
      <ul className="events small" data-testid="events">
        {shown.length === 0 && <li>{t('fly.noEvents')}</li>}
        {shown.map((e, i) => (
          <li key={`${e.t_ms}-${i}`} data-kind={e.kind} className={`${e.kind === 'message' ? `msg ${severityClass(e.severity ?? 6)}` : ''}${onSeek ? ' seekable' : ''}`}
            {...(onSeek ? { role: 'button', tabIndex: 0, onClick: () => onSeek(e.t_ms), onKeyDown: (k: React.KeyboardEvent) => k.key === 'Enter' && onSeek(e.t_ms) } : {})}>
            <span className="when">{clock(e.t_ms)}</span> {e.sysid !== null ? <b>{e.sysid}</b> : null} {t(`fly.event.${e.kind}`, { value: valueText(e) })}
          </li>
        ))}
      </ul>
    </section>
  );
}
