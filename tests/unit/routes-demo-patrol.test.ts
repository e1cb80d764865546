// A whole patrol on the demo site from the generators alone: facades and roofs of the key buildings, every post,
// ordered from home, joined by transits, back above home. No flown segment may enter a building volume.
import { booleanPointInPolygon } from '@turf/turf';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { point, polygon } from '@turf/helpers';
import { connect } from '../../patrol/routes/connect';
import { facade } from '../../patrol/routes/facade';
import { order } from '../../patrol/routes/order';
import { post } from '../../patrol/routes/post';
import { roof } from '../../patrol/routes/roof';
import { routeToItems, type GeoPoint3, type RouteLeg } from '../../patrol/routes/route';
import { readSite } from '../../patrol/site/read-site';
import type { Site } from '../../patrol/site/site';

const site = readSite(readFileSync(new URL('../../assets/demo/demo.site.geojson', import.meta.url), 'utf8'), 'demo.site.geojson').site;
const home = site.home ?? { lat_deg: 0, lon_deg: 0 };

/** Where a path sampled about every metre goes below roof + margin_m inside a footprint. */
function volumeHits(s: Site, path: GeoPoint3[], margin_m: number): string[] {
  const hits: string[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const [a, b] = [path[i], path[i + 1]];
    const n = Math.max(1, Math.ceil(Math.hypot((b.lat_deg - a.lat_deg) * 111e3, (b.lon_deg - a.lon_deg) * 91e3)));
    for (let k = 0; k <= n; k++) {
      const t = k / n;
      const p = point([a.lon_deg + (b.lon_deg - a.lon_deg) * t, a.lat_deg + (b.lat_deg - a.lat_deg) * t]);
      // A vertical segment is as low as its lower end wherever it stands.
      const low = a.lon_deg === b.lon_deg && a.lat_deg === b.lat_deg ? Math.min(a.alt_m, b.alt_m) : a.alt_m + (b.alt_m - a.alt_m) * t;
      for (const bd of s.buildings) {
        if (low < bd.height_m + margin_m && bd.polygons.some((rings) => booleanPointInPolygon(p, polygon(rings)))) {
          hits.push(`segment ${i} at ${low.toFixed(1)} m over ${bd.id} (${bd.height_m} m)`);
        }
      }
    }
  }
  return hits;
}

function flatten(legs: RouteLeg[]): GeoPoint3[] {
  const ground = { ...home, alt_m: 0 };
  return [ground, ...legs.flatMap((l) => l.waypoints), ground];
}

describe('a demo-site patrol from the generators', () => {
  const keys = site.buildings.filter((b) => b.key);
  const legs: RouteLeg[] = [
    ...keys.map((b) => facade(b, { distance_m: 12, bottom_m: 6, layers: 3, camera: 'roi' })),
    ...keys.map((b) => roof(b, { clearance_m: 8, spacing_m: 10 })),
    ...site.posts.map((p) => post(p, { alt_m: 25, photo: 'image' })),
  ];
  const route = connect(order(legs, home), site, home, { clearance_m: 10, cruise_alt_m: 40, takeoff_alt_m: 20 });

  it('visits every leg once, between transits, and ends above home', () => {
    expect(keys.length).toBe(2);
    expect(route.filter((l) => l.kind !== 'transit')).toHaveLength(legs.length);
    expect(route.filter((l) => l.kind === 'transit')).toHaveLength(legs.length + 1);
    const last = route[route.length - 1].waypoints[1];
    expect([last.lat_deg, last.lon_deg]).toEqual([home.lat_deg, home.lon_deg]);
    expect(last.alt_m).toBeGreaterThanOrEqual(20);
    expect(routeToItems(route).length).toBeGreaterThan(legs.length * 3);
  });

  it('never flies below roof + 3 m over any building, takeoff and return included', () => {
    expect(volumeHits(site, flatten(route), 3)).toEqual([]);
  });

  it('the volume check sees a straight low line through the buildings', () => {
    const plain = [{ ...home, alt_m: 0 }, ...order(legs, home).flatMap((l) => l.waypoints.map((w) => ({ ...w, alt_m: 30 })))];
    expect(volumeHits(site, plain, 3).length).toBeGreaterThan(0);
  });
});
