// The demo site (assets/demo/demo.site.geojson): reproducible from its script, read by readSite with no warnings,
// and shaped as promised — blocks of 6- to 30-storey buildings that do not overlap, two key buildings, ten posts
// and home inside the fence and outside every building.
import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { demoSiteText } from '../../assets/demo/make-demo-site';
import { readSite } from '../../patrol/site/read-site';
import type { Building } from '../../patrol/site/site';

const text = readFileSync(new URL('../../assets/demo/demo.site.geojson', import.meta.url), 'utf8');
const { site, warnings } = readSite(text, 'demo.site.geojson');
const footprint = (b: Building) => turf.multiPolygon(b.polygons);
const fence = turf.polygon(site.fence ?? []);

describe('demo site', () => {
  it('is what make-demo-site.ts generates, byte for byte', () => {
    expect(demoSiteText()).toBe(text);
  });

  it('reads with no warnings: name, ceiling, counts, around 34.75 N 113.75 E', () => {
    expect(warnings).toEqual([]);
    expect(site.name).toBe('Demo community');
    expect(site.max_alt_m).toBe(120);
    expect(site.buildings.length).toBeGreaterThanOrEqual(12);
    expect(site.posts).toHaveLength(10);
    expect(site.buildings.filter((b) => b.key).length).toBe(2);
    const centre = turf.centroid(fence).geometry.coordinates;
    expect(turf.distance(centre, [113.75, 34.75], { units: 'meters' })).toBeLessThan(500);
  });

  it('buildings: 6 to 30 storeys of 3 m, footprints 15–60 m, some concave, one with a courtyard, all inside the fence', () => {
    for (const b of site.buildings) {
      expect(b.height_m).toBeGreaterThanOrEqual(18);
      expect(b.height_m).toBeLessThanOrEqual(90);
      expect(b.height_m % 3).toBe(0);
      expect(b.height_assumed).toBe(false);
      const [w, s, e, n] = turf.bbox(footprint(b));
      const width_m = turf.distance([w, s], [e, s], { units: 'meters' });
      const depth_m = turf.distance([w, s], [w, n], { units: 'meters' });
      for (const size_m of [width_m, depth_m]) {
        expect(size_m).toBeGreaterThanOrEqual(15);
        expect(size_m).toBeLessThanOrEqual(60);
      }
      expect(turf.booleanWithin(footprint(b), fence)).toBe(true);
    }
    expect(site.buildings.filter((b) => b.polygons[0].length > 1).length).toBeGreaterThanOrEqual(1);
    const concave = site.buildings.filter((b) => {
      const outer = turf.polygon([b.polygons[0][0]]);
      const hull = turf.convex(turf.explode(outer));
      return hull !== null && turf.area(hull) > turf.area(outer) * 1.01;
    });
    expect(concave.length).toBeGreaterThanOrEqual(3);
  });

  it('no building overlaps another', () => {
    const { buildings } = site;
    for (let i = 0; i < buildings.length; i++) {
      for (let j = i + 1; j < buildings.length; j++) {
        const overlap = turf.intersect(turf.featureCollection([footprint(buildings[i]), footprint(buildings[j])]));
        expect(overlap, `${buildings[i].id} and ${buildings[j].id}`).toBeNull();
      }
    }
  });

  it('posts: English names, radius 10–20 m, dwell 10–30 s, a couple with shifts, inside the fence and outside every building', () => {
    for (const p of site.posts) {
      expect(p.name).toMatch(/^[A-Za-z][A-Za-z0-9 ]+$/);
      expect(p.radius_m).toBeGreaterThanOrEqual(10);
      expect(p.radius_m).toBeLessThanOrEqual(20);
      expect(p.dwell_s).toBeGreaterThanOrEqual(10);
      expect(p.dwell_s).toBeLessThanOrEqual(30);
      const at = turf.point([p.lon_deg, p.lat_deg]);
      expect(turf.booleanPointInPolygon(at, fence), p.name).toBe(true);
      for (const b of site.buildings) expect(turf.booleanPointInPolygon(at, footprint(b)), `${p.name} in ${b.id}`).toBe(false);
    }
    expect(site.posts.filter((p) => p.shifts.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(site.posts.filter((p) => /gate/i.test(p.name)).length).toBeGreaterThanOrEqual(4);
  });

  it('home is inside the fence, in the open: not inside any building and at least 20 m from every wall', () => {
    expect(site.home).toBeDefined();
    const home = turf.point([site.home?.lon_deg ?? 0, site.home?.lat_deg ?? 0]);
    expect(turf.booleanPointInPolygon(home, fence)).toBe(true);
    for (const b of site.buildings) {
      expect(turf.booleanPointInPolygon(home, footprint(b))).toBe(false);
      for (const polygon of b.polygons) {
        expect(turf.pointToLineDistance(home, turf.lineString(polygon[0]), { units: 'meters' })).toBeGreaterThan(20);
      }
    }
  });
});
