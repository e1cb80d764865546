// Events and trails from consecutive vehicle snapshots: a mode change, arming and disarming, each new STATUSTEXT,
// the current mission item moving on. Pure functions (no DOM), shared by every source that has snapshots.
import type { LiveVehicle } from '../../../electron/api';
import type { FlightEvent, Trail } from './flight-source';

/** What changed from `prev` (null: first heard) to `next`, as events at `t_ms`. */
export function snapshotEvents(prev: LiveVehicle | null, next: LiveVehicle, t_ms: number): FlightEvent[] {
  const out: FlightEvent[] = [];
  const base = { flight_id: next.link_id, sysid: next.sysid };
  if (!prev || prev.mode !== next.mode) out.push({ ...base, t_ms, kind: 'mode', value: next.mode });
  if (prev && prev.armed !== next.armed) out.push({ ...base, t_ms, kind: next.armed ? 'armed' : 'disarmed', value: '' });
  if (prev && next.mission_seq !== null && prev.mission_seq !== next.mission_seq) out.push({ ...base, t_ms, kind: 'item', value: String(next.mission_seq) });
  // The snapshot carries the last few messages: new are those not in the previous one (and not older than its newest).
  const before = new Set((prev?.statustext ?? []).map((m) => `${m.t_ms}|${m.text}`));
  const newest = prev?.statustext.at(-1)?.t_ms ?? -Infinity;
  const fresh = next.statustext.filter((m) => m.t_ms >= newest && !before.has(`${m.t_ms}|${m.text}`));
  for (const m of fresh) out.push({ ...base, t_ms, kind: 'message', value: m.text, severity: m.severity });
  return out;
}

/** Points closer than this to the last one are not added (a hovering copter does not grow its trail). */
const TRAIL_STEP_M = 1;
/** The longest trail kept (the oldest points go first). */
export const TRAIL_MAX_POINTS = 5000;

function metres(a: [number, number], b: [number, number]): number {
  const k = Math.PI / 180;
  const dy = (b[0] - a[0]) * 111_320;
  const dx = (b[1] - a[1]) * 111_320 * Math.cos(a[0] * k);
  return Math.hypot(dx, dy);
}

/** The trail with the vehicle's position added (a new array only when it grew). */
export function extendTrail(trail: Trail | undefined, v: LiveVehicle): Trail {
  const t = trail ?? [];
  if (v.lat === null || v.lon === null) return t;
  const p: [number, number] = [v.lat, v.lon];
  const last = t.at(-1);
  if (last && metres(last, p) < TRAIL_STEP_M) return t;
  const next = t.length >= TRAIL_MAX_POINTS ? t.slice(t.length - TRAIL_MAX_POINTS + 1) : t.slice();
  next.push(p);
  return next;
}
