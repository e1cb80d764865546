// Preflight, building volumes: a hand-made plan through a building is flagged with the building, the item and a
// place inside the footprint; the same plan above roof + clearance passes; an RTL lower than a building on the way
// home is flagged; the intersection is exact (a corner clipped by centimetres) and follows the altitude along the
// segment; the generated demo-site patrol has no building finding.
import { booleanPointInPolygon } from '@turf/turf';
import { point, polygon } from '@turf/helpers';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missionItem } from '../../patrol/mission/mission-item';
import { preflight } from '../../patrol/preflight/preflight';
import type { Finding } from '../../patrol/preflight/types';
import { connect } from '../../patrol/routes/connect';
import { facade } from '../../patrol/routes/facade';
import { order } from '../../patrol/routes/order';
import { post } from '../../patrol/routes/post';
import { routeToItems } from '../../patrol/routes/route';
import { readSite } from '../../patrol/site/read-site';
import type { Building } from '../../patrol/site/site';
import { box, frame, rtl, site, takeoff, wp } from './preflight-helpers';

const inside = (f: Finding, b: Building) => f.location !== undefined && booleanPointInPolygon(point([f.location.lon_deg, f.location.lat_deg]), polygon(b.polygons[0]));
const buildingErrors = (fs: Finding[]) => fs.filter((f) => f.code === 'building');

describe('preflight: building volumes', () => {
  // 40 m × 40 m, 30 m tall, 80..120 m north of home.
  const tower = box('B7', -20, 80, 20, 120, 30, 'Block 2 Tower');
  const s = site({ buildings: [tower] });

  it('flags a plan through a building: the building, the item, a location inside the footprint', () => {
    const items = [takeoff(20), wp(0, 200, 20), wp(0, 200, 40), rtl()];
    const errs = buildingErrors(preflight(items, s));
    const through = errs.find((f) => f.item === 2);
    expect(through).toBeDefined();
    expect(through?.severity).toBe('error');
    expect(through?.message).toContain('B7 (Block 2 Tower)');
    expect(through?.message).toContain('item 2');
    expect(inside(through as Finding, tower)).toBe(true);
    // The first intrusion: the south wall at y = 80 m, 20 m up (reported 0.5 m inside).
    const at = frame.at(through?.location?.lat_deg ?? 0, through?.location?.lon_deg ?? 0);
    expect(at.y_m).toBeGreaterThan(80);
    expect(at.y_m).toBeLessThan(81);
    expect(through?.location?.alt_m).toBeCloseTo(20, 6);
    // Item 3 climbs to 40 m before the RTL, so the way home clears the roof.
    expect(errs.map((f) => f.item)).toEqual([2]);
  });

  it('passes the same plan flown 5 m above roof + clearance', () => {
    const items = [takeoff(40), wp(0, 200, 40), rtl()];
    expect(buildingErrors(preflight(items, s))).toEqual([]);
  });

  it('takes the altitude along the segment: a descent over the roof enters the volume where it crosses roof + clearance', () => {
    // From 50 m above home to 20 m at 200 m north: 38 m at the south wall, 35 m (roof 30 + 5) at y = 100 m.
    const items = [takeoff(50), wp(0, 200, 20)];
    const [hit] = buildingErrors(preflight(items, s));
    const at = frame.at(hit.location?.lat_deg ?? 0, hit.location?.lon_deg ?? 0);
    expect(at.y_m).toBeGreaterThan(100);
    expect(at.y_m).toBeLessThan(101);
    expect(hit.location?.alt_m).toBeCloseTo(35, 0);
    expect(hit.location?.alt_m).toBeLessThan(35);
  });

  it('is exact: a segment that clips a corner by 5 cm is flagged, one that misses it by 5 cm is not', () => {
    // The south-east corner (20, 80): the line y − x = 60 + d passes it at d / √2, cutting the corner when d > 0.
    const at = (s_m: number, d: number) => [20 + s_m - d / 2, 80 + s_m + d / 2] as const;
    const clip = (d: number) => [takeoff(20), wp(...at(-50, d), 20), wp(...at(50, d), 20)];
    expect(buildingErrors(preflight(clip(0.07), s)).map((f) => f.item)).toEqual([3]);
    expect(buildingErrors(preflight(clip(-0.07), s))).toEqual([]);
  });

  it('flags the takeoff when home is inside a building volume and the landing of an RTL', () => {
    const overHome = box('H', -10, -10, 10, 10, 12);
    const fs = buildingErrors(preflight([takeoff(30), wp(100, 0, 30), rtl()], site({ buildings: [overHome] })));
    expect(fs.map((f) => f.leg)).toEqual(['takeoff', 'return (RTL)']);
  });

  it('flags an RTL from beside a tall building: it climbs only to RTL_ALT (15 m) and flies home through it', () => {
    // 40 m tall, between home and the last waypoint (100 m east, 10 m up).
    const tall = box('T1', 30, -20, 70, 20, 40, 'Tall');
    const s2 = site({ buildings: [tall] });
    const items = [takeoff(50), wp(100, 0, 50), wp(100, 0, 10), rtl()];
    const errs = buildingErrors(preflight(items, s2));
    expect(errs).toHaveLength(1);
    expect(errs[0].item).toBe(4);
    expect(errs[0].leg).toBe('return (RTL)');
    expect(errs[0].location?.alt_m).toBeCloseTo(15, 6);
    expect(inside(errs[0], tall)).toBe(true);
    // With RTL_ALT above roof + clearance the same plan passes.
    expect(buildingErrors(preflight(items, s2, { rtl_alt_m: 50 }))).toEqual([]);
  });

  it('finds no building in the generated demo-site patrol (facades, posts, transits)', () => {
    const demo = readSite(readFileSync(new URL('../../assets/demo/demo.site.geojson', import.meta.url), 'utf8'), 'demo.site.geojson').site;
    const home = demo.home ?? { lat_deg: 0, lon_deg: 0 };
    const legs = [...demo.buildings.filter((b) => b.key).map((b) => facade(b, { distance_m: 12, bottom_m: 6, layers: 3, camera: 'roi' })), ...demo.posts.map((p) => post(p, { alt_m: 25 }))];
    const route = connect(order(legs, home), demo, home, { clearance_m: 10, cruise_alt_m: 40, takeoff_alt_m: 20 });
    const items = [takeoff(20), ...routeToItems(route), missionItem(21, { z: 0 })];
    const fs = preflight(items, demo, { endurance_s: 3600 });
    expect(buildingErrors(fs)).toEqual([]);
    expect(fs.filter((f) => f.code === 'post-not-covered')).toEqual([]);
  });
});

describe('preflight: loiter circles', () => {
  it('checks the circle of a NAV_LOITER_TURNS against the buildings, not only its centre', () => {
    const s = site({ buildings: [box('C1', 40, -10, 60, 10, 30)] });
    const loiter = (radius_m: number) => {
      const p = frame.toLatLon(0, 0);
      return [takeoff(20), missionItem(18, { x: p.lat_deg, y: p.lon_deg, z: 20, param1: 2, param3: radius_m }), rtl()];
    };
    // Radius 45 m reaches 5 m into the building's west wall at x = 40 m; 35 m stays 5 m short of it.
    const hit = buildingErrors(preflight(loiter(45), s));
    // The circle (item 2) enters it; the return (item 3) leaves from where the circle began, inside it too.
    expect(hit.map((f) => f.item)).toEqual([2, 3]);
    expect(hit[0].message).toContain('loiter circle enters building C1');
    expect(buildingErrors(preflight(loiter(35), s))).toEqual([]);
  });

  it('flies to the nearest point of a loiter circle, not over its centre: an orbit round a tower is clear', () => {
    // A 20 × 20 m tower, 40 m tall, 100 m north of home; orbit it at radius 30 m and 20 m altitude.
    const s = site({ buildings: [box('T', -10, 90, 10, 110, 40)] });
    const c = frame.toLatLon(0, 100);
    const start = frame.toLatLon(0, 50);
    const items = [takeoff(20), missionItem(16, { x: start.lat_deg, y: start.lon_deg, z: 20 }), missionItem(18, { x: c.lat_deg, y: c.lon_deg, z: 20, param1: 1, param3: 30 }), missionItem(16, { x: start.lat_deg, y: start.lon_deg, z: 20 }), rtl()];
    expect(buildingErrors(preflight(items, s, { rtl_alt_m: 20 }))).toEqual([]);
  });
});
