// What happened, newest first: mode changes, arming, the vehicles' messages by severity, the current item moving
// on, findings, and link state changes. From the FlightSource, so a replay lists the same.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlightEvent } from '../source/flight-source';
import { clock, severityClass } from './fly-format';

const SHOWN = 40;

/** An event's words (the link's gaps and states, a finding's post and kind translated). */
export function useValueText(): (e: FlightEvent) => string {
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

/** `onSeek`: the replay's, so that clicking an event goes to its time. Re-rendered only when the events shown change
 *  (a replay hands a new array with every answer). */
export const EventList = memo(EventListOf, (a, b) => a.onSeek === b.onSeek && sameTail(a.events, b.events));

function sameTail(a: FlightEvent[], b: FlightEvent[]): boolean {
  return a.length === b.length && a.at(-1)?.t_ms === b.at(-1)?.t_ms && a.at(-1)?.value === b.at(-1)?.value && a[0]?.t_ms === b[0]?.t_ms;
}

function EventListOf({ events, onSeek }: { events: FlightEvent[]; onSeek?: (t_ms: number) => void }) {
  const { t } = useTranslation();
  const valueText = useValueText();
  const shown = events.slice(-SHOWN).reverse();
  // Stable keys (an event keeps its row as others arrive): its time, kind and text, numbered when repeated.
  const seen = new Map<string, number>();
  const keys = shown.map((e) => {
    const k = `${e.t_ms}|${e.kind}|${e.value}`;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return `${k}|${n}`;
  });
  return (
    <section>
      <h2>{t('fly.events')}</h2>
      <ul className="events small" data-testid="events">
        {shown.length === 0 && <li>{t('fly.noEvents')}</li>}
        {shown.map((e, i) => (
          <li key={keys[i]} data-kind={e.kind} className={`${e.kind === 'message' ? `msg ${severityClass(e.severity ?? 6)}` : ''}${onSeek ? ' seekable' : ''}`}
            {...(onSeek ? { role: 'button', tabIndex: 0, onClick: () => onSeek(e.t_ms), onKeyDown: (k: React.KeyboardEvent) => k.key === 'Enter' && onSeek(e.t_ms) } : {})}>
            <span className="when">{clock(e.t_ms)}</span> {e.sysid !== null ? <b>{e.sysid}</b> : null} {t(`fly.event.${e.kind}`, { value: valueText(e) })}
          </li>
        ))}
      </ul>
    </section>
  );
}
