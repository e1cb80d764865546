// The patrol compiler on the demo patrol, on autoPatrol of the demo site and of the Heilbronn OSM fixture: takeoff
// first, speed second, RTL/LAND last, every altitude within the site's maximum, and the path flown from the items
// (takeoff climb and RTL included) never inside a building volume. Deterministic; PX4 differs only where it must.
import { describe, expect, it } from 'vitest';
import type { MissionItem } from '../../patrol/mission/mission-item';
import { autoPatrol, keyBuildings, postHoverAlt } from '../../patrol/patrol/auto';
import { compilePatrol } from '../../patrol/patrol/compile';
import type { Patrol } from '../../patrol/patrol/patrol';
import { readPatrol } from '../../patrol/patrol/read-patrol';
import { volumeHits } from '../../patrol/patrol/volume';
import type { Site } from '../../patrol/site/site';
import { demoPatrolText, demoSite, flownPath, heilbronn, homeOutside } from './patrol-helpers';

const demoPatrol = readPatrol(demoPatrolText, 'demo.patrol.json', demoSite);
const demoHome = demoSite.home ?? { lat_deg: NaN, lon_deg: NaN };
const positional = new Set([16, 19, 21, 22]);

function expectSafe(items: MissionItem[], site: Site, home: { lat_deg: number; lon_deg: number }, clearance_m: number): void {
  expect(items[0]).toMatchObject({ command: 22, frame: 3, z: expect.any(Number) as number });
  expect(items[1]).toMatchObject({ command: 178, param2: expect.any(Number) as number });
  // Positions relative to home; PX4 takes the commands without a position only in MAV_FRAME_MISSION (2).
  const px4 = items.some((it) => it.frame === 2);
  const px4Refused = new Set([115, 181, 183]); // PX4 has no mission item for these: they stay as written, and refused
  for (const it of items) expect(it.frame, `command ${it.command}`).toBe(px4 && !positional.has(it.command) && it.command !== 195 && !px4Refused.has(it.command) ? 2 : 3);
  for (const it of items.filter((i) => positional.has(i.command))) expect(it.z).toBeLessThanOrEqual(site.max_alt_m);
  const path = flownPath(items, home);
  const hits = volumeHits(site, path, clearance_m - 1).map((h) => `segment ${h.segment} at ${h.alt_m.toFixed(1)} m over ${h.building} (needs ${h.need_m} m)`);
  expect(hits).toEqual([]);
}

describe('compiling the demo patrol', () => {
  const c = compilePatrol(demoPatrol, demoSite, { autopilot: 'ardupilot' });

  it('takes off, sets the speed, flies every leg once, ends with RTL', () => {
    expect(c.items[0]).toMatchObject({ command: 22, z: 20, x: demoHome.lat_deg, y: demoHome.lon_deg });
    expect(c.items[1]).toMatchObject({ command: 178, param1: 1, param2: 8 });
    expect(c.items[c.items.length - 1].command).toBe(20);
    expect(c.items.filter((i) => i.command === 20 || i.command === 22)).toHaveLength(2);
    expect(c.legs.filter((l) => l.kind !== 'transit').map((l) => l.ref).sort()).toEqual(['B04', 'B18', 'P01', 'P02', 'P05', 'P07', 'P09']);
    expect(c.legs.filter((l) => l.kind === 'transit')).toHaveLength(8);
    // A photo per post that asked for one; the relay once.
    expect(c.items.filter((i) => i.command === 2000)).toHaveLength(3);
    expect(c.items.filter((i) => i.command === 203)).toHaveLength(1);
    expect(c.items.filter((i) => i.command === 181)).toEqual([expect.objectContaining({ param1: 0, param2: 1 })]);
    expect(c.warnings).toEqual([]);
  });

  it('is safe: altitudes within the site maximum, no segment through a building volume, takeoff and RTL included', () => {
    expectSafe(c.items, demoSite, demoHome, demoPatrol.clearance_m);
  });

  it('leaves the aircraft above home, higher than RTL_ALT, before the RTL', () => {
    const last = c.items[c.items.length - 2];
    expect(last).toMatchObject({ command: 16, x: demoHome.lat_deg, y: demoHome.lon_deg });
    expect(last.z).toBeGreaterThanOrEqual(Math.max(15, demoPatrol.takeoff_alt_m));
  });

  it('the safety check sees a flat 30 m flight through the towers', () => {
    const flat = c.items.map((i) => (i.command === 16 ? { ...i, z: 30 } : i));
    expect(volumeHits(demoSite, flownPath(flat, demoHome), 9).length).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(compilePatrol(demoPatrol, demoSite, { autopilot: 'ardupilot' })).toEqual(c);
  });

  it('keeps a fixed order, and ends with LAND at home', () => {
    const fixed: Patrol = { ...demoPatrol, order: 'fixed', end: 'LAND' };
    const f = compilePatrol(fixed, demoSite, { autopilot: 'ardupilot' });
    expect(f.legs.filter((l) => l.kind !== 'transit').map((l) => l.ref)).toEqual(['B04', 'B18', 'P01', 'P02', 'P05', 'P07', 'P09']);
    expect(f.items[f.items.length - 1]).toMatchObject({ command: 21, x: demoHome.lat_deg, y: demoHome.lon_deg, z: 0 });
    expectSafe(f.items, demoSite, demoHome, fixed.clearance_m);
  });

  it('for PX4: the same path; a yaw facade puts the heading in NAV_WAYPOINT param4 instead of CONDITION_YAW', () => {
    const yaw: Patrol = { ...demoPatrol, legs: demoPatrol.legs.map((l) => (l.kind === 'facade' ? { ...l, camera: 'yaw' } : l)) };
    const ap = compilePatrol(yaw, demoSite, { autopilot: 'ardupilot' });
    const px = compilePatrol(yaw, demoSite, { autopilot: 'px4' });
    const yaws = ap.items.filter((i) => i.command === 115);
    expect(yaws.length).toBeGreaterThan(10);
    expect(px.items.filter((i) => i.command === 115)).toHaveLength(0);
    expect(px.items).toHaveLength(ap.items.length - yaws.length);
    expect(px.items.filter((i) => i.command === 16 && i.param4 !== 0).map((i) => i.param4)).toEqual(yaws.map((i) => i.param1));
    expect(flownPath(px.items, demoHome)).toEqual(flownPath(ap.items, demoHome));
    expectSafe(px.items, demoSite, demoHome, yaw.clearance_m);
    // The demo patrol switches a relay at a post: PX4 has no DO_SET_RELAY mission item, and the compiler says so.
    const relay = px.items.findIndex((i) => i.command === 181);
    expect(relay).toBeGreaterThan(0);
    expect(px.warnings).toContain(`PX4 refuses item ${relay} (DO_SET_RELAY): command 181 is not one PX4 stores; an upload to PX4 stops before it starts`);
  });

  it('warns, naming the leg, of a hand-made waypoint inside a building and of altitudes over the maximum', () => {
    const b04 = demoSite.buildings.find((b) => b.id === 'B04');
    if (!b04) throw new Error('no B04');
    const ring = b04.polygons[0][0];
    const inside = { lon_deg: (ring[0][0] + ring[2][0]) / 2, lat_deg: (ring[0][1] + ring[2][1]) / 2 };
    const p: Patrol = { ...demoPatrol, order: 'fixed', legs: [{ kind: 'waypoint', ...inside, alt_m: 50 }] };
    const w = compilePatrol(p, demoSite, { autopilot: 'ardupilot' }).warnings;
    expect(w).toEqual(['legs[0] (waypoint) passes over building B04 at 50.0 m, below its roof + clearance (100.0 m)']);
    const high = compilePatrol({ ...demoPatrol, cruise_alt_m: 130 }, { ...demoSite, max_alt_m: 125 }, { autopilot: 'ardupilot' }).warnings;
    expect(high[0]).toBe("a transit flies at 130.0 m, above the site's maximum 125 m");
  });

  it('refuses a site without home unless one is given, and unknown references', () => {
    const noHome: Site = { ...demoSite, home: undefined };
    expect(() => compilePatrol(demoPatrol, noHome, { autopilot: 'px4', fileName: 'demo.patrol.json' })).toThrow(
      'demo.patrol.json: site "Demo community" has no home point: add a "home" feature or give one',
    );
    expect(compilePatrol(demoPatrol, noHome, { autopilot: 'px4', home: demoHome }).items[0].command).toBe(22);
    const bad: Patrol = { ...demoPatrol, legs: [{ kind: 'roof', building: 'B99', clearance_m: 5, spacing_m: 10 }] };
    expect(() => compilePatrol(bad, demoSite, { autopilot: 'ardupilot', fileName: 'p.patrol.json' })).toThrow(
      'p.patrol.json: legs[0] (roof of "B99").building: expected the id of a building of site "Demo community", got "B99"',
    );
  });
});

describe('compiler errors name the leg', () => {
  const run = (legs: Patrol['legs']) => () => compilePatrol({ ...demoPatrol, legs }, demoSite, { autopilot: 'ardupilot', fileName: 'x.patrol.json' });
  it('a facade starting above the roof', () => {
    expect(run([{ kind: 'facade', building: 'B18', distance_m: 10, bottom_m: 30, camera: 'roi' }])).toThrow(
      'x.patrol.json: legs[0] (facade of "B18").bottom_m: expected at most the roof (24 m), got 30',
    );
  });
  it('a generator refusing its parameters', () => {
    expect(run([{ kind: 'post', post: 'P01', alt_m: 20 }, { kind: 'roof', building: 'B18', clearance_m: 5, spacing_m: 1e-4 }])).toThrow(
      'x.patrol.json: legs[1] (roof of "B18"): roof of B18: spacing_m 0.0001 gives 400970 sweep lines',
    );
  });
  it('no legs: takeoff, speed, up and back above home, RTL', () => {
    expect(run([])().items.map((i) => [i.command, i.z])).toEqual([[22, 20], [178, 0], [16, 40], [16, 40], [20, 0]]);
  });
});

describe('autoPatrol', () => {
  it('demo site: every post, facade and roof of both key buildings; compiled safe', () => {
    const p = autoPatrol(demoSite, { site_ref: 'demo.site.geojson' });
    expect(p.legs.filter((l) => l.kind === 'post').map((l) => (l.kind === 'post' ? l.post : ''))).toEqual(demoSite.posts.map((x) => x.id));
    expect(p.legs.filter((l) => l.kind === 'facade' || l.kind === 'roof').map((l) => `${l.kind} ${'building' in l ? l.building : ''}`)).toEqual([
      'facade B04', 'roof B04', 'facade B18', 'roof B18',
    ]);
    expect(p).toMatchObject({ order: 'optimise', end: 'RTL', site: 'demo.site.geojson', clearance_m: 10 });
    const c = compilePatrol(p, demoSite, { autopilot: 'ardupilot' });
    expect(c.items[c.items.length - 1].command).toBe(20);
    expect(c.warnings).toEqual([]);
    expectSafe(c.items, demoSite, demoHome, p.clearance_m);
  });

  it('Heilbronn OSM fixture (no key, no posts): the 3 tallest buildings; compiled safe for both autopilots', () => {
    const keys = keyBuildings(heilbronn);
    const tallest = [...heilbronn.buildings].map((b) => b.height_m).sort((a, b) => b - a);
    expect(keys.map((b) => b.height_m)).toEqual(tallest.slice(0, 3));
    const p = autoPatrol(heilbronn);
    expect(p.legs.filter((l) => l.kind === 'roof')).toHaveLength(3);
    expect(p.legs.some((l) => l.kind === 'post')).toBe(false);
    const home = homeOutside(heilbronn);
    for (const autopilot of ['ardupilot', 'px4'] as const) {
      const c = compilePatrol(p, heilbronn, { autopilot, home });
      expectSafe(c.items, heilbronn, home, p.clearance_m);
    }
  });

  it('lifts a post hover above a building on it, and a facade orbit above a close neighbour', () => {
    const b = demoSite.buildings.find((x) => x.id === 'B04');
    if (!b) throw new Error('no B04');
    const ring = b.polygons[0][0];
    const onRoof = { id: 'roof-post', name: 'On the tower', lat_deg: (ring[0][1] + ring[2][1]) / 2, lon_deg: (ring[0][0] + ring[2][0]) / 2, radius_m: 10, dwell_s: 5, shifts: [] };
    expect(postHoverAlt(demoSite, onRoof, 20, 10)).toBe(100);
    expect(postHoverAlt(demoSite, demoSite.posts[0], 20, 10)).toBe(20);
    // A 12 m shed 5 m off B18's wall: the orbit at 10 m passes over it, so its lowest layer goes to 22 m.
    const b18 = demoSite.buildings.find((x) => x.id === 'B18');
    if (!b18) throw new Error('no B18');
    const r = b18.polygons[0][0];
    const dLat = 5 / 111e3;
    const shed = { id: 'shed', polygons: [[[[r[0][0], r[0][1] - dLat], [r[1][0], r[1][1] - dLat], [r[1][0], r[1][1] - 4 * dLat], [r[0][0], r[0][1] - 4 * dLat], [r[0][0], r[0][1] - dLat]]]] as [number, number][][][], height_m: 12, height_assumed: false, key: false };
    const site: Site = { ...demoSite, buildings: [...demoSite.buildings, shed] };
    const f = autoPatrol(site).legs.find((l) => l.kind === 'facade' && l.building === 'B18');
    expect(f).toMatchObject({ bottom_m: 22 });
  });

  it('says when a key building gets no facade orbit because a neighbour as tall as it crowds the orbit', () => {
    const b18 = demoSite.buildings.find((x) => x.id === 'B18');
    if (!b18) throw new Error('no B18');
    const r = b18.polygons[0][0];
    const dLat = 5 / 111e3;
    // The same shed, now as tall as B18: no layer of the orbit clears it below B18's roof.
    const wall = { id: 'wall', polygons: [[[[r[0][0], r[0][1] - dLat], [r[1][0], r[1][1] - dLat], [r[1][0], r[1][1] - 4 * dLat], [r[0][0], r[0][1] - 4 * dLat], [r[0][0], r[0][1] - dLat]]]] as [number, number][][][], height_m: b18.height_m, height_assumed: false, key: false };
    const notes: string[] = [];
    const p = autoPatrol({ ...demoSite, buildings: [...demoSite.buildings, wall] }, {}, notes);
    expect(p.legs.find((l) => l.kind === 'facade' && l.building === 'B18')).toBeUndefined();
    expect(p.legs.find((l) => l.kind === 'roof' && l.building === 'B18')).toBeDefined();
    expect(notes).toEqual([expect.stringMatching(/^key building B18( \(.*\))?: no facade orbit — neighbours stand within 10 m of the orbit up to its roof/)]);
    // Uncrowded, no note.
    const none: string[] = [];
    autoPatrol(demoSite, {}, none);
    expect(none).toEqual([]);
  });
});
