// What a failsafe RTL would do from anywhere on the route (radio lost, battery low, geofence): ArduCopter climbs to
// its return altitude (rtl-alt.ts: RTL_ALT, RTL_CLIMB_MIN, the cone near home), flies straight home at it and
// lands. From a facade orbit behind a tower that straight line can go through the tower. The planned return is
// checked with the rest of the path; this checks the returns nobody planned. Between two points `sample_m` apart
// on the route, the lines home sweep a triangle: every building meeting it below the lower of the two return
// altitudes is found, so no building is missed between samples. Loiter circles are flown pieces like any other.
// Not modelled: rally points (RTL goes to the nearest), the climb starting at the stopping point a few metres
// ahead, FENCE_ALT_MAX capping the return, a sideways margin for the return line.
import type { Building } from '../site/site';
import type { BuildingIndex } from './building-index';
import { rtlReturnAlt, type RtlParams } from './rtl-alt';
import type { FlownSegment } from './segments';
import type { Finding } from './types';

export interface FailsafeRtlOptions {
  rtl: RtlParams;
  clearance_m: number;
  /** The site's ceiling: an RTL_ALT above it is no advice. */
  max_alt_m: number;
  /** Distance between the points taken along each piece of the route (default 20 m). */
  sample_m?: number;
}

interface Sweep {
  ax: number;
  ay: number;
  a_alt: number;
  bx: number;
  by: number;
  b_alt: number;
  item?: number;
  leg: string;
}

interface Hit {
  building: Building;
  sweeps: number;
  first_item?: number;
  last_item?: number;
  first_leg: string;
  at: { x_m: number; y_m: number; alt_m: number };
}

/** The stretches of the route, sample_m long at most, from which an RTL could start. */
function sweepsOf(segments: readonly FlownSegment[], sample_m: number): Sweep[] {
  const out: Sweep[] = [];
  for (const { a, b, end } of segments) {
    if (end.leg === 'return (RTL)') continue; // already going home
    if (end.leg === 'land' && a.x_m === b.x_m && a.y_m === b.y_m) continue; // landing where it is
    const n = Math.max(1, Math.ceil(Math.hypot(b.x_m - a.x_m, b.y_m - a.y_m) / sample_m));
    for (let k = 0; k < n; k++) {
      const [t0, t1] = [k / n, (k + 1) / n];
      out.push({
        ax: a.x_m + (b.x_m - a.x_m) * t0, ay: a.y_m + (b.y_m - a.y_m) * t0, a_alt: a.alt_m + (b.alt_m - a.alt_m) * t0,
        bx: a.x_m + (b.x_m - a.x_m) * t1, by: a.y_m + (b.y_m - a.y_m) * t1, b_alt: a.alt_m + (b.alt_m - a.alt_m) * t1,
        item: end.item, leg: end.leg,
      });
    }
  }
  return out;
}

/** The buildings the returns from one stretch fly into, at these RTL parameters. */
function sweepHits(s: Sweep, index: BuildingIndex, rtl: RtlParams): Building[] {
  if (s.a_alt < 0.5 && s.b_alt < 0.5) return []; // on the ground: an RTL is a disarm
  const upA = rtlReturnAlt(s.a_alt, Math.hypot(s.ax, s.ay), rtl);
  const upB = rtlReturnAlt(s.b_alt, Math.hypot(s.bx, s.by), rtl);
  const found = new Map<string, Building>();
  for (const bd of index.triangleHits(s.ax, s.ay, s.bx, s.by, 0, 0, Math.min(upA, upB))) found.set(bd.id, bd);
  // The climbs, straight up where the RTL starts.
  for (const [x, y, z0, z1] of [[s.ax, s.ay, s.a_alt, upA], [s.bx, s.by, s.b_alt, upB]]) {
    if (z1 > z0) for (const hit of index.intrusions({ ax: x, ay: y, az: z0, bx: x, by: y, bz: z1 })) found.set(hit.building.id, hit.building);
  }
  return [...found.values()];
}

/** Findings ('failsafe-rtl', warnings): one per building a failsafe RTL from some point of the route would hit. */
export function failsafeRtl(
  segments: readonly FlownSegment[],
  index: BuildingIndex,
  toLatLon: (x_m: number, y_m: number) => { lat_deg: number; lon_deg: number },
  o: FailsafeRtlOptions,
): Finding[] {
  const sweeps = sweepsOf(segments, o.sample_m ?? 20);
  const hits = new Map<string, Hit>();
  const hitting: Sweep[] = [];
  for (const s of sweeps) {
    const found = sweepHits(s, index, o.rtl);
    if (found.length > 0) hitting.push(s);
    for (const building of found) {
      const h = hits.get(building.id);
      if (!h) {
        hits.set(building.id, { building, sweeps: 1, first_item: s.item, last_item: s.item, first_leg: s.leg, at: { x_m: s.ax, y_m: s.ay, alt_m: s.a_alt } });
        continue;
      }
      h.sweeps++;
      if (s.item !== undefined) {
        h.first_item = h.first_item === undefined ? s.item : Math.min(h.first_item, s.item);
        h.last_item = h.last_item === undefined ? s.item : Math.max(h.last_item, s.item);
      }
    }
  }
  if (hits.size === 0) return [];
  const advice = adviceFor(hitting, [...hits.values()].map((h) => h.building), index, o);
  return [...hits.values()].map((h) => {
    const name = h.building.name ? `${h.building.id} (${h.building.name})` : h.building.id;
    const span = h.first_item === undefined ? h.first_leg : h.first_item === h.last_item ? `the leg to item ${h.first_item}` : `the legs to items ${h.first_item} to ${h.last_item}`;
    return {
      severity: 'warning' as const,
      code: 'failsafe-rtl',
      item: h.first_item,
      leg: h.first_item === undefined ? h.first_leg : undefined,
      values: {
        first_leg: h.first_item === undefined ? h.first_leg : undefined, first_item: h.first_item, last_item: h.last_item, sweeps: h.sweeps, sample_m: o.sample_m ?? 20,
        building: h.building.id, name: h.building.name, name_zh: h.building.name_zh, roof_m: h.building.height_m, clearance_m: o.clearance_m, rtl_alt_m: o.rtl.rtl_alt_m,
        advice: advice.kind, advice_rtl_m: advice.rtl_alt_m, advice_cone: advice.cone_slope, max_m: o.max_alt_m,
      },
      message: `a failsafe RTL (radio or battery) from ${span} (${h.sweeps} stretch${h.sweeps === 1 ? '' : 'es'} of ${o.sample_m ?? 20} m) would fly into building ${name} (roof ${h.building.height_m} m + ${o.clearance_m} m) at RTL_ALT ${o.rtl.rtl_alt_m} m; ${adviceText(advice, o)}`,
      location: { ...toLatLon(h.at.x_m, h.at.y_m), alt_m: h.at.alt_m },
    };
  });
}

/** RTL_ALT as ArduCopter 4.6 and older store it (centimetres) next to metres, so nobody types 35 for 35 m. */
const rtlAltText = (m: number) => `RTL_ALT ${m} m (${Math.round(m * 100)} in centimetres on ArduCopter 4.6 and older)`;

/** What would help: an RTL_ALT that clears (with the cone as set, or with RTL_CONE_SLOPE 0), or none under the ceiling. */
interface Advice {
  kind: 'rtl-alt' | 'no-cone' | 'none';
  rtl_alt_m?: number;
  cone_slope?: number;
}

function adviceText(a: Advice, o: FailsafeRtlOptions): string {
  if (a.kind === 'rtl-alt') return `${rtlAltText(a.rtl_alt_m as number)} would clear every building in the way`;
  if (a.kind === 'no-cone') return `near home RTL_CONE_SLOPE ${a.cone_slope} keeps the climb low: ${rtlAltText(a.rtl_alt_m as number)} with RTL_CONE_SLOPE 0 would clear every building in the way`;
  return `no RTL_ALT under the site's ceiling (${o.max_alt_m} m) clears them: plan the route so that the way home is in the clear`;
}

/** The lowest RTL_ALT (a building's roof + clearance) under the ceiling that clears every stretch that hits. */
function adviceFor(hitting: readonly Sweep[], buildings: readonly Building[], index: BuildingIndex, o: FailsafeRtlOptions): Advice {
  const clears = (rtl: RtlParams) => hitting.every((s) => sweepHits(s, index, rtl).length === 0);
  const lowest = (cone_slope: number): number | undefined => {
    const candidates = [...new Set(buildings.map((b) => Math.ceil(b.height_m + o.clearance_m)))].filter((c) => c > o.rtl.rtl_alt_m && c <= o.max_alt_m).sort((a, b) => a - b);
    // More RTL_ALT never hits more: search the candidates by halves.
    let [lo, hi] = [0, candidates.length - 1];
    let best: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (clears({ ...o.rtl, rtl_alt_m: candidates[mid], cone_slope })) {
        best = candidates[mid];
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return best;
  };
  const withCone = lowest(o.rtl.cone_slope);
  if (withCone !== undefined) return { kind: 'rtl-alt', rtl_alt_m: withCone };
  const withoutCone = o.rtl.cone_slope >= 0.5 ? lowest(0) : undefined;
  if (withoutCone !== undefined) return { kind: 'no-cone', rtl_alt_m: withoutCone, cone_slope: o.rtl.cone_slope };
  return { kind: 'none' };
}
