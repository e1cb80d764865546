// The event strip under the replay's timeline: every event of the flight as a mark at its time — mode changes,
// arming and disarming, the vehicles' messages coloured by severity, mission items reached, findings, link gaps.
// Marks that fall on the same few pixels are one mark (the most severe; its title lists them), so an hour of
// messages stays a few hundred elements. Clicking a mark seeks to its first event.
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlightEvent } from '../source/flight-source';
import { useValueText } from '../fly/EventList';
import { clock } from '../fly/fly-format';

/** Marks across the strip at most (one per 0.25 % of the flight). */
const BUCKETS = 400;
const TITLE_LINES = 6;

/** What a mark shows, most important first (a bucket shows its most important event). */
function rankOf(e: FlightEvent): number {
  if (e.kind === 'message') return (e.severity ?? 6) <= 3 ? 0 : (e.severity ?? 6) === 4 ? 2 : 7;
  return { link: 1, finding: 3, armed: 4, disarmed: 4, mode: 5, item: 6 }[e.kind as string] ?? 8;
}

export function markClass(e: FlightEvent): string {
  if (e.kind === 'message') return (e.severity ?? 6) <= 3 ? 'ev-error' : (e.severity ?? 6) === 4 ? 'ev-warning' : 'ev-info';
  return `ev-${e.kind}`;
}

interface Mark {
  first: FlightEvent;
  top: FlightEvent;
  events: FlightEvent[];
  at: number;
}

function EventStripOf({ events, start_ms, duration_ms, onSeek }: { events: readonly FlightEvent[]; start_ms: number; duration_ms: number; onSeek: (t_ms: number) => void }) {
  const { t } = useTranslation();
  const valueText = useValueText();
  const marks = useMemo(() => {
    const byBucket = new Map<number, Mark>();
    for (const e of events) {
      const rel = e.t_ms - start_ms;
      if (!(rel >= 0 && rel <= duration_ms)) continue;
      const b = Math.min(BUCKETS - 1, Math.floor((rel / Math.max(1, duration_ms)) * BUCKETS));
      const m = byBucket.get(b);
      if (!m) byBucket.set(b, { first: e, top: e, events: [e], at: rel / Math.max(1, duration_ms) });
      else {
        m.events.push(e);
        if (rankOf(e) < rankOf(m.top)) m.top = e;
      }
    }
    return [...byBucket.values()];
  }, [events, start_ms, duration_ms]);
  const line = (e: FlightEvent) => `${clock(e.t_ms)} ${t(`fly.event.${e.kind}`, { value: valueText(e) })}`;
  return (
    <div className="event-strip" data-testid="replay-event-strip" aria-label={t('replay.eventStrip')}>
      {marks.map((m) => (
        <button
          key={m.first.t_ms} type="button" data-testid="strip-event" data-kind={m.top.kind} data-t-ms={Math.round(m.first.t_ms - start_ms)}
          className={`mark ${markClass(m.top)}`} style={{ left: `${(m.at * 100).toFixed(3)}%` }}
          title={[...m.events.slice(0, TITLE_LINES).map(line), ...(m.events.length > TITLE_LINES ? [t('replay.more', { n: m.events.length - TITLE_LINES })] : [])].join('\n')}
          onClick={() => onSeek(m.first.t_ms - start_ms)}
        />
      ))}
    </div>
  );
}

export const EventStrip = memo(EventStripOf);
