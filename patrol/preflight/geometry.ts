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

/** The parameters t in [0, 1] where the altitude za + (zb − za)·t is inside a volume from `base_m` to `top_m`
 *  (strictly between them), or null when none. A base at or below 0 is the ground: every altitude below the top. */
export function bandInterval(za: number, zb: number, base_m: number, top_m: number): [number, number] | null {
  const below = belowInterval(za, zb, top_m);
  if (below === null || base_m <= 0) return below;
  if (za <= base_m && zb <= base_m) return null;
  const above: [number, number] = za > base_m && zb > base_m ? [0, 1] : za > base_m ? [0, (base_m - za) / (zb - za)] : [(base_m - za) / (zb - za), 1];
  const t0 = Math.max(below[0], above[0]);
  const t1 = Math.min(below[1], above[1]);
  return t1 > t0 ? [t0, t1] : null;
}

/** Closest approach of segment a→b (restricted to t in [t0, t1]) to the rings' edges: the distance and its t. */
export function closestToRings(rings: RingsXY, ax: number, ay: number, bx: number, by: number, t0 = 0, t1 = 1): { d_m: number; t: number } {
  const px = ax + (bx - ax) * t0;
  const py = ay + (by - ay) * t0;
  const qx = ax + (bx - ax) * t1;
  const qy = ay + (by - ay) * t1;
  let best = { d_m: Infinity, t: t0 };
  for (const r of rings) {
    for (let i = 0; i + 3 < r.length; i += 2) {
      const c = segSegClosest(px, py, qx, qy, r[i], r[i + 1], r[i + 2], r[i + 3]);
      if (c.d_m < best.d_m) best = { d_m: c.d_m, t: t0 + (t1 - t0) * c.s };
    }
  }
  return best;
}

/** Distance between segments p→q and c→d in the plane, and where on p→q (s in [0, 1]) it is reached. */
export function segSegClosest(px: number, py: number, qx: number, qy: number, cx: number, cy: number, dx: number, dy: number): { d_m: number; s: number } {
  const ux = qx - px;
  const uy = qy - py;
  const vx = dx - cx;
  const vy = dy - cy;
  const den = ux * vy - uy * vx;
  if (den !== 0) {
    const wx = cx - px;
    const wy = cy - py;
    const s = (wx * vy - wy * vx) / den;
    const u = (wx * uy - wy * ux) / den;
    if (s >= 0 && s <= 1 && u >= 0 && u <= 1) return { d_m: 0, s };
  }
  // Not crossing: the closest pair has an end of one segment.
  const uu = ux * ux + uy * uy;
  const onPQ = (x: number, y: number): number => (uu === 0 ? 0 : Math.max(0, Math.min(1, ((x - px) * ux + (y - py) * uy) / uu)));
  const vv = vx * vx + vy * vy;
  const onCD = (x: number, y: number): number => (vv === 0 ? 0 : Math.max(0, Math.min(1, ((x - cx) * vx + (y - cy) * vy) / vv)));
  let best = { d_m: Infinity, s: 0 };
  const consider = (s: number, x: number, y: number) => {
    const d = Math.hypot(px + ux * s - x, py + uy * s - y);
    if (d < best.d_m) best = { d_m: d, s };
  };
  const sc = onPQ(cx, cy);
  consider(sc, cx, cy);
  const sd = onPQ(dx, dy);
  consider(sd, dx, dy);
  for (const s of [0, 1]) {
    const x = px + ux * s;
    const y = py + uy * s;
    const w = onCD(x, y);
    consider(s, cx + vx * w, cy + vy * w);
  }
  return best;
}
