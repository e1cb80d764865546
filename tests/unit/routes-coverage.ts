// Roof coverage for the route tests: the share of grid points inside a footprint (holes excluded) that lie within
// reach_m of a sweep segment (consecutive waypoint pairs of a roof leg).
import { booleanPointInPolygon, pointToLineDistance } from '@turf/turf';
import { lineString, point, polygon } from '@turf/helpers';
import { localFrame } from '../../patrol/routes/geo';
import type { RouteLeg } from '../../patrol/routes/route';
import type { Building, LonLat } from '../../patrol/site/site';

export function sweepSegments(leg: RouteLeg): [LonLat, LonLat][] {
  const out: [LonLat, LonLat][] = [];
  for (let i = 0; i + 1 < leg.waypoints.length; i += 2) {
    const a = leg.waypoints[i];
    const b = leg.waypoints[i + 1];
    out.push([[a.lon_deg, a.lat_deg], [b.lon_deg, b.lat_deg]]);
  }
  return out;
}

export function insideFootprint(b: Building, p: LonLat): boolean {
  return b.polygons.some((rings) => booleanPointInPolygon(point(p), polygon(rings)));
}

/** Returns [covered share, number of grid points]. */
export function coverage(b: Building, leg: RouteLeg, reach_m: number, grid_m = 1.5): [number, number] {
  const frame = localFrame(b.polygons[0][0][0]);
  const segs = sweepSegments(leg).map((s) => lineString(s));
  const xy = b.polygons.flatMap((p) => p[0].map((q) => frame.toXY(q)));
  const [x0, x1] = [Math.min(...xy.map((p) => p[0])), Math.max(...xy.map((p) => p[0]))];
  const [y0, y1] = [Math.min(...xy.map((p) => p[1])), Math.max(...xy.map((p) => p[1]))];
  let total = 0;
  let covered = 0;
  for (let x = x0 + grid_m / 4; x < x1; x += grid_m) {
    for (let y = y0 + grid_m / 4; y < y1; y += grid_m) {
      const p = frame.toLonLat([x, y]);
      if (!insideFootprint(b, p)) continue;
      total++;
      if (segs.some((s) => pointToLineDistance(point(p), s, { units: 'meters' }) <= reach_m)) covered++;
    }
  }
  return [total === 0 ? 0 : covered / total, total];
}
