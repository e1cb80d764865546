// ArduCopter's mission storage, rule by rule: each expectation is worked out by hand from ArduPilot's
// AP_Mission::mavlink_int_to_mission_cmd / mission_cmd_to_mavlink_int and the C types of AP_Mission.h, so the
// table (which the verify and the simulator share) is checked against the source, not against itself.
import { describe, expect, it } from 'vitest';
import { ARDUPILOT_COPTER_RULES, storeArduPilot, type StoreOutcome } from '../../patrol/mission/ardupilot-storage';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { fromWire, toWire, type WireItem } from '../../patrol/mission/wire-item';

const LAT = 34.7505859;
const LON = 113.7492901;

function back(item: MissionItem, platform: 'x86' | 'arm' = 'x86'): MissionItem {
  const r = storeArduPilot('mission', toWire(item), platform);
  if (!r.ok) throw new Error(`refused: ${r.why}`);
  return fromWire(r.item);
}
const refusal = (item: MissionItem): StoreOutcome => storeArduPilot('mission', toWire(item), 'x86');
const at = (command: number, fields: Partial<MissionItem> = {}) => missionItem(command, { frame: 3, x: LAT, y: LON, z: 30, ...fields });
/** What a command without a location comes back as: frame 0, x/y/z 0, autocontinue 1, and the kept params. */
const bare = (command: number, params: Partial<MissionItem> = {}): MissionItem => missionItem(command, { frame: 0, ...params });

const tested = new Set<number>();
function rule(command: number, title: string, fn: () => void): void {
  tested.add(command);
  it(`${command} ${ARDUPILOT_COPTER_RULES.get(command)?.name}: ${title}`, fn);
}

describe('ArduCopter storage: locations (stored_in_location)', () => {
  it('keeps lat/lng as the int32 sent, altitude in whole centimetres of the float32 product, frame by its flags', () => {
    const b = back(at(16, { z: 30.456 }));
    expect(b).toMatchObject({ command: 16, frame: 3, autocontinue: true });
    expect(Math.round(b.x * 1e7)).toBe(Math.round(LAT * 1e7));
    expect(Math.round(b.y * 1e7)).toBe(Math.round(LON * 1e7));
    // 30.456f * 100.0f = 3045.6 → 3045 cm → 3045 * 0.01f = 30.45 as a float32
    expect(b.z).toBe(Math.fround(Math.fround(3045) * Math.fround(0.01)));
    // 2.1f * 100.0f is 209.99998 in float32: ArduPilot keeps 209 cm (569 of the centimetres 0.01..99.99 m lose one).
    expect(back(at(16, { z: 2.1 })).z).toBe(Math.fround(209 * Math.fround(0.01)));
    expect(back(at(16, { z: 30.1 })).z).toBe(Math.fround(3010 * Math.fround(0.01)));
    expect(back(at(16, { z: -2.5 })).z).toBe(Math.fround(-250 * Math.fround(0.01)));
  });

  it('frames: MISSION, GLOBAL, GLOBAL_INT → GLOBAL; RELATIVE(_INT) → RELATIVE; TERRAIN(_INT) → TERRAIN; others refused', () => {
    expect([2, 0, 5, 3, 6, 10, 11].map((frame) => back(at(16, { frame })).frame)).toEqual([0, 0, 0, 3, 3, 10, 10]);
    expect(refusal(at(16, { frame: 1 }))).toMatchObject({ ok: false, result: 2 }); // UNSUPPORTED_FRAME
    expect(refusal(at(16, { frame: 4 }))).toMatchObject({ ok: false, result: 2 });
  });

  it('refuses a latitude, longitude or altitude out of range, naming the parameter', () => {
    expect(refusal(at(16, { x: 91 }))).toMatchObject({ ok: false, result: 10 });
    expect(refusal(at(16, { y: -181 }))).toMatchObject({ ok: false, result: 11 });
    expect(refusal(at(16, { z: 83000 }))).toMatchObject({ ok: false, result: 12 });
    expect(refusal(at(16, { z: NaN }))).toMatchObject({ ok: false, result: 12 });
  });

  it('sanity_check_params: NaN only in param4 of WAYPOINT, LAND, TAKEOFF; never an infinity; reserved ids refused', () => {
    expect(back(at(16, { param4: NaN })).param4).toBe(0);
    expect(refusal(at(16, { param1: NaN }))).toMatchObject({ ok: false, result: 6 });
    expect(refusal(at(19, { param4: NaN }))).toMatchObject({ ok: false, result: 9 });
    expect(refusal(at(16, { param2: Infinity }))).toMatchObject({ ok: false, result: 7 });
    expect(refusal(bare(1))).toMatchObject({ ok: false, result: 5 });
    expect(refusal(bare(5555))).toMatchObject({ ok: false, result: 3 }); // UNSUPPORTED
  });
});

describe('ArduCopter storage: one rule per command', () => {
  rule(16, 'hold time in whole seconds (uint16_t p1); acceptance radius, pass-by and yaw dropped', () => {
    expect(back(at(16, { param1: 2.7, param2: 3, param3: 4, param4: 90 }))).toMatchObject({ param1: 2, param2: 0, param3: 0, param4: 0 });
    expect(back(at(16, { param1: 70000 })).param1).toBe(4464); // uint16_t wraps
  });
  rule(17, 'radius as uint16_t with its sign as the direction', () => {
    expect(back(at(17, { param3: -25.9, param1: 5 }))).toMatchObject({ param1: 0, param3: -25 });
  });
  rule(18, 'turns (≤ 255) and radius in a byte each; > 255 m radius in tens; sign; xtrack 0/1', () => {
    expect(back(at(18, { param1: 3.7, param3: 20.8, param4: 0.3 }))).toMatchObject({ param1: 3, param2: 0, param3: 20, param4: 1 });
    expect(back(at(18, { param1: 300, param3: -20 }))).toMatchObject({ param1: 255, param3: -20, param4: 0 });
    expect(back(at(18, { param1: 2, param3: 300 }))).toMatchObject({ param1: 2, param3: 300 });
    expect(back(at(18, { param1: 2, param3: 2555 }))).toMatchObject({ param3: 2550 });
    expect(back(at(18, { param1: 2, param3: 5000 }))).toMatchObject({ param3: 2550 }); // MIN(255, 500) × 10
    expect(back(at(18, { param1: 0.3, param3: 10 })).param1).toBe(76 / 256); // a fraction of a turn, in 256ths
  });
  rule(19, 'time in whole seconds; direction only as -1/1; xtrack 0/1', () => {
    expect(back(at(19, { param1: 10.5, param2: 7, param3: 0, param4: 2 }))).toMatchObject({ param1: 10, param2: 0, param3: 1, param4: 1 });
    expect(back(at(19, { param1: 4, param3: -30 }))).toMatchObject({ param3: -1, param4: 0 });
  });
  rule(20, 'nothing kept: frame 0, no position', () => {
    expect(back(at(20, { param1: 1 }))).toEqual(bare(20));
  });
  rule(21, 'abort altitude in p1; param4 back as ±1 (NaN keeps 1)', () => {
    expect(back(at(21, { param1: 5, param4: NaN }))).toMatchObject({ param1: 5, param4: 1, frame: 3 });
    expect(back(at(21, { param4: -45 })).param4).toBe(-1);
  });
  rule(22, 'minimum pitch in p1 and the location (altitude used)', () => {
    expect(back(at(22, { param1: 15.5, param4: NaN, z: 20 }))).toMatchObject({ param1: 15, param4: 0, z: 20, frame: 3 });
  });
  rule(30, 'climb/descend flag in p1', () => {
    expect(back(at(30, { param1: 2 })).param1).toBe(2);
  });
  rule(31, 'radius in param2 as uint16_t with sign; xtrack', () => {
    expect(back(at(31, { param2: -40.2, param4: 1 }))).toMatchObject({ param2: -40, param4: 1 });
  });
  rule(82, 'hold time in whole seconds', () => {
    expect(back(at(82, { param1: 1.9, param2: 5 }))).toMatchObject({ param1: 1, param2: 0, frame: 3 });
  });
  rule(92, 'on/off in p1 and a location', () => {
    expect(back(at(92, { param1: 1 }))).toMatchObject({ param1: 1, frame: 3 });
  });
  rule(83, 'altitude and descent rate float, wiggle time uint8_t', () => {
    expect(back(bare(83, { param1: 120.5, param2: 2.5, param3: 3.9, param4: 1 }))).toEqual(bare(83, { param1: 120.5, param2: 2.5, param3: 3 }));
  });
  rule(84, 'a location only', () => {
    expect(back(at(84, { param1: 2, param4: NaN }))).toMatchObject({ param1: 0, param4: 0, frame: 3 });
  });
  rule(85, 'options in p1 and a location; NaN allowed in param3 and param4', () => {
    expect(back(at(85, { param1: 1, param3: NaN, param4: NaN }))).toMatchObject({ param1: 1, param3: 0, param4: 0, frame: 3 });
  });
  rule(94, 'maximum descent in whole centimetres (uint16_t), back in metres', () => {
    expect(back(at(94, { param1: 2.345 })).param1).toBe(Math.fround(234 / 100));
  });
  rule(93, 'seconds as float; hour, minute, second as int8_t', () => {
    expect(back(bare(93, { param1: 1.5, param2: 13.9, param3: -1, param4: 200 }))).toMatchObject({ param1: 1.5, param2: 13, param3: -1, param4: -56 });
  });
  rule(112, 'delay seconds as float', () => {
    expect(back(missionItem(112, { frame: 3, param1: 2.25, param2: 9, x: 1, z: 4 }))).toEqual(bare(112, { param1: 2.25 }));
  });
  rule(114, 'distance as float', () => {
    expect(back(bare(114, { param1: 12.5 })).param1).toBe(12.5);
  });
  rule(115, 'angle and rate as float, direction int8_t, relative uint8_t', () => {
    expect(back(missionItem(115, { frame: 3, param1: 90.5, param2: 30, param3: -1, param4: 1 }))).toEqual(bare(115, { param1: 90.5, param2: 30, param3: -1, param4: 1 }));
    expect(back(bare(115, { param3: 1.9, param4: -1 }), 'arm')).toMatchObject({ param3: 1, param4: 0 });
    expect(back(bare(115, { param4: -1 }), 'x86').param4).toBe(255);
  });
  rule(177, 'target uint16_t, repeat int16_t (-1 forever)', () => {
    expect(back(missionItem(177, { frame: 3, param1: 4.6, param2: -1 }))).toEqual(bare(177, { param1: 4, param2: -1 }));
  });
  rule(178, 'speed type uint8_t, speed and throttle float, param4 dropped, frame 0', () => {
    expect(back(missionItem(178, { frame: 3, param1: 1, param2: 8.5, param3: -1, param4: 1 }))).toEqual(bare(178, { param1: 1, param2: 8.5, param3: -1 }));
  });
  rule(179, 'current-location flag in p1 and a location', () => {
    expect(back(at(179, { param1: 1 }))).toMatchObject({ param1: 1, frame: 3 });
  });
  rule(181, 'relay number and state as uint8_t', () => {
    expect(back(missionItem(181, { frame: 3, param1: 0, param2: 1 }))).toEqual(bare(181, { param1: 0, param2: 1 }));
    expect(back(bare(181, { param2: 2.5 })).param2).toBe(2);
  });
  rule(182, 'relay uint8_t, count int16_t, cycle float', () => {
    expect(back(bare(182, { param1: 1, param2: 3.5, param3: 0.5 }))).toEqual(bare(182, { param1: 1, param2: 3, param3: 0.5 }));
  });
  rule(183, 'channel uint8_t, PWM uint16_t', () => {
    expect(back(bare(183, { param1: 9, param2: 1500.7 }))).toEqual(bare(183, { param1: 9, param2: 1500 }));
  });
  rule(184, 'channel, PWM, count int16_t, cycle float', () => {
    expect(back(bare(184, { param1: 9, param2: 1900, param3: 4, param4: 1.5 }))).toEqual(bare(184, { param1: 9, param2: 1900, param3: 4, param4: 1.5 }));
  });
  rule(189, 'a location only', () => {
    expect(back(at(189, { param1: 3 }))).toMatchObject({ param1: 0, frame: 3, z: 30 });
  });
  rule(191, 'a location only', () => {
    expect(back(at(191, { param1: 3 }))).toMatchObject({ param1: 0, frame: 3 });
  });
  rule(201, 'ROI mode in p1 and the location', () => {
    expect(back(at(201, { param1: 3, param2: 2, z: 0 }))).toMatchObject({ param1: 3, param2: 0, frame: 3, z: 0 });
  });
  rule(202, 'camera settings in their C types; x, y raw (uint8_t), z float', () => {
    const w = back(missionItem(202, { frame: 2, param1: 1, param2: 125, param3: 28, param4: 400, x: 2, y: 7, z: 1.5 }));
    expect(w).toEqual(bare(202, { param1: 1, param2: 125, param3: 28, param4: 400, x: 2, y: 7, z: 1.5 }));
  });
  rule(203, 'session, zoom, focus, shoot (x) and id (y) as bytes; z dropped', () => {
    expect(back(missionItem(203, { frame: 2, param3: -2, x: 1, y: 3, z: 5 }))).toEqual(bare(203, { param3: -2, x: 1, y: 3 }));
    expect(back(bare(203, { x: 10_000_000 })).x).toBe(128); // a latitude-scaled 1 is no shoot command
    expect(back(bare(203, { x: -1 }), 'arm').x).toBe(255); // int32 → uint8_t keeps the low bits on every machine
  });
  rule(205, 'pitch, roll, yaw as float; z read back as 2 (MAVLINK_TARGETING)', () => {
    expect(back(bare(205, { param1: -45, param2: 0, param3: 90, param4: 2, z: 7 }))).toEqual(bare(205, { param1: -45, param3: 90, z: 2 }));
  });
  rule(195, 'gimbal id in p1 and the location (4.7; 4.6 refused it)', () => {
    expect(back(at(195, { param1: 1.5, param2: 4, z: 12.5 }))).toMatchObject({ param1: 1, param2: 0, frame: 3, z: 12.5 });
  });
  rule(197, 'gimbal id in p1; no location: frame 0, x/y/z zeroed', () => {
    expect(back(missionItem(197, { frame: 3, param1: 0, x: 1, y: 2, z: 3 }))).toEqual(bare(197));
  });
  rule(2000, 'instance uint8_t, interval float, count and first sequence number uint16_t', () => {
    expect(back(missionItem(2000, { frame: 3, param1: 0, param2: 2.5, param3: 1, param4: 7.9 }))).toEqual(bare(2000, { param2: 2.5, param3: 1, param4: 7 }));
  });
  rule(2001, 'instance as uint16_t', () => {
    expect(back(bare(2001, { param1: 2, param2: 9 }))).toEqual(bare(2001, { param1: 2 }));
  });
  rule(2500, 'stream id as uint8_t', () => {
    expect(back(bare(2500, { param1: 1, param2: 30 }))).toEqual(bare(2500, { param1: 1 }));
  });
  rule(2501, 'stream id as uint8_t', () => {
    expect(back(bare(2501, { param1: 300 }), 'x86').param1).toBe(44);
  });
  rule(531, 'zoom type uint8_t, value float', () => {
    expect(back(bare(531, { param1: 1, param2: 50.5, param3: 1 }))).toEqual(bare(531, { param1: 1, param2: 50.5 }));
  });
  rule(532, 'focus type uint8_t, value float', () => {
    expect(back(bare(532, { param1: 4, param2: 0.25 }))).toEqual(bare(532, { param1: 4, param2: 0.25 }));
  });
  rule(206, 'distance float, trigger-now uint8_t', () => {
    expect(back(bare(206, { param1: 25.5, param2: 1, param3: 1 }))).toEqual(bare(206, { param1: 25.5, param3: 1 }));
  });
  for (const [cmd, what] of [[207, 'enable'], [208, 'action'], [212, 'enable'], [215, 'distance'], [216, 'enable']] as const) {
    rule(cmd, `${what} in p1 only`, () => {
      expect(back(bare(cmd, { param1: 1, param2: 5 }))).toEqual(bare(cmd, { param1: 1 }));
    });
  }
  rule(194, 'reverse flag in p1', () => {
    expect(back(bare(194, { param1: 1, param2: 3 }))).toEqual(bare(194, { param1: 1 }));
  });
  rule(210, 'inverted flag in p1', () => {
    expect(back(bare(210, { param1: 1 }))).toEqual(bare(210, { param1: 1 }));
  });
  rule(213, 'angle and speed float, relative flag uint8_t', () => {
    expect(back(bare(213, { param1: 45.5, param2: 2, param3: 1, param4: 9 }))).toEqual(bare(213, { param1: 45.5, param2: 2, param3: 1 }));
  });
  rule(223, 'start and cold-start as booleans, height delay in whole centimetres', () => {
    expect(back(bare(223, { param1: 3, param2: 0, param3: 1.234 }))).toEqual(bare(223, { param1: 1, param2: 0, param3: Math.fround(Math.fround(123) * Math.fround(0.01)) }));
  });
  rule(3000, 'target state as uint8_t', () => {
    expect(back(bare(3000, { param1: 4 }))).toEqual(bare(3000, { param1: 4 }));
  });
  rule(211, 'gripper number and action as uint8_t', () => {
    expect(back(bare(211, { param1: 1, param2: 1, param3: 9 }))).toEqual(bare(211, { param1: 1, param2: 1 }));
  });
  rule(217, 'message id in p1, three floats', () => {
    expect(back(bare(217, { param1: 7, param2: 0.5, param3: -1, param4: 3 }))).toEqual(bare(217, { param1: 7, param2: 0.5, param3: -1, param4: 3 }));
  });
  rule(218, 'function uint16_t, switch position uint8_t', () => {
    expect(back(bare(218, { param1: 300, param2: 2 }))).toEqual(bare(218, { param1: 300, param2: 2 }));
  });
  rule(222, 'time in p1, three float limits', () => {
    expect(back(bare(222, { param1: 60, param2: 10, param3: 100, param4: 500 }))).toEqual(bare(222, { param1: 60, param2: 10, param3: 100, param4: 500 }));
  });
  rule(1000, 'pitch int8_t, yaw int16_t, rates int8_t; flags (x) and gimbal id (z) as bytes; y dropped', () => {
    expect(back(bare(1000, { param1: -30.5, param2: 190.7, param3: 5, param4: 0, x: 12, y: 3, z: 1 }))).toEqual(bare(1000, { param1: -30, param2: 190, param3: 5, x: 12, z: 1 }));
  });
  rule(42600, 'winch number and action as bytes, length and rate as float', () => {
    expect(back(bare(42600, { param1: 1, param2: 2, param3: -1.5, param4: 0.5 }))).toEqual(bare(42600, { param1: 1, param2: 2, param3: -1.5, param4: 0.5 }));
  });

  it('every command of the table has a rule test here', () => {
    expect([...ARDUPILOT_COPTER_RULES.keys()].filter((c) => !tested.has(c))).toEqual([]);
  });
});

describe('ArduPilot fence and rally storage', () => {
  const w = (item: MissionItem): WireItem => toWire(item);
  it('fence: vertex count as uint8_t, circle radius as a float (since 4.2), lat/lng as sent; anything else zeroed', () => {
    const v = storeArduPilot('fence', w(missionItem(5001, { frame: 0, param1: 4, x: LAT, y: LON, z: 9 })), 'x86');
    expect(v.ok && fromWire(v.item)).toMatchObject({ command: 5001, param1: 4, z: 0 });
    const c = storeArduPilot('fence', w(missionItem(5003, { frame: 0, param1: 150.7, x: LAT, y: LON })), 'x86');
    expect(c.ok && c.item.param1).toBe(Math.fround(150.7));
    expect(storeArduPilot('fence', w(missionItem(16, { frame: 0 })), 'x86')).toMatchObject({ ok: false, result: 3 });
  });
  it('rally: altitude as int16_t metres, refused beyond it', () => {
    const r = storeArduPilot('rally', w(missionItem(5100, { frame: 3, x: LAT, y: LON, z: 30.8 })), 'x86');
    expect(r.ok && r.item.z).toBe(30);
    expect(storeArduPilot('rally', w(missionItem(5100, { frame: 3, x: LAT, y: LON, z: 40000 })), 'x86')).toMatchObject({ ok: false, result: 12 });
  });
});
