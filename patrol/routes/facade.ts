// Facade orbit: fly around a building at `distance_m` from its walls, in layers from `bottom_m` up to the roof,
// the camera on the nearest wall. The path is the footprint's outer rings offset outwards (turf buffer: concave
// corners come out as a single sharp vertex, convex ones as arcs, never self-intersecting). Holes (courtyards)
// are ignored: the orbit goes round the outside. A MultiPolygon is offset as a whole: parts closer than
// 2 × distance_m merge into one orbit; each separate offset part is orbited in turn, moving between them above
// the roof. Each part's orbit starts and ends above the roof (roof + roof_clearance_m) so the aircraft never
// crosses the building lower down.
import { bearing, buffer, nearestPointOnLine } from '@turf/turf';
import distance from '@turf/distance';
import { multiPolygon, point } from '@turf/helpers';
import type { Building, LonLat } from '../site/site';
import { checkBuilding, heading360, outerRings, outerWalls } from './geo';
import type { RouteLeg, RouteWaypoint } from './route';

export interface FacadeOptions {
  /** Horizontal distance from the walls. */
  distance_m: number;
  /** Height of the lowest layer above ground. */
  bottom_m: number;
  /** Number of layers, evenly from bottom_m to the roof (1 = only bottom_m). */
  layers?: number;
  /** Or: layers every spacing_m from bottom_m, plus one at the roof. */
  spacing_m?: number;
  camera: 'roi' | 'yaw';
  /** Height above the roof of the entry and exit points (default 5 m). */
  roof_clearance_m?: number;
  /** Longest step between consecutive waypoints of a layer (default 15 m). */
  max_step_m?: number;
}

/** The layer heights, lowest first. */
export function facadeLayers(b: Building, o: FacadeOptions): number[] {
  const top = b.height_m;
  if (!Number.isFinite(o.bottom_m) || o.bottom_m < 0 || o.bottom_m > top) {
    throw new Error(`facade of ${b.id}: bottom_m ${o.bottom_m} must be between 0 and the roof (${top} m)`);
  }
  if (o.layers !== undefined && o.spacing_m !== undefined) throw new Error(`facade of ${b.id}: give layers or spacing_m, not both`);
  if (o.spacing_m !== undefined) {
    if (!Number.isFinite(o.spacing_m) || o.spacing_m <= 0) throw new Error(`facade of ${b.id}: spacing_m ${o.spacing_m} must be > 0`);
    const out: number[] = [];
    for (let h = o.bottom_m; h < top - 0.5; h += o.spacing_m) out.push(h);
    out.push(top);
    return out;
  }
  const n = o.layers ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`facade of ${b.id}: layers ${n} must be a whole number from 1 to 100`);
  if (n === 1) return [o.bottom_m];
  return Array.from({ length: n }, (_, i) => o.bottom_m + ((top - o.bottom_m) * i) / (n - 1));
}

/** The offset rings (outer rings of the buffered footprint), each closed. */
export function offsetRings(b: Building, distance_m: number): LonLat[][] {
  const buffered = buffer(multiPolygon(outerRings(b).map((r) => [r])), distance_m, { units: 'meters', steps: 8 });
  if (!buffered) throw new Error(`facade of ${b.id}: the footprint could not be offset by ${distance_m} m`);
  const g = buffered.geometry;
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return parts.map((p) => p[0] as LonLat[]);
}

/** The closed ring with extra points so that no step is longer than max_step_m. */
export function densify(ring: LonLat[], max_step_m: number): LonLat[] {
  const out: LonLat[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const n = Math.max(1, Math.ceil(distance(a, b, { units: 'meters' }) / max_step_m));
    for (let k = 0; k < n; k++) out.push([a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n]);
  }
  out.push(out[0]);
  return out;
}

export function facade(b: Building, o: FacadeOptions): RouteLeg {
  checkBuilding(b);
  if (!Number.isFinite(o.distance_m) || o.distance_m <= 0) throw new Error(`facade of ${b.id}: distance_m ${o.distance_m} must be > 0`);
  if (o.camera !== 'roi' && o.camera !== 'yaw') throw new Error(`facade of ${b.id}: camera must be 'roi' or 'yaw'`);
  const clearance_m = o.roof_clearance_m ?? 5;
  if (!Number.isFinite(clearance_m) || clearance_m < 0) throw new Error(`facade of ${b.id}: roof_clearance_m ${clearance_m} must be ≥ 0`);
  const step_m = o.max_step_m ?? 15;
  if (!Number.isFinite(step_m) || step_m < 1) throw new Error(`facade of ${b.id}: max_step_m ${step_m} must be ≥ 1`);
  const heights = facadeLayers(b, o);
  const above_m = b.height_m + clearance_m;
  const walls = outerWalls(b);
  const waypoints: RouteWaypoint[] = [];
  for (const ring of offsetRings(b, o.distance_m)) {
    const pts = densify(ring, step_m);
    // Where the camera looks from each point: the nearest wall point (the same for every layer).
    const aims = pts.map((p) => nearestPointOnLine(walls, point(p)).geometry.coordinates as LonLat);
    const at = (p: LonLat, alt_m: number): RouteWaypoint => ({ lon_deg: p[0], lat_deg: p[1], alt_m });
    waypoints.push(at(pts[0], above_m));
    for (const h of heights) {
      pts.forEach((p, i) => {
        const w = at(p, h);
        if (o.camera === 'roi') w.roi = { lon_deg: aims[i][0], lat_deg: aims[i][1], alt_m: h };
        else w.yaw_deg = heading360(bearing(point(p), point(aims[i])));
        waypoints.push(w);
      });
    }
    const exit = at(pts[0], above_m);
    if (o.camera === 'roi') exit.roi = 'none';
    waypoints.push(exit);
  }
  return { kind: 'facade', ref: b.id, waypoints };
}
