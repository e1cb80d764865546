// The facade and roof invariants on real footprints: OSM buildings (Knoxville, holes included), planned buildings
// (Heilbronn) and the demo site, read by the site reader from the fixture files.
import { booleanPointInPolygon, kinks, pointToLineDistance } from '@turf/turf';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineString, point, polygon } from '@turf/helpers';
import { facade, offsetRings } from '../../patrol/routes/facade';
import { roof } from '../../patrol/routes/roof';
import { coverage } from './routes-coverage';
import { readSite } from '../../patrol/site/read-site';
import type { Building, Site } from '../../patrol/site/site';

function load(path: string): Site {
  return readSite(readFileSync(new URL(path, import.meta.url), 'utf8'), path).site;
}

const knoxville = load('../fixtures/geo/giswqs_knoxville_osm_buildings.geojson');
const heilbronn = load('../fixtures/geo/feld_heilbronn_planned_buildings.geojson');
const demo = load('../../assets/demo/demo.site.geojson');

/** Every building with holes or several parts, and every 25th of the rest. */
const sample = (s: Site) => s.buildings.filter((b, i) => b.polygons.length > 1 || b.polygons[0].length > 1 || i % 25 === 0);

const wallDistance = (b: Building, lon: number, lat: number) =>
  Math.min(...b.polygons.map((p) => pointToLineDistance(point([lon, lat]), lineString(p[0]), { units: 'meters' })));
const inside = (b: Building, lon: number, lat: number) => b.polygons.some((p) => booleanPointInPolygon(point([lon, lat]), polygon(p)));

describe('routes on real footprints', () => {
  for (const [name, site] of [['Knoxville OSM', knoxville], ['Heilbronn planned', heilbronn], ['demo site', demo]] as const) {
    it(`${name}: offset rings have no self-intersection; facade waypoints at distance_m ± 1 m`, () => {
      const buildings = name === 'demo site' ? site.buildings : sample(site);
      expect(buildings.length).toBeGreaterThan(2);
      for (const b of buildings) {
        for (const ring of offsetRings(b, 10)) expect(kinks(polygon([ring])).features, b.id).toHaveLength(0);
        const leg = facade(b, { distance_m: 10, bottom_m: 2, layers: 2, camera: 'yaw' });
        for (const w of leg.waypoints) expect(Math.abs(wallDistance(b, w.lon_deg, w.lat_deg) - 10), b.id).toBeLessThanOrEqual(1);
        expect(leg.waypoints[0].alt_m).toBeGreaterThan(b.height_m);
        expect(leg.waypoints[leg.waypoints.length - 1].alt_m).toBeGreaterThan(b.height_m);
      }
    });

    it(`${name}: roof sweep segments lie over the roof`, () => {
      const buildings = name === 'demo site' ? site.buildings : sample(site);
      for (const b of buildings) {
        const leg = roof(b, { clearance_m: 5, spacing_m: 6 });
        for (let i = 0; i + 1 < leg.waypoints.length; i += 2) {
          const [a, c] = [leg.waypoints[i], leg.waypoints[i + 1]];
          expect(inside(b, (a.lon_deg + c.lon_deg) / 2, (a.lat_deg + c.lat_deg) / 2), b.id).toBe(true);
          expect(a.alt_m).toBe(b.height_m + 5);
        }
      }
    });
  }

  it('Knoxville buildings with courtyards: roof sweeps cover ≥ 95 %', () => {
    const holed = knoxville.buildings.filter((b) => b.polygons.some((p) => p.length > 1));
    expect(holed.length).toBeGreaterThanOrEqual(5);
    for (const b of holed) {
      const leg = roof(b, { clearance_m: 5, spacing_m: 8 });
      const [share, samples] = coverage(b, leg, 8 / 2 + 0.5, 3);
      expect(samples, b.id).toBeGreaterThan(20);
      expect(share, b.id).toBeGreaterThanOrEqual(0.95);
    }
  });
});
