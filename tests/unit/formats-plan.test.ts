// QGroundControl .plan: every fixture read -> written (to a real file) -> read equal; per-fixture contents counted
// here from the files' own JSON; DO_JUMP targets; older forms; exact error messages; no crash on damaged input.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MissionFileError } from '../../patrol/formats/errors';
import type { Plan } from '../../patrol/formats/plan';
import { readPlanFile, writePlanFile } from '../../patrol/formats/plan-file';
import { readWaypointsFile, writeWaypointsFile } from '../../patrol/formats/waypoints-file';

const dir = fileURLToPath(new URL('../fixtures/plan/', import.meta.url));
const names = readdirSync(dir).filter((n) => n.endsWith('.plan')).sort();
const text = (name: string): string => readFileSync(join(dir, name), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'watchpost-plan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => v as Json;

/** The mission items a .plan holds, counted straight from its JSON: SimpleItems, and complex items' stored Items. */
function expectedItems(json: Json): { command: number; frame: number; params: (number | null)[]; autoContinue: boolean }[] {
  const out: { command: number; frame: number; params: (number | null)[]; autoContinue: boolean }[] = [];
  for (const item of obj(json.mission).items as Json[]) {
    if (item.type === 'SimpleItem') out.push(item as never);
    else for (const inner of (obj(item.TransectStyleComplexItem ?? {}).Items as Json[] | undefined) ?? []) out.push(inner as never);
  }
  return out;
}

const asParam = (v: number | null): number => (v === null ? NaN : v);

describe('.plan fixtures', () => {
  it('finds the five fixtures', () => {
    expect(names).toHaveLength(5);
  });

  for (const name of names) {
    it(`${name}: read -> write -> read is equal, and every item, parameter and altitude mode is the file's`, () => {
      const first = readPlanFile(text(name), name);
      const out = join(tmp, name);
      writeFileSync(out, writePlanFile(first.plan));
      const second = readPlanFile(readFileSync(out, 'utf8'), out);
      expect(second.plan).toEqual(first.plan);
      expect(second.warnings).toEqual(first.warnings.map((w) => w.replace(name, out)));

      const json = JSON.parse(text(name)) as Json;
      const want = expectedItems(json);
      const got = first.plan.mission;
      expect(got).toHaveLength(want.length);
      want.forEach((w, i) => {
        const jumpParam1 = w.command === 177 ? got[i].param1 : asParam(w.params[0]);
        expect([got[i].command, got[i].frame, got[i].autocontinue]).toEqual([w.command, w.frame, w.autoContinue]);
        expect([got[i].param1, got[i].param2, got[i].param3, got[i].param4, got[i].x, got[i].y, got[i].z]).toEqual([jumpParam1, ...w.params.slice(1).map(asParam)]);
      });
      // Altitude modes as the top-level SimpleItems had them.
      const topSimple = (obj(json.mission).items as Json[]).filter((it) => it.type === 'SimpleItem');
      const metaTop = got.map((_, i) => first.plan.missionMeta?.[i] ?? {}).filter((m) => m.complexItem === undefined);
      expect(metaTop.map((m) => m.altitudeMode)).toEqual(topSimple.map((it) => it.AltitudeMode));
      expect(metaTop.map((m) => m.doJumpId)).toEqual(topSimple.map((it) => it.doJumpId));
      const home = obj(json.mission).plannedHomePosition as number[];
      expect(first.plan.home).toEqual({ lat_deg: home[0], lon_deg: home[1], alt_m: home[2] });
    });
  }

  it('sample: TAKEOFF, WAYPOINT, IMAGE_START_CAPTURE, WAYPOINT, WAYPOINT, RTL with QGC settings', () => {
    const { plan, warnings } = readPlanFile(text('mavsdk_qgroundcontrol_sample.plan'), 'sample.plan');
    expect(warnings).toEqual([]);
    expect(plan.mission.map((m) => m.command)).toEqual([22, 16, 2000, 16, 16, 20]);
    expect(plan.mission[0].param4).toBeNaN(); // null in the file
    expect(plan.mission[1]).toMatchObject({ frame: 3, x: 47.39777106, y: 8.5466122, z: 50 });
    expect(plan.missionMeta?.map((m) => m.altitudeMode)).toEqual([1, 1, undefined, 1, 1, undefined]);
    expect(plan.missionMeta?.map((m) => m.doJumpId)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(plan.missionMeta?.[0].amslAltAboveTerrain).toBeNull();
    expect(plan).toMatchObject({ cruiseSpeed_mps: 15, hoverSpeed_mps: 5, firmwareType: 12, vehicleType: 2, globalPlanAltitudeMode: 1 });
    expect(plan.home).toEqual({ lat_deg: 47.3977507, lon_deg: 8.5456075, alt_m: 488.93101752001763 });
  });

  it('geofence plan: 1 inclusion polygon, 1 exclusion polygon, 1 exclusion circle, 5 mission items', () => {
    const { plan } = readPlanFile(text('px4_multicopter_mission_geofence_avoid.plan'), 'fence.plan');
    expect(plan.fence.polygons.map((p) => [p.inclusion, p.points.length])).toEqual([[false, 4], [true, 4]]);
    expect(plan.fence.circles).toEqual([{ inclusion: false, center: { lat_deg: 47.395306422855064, lon_deg: 8.54286777893347 }, radius_m: 111.05361447891983 }]);
    expect(plan.fence.polygons[1].points[2]).toEqual({ lat_deg: 47.39274987948735, lon_deg: 8.551976999573185 });
    expect(plan.mission.map((m) => m.command)).toEqual([22, 16, 16, 16, 20]);
    expect(plan.rally).toEqual([]);
  });

  it('survey plan: the complex item expands to the items stored in it, and is written back as a ComplexItem', () => {
    const raw = JSON.parse(text('mavsdk_qgroundcontrol_sample_with_survey.plan')) as Json;
    const survey = (obj(raw.mission).items as Json[])[1];
    const stored = obj(survey.TransectStyleComplexItem).Items as Json[];
    expect(stored).toHaveLength(12); // counted in the JSON: 8 waypoints + 4 DO_SET_CAM_TRIGG_DIST
    const { plan } = readPlanFile(text('mavsdk_qgroundcontrol_sample_with_survey.plan'), 'survey.plan');
    expect(plan.mission).toHaveLength(1 + stored.length);
    expect(plan.mission.slice(1).map((m) => m.command)).toEqual(stored.map((s) => s.command));
    expect(plan.mission.filter((m) => m.command === 16)).toHaveLength(8);
    expect(plan.complexItems).toEqual([{ complexItemType: 'survey', at: 1, count: 12, json: survey }]);
    expect(plan.missionMeta?.slice(1).every((m) => m.complexItem === 0)).toBe(true);
    const written = JSON.parse(writePlanFile(plan)) as Json;
    expect((obj(written.mission).items as Json[])[1]).toEqual(survey);
  });

  it('survey plan: once an expanded item changes, the survey is written as SimpleItems QGC opens', () => {
    const { plan } = readPlanFile(text('mavsdk_qgroundcontrol_sample_with_survey.plan'), 'survey.plan');
    plan.mission[3] = { ...plan.mission[3], z: 60 };
    const written = JSON.parse(writePlanFile(plan)) as Json;
    const items = obj(written.mission).items as Json[];
    expect(items).toHaveLength(13);
    expect(items.every((i) => i.type === 'SimpleItem')).toBe(true);
    expect(items.map((i) => i.doJumpId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect((items[3].params as number[])[6]).toBe(60);
  });

  it('structure scan plan: stores no items; kept as is with a warning, never silently expanded', () => {
    const { plan, warnings } = readPlanFile(text('mavsdk_qgroundcontrol_sample_with_structured_scan.plan'), 'scan.plan');
    expect(plan.mission.map((m) => m.command)).toEqual([530]);
    expect(plan.mission[0].param3).toBeNaN();
    expect(plan.complexItems?.map((c) => [c.complexItemType, c.at, c.count])).toEqual([['StructureScan', 1, 0]]);
    expect(warnings).toEqual([
      'scan.plan: mission.items[1]: the StructureScan complex item stores no mission items (QGroundControl computes them from its geometry); its items are not in the mission',
    ]);
    const items = obj(JSON.parse(writePlanFile(plan)).mission).items as Json[];
    expect(items.map((i) => i.type)).toEqual(['SimpleItem', 'ComplexItem']);
  });

  it('digicam plan: ArduPilot, doJumpId 7 kept, home 0,0,0', () => {
    const { plan } = readPlanFile(text('mavsdk_qgroundcontrol_sample_with_digicam_control.plan'), 'd.plan');
    expect(plan.mission).toEqual([{ command: 203, frame: 2, param1: 1, param2: 0, param3: 0, param4: 0, x: 1, y: 0, z: 0, autocontinue: true }]);
    expect(plan.missionMeta).toEqual([{ doJumpId: 7 }]);
    expect(plan.firmwareType).toBe(3);
    expect(plan.home).toEqual({ lat_deg: 0, lon_deg: 0, alt_m: 0 });
  });

  it('a .plan mission survives a trip through QGC WPL 110 (commands, frames, parameters, NaN)', () => {
    for (const name of names) {
      const { plan } = readPlanFile(text(name), name);
      const back = readWaypointsFile(writeWaypointsFile(plan), `${name}.waypoints`);
      expect(back.mission).toEqual(plan.mission);
      expect(back.home).toEqual(plan.home);
    }
  });
});

/** A small plan text with the given mission items (JSON objects). */
function planText(items: unknown[], extra: Json = {}): string {
  return JSON.stringify({
    fileType: 'Plan', version: 1, groundStation: 'QGroundControl',
    mission: { version: 2, firmwareType: 3, plannedHomePosition: [1, 2, 3], items },
    geoFence: { version: 2, polygons: [], circles: [] },
    rallyPoints: { version: 2, points: [[1, 2, 30]] },
    ...extra,
  });
}
const wp = (doJumpId: number, fields: Json = {}): Json => ({ type: 'SimpleItem', command: 16, frame: 3, autoContinue: true, doJumpId, params: [0, 0, 0, null, 47, 8, 50], ...fields });

describe('.plan DO_JUMP and older forms', () => {
  it('DO_JUMP param1 (a doJumpId) becomes the target index and is written back as the target doJumpId', () => {
    const file = planText([wp(10), wp(20), { ...wp(30), command: 177, frame: 2, params: [20, 3, 0, 0, 0, 0, 0] }]);
    const { plan } = readPlanFile(file, 'jump.plan');
    expect(plan.mission[2]).toMatchObject({ command: 177, param1: 1, param2: 3 });
    const items = obj(JSON.parse(writePlanFile(plan)).mission).items as Json[];
    expect((items[2].params as number[])[0]).toBe(20);
    expect(readPlanFile(writePlanFile(plan), 'again.plan').plan).toEqual(plan);
  });

  it('a DO_JUMP to a doJumpId that no SimpleItem has is refused, as QGC does', () => {
    const file = planText([wp(1), { ...wp(2), command: 177, frame: 2, params: [9, 1, 0, 0, 0, 0, 0] }]);
    expect(() => readPlanFile(file, 'jump.plan')).toThrow('jump.plan: mission.items[1].params[0]: expected the doJumpId of a SimpleItem in this plan (DO_JUMP target), got 9');
  });

  it('range-checks only coordinates: position commands in a global frame; other items keep their x/y', () => {
    // DO_GIMBAL_MANAGER_PITCHYAW (1000) in frame 3 carries flags in param5; DO_DIGICAM_CONTROL (203) in frame 2
    // (MISSION) whatever its parameters are; RTL (20) has no position; a waypoint in a local frame (1) is metres.
    const others = [
      { ...wp(2), command: 1000, params: [0, 0, 0, 0, 256, 300, 0] },
      { ...wp(3), command: 203, frame: 2, params: [0, 0, 0, 0, 500, 720, 0] },
      { ...wp(4), command: 20, params: [0, 0, 0, 0, 999, 999, 0] },
      { ...wp(5), frame: 1, params: [0, 0, 0, null, 350, -420, 10] },
      // A position not given (null: NaN, "use the current position" in MAVLink) is not a range error.
      { ...wp(6), command: 21, params: [0, 0, 0, null, null, null, 0] },
    ];
    const { plan } = readPlanFile(planText([wp(1), ...others]), 'ok.plan');
    expect(plan.mission.map((m) => [m.command, m.x, m.y])).toEqual([[16, 47, 8], [1000, 256, 300], [203, 500, 720], [20, 999, 999], [16, 350, -420], [21, NaN, NaN]]);
    // Exactly ±90 / ±180 are in range.
    expect(readPlanFile(planText([wp(1, { params: [0, 0, 0, null, -90, 180, 5] }), wp(2, { params: [0, 0, 0, null, 90, -180, 5] })]), 'edge.plan').plan.mission.map((m) => [m.x, m.y])).toEqual([[-90, 180], [90, -180]]);
    // The older `coordinate` form is checked at its own path (an item inside a complex item: see below).
    const old = planText([{ type: 'SimpleItem', command: 16, frame: 3, autoContinue: true, doJumpId: 1, coordinate: [47.1, -190, 30], params: [5, 0, 0, 0] }]);
    expect(() => readPlanFile(old, 'old.plan')).toThrow('old.plan: mission.items[0].coordinate[1]: expected a longitude from -180 to 180 degrees, got -190');
  });

  it('a plan without home: written with plannedHomePosition [null, null, null] (QGC requires the member, reads nulls as unset), read back without home', () => {
    const { plan } = readPlanFile(planText([wp(1)]), 'h.plan');
    delete plan.home;
    const json = JSON.parse(writePlanFile(plan)) as Json;
    expect(obj(json.mission).plannedHomePosition).toEqual([null, null, null]);
    const back = readPlanFile(writePlanFile(plan), 'h2.plan').plan;
    expect(back.home).toBeUndefined();
    expect(back).toEqual(plan);
  });

  it('reads the older `coordinate` item form (4 params + [lat, lon, alt])', () => {
    const file = planText([{ type: 'SimpleItem', command: 16, frame: 3, autoContinue: true, doJumpId: 1, coordinate: [47.1, -122.2, 30], params: [5, 0, 0, 0] }]);
    const { plan } = readPlanFile(file, 'old.plan');
    expect(plan.mission[0]).toEqual({ command: 16, frame: 3, param1: 5, param2: 0, param3: 0, param4: 0, x: 47.1, y: -122.2, z: 30, autocontinue: true });
    expect(readPlanFile(writePlanFile(plan), 'new.plan').plan).toEqual(plan);
  });

  it('reads version-1 geoFence (one inclusion polygon, breach return) and rallyPoints, which QGC now ignores, and says so', () => {
    const file = planText([wp(1)], { geoFence: { version: 1, polygon: [[1, 2], [3, 4], [5, 6]], breachReturn: [1.5, 2.5] }, rallyPoints: { version: 1, points: [[1, 2, 3]] } });
    const { plan, warnings } = readPlanFile(file, 'v1.plan');
    expect(plan.fence).toEqual({
      polygons: [{ inclusion: true, points: [{ lat_deg: 1, lon_deg: 2 }, { lat_deg: 3, lon_deg: 4 }, { lat_deg: 5, lon_deg: 6 }] }],
      circles: [],
      breachReturn: { lat_deg: 1.5, lon_deg: 2.5, alt_m: 0 },
    });
    expect(plan.rally).toEqual([{ lat_deg: 1, lon_deg: 2, alt_m: 3 }]);
    expect(warnings).toEqual([
      "v1.plan: geoFence: version 1 is QGroundControl's older fence form (one inclusion polygon and a breach return point), which QGroundControl now ignores; read",
      "v1.plan: rallyPoints: version 1 is QGroundControl's older rally form, which QGroundControl now ignores; read",
    ]);
    expect(readPlanFile(writePlanFile(plan), 'v2.plan')).toEqual({ plan, warnings: [] });
    expect(() => readPlanFile(planText([wp(1)], { geoFence: { version: 1, polygon: [[1, 2], [3, 'x']] } }), 'v1.plan')).toThrow('v1.plan: geoFence.polygon[1][1]: expected a longitude from -180 to 180 degrees, got "x"');
    expect(() => readPlanFile(planText([wp(1)], { geoFence: { polygon: [[1, 2], [3, 4]] } }), 'v0.plan')).toThrow('v0.plan: geoFence.polygon: expected at least 3 vertices, got 2 values');
  });

  it('keeps rally points, fence circles and the breach return point through a round trip', () => {
    const fence = { version: 2, polygons: [{ inclusion: true, polygon: [[1, 2], [1, 3], [2, 3]], version: 1 }], circles: [{ circle: { center: [1.5, 2.5], radius: 40 }, inclusion: true, version: 1 }], breachReturn: [1.2, 2.2, 25] };
    const { plan } = readPlanFile(planText([wp(1)], { geoFence: fence }), 'f.plan');
    expect(plan.fence.breachReturn).toEqual({ lat_deg: 1.2, lon_deg: 2.2, alt_m: 25 });
    expect(plan.rally).toEqual([{ lat_deg: 1, lon_deg: 2, alt_m: 30 }]);
    expect(readPlanFile(writePlanFile(plan), 'g.plan').plan).toEqual(plan);
  });

  it('writes a plan built in code (no metadata) with QGC numbering and versions', () => {
    const plan: Plan = {
      mission: [{ command: 22, frame: 3, param1: 0, param2: 0, param3: 0, param4: NaN, x: 1, y: 2, z: 10, autocontinue: true }],
      fence: { polygons: [], circles: [] }, rally: [], home: { lat_deg: 1, lon_deg: 2, alt_m: 100 }, firmwareType: 3,
    };
    const json = JSON.parse(writePlanFile(plan)) as Json;
    expect([json.fileType, json.version, obj(json.mission).version, obj(json.geoFence).version, obj(json.rallyPoints).version]).toEqual(['Plan', 1, 2, 2, 2]);
    expect((obj(json.mission).items as Json[])[0]).toEqual({ autoContinue: true, command: 22, doJumpId: 1, frame: 3, params: [0, 0, 0, null, 1, 2, 10], type: 'SimpleItem' });
    expect(readPlanFile(writePlanFile(plan), 'p.plan').plan).toEqual({ ...plan, missionMeta: [{ doJumpId: 1 }] });
  });
});

describe('.plan errors', () => {
  const base = JSON.parse(text('mavsdk_qgroundcontrol_sample.plan')) as Json;
  const withChange = (change: (j: Json) => void): string => {
    const copy = structuredClone(base);
    change(copy);
    return JSON.stringify(copy);
  };
  const items = (j: Json): Json[] => obj(j.mission).items as Json[];
  const cases: [string, string, string][] = [
    ['an empty file', '', 'bad.plan: the document: expected a JSON object (a QGroundControl plan), got an empty file'],
    ['JSON that is not an object', '[1, 2]', 'bad.plan: the document: expected a JSON object (a QGroundControl plan), got a list of 2 items'],
    ['a wrong fileType', withChange((j) => { j.fileType = 'Mission'; }), 'bad.plan: fileType: expected fileType "Plan", got "Mission"'],
    ['a newer plan version', withChange((j) => { j.version = 2; }), 'bad.plan: version: expected plan version 1, got 2'],
    ['no mission', withChange((j) => { delete j.mission; }), 'bad.plan: mission: expected a mission object, got nothing'],
    ['mission version 1', withChange((j) => { obj(j.mission).version = 1; }), 'bad.plan: mission.version: expected mission version 2, got 1'],
    ['a text parameter', withChange((j) => { (items(j)[3].params as unknown[])[6] = 'abc'; }), 'bad.plan: mission.items[3].params[6]: expected a number or null, got "abc"'],
    ['six parameters', withChange((j) => { (items(j)[1].params as unknown[]).pop(); }), 'bad.plan: mission.items[1].params: expected 7 values (null for NaN), got 6 values'],
    ['a text command', withChange((j) => { items(j)[0].command = '22'; }), 'bad.plan: mission.items[0].command: expected a MAV_CMD number, got "22"'],
    ['a fractional frame', withChange((j) => { items(j)[2].frame = 2.5; }), 'bad.plan: mission.items[2].frame: expected a MAV_FRAME number, got 2.5'],
    ['autoContinue 1', withChange((j) => { items(j)[5].autoContinue = 1; }), 'bad.plan: mission.items[5].autoContinue: expected true or false, got 1'],
    ['an unknown item type', withChange((j) => { items(j)[4].type = 'FancyItem'; }), 'bad.plan: mission.items[4].type: expected "SimpleItem" or "ComplexItem", got "FancyItem"'],
    ['an item that is a number', withChange((j) => { (items(j) as unknown[])[4] = 7; }), 'bad.plan: mission.items[4]: expected a mission item object, got 7'],
    ['a two-value home', withChange((j) => { obj(j.mission).plannedHomePosition = [47, 8]; }), 'bad.plan: mission.plannedHomePosition: expected an array [latitude, longitude, altitude], got 2 values'],
    ['a polygon of two vertices', withChange((j) => { obj(j.geoFence).polygons = [{ inclusion: true, polygon: [[1, 2], [3, 4]], version: 1 }]; }), 'bad.plan: geoFence.polygons[0].polygon: expected at least 3 vertices, got 2 values'],
    ['a circle of radius 0', withChange((j) => { obj(j.geoFence).circles = [{ inclusion: true, circle: { center: [1, 2], radius: 0 }, version: 1 }]; }), 'bad.plan: geoFence.circles[0].circle.radius: expected a radius above 0 m, got 0'],
    ['a rally point without altitude', withChange((j) => { obj(j.rallyPoints).points = [[1, 2, 3], [4, 5]]; }), 'bad.plan: rallyPoints.points[1]: expected an array [latitude, longitude, altitude], got 2 values'],
    ['a geoFence that is null', withChange((j) => { j.geoFence = null; }), 'bad.plan: geoFence: expected a geoFence object, got null'],
    ['a geoFence version 3', withChange((j) => { obj(j.geoFence).version = 3; }), 'bad.plan: geoFence.version: expected geoFence version 2, got 3'],
    // Coordinates out of range, where they are coordinates.
    ['a waypoint at latitude 200', withChange((j) => { (items(j)[3].params as unknown[])[4] = 200; }), 'bad.plan: mission.items[3].params[4]: expected a latitude from -90 to 90 degrees (command 16 in frame 3), got 200'],
    ['a takeoff at longitude -180.5', withChange((j) => { (items(j)[0].params as unknown[])[5] = -180.5; }), 'bad.plan: mission.items[0].params[5]: expected a longitude from -180 to 180 degrees (command 22 in frame 3), got -180.5'],
    ['a waypoint at latitude 1e999 (Infinity)', withChange((j) => { (items(j)[1].params as unknown[])[4] = 'INF'; }).replace('"INF"', '1e999'), 'bad.plan: mission.items[1].params[4]: expected a number or null, got Infinity'],
    ['a home at latitude 200', withChange((j) => { obj(j.mission).plannedHomePosition = [200, 113.7, 10]; }), 'bad.plan: mission.plannedHomePosition[0]: expected a latitude from -90 to 90 degrees, got 200'],
    ['a home half null', withChange((j) => { obj(j.mission).plannedHomePosition = [22.5, null, 10]; }), 'bad.plan: mission.plannedHomePosition[1]: expected a longitude from -180 to 180 degrees, got null'],
    ['a fence vertex at longitude 181', withChange((j) => { obj(j.geoFence).polygons = [{ inclusion: true, polygon: [[1, 2], [1, 181], [2, 3]], version: 1 }]; }), 'bad.plan: geoFence.polygons[0].polygon[1][1]: expected a longitude from -180 to 180 degrees, got 181'],
    ['a fence circle centre at latitude -91', withChange((j) => { obj(j.geoFence).circles = [{ inclusion: false, circle: { center: [-91, 2], radius: 10 }, version: 1 }]; }), 'bad.plan: geoFence.circles[0].circle.center[0]: expected a latitude from -90 to 90 degrees, got -91'],
    ['a breach return at latitude 95', withChange((j) => { obj(j.geoFence).breachReturn = [95, 8, 30]; }), 'bad.plan: geoFence.breachReturn[0]: expected a latitude from -90 to 90 degrees, got 95'],
    ['a rally point at longitude 360', withChange((j) => { obj(j.rallyPoints).points = [[47, 8, 30], [47, 360, 30]]; }), 'bad.plan: rallyPoints.points[1][1]: expected a longitude from -180 to 180 degrees, got 360'],
  ];
  for (const [what, input, message] of cases) {
    it(`refuses ${what}`, () => {
      let caught: unknown;
      try {
        readPlanFile(input, 'bad.plan');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(MissionFileError);
      expect((caught as Error).message).toBe(message);
    });
  }

  it('refuses truncated JSON naming the line and column of the syntax error', () => {
    const cut = text('mavsdk_qgroundcontrol_sample.plan').slice(0, 500);
    const lines = cut.split('\n');
    // The file ends inside an object, where a property name was due: the error is at the end of the last line.
    expect(() => readPlanFile(cut, 'cut.plan')).toThrow(`cut.plan: line ${lines.length}, column ${lines[lines.length - 1].length + 1}: not valid JSON: expected a property name in double quotes, got the end of the file`);
  });

  it('a file that is not JSON at all (a password file) is refused naming line and column, never quoting it', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n';
    let caught: unknown;
    try {
      readPlanFile(secret, 'passwd.plan');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MissionFileError);
    expect((caught as Error).message).toBe('passwd.plan: line 1, column 1: not valid JSON: expected a JSON value ({, [, a string in double quotes, a number, true, false or null), got a letter');
    expect((caught as MissionFileError).line).toBe(1);
    // A syntax error later in a real plan: the place, not the text around it.
    const broken = text('mavsdk_qgroundcontrol_sample.plan').replace('"fileType": "Plan",', '"fileType": "Plan"');
    expect(() => readPlanFile(broken, 'b.plan')).toThrow(/^b\.plan: line \d+, column \d+: not valid JSON: expected a comma or \}, got a double quote$/);
  });

  it('names the JSON path inside a complex item', () => {
    const raw = JSON.parse(text('mavsdk_qgroundcontrol_sample_with_survey.plan')) as Json;
    const inner = obj((items(raw)[1]).TransectStyleComplexItem).Items as Json[];
    inner[4].params = [0, 0, 0, null, 'x', 8, 50];
    expect(() => readPlanFile(JSON.stringify(raw), 's.plan')).toThrow('s.plan: mission.items[1].TransectStyleComplexItem.Items[4].params[4]: expected a number or null, got "x"');
    inner[4].params = [0, 0, 0, null, 47.39, 208.5, 50];
    expect(() => readPlanFile(JSON.stringify(raw), 's.plan')).toThrow('s.plan: mission.items[1].TransectStyleComplexItem.Items[4].params[5]: expected a longitude from -180 to 180 degrees (command 16 in frame 3), got 208.5');
  });
});

describe('.plan damaged input never crashes', () => {
  const mustRefuseCleanly = (input: string): void => {
    try {
      const { plan } = readPlanFile(input, 'fuzz.plan');
      writePlanFile(plan);
    } catch (err) {
      if (!(err instanceof MissionFileError)) throw err;
    }
  };

  it('every truncation of every fixture', () => {
    for (const name of names) {
      const t = text(name);
      for (let n = 0; n < t.length; n += 3) mustRefuseCleanly(t.slice(0, n));
    }
  });

  it('random values put in random places, and binary garbage', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const junk: unknown[] = [null, 'abc', -1, 1e308, true, [], {}, [1, 2], { version: 2 }, 0.5, 'SimpleItem', 177];
    for (const name of names) {
      const original = JSON.parse(text(name)) as unknown;
      for (let k = 0; k < 200; k++) {
        const copy = structuredClone(original);
        // Walk to a random container and replace one of its members.
        let node: unknown = copy;
        for (let depth = 0; depth < 8; depth++) {
          const keys = node && typeof node === 'object' ? Object.keys(node) : [];
          if (keys.length === 0) break;
          const key = keys[Math.floor(rand() * keys.length)];
          const child = (node as Json)[key];
          if (rand() < 0.3 || !child || typeof child !== 'object') {
            (node as Json)[key] = junk[Math.floor(rand() * junk.length)];
            break;
          }
          node = child;
        }
        mustRefuseCleanly(JSON.stringify(copy));
      }
    }
    for (let k = 0; k < 200; k++) {
      const bytes = Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256));
      mustRefuseCleanly(String.fromCharCode(...bytes));
      mustRefuseCleanly(`{"fileType":"Plan","version":1,"mission":${String.fromCharCode(...bytes)}`);
    }
  });
});
