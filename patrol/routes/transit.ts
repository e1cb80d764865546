// Transit between legs: fly the straight line at an altitude that clears every building the path crosses or passes
// within margin_m of (height + clearance_m), climbing above the start before leaving and descending above the end
// after arriving. Every segment is then vertical over a point already on the route or level above every building
// near the path, so none goes through a building volume. Buildings near either end count too (the climb or
// descent happens there).
import { booleanIntersects, pointToLineDistance } from '@turf/turf';
import distance from '@turf/distance';
import { lineString, point, polygon } from '@turf/helpers';
import type { Building, LonLat, Site } from '../site/site';
import type { GeoPoint3, RouteLeg } from './route';

export interface TransitOptions {
  /** Height above a building's roof. */
  clearance_m: number;
  /** Altitude to fly when nothing is in the way (default: the higher of the two ends). */
  cruise_alt_m?: number;
  /** A building this close to the path, horizontally, counts as under it (default: clearance_m). */
  margin_m?: number;
}

export interface TransitAltitude {
  alt_m: number;
  /** The buildings that set a floor, with the altitude each needs. */
  under: { id: string; need_m: number }[];
  /** True when alt_m is above the site's max_alt_m (preflight reports it; no detour is planned). */
  over_max: boolean;
}

/** Cheap reject: the footprint's box, grown by margin_m, misses the path's box. */
function farApart(b: Building, a: LonLat, c: LonLat, margin_m: number): boolean {
  const dLat = (margin_m + 1) / 111000;
  const dLon = dLat / Math.max(0.01, Math.cos((a[1] * Math.PI) / 180));
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of b.polygons) {
    for (const [x, y] of rings[0]) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return x1 + dLon < Math.min(a[0], c[0]) || x0 - dLon > Math.max(a[0], c[0]) || y1 + dLat < Math.min(a[1], c[1]) || y0 - dLat > Math.max(a[1], c[1]);
}

function near(b: Building, a: LonLat, c: LonLat, margin_m: number): boolean {
  if (farApart(b, a, c, margin_m)) return false;
  const short = distance(a, c, { units: 'meters' }) < 0.01;
  const path = lineString(short ? [a, [c[0] + 1e-9, c[1]]] : [a, c]);
  for (const rings of b.polygons) {
    if (booleanIntersects(path, polygon(rings))) return true;
    if (margin_m <= 0) continue;
    for (const ring of rings) {
      const wall = lineString(ring);
      if (pointToLineDistance(point(a), wall, { units: 'meters' }) < margin_m) return true;
      if (pointToLineDistance(point(c), wall, { units: 'meters' }) < margin_m) return true;
      for (const v of ring) if (pointToLineDistance(point(v), path, { units: 'meters' }) < margin_m) return true;
    }
  }
  return false;
}

function check(p: GeoPoint3, where: string): void {
  if (!Number.isFinite(p.lat_deg) || !Number.isFinite(p.lon_deg) || !Number.isFinite(p.alt_m)) throw new Error(`transit ${where}: position is not a number`);
}

export function transitAltitude(from: GeoPoint3, to: GeoPoint3, site: Site, o: TransitOptions): TransitAltitude {
  check(from, 'from');
  check(to, 'to');
  if (!Number.isFinite(o.clearance_m) || o.clearance_m < 0) throw new Error(`transit: clearance_m ${o.clearance_m} must be ≥ 0`);
  const margin_m = o.margin_m ?? o.clearance_m;
  if (!Number.isFinite(margin_m) || margin_m < 0) throw new Error(`transit: margin_m ${margin_m} must be ≥ 0`);
  const cruise = o.cruise_alt_m ?? Math.max(from.alt_m, to.alt_m);
  if (!Number.isFinite(cruise)) throw new Error(`transit: cruise_alt_m ${cruise} is not a number`);
  const a: LonLat = [from.lon_deg, from.lat_deg];
  const c: LonLat = [to.lon_deg, to.lat_deg];
  const under = site.buildings.filter((b) => near(b, a, c, margin_m)).map((b) => ({ id: b.id, need_m: b.height_m + o.clearance_m }));
  const alt_m = Math.max(cruise, ...under.map((u) => u.need_m));
  return { alt_m, under, over_max: alt_m > site.max_alt_m };
}

/** The transit leg: above `from` at the transit altitude, then above `to` (the next leg's entry follows). */
export function transit(from: GeoPoint3, to: GeoPoint3, site: Site, o: TransitOptions): RouteLeg {
  const { alt_m } = transitAltitude(from, to, site, o);
  return {
    kind: 'transit',
    waypoints: [
      { lat_deg: from.lat_deg, lon_deg: from.lon_deg, alt_m },
      { lat_deg: to.lat_deg, lon_deg: to.lon_deg, alt_m },
    ],
  };
}
