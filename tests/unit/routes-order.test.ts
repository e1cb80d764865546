import { describe, expect, it } from 'vitest';
import { localFrame } from '../../patrol/routes/geo';
import { nearestNeighbourOrder, order, tourLength_m } from '../../patrol/routes/order';
import type { RouteLeg } from '../../patrol/routes/route';
import { ORIGIN } from './routes-shapes';

const frame = localFrame(ORIGIN);
const HOME = { lon_deg: ORIGIN[0], lat_deg: ORIGIN[1] };
type XY = [number, number];

function wp(p: XY, alt_m = 30) {
  const [lon_deg, lat_deg] = frame.toLonLat(p);
  return { lat_deg, lon_deg, alt_m };
}
/** A leg entered at `a` and left at `b` (a post when they are the same point). */
function leg(ref: string, a: XY, b: XY = a): RouteLeg {
  return { kind: a === b ? 'post' : 'roof', ref, waypoints: [wp(a), wp(b)] };
}
function tour(legs: RouteLeg[]): XY[] {
  const pts: XY[] = [[0, 0]];
  for (const l of legs) for (const w of [l.waypoints[0], l.waypoints[l.waypoints.length - 1]]) pts.push(frame.toXY([w.lon_deg, w.lat_deg]));
  return pts;
}
/** Do two segments of the closed tour cross properly (not at a shared end)? */
function crossing(pts: XY[]): boolean {
  const n = pts.length;
  const side = (a: XY, b: XY, c: XY) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const [a, b, c, d] = [pts[i], pts[(i + 1) % n], pts[j], pts[(j + 1) % n]];
      if (side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0) return true;
    }
  }
  return false;
}

// Six posts where nearest neighbour from home crosses its own path (found by a seeded search, kept as data).
const POSTS: [string, XY][] = [['A', [0, 130]], ['B', [760, 460]], ['C', [530, 220]], ['D', [50, 680]], ['E', [680, 930]], ['F', [380, 520]]];

let seed = 7;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

describe('order', () => {
  it('2-opt removes the crossing nearest neighbour leaves, and shortens the tour', () => {
    const legs = POSTS.map(([id, p]) => leg(id, p));
    const nn = nearestNeighbourOrder(legs, HOME);
    expect(nn.map((l) => l.ref).join('')).toBe('ACBFDE');
    expect(crossing(tour(nn))).toBe(true);
    const best = order(legs, HOME);
    expect(crossing(tour(best))).toBe(false);
    expect(tourLength_m(best, HOME)).toBeLessThan(tourLength_m(nn, HOME) - 100);
    expect(new Set(best)).toEqual(new Set(legs));
  });

  it('is never longer than nearest neighbour, for posts and for legs with separate entry and exit', () => {
    for (let t = 0; t < 40; t++) {
      const legs = Array.from({ length: 4 + (t % 12) }, (_, i) => {
        const a: XY = [rnd() * 2000 - 1000, rnd() * 2000 - 1000];
        return i % 2 === 0 ? leg(`L${i}`, a) : leg(`L${i}`, a, [a[0] + rnd() * 300 - 150, a[1] + rnd() * 300 - 150]);
      });
      const nn = tourLength_m(nearestNeighbourOrder(legs, HOME), HOME);
      const best = order(legs, HOME);
      expect(best).toHaveLength(legs.length);
      expect(new Set(best)).toEqual(new Set(legs));
      expect(tourLength_m(best, HOME)).toBeLessThanOrEqual(nn + 1e-6);
    }
  });

  it('keeps a fixed order, and leaves legs in their own direction', () => {
    const legs = POSTS.map(([id, p]) => leg(id, p));
    expect(order(legs, HOME, { fixed: true })).toEqual(legs);
    const sweep = leg('S', [500, 0], [0, 500]);
    const out = order([sweep, leg('P', [100, 0]), leg('Q', [0, 600])], HOME);
    expect(out.find((l) => l.ref === 'S')).toBe(sweep);
    expect(out.map((l) => l.ref).join('')).toBe('PSQ');
  });

  it('orders 100 legs quickly', () => {
    const legs = Array.from({ length: 100 }, (_, i) => leg(`L${i}`, [rnd() * 3000, rnd() * 3000]));
    const t0 = performance.now();
    const best = order(legs, HOME);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(tourLength_m(best, HOME)).toBeLessThanOrEqual(tourLength_m(nearestNeighbourOrder(legs, HOME), HOME));
    expect(crossing(tour(best))).toBe(false);
  });
});
