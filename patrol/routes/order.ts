// Leg order: a tour from home through every leg and back, each leg entered at its first waypoint and left at its
// last (legs are not reversed). Nearest neighbour from home, then 2-opt (reversing a run of legs when that
// shortens the whole tour, asymmetric costs included) until no move helps. 2-opt only accepts improvements, so the
// result is never longer than nearest neighbour. With `fixed`, the user's order is kept.
import distance from '@turf/distance';
import { legEnds, type GeoPoint3, type RouteLeg } from './route';

export interface OrderOptions {
  /** Keep the order as given. */
  fixed?: boolean;
  /** Stop 2-opt after this many improving moves (default 100 × the number of legs). */
  max_moves?: number;
}

export interface Home {
  lat_deg: number;
  lon_deg: number;
}

/** Straight-line distance including the climb (home is at altitude 0). */
function gap_m(a: GeoPoint3, b: GeoPoint3): number {
  const h = distance([a.lon_deg, a.lat_deg], [b.lon_deg, b.lat_deg], { units: 'meters' });
  return Math.hypot(h, b.alt_m - a.alt_m);
}

interface Costs {
  /** leg i exit → leg j entry */
  between: number[][];
  fromHome: number[];
  toHome: number[];
}

function costs(legs: readonly RouteLeg[], home: Home): Costs {
  const h: GeoPoint3 = { ...home, alt_m: 0 };
  const ends = legs.map(legEnds);
  return {
    between: ends.map((a) => ends.map((b) => gap_m(a.exit, b.entry))),
    fromHome: ends.map((e) => gap_m(h, e.entry)),
    toHome: ends.map((e) => gap_m(e.exit, h)),
  };
}

function length(c: Costs, o: readonly number[]): number {
  if (o.length === 0) return 0;
  let sum = c.fromHome[o[0]] + c.toHome[o[o.length - 1]];
  for (let k = 0; k + 1 < o.length; k++) sum += c.between[o[k]][o[k + 1]];
  return sum;
}

/** Home → every leg in this order → home, in metres. */
export function tourLength_m(legs: readonly RouteLeg[], home: Home): number {
  return length(costs(legs, home), legs.map((_, i) => i));
}

function nn(c: Costs, n: number): number[] {
  const left = new Set(Array.from({ length: n }, (_, i) => i));
  const out: number[] = [];
  while (left.size > 0) {
    let best = -1;
    let bestCost = Infinity;
    for (const j of left) {
      const d = out.length === 0 ? c.fromHome[j] : c.between[out[out.length - 1]][j];
      if (d < bestCost) {
        bestCost = d;
        best = j;
      }
    }
    out.push(best);
    left.delete(best);
  }
  return out;
}

function twoOpt(c: Costs, start: number[], max_moves: number): number[] {
  const o = [...start];
  const n = o.length;
  const into = (k: number, leg: number) => (k === 0 ? c.fromHome[leg] : c.between[o[k - 1]][leg]);
  const outOf = (k: number, leg: number) => (k === n - 1 ? c.toHome[leg] : c.between[leg][o[k + 1]]);
  for (let move = 0; move < max_moves; move++) {
    // Prefix sums of the inner edges, forwards and backwards, so each move is priced in O(1).
    const fwd = [0];
    const back = [0];
    for (let k = 0; k + 1 < n; k++) {
      fwd.push(fwd[k] + c.between[o[k]][o[k + 1]]);
      back.push(back[k] + c.between[o[k + 1]][o[k]]);
    }
    let improved = false;
    for (let i = 0; i < n - 1 && !improved; i++) {
      for (let j = i + 1; j < n; j++) {
        const before = into(i, o[i]) + (fwd[j] - fwd[i]) + outOf(j, o[j]);
        const after = into(i, o[j]) + (back[j] - back[i]) + outOf(j, o[i]);
        if (after < before - 1e-6) {
          o.splice(i, j - i + 1, ...o.slice(i, j + 1).reverse());
          improved = true;
          break;
        }
      }
    }
    if (!improved) break;
  }
  return o;
}

/** The nearest-neighbour order from home (no 2-opt). */
export function nearestNeighbourOrder(legs: readonly RouteLeg[], home: Home): RouteLeg[] {
  return nn(costs(legs, home), legs.length).map((i) => legs[i]);
}

export function order(legs: readonly RouteLeg[], home: Home, opts: OrderOptions = {}): RouteLeg[] {
  if (!Number.isFinite(home.lat_deg) || !Number.isFinite(home.lon_deg)) throw new Error('order: home position is not a number');
  if (opts.fixed || legs.length < 2) return [...legs];
  const c = costs(legs, home);
  const start = nn(c, legs.length);
  const best = twoOpt(c, start, opts.max_moves ?? 100 * legs.length);
  return best.map((i) => legs[i]);
}
