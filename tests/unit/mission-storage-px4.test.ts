// PX4's mission storage, rule by rule, worked out by hand from PX4's mavlink_mission.cpp
// (parse_mavlink_mission_item / format_mavlink_mission_item) and mission_item_s.
import { describe, expect, it } from 'vitest';
import { PX4_RULES, storePx4 } from '../../patrol/mission/px4-storage';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { fromWire, toWire } from '../../patrol/mission/wire-item';

const LAT = 47.3977418;
const LON = 8.5455938;

function back(item: MissionItem): MissionItem {
  const r = storePx4('mission', toWire(item), 'arm');
  if (!r.ok) throw new Error(`refused: ${r.why}`);
  return fromWire(r.item);
}
const result = (item: MissionItem) => storePx4('mission', toWire(item), 'arm');
const at = (command: number, fields: Partial<MissionItem> = {}) => missionItem(command, { frame: 3, x: LAT, y: LON, z: 30.25, ...fields });
const gen = (command: number, fields: Partial<MissionItem> = {}) => missionItem(command, { frame: 2, ...fields });

const tested = new Set<number>();
function rule(command: number, title: string, fn: () => void): void {
  tested.add(command);
  it(`${command} ${PX4_RULES.get(command)?.name ?? ''}: ${title}`, fn);
}

describe('PX4 storage', () => {
  it('global items: lat/lon exact, altitude float32, frames 0/3 answered as GLOBAL_INT / GLOBAL_RELATIVE_ALT_INT', () => {
    const b = back(at(16));
    expect([b.frame, Math.round(b.x * 1e7), Math.round(b.y * 1e7), b.z]).toEqual([6, Math.round(LAT * 1e7), Math.round(LON * 1e7), 30.25]);
    expect(back(at(16, { frame: 0 })).frame).toBe(5);
    expect(result(at(16, { frame: 10 }))).toMatchObject({ ok: false, result: 2 });
    expect(result(gen(16))).toMatchObject({ ok: false, result: 3 }); // a navigation item in MAV_FRAME_MISSION
    expect(result(at(178))).toMatchObject({ ok: false, result: 3 }); // a DO item in a global frame
  });

  it('MISSION-frame items: params and z float32 (NaN kept), x/y through a float32 (exact only below 2^24)', () => {
    const b = toWire(back(gen(2000, { param1: 0, param2: NaN, param3: 1, x: 3, y: 5, z: 0.5 })));
    expect(b).toMatchObject({ frame: 2, param3: 1, x: 30_000_000, y: 50_000_000, z: 0.5 }); // × 1e7 on the wire, as MAV_FRAME_MISSION is scaled
    expect(b.param2).toBeNaN();
    const big = storePx4('mission', toWire(gen(179, { x: LAT, y: LON })), 'arm');
    expect(big.ok && big.item.x).toBe(473977408); // 473977418 through a float32
  });

  it('refuses what it has no rule for (CONDITION_YAW, relays, servos, LOITER_TURNS, SPLINE_WAYPOINT)', () => {
    for (const cmd of [115, 181, 183, 18, 82, 202, 207]) expect(result(gen(cmd)), String(cmd)).toMatchObject({ ok: false, result: 3 });
  });

  rule(16, 'hold and acceptance radius as float, pass-by dropped, yaw wrapped to [0, 360)', () => {
    const b = back(at(16, { param1: 2.5, param2: 3, param3: 4, param4: -90 }));
    expect([b.param1, b.param2, b.param3]).toEqual([2.5, 3, 0]);
    expect(b.param4).toBe(270);
    expect(back(at(16, { param4: NaN })).param4).toBeNaN();
    // float32 radians(): 10° comes back as 9.999999046…, 123.4° as 123.39999389…; 360° wraps to 0.
    expect([10, 123.4, 359.9, 360, -180].map((d) => back(at(16, { param4: d })).param4)).toEqual([9.999999046325684, 123.39999389648438, 359.89996337890625, 0, 180]);
  });
  rule(17, 'radius with sign, yaw', () => {
    expect(back(at(17, { param1: 4, param3: -25.5, param4: 10 }))).toMatchObject({ param1: 0, param3: -25.5 });
  });
  rule(19, 'time float, heading flag, radius float, xtrack flag', () => {
    expect(back(at(19, { param1: 7.5, param2: 3, param3: -20, param4: 0 }))).toMatchObject({ param1: 7.5, param2: 1, param3: -20, param4: 0 });
  });
  rule(20, 'in MAV_FRAME_MISSION only, kept generically', () => {
    expect(back(gen(20))).toMatchObject({ frame: 2 });
    expect(result(at(20))).toMatchObject({ ok: false, result: 3 });
  });
  rule(21, 'precision mode as uint16_t, yaw', () => {
    expect(back(at(21, { param1: 5, param2: 2.7, param4: 180 }))).toMatchObject({ param1: 0, param2: 2 });
  });
  rule(22, 'only yaw besides the position', () => {
    expect(back(at(22, { param1: 15, param4: 45 }))).toMatchObject({ param1: 0 });
  });
  rule(31, 'heading flag, radius, xtrack flag', () => {
    expect(back(at(31, { param1: 2, param2: -30, param4: 1 }))).toMatchObject({ param1: 1, param2: -30, param4: 1 });
  });
  for (const cmd of [93, 112, 114, 178, 179, 189, 197, 203, 205, 206, 211, 1000, 2000, 2001, 2500, 2501, 530, 532, 42600]) {
    rule(cmd, 'a MAV_FRAME_MISSION item kept generically', () => {
      expect(back(gen(cmd, { param1: 1, param2: 8.5, param3: -1, param4: 2 }))).toMatchObject({ frame: 2, param1: 1, param2: 8.5, param3: -1, param4: 2 });
    });
  }
  rule(177, 'target int16_t, repeat count uint16_t', () => {
    expect(back(gen(177, { param1: 3.9, param2: 2 }))).toMatchObject({ param1: 3, param2: 2 });
  });
  rule(195, 'a global item; the gimbal id is lost', () => {
    expect(back(at(195, { param1: 1 }))).toMatchObject({ frame: 6, param1: 0, z: 30.25 });
  });

  it('DO_SET_ROI: global for modes 3 and 0 (params lost), MISSION frame for 0..2, else INVALID_PARAM1', () => {
    expect(back(at(201, { param1: 3 }))).toMatchObject({ frame: 6, param1: 0 });
    expect(back(gen(201, { param1: 2, param2: 4 }))).toMatchObject({ frame: 2, param1: 2, param2: 4 });
    expect(result(at(201, { param1: 2 }))).toMatchObject({ ok: false, result: 6 });
  });

  it('every command of the table has a rule test here', () => {
    expect([...PX4_RULES.keys()].filter((c) => !tested.has(c))).toEqual([]);
  });
});
