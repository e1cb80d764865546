// Flight time along the walked path: horizontal distance at the leg's speed, plus climbs and descents at their
// rates (added, not overlapped: an estimate on the safe side), plus the time held at each point.
import type { PathPoint } from './path';

export interface Rates {
  climb_mps: number;
  descent_mps: number;
}

/** Seconds to fly from a to b, without b's hold. */
export function legTime_s(a: PathPoint, b: PathPoint, r: Rates): number {
  const h_m = Math.hypot(b.x_m - a.x_m, b.y_m - a.y_m);
  const dz_m = b.alt_m - a.alt_m;
  return h_m / b.speed_mps + (dz_m > 0 ? dz_m / r.climb_mps : -dz_m / r.descent_mps);
}

export interface TimeEstimate {
  total_s: number;
  horizontal_m: number;
  climb_m: number;
  descent_m: number;
  hold_s: number;
}

export function estimateTime(points: readonly PathPoint[], r: Rates): TimeEstimate {
  const e: TimeEstimate = { total_s: 0, horizontal_m: 0, climb_m: 0, descent_m: 0, hold_s: 0 };
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    e.total_s += legTime_s(a, b, r) + b.hold_s;
    e.horizontal_m += Math.hypot(b.x_m - a.x_m, b.y_m - a.y_m);
    const dz = b.alt_m - a.alt_m;
    if (dz > 0) e.climb_m += dz;
    else e.descent_m -= dz;
    e.hold_s += b.hold_s;
  }
  return e;
}
