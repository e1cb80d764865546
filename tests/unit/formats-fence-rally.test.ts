// Fence and rally <-> MAVLink items: the geofence fixture's fence as wire items (counted from its JSON), back
// again equal, and malformed vertex sequences / foreign items refused naming the item.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missionItem } from '../../patrol/mission/mission-item';
import { MissionFileError } from '../../patrol/formats/errors';
import { fenceToItems, itemsToFence } from '../../patrol/formats/fence-items';
import type { Fence } from '../../patrol/formats/plan';
import { readPlanFile } from '../../patrol/formats/plan-file';
import { itemsToRally, rallyToItems } from '../../patrol/formats/rally-items';
import { formatOfName, planFromWire, planToWire, readMissionFile, writeMissionFile } from '../../patrol/formats/mission-file';

const fixture = fileURLToPath(new URL('../fixtures/plan/px4_multicopter_mission_geofence_avoid.plan', import.meta.url));

describe('fence items', () => {
  const json = JSON.parse(readFileSync(fixture, 'utf8')) as { geoFence: { polygons: { inclusion: boolean; polygon: number[][] }[]; circles: { inclusion: boolean; circle: { center: number[]; radius: number } }[] } };
  const { plan } = readPlanFile(readFileSync(fixture, 'utf8'), 'fence.plan');

  it('the fixture fence becomes one item per vertex (param1 = vertex count), then one per circle (param1 = radius)', () => {
    const items = fenceToItems(plan.fence);
    const expected = [
      ...json.geoFence.polygons.flatMap((p) => p.polygon.map(([lat, lon]) => ({ command: p.inclusion ? 5001 : 5002, frame: 0, param1: p.polygon.length, x: lat, y: lon }))),
      ...json.geoFence.circles.map((c) => ({ command: c.inclusion ? 5003 : 5004, frame: 0, param1: c.circle.radius, x: c.circle.center[0], y: c.circle.center[1] })),
    ];
    expect(items).toHaveLength(9);
    expect(items.map(({ command, frame, param1, x, y }) => ({ command, frame, param1, x, y }))).toEqual(expected);
    expect(items.every((i) => i.autocontinue === false && i.z === 0 && i.param2 === 0)).toBe(true);
    expect(itemsToFence(items)).toEqual(plan.fence);
  });

  it('round trips a fence with a breach return point', () => {
    const fence: Fence = {
      polygons: [{ inclusion: true, points: [{ lat_deg: 1, lon_deg: 179.9 }, { lat_deg: 1, lon_deg: -179.9 }, { lat_deg: 2, lon_deg: 180 }] }],
      circles: [{ inclusion: true, center: { lat_deg: 1.5, lon_deg: 2.5 }, radius_m: 300 }],
      breachReturn: { lat_deg: 1.1, lon_deg: 2.1, alt_m: 40 },
    };
    const items = fenceToItems(fence);
    expect(items.map((i) => i.command)).toEqual([5001, 5001, 5001, 5003, 5000]);
    expect(items[4]).toMatchObject({ frame: 3, z: 40 });
    expect(itemsToFence(items)).toEqual(fence);
    expect(itemsToFence([])).toEqual({ polygons: [], circles: [] });
  });

  const vertex = (command: number, count: number, lat = 1) => missionItem(command, { frame: 0, param1: count, x: lat, y: 2, autocontinue: false });
  const cases: [string, ReturnType<typeof vertex>[], string][] = [
    ['a polygon cut short', [vertex(5001, 4), vertex(5001, 4), vertex(5001, 4)], 'fence items: item 3: expected vertex 4 of 4 of the inclusion polygon starting at item 0 (command 5001, param1 4), got the end of the list'],
    ['a polygon interrupted by a circle', [vertex(5002, 3), vertex(5003, 50), vertex(5002, 3)], 'fence items: item 1: expected vertex 2 of 3 of the exclusion polygon starting at item 0 (command 5002, param1 3), got command 5003 with param1 50'],
    ['vertices disagreeing on the count', [vertex(5001, 3), vertex(5001, 4), vertex(5001, 3)], 'fence items: item 1: expected vertex 2 of 3 of the inclusion polygon starting at item 0 (command 5001, param1 3), got command 5001 with param1 4'],
    ['a two-vertex polygon', [vertex(5001, 2), vertex(5001, 2)], 'fence items: item 0: expected a vertex count of at least 3 in param1 (command 5001, inclusion polygon vertex), got 2'],
    ['a circle of radius 0', [vertex(5004, 0)], 'fence items: item 0: expected a radius above 0 m in param1 of a fence circle, got 0'],
    ['a mission waypoint', [vertex(5003, 10), vertex(16, 0)], 'fence items: item 1: expected a fence command (5000 return point, 5001/5002 polygon vertex, 5003/5004 circle), got command 16'],
    ['a local frame', [{ ...vertex(5003, 10), frame: 1 }], 'fence items: item 0: expected a global frame (0, 3, 5, 6, 10 or 11), got frame 1'],
  ];
  for (const [what, items, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => itemsToFence(items)).toThrow(MissionFileError);
      expect(() => itemsToFence(items)).toThrow(message);
    });
  }
});

describe('rally items', () => {
  it('round trips rally points as NAV_RALLY_POINT, relative altitude', () => {
    const points = [{ lat_deg: -35.36, lon_deg: 149.16, alt_m: 30 }, { lat_deg: 47.1, lon_deg: -179.99, alt_m: 55.5 }];
    const items = rallyToItems(points);
    expect(items.map((i) => [i.command, i.frame, i.x, i.y, i.z, i.autocontinue])).toEqual([[5100, 3, -35.36, 149.16, 30, false], [5100, 3, 47.1, -179.99, 55.5, false]]);
    expect(itemsToRally(items)).toEqual(points);
  });

  it('refuses anything else, naming the item', () => {
    const items = rallyToItems([{ lat_deg: 1, lon_deg: 2, alt_m: 3 }]);
    expect(() => itemsToRally([...items, missionItem(16)])).toThrow('rally items: item 1: expected a rally point (command 5100), got command 16');
    expect(itemsToRally([{ ...items[0], frame: 6 }])).toEqual([{ lat_deg: 1, lon_deg: 2, alt_m: 3 }]);
    expect(() => itemsToRally([{ ...items[0], frame: 0 }])).toThrow('rally items: item 0: expected frame 3 (GLOBAL_RELATIVE_ALT) or 6 (GLOBAL_RELATIVE_ALT_INT), got frame 0');
  });
});

describe('mission files by name, and the plan as wire lists', () => {
  const dir = (sub: string, name: string): string => fileURLToPath(new URL(`../fixtures/${sub}/${name}`, import.meta.url));

  it('reads by extension, or by content when the extension says nothing; writes by extension', () => {
    const planText = readFileSync(fixture, 'utf8');
    const wplText = readFileSync(dir('waypoints', 'qgc_MissionPlanner.waypoints'), 'utf8');
    expect(formatOfName('a.PLAN')).toBe('plan');
    expect(formatOfName('a.txt')).toBe('waypoints');
    expect(formatOfName('a.json')).toBeUndefined();
    expect(readMissionFile(planText, 'x.json').plan).toEqual(readPlanFile(planText, 'x.json').plan);
    expect(readMissionFile(wplText, 'x.dat').plan.mission).toHaveLength(5);
    expect(() => readMissionFile('hello', 'x.dat')).toThrow('x.dat: the document: expected a QGroundControl .plan (JSON) or a QGC WPL 110 waypoint file, got neither');
    expect(writeMissionFile(readMissionFile(wplText, 'a.waypoints').plan, 'b.waypoints').startsWith('QGC WPL 110\n')).toBe(true);
    expect(() => writeMissionFile(readMissionFile(wplText, 'a.waypoints').plan, 'b.kml')).toThrow('b.kml: the file name: expected an extension .plan, .waypoints, .txt, .mission, got "b.kml"');
  });

  it('planToWire / planFromWire keep mission, fence and rally', () => {
    const { plan } = readPlanFile(readFileSync(fixture, 'utf8'), 'fence.plan');
    plan.rally = [{ lat_deg: 47.39, lon_deg: 8.54, alt_m: 30 }];
    const wire = planToWire(plan);
    expect([wire.mission.length, wire.fence.length, wire.rally.length]).toEqual([5, 9, 1]);
    const back = planFromWire(wire, plan.home);
    expect([back.mission, back.fence, back.rally, back.home]).toEqual([plan.mission, plan.fence, plan.rally, plan.home]);
  });

  it('planToWire refuses a plan with a complex item whose items are not stored (never a partial mission)', () => {
    const t = readFileSync(dir('plan', 'mavsdk_qgroundcontrol_sample_with_structured_scan.plan'), 'utf8');
    const { plan } = readPlanFile(t, 'scan.plan');
    expect(() => planToWire(plan, 'scan.plan')).toThrow('scan.plan: the StructureScan complex item before mission item 1: expected stored mission items (QGroundControl computes this kind from its geometry; Watchpost does not), got none');
  });
});
