// What a failsafe RTL would do from anywhere on the route (radio lost, battery low, geofence): ArduCopter climbs
// to RTL_ALT when lower (else keeps its altitude), flies straight home at that altitude and lands. From a facade
// orbit at 15 m behind a tower, that straight line can go through the tower. The planned return is checked with
// the rest of the path; this checks the returns nobody planned, from points every `sample_m` along the route.
// RTL_CONE_SLOPE (a lower climb near home) is not modelled: as in the planned return, the climb is to RTL_ALT.
import type { Building } from '../site/site';
import type { BuildingIndex } from './building-index';
import type { PathPoint } from './path';
import type { Finding } from './types';

export interface FailsafeRtlOptions {
  rtl_alt_m: number;
  clearance_m: number;
  /** The site's ceiling: an RTL_ALT above it is no advice. */
  max_alt_m: number;
  /** Distance between the points checked along each leg (default 20 m). */
  sample_m?: number;
}

interface Hit {
  building: Building;
  /** Points of the route an RTL from which hits this building. */
  count: number;
  first_item?: number;
  last_item?: number;
  first_leg: string;
  at: { x_m: number; y_m: number; alt_m: number };
}

const RETURN_LEGS = new Set(['return (RTL)', 'land']);

/** Findings ('failsafe-rtl', warnings): one per building an RTL from some point of the route would fly into. */
export function failsafeRtl(points: readonly PathPoint[], index: BuildingIndex, toLatLon: (x_m: number, y_m: number) => { lat_deg: number; lon_deg: number }, o: FailsafeRtlOptions): Finding[] {
  const sample_m = o.sample_m ?? 20;
  const hits = new Map<string, Hit>();
  const tryFrom = (x_m: number, y_m: number, alt_m: number, p: PathPoint): void => {
    if (alt_m < 0.5) return; // on the ground: an RTL is a disarm
    const up = Math.max(alt_m, o.rtl_alt_m);
    const counted = new Set<string>();
    const legs = [
      { ax: x_m, ay: y_m, az: alt_m, bx: x_m, by: y_m, bz: up },
      { ax: x_m, ay: y_m, az: up, bx: 0, by: 0, bz: up },
    ];
    for (const s of legs) {
      if (s.az === s.bz && s.ax === s.bx && s.ay === s.by) continue;
      for (const hit of index.intrusions(s)) {
        if (counted.has(hit.building.id)) continue; // once per point, though both pieces may hit
        counted.add(hit.building.id);
        const h = hits.get(hit.building.id);
        if (!h) hits.set(hit.building.id, { building: hit.building, count: 1, first_item: p.item, last_item: p.item, first_leg: p.leg, at: { x_m, y_m, alt_m } });
        else {
          h.count++;
          if (p.item !== undefined) {
            h.first_item = h.first_item === undefined ? p.item : Math.min(h.first_item, p.item);
            h.last_item = h.last_item === undefined ? p.item : Math.max(h.last_item, p.item);
          }
        }
      }
    }
  };
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (RETURN_LEGS.has(b.leg)) continue; // already going home
    const len_m = Math.hypot(b.x_m - a.x_m, b.y_m - a.y_m);
    const n = Math.max(1, Math.ceil(len_m / sample_m));
    for (let k = 1; k <= n; k++) {
      const t = k / n;
      tryFrom(a.x_m + (b.x_m - a.x_m) * t, a.y_m + (b.y_m - a.y_m) * t, a.alt_m + (b.alt_m - a.alt_m) * t, b);
    }
  }
  if (hits.size === 0) return [];
  const need_m = Math.max(...[...hits.values()].map((h) => h.building.height_m + o.clearance_m));
  const advice = need_m <= o.max_alt_m ? `RTL_ALT ${Math.ceil(need_m)} m would clear every building in the way` : `no RTL_ALT under the site's ceiling (${o.max_alt_m} m) clears them: plan the route so that home is in the clear`;
  return [...hits.values()].map((h) => {
    const name = h.building.name ? `${h.building.id} (${h.building.name})` : h.building.id;
    const span = h.first_item === undefined ? h.first_leg : h.first_item === h.last_item ? `the leg to item ${h.first_item}` : `the legs to items ${h.first_item} to ${h.last_item}`;
    const from = `${h.count} point${h.count === 1 ? '' : 's'} of ${span}`;
    return {
      severity: 'warning' as const,
      code: 'failsafe-rtl',
      item: h.first_item,
      leg: h.first_item === undefined ? h.first_leg : undefined,
      message: `a failsafe RTL (radio or battery) from ${from} would fly into building ${name} (roof ${h.building.height_m} m + ${o.clearance_m} m) at RTL_ALT ${o.rtl_alt_m} m; ${advice}`,
      location: { ...toLatLon(h.at.x_m, h.at.y_m), alt_m: h.at.alt_m },
    };
  });
}
