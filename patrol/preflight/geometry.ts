// Exact segment-versus-polygon geometry in metres: where along a segment (parameter t in [0, 1]) it is inside a
// polygon with holes. The crossings with every ring edge split the segment; each piece is wholly inside or
// outside, decided at its middle by the even-odd rule (holes are outside).
import type { RingsXY } from './frame';

/** Whether (x, y) is inside the polygon (even-odd over all rings, so holes count as outside). */
export function pointInRings(rings: RingsXY, x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i];
      const yi = r[i + 1];
      const xj = r[j];
      const yj = r[j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** The parameters t where segment a→b crosses or touches the rings' edges, unsorted. */
function crossings(rings: RingsXY, ax: number, ay: number, bx: number, by: number, out: number[]): void {
  const dx = bx - ax;
  const dy = by - ay;
  for (const r of rings) {
    for (let i = 0; i + 3 < r.length; i += 2) {
      const ex = r[i + 2] - r[i];
      const ey = r[i + 3] - r[i + 1];
      const den = dx * ey - dy * ex;
      if (den === 0) continue; // parallel: the pieces either side are decided by their middles
      const wx = r[i] - ax;
      const wy = r[i + 1] - ay;
      const t = (wx * ey - wy * ex) / den;
      const u = (wx * dy - wy * dx) / den;
      if (t > 0 && t < 1 && u >= 0 && u <= 1) out.push(t);
    }
  }
}

/** The pieces [t0, t1] of segment a→b inside the polygon, in order. A zero-length segment is one point. */
export function insideIntervals(rings: RingsXY, ax: number, ay: number, bx: number, by: number): [number, number][] {
  if (ax === bx && ay === by) return pointInRings(rings, ax, ay) ? [[0, 1]] : [];
  const ts = [0, 1];
  crossings(rings, ax, ay, bx, by, ts);
  ts.sort((p, q) => p - q);
  const out: [number, number][] = [];
  for (let k = 0; k + 1 < ts.length; k++) {
    const [t0, t1] = [ts[k], ts[k + 1]];
    if (t1 - t0 < 1e-12) continue;
    const tm = (t0 + t1) / 2;
    if (!pointInRings(rings, ax + (bx - ax) * tm, ay + (by - ay) * tm)) continue;
    const last = out[out.length - 1];
    if (last && last[1] >= t0) last[1] = t1;
    else out.push([t0, t1]);
  }
  return out;
}

/** The parameters t in [0, 1] where the altitude za + (zb − za)·t is below `top_m`, or null when none. */
export function belowInterval(za: number, zb: number, top_m: number): [number, number] | null {
  if (za >= top_m && zb >= top_m) return null;
  if (za < top_m && zb < top_m) return [0, 1];
  const t = (top_m - za) / (zb - za);
  return za < top_m ? [0, t] : [t, 1];
}
