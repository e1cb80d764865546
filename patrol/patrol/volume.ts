// Where a flown path goes inside a building volume (footprint × (height + margin_m)), sampled about every metre.
// Used by the compiler for its warnings and by autoPatrol to lift legs that would pass over a neighbour too low.
// (The preflight checks report these as findings; this is the compiler's own cheap look.)
import { booleanPointInPolygon } from '@turf/turf';
import { point, polygon } from '@turf/helpers';
import type { GeoPoint3 } from '../routes/route';
import type { Building, Site } from '../site/site';

export interface VolumeHit {
  /** Index of the segment's first point in the path. */
  segment: number;
  building: string;
  /** The altitude the path had there, and the one it needed. */
  alt_m: number;
  need_m: number;
}

interface Box {
  b: Building;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function boxes(site: Site): Box[] {
  return site.buildings.map((b) => {
    const xs = b.polygons.flatMap((p) => p[0].map((q) => q[0]));
    const ys = b.polygons.flatMap((p) => p[0].map((q) => q[1]));
    return { b, x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  });
}

/** Every (segment, building) pair where the path is inside the building's footprint below height + margin_m. */
export function volumeHits(site: Site, path: readonly GeoPoint3[], margin_m: number): VolumeHit[] {
  const all = boxes(site);
  const hits: VolumeHit[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const [a, c] = [path[i], path[i + 1]];
    const vertical = a.lat_deg === c.lat_deg && a.lon_deg === c.lon_deg;
    const near = all.filter(
      (x) =>
        Math.min(a.alt_m, c.alt_m) < x.b.height_m + margin_m &&
        Math.max(a.lon_deg, c.lon_deg) >= x.x0 && Math.min(a.lon_deg, c.lon_deg) <= x.x1 &&
        Math.max(a.lat_deg, c.lat_deg) >= x.y0 && Math.min(a.lat_deg, c.lat_deg) <= x.y1,
    );
    if (near.length === 0) continue;
    const n = vertical ? 0 : Math.max(1, Math.ceil(Math.hypot((c.lat_deg - a.lat_deg) * 111e3, (c.lon_deg - a.lon_deg) * 111e3 * Math.cos((a.lat_deg * Math.PI) / 180))));
    for (const { b } of near) {
      const need_m = b.height_m + margin_m;
      for (let k = 0; k <= n; k++) {
        const t = n === 0 ? 0 : k / n;
        // A vertical segment is as low as its lower end wherever it stands.
        const alt_m = vertical ? Math.min(a.alt_m, c.alt_m) : a.alt_m + (c.alt_m - a.alt_m) * t;
        if (alt_m >= need_m) continue;
        const p = point([a.lon_deg + (c.lon_deg - a.lon_deg) * t, a.lat_deg + (c.lat_deg - a.lat_deg) * t]);
        if (b.polygons.some((rings) => booleanPointInPolygon(p, polygon(rings)))) {
          hits.push({ segment: i, building: b.id, alt_m, need_m });
          break;
        }
      }
    }
  }
  return hits;
}
