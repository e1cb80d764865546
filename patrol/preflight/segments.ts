// The straight pieces the aircraft flies, in metres around home: between consecutive path points, plus, for a
// NAV_LOITER_TURNS, the way out from the centre to the circle and the circle itself as the chords of a 72-gon
// drawn round it (so the chords never cut inside the true circle).
import type { PathPoint } from './path';

export interface XYZ {
  x_m: number;
  y_m: number;
  alt_m: number;
}

export interface FlownSegment {
  a: XYZ;
  b: XYZ;
  /** The path point whose leg this is (item, leg name). */
  end: PathPoint;
  /** Set for the pieces of a loiter circle: its radius. */
  loiter_radius_m?: number;
}

const CIRCLE_SIDES = 72;

export function flownSegments(points: readonly PathPoint[]): FlownSegment[] {
  const out: FlownSegment[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (a.x_m !== b.x_m || a.y_m !== b.y_m || a.alt_m !== b.alt_m) out.push({ a, b, end: b });
    const r_m = b.loiter_radius_m;
    if (r_m === undefined) continue;
    const R = r_m / Math.cos(Math.PI / CIRCLE_SIDES);
    const ring: XYZ[] = Array.from({ length: CIRCLE_SIDES + 1 }, (_, k) => ({
      x_m: b.x_m + R * Math.cos((2 * Math.PI * k) / CIRCLE_SIDES),
      y_m: b.y_m + R * Math.sin((2 * Math.PI * k) / CIRCLE_SIDES),
      alt_m: b.alt_m,
    }));
    out.push({ a: b, b: ring[0], end: b, loiter_radius_m: r_m });
    for (let k = 1; k < ring.length; k++) out.push({ a: ring[k - 1], b: ring[k], end: b, loiter_radius_m: r_m });
  }
  return out;
}
