// The straight pieces the aircraft flies, in metres around home: between consecutive path points; for a
// NAV_LOITER_TURNS, the way to the nearest point of the circle, the circle itself as the chords of a 72-gon drawn
// round it (so the chords never cut inside the true circle), and the way on from where it joined the circle.
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
  // Where the aircraft really is after each point: for a loiter, the point of the circle it joined (ArduCopter's
  // AC_Circle flies to the nearest point of the circle, not over the centre, and leaves from there after whole
  // turns).
  let here: XYZ | undefined = points[0];
  for (let i = 1; i < points.length; i++) {
    const b = points[i];
    const a = here ?? points[i - 1];
    const r_m = b.loiter_radius_m;
    if (r_m === undefined || r_m <= 0) {
      if (a.x_m !== b.x_m || a.y_m !== b.y_m || a.alt_m !== b.alt_m) out.push({ a, b, end: b });
      here = b;
      continue;
    }
    const R = r_m / Math.cos(Math.PI / CIRCLE_SIDES);
    const dx = a.x_m - b.x_m;
    const dy = a.y_m - b.y_m;
    const start = dx === 0 && dy === 0 ? 0 : Math.atan2(dy, dx);
    const ring: XYZ[] = Array.from({ length: CIRCLE_SIDES + 1 }, (_, k) => ({
      x_m: b.x_m + R * Math.cos(start + (2 * Math.PI * k) / CIRCLE_SIDES),
      y_m: b.y_m + R * Math.sin(start + (2 * Math.PI * k) / CIRCLE_SIDES),
      alt_m: b.alt_m,
    }));
    out.push({ a, b: ring[0], end: b, loiter_radius_m: r_m });
    for (let k = 1; k < ring.length; k++) out.push({ a: ring[k - 1], b: ring[k], end: b, loiter_radius_m: r_m });
    here = ring[0];
  }
  return out;
}
