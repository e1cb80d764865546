// MISSION_ITEM_INT's x/y as ArduPilot reads them: degrees × 1e7 for positions, metres × 1e4 in local frames,
// unscaled for the few commands AP_Mission passes through (DIGICAM's "shoot" = 1), and 0 for an unset value.
import { describe, expect, it } from 'vitest';
import { fromWireItem, toItemInt } from '../../mavlink/protocols/mission/mission-wire';
import { missionItem, sameOnWire } from '../../patrol/mission/mission-item';

const T = { sysid: 1, compid: 1 };

describe('MISSION_ITEM_INT x/y scaling', () => {
  it.each([
    ['a waypoint in GLOBAL_RELATIVE_ALT', missionItem(16, { frame: 3, x: 47.3977419, y: 8.5455938, z: 15 }), 473977419, 85455938],
    ['a local NED point', missionItem(16, { frame: 1, x: 12.5, y: -3.25 }), 125000, -32500],
    ['DO_DIGICAM_CONTROL shoot = 1 (frame MISSION)', missionItem(203, { frame: 2, x: 1, y: 0 }), 1, 0],
    ['DO_SET_CAM_TRIGG_DIST with unset params 5/6', missionItem(206, { frame: 2, x: Number.NaN, y: Number.NaN }), 0, 0],
  ])('%s', (_what, item, x, y) => {
    const wire = toItemInt(item, 3, 0, T);
    expect([wire.x, wire.y]).toEqual([x, y]);
    expect(sameOnWire(fromWireItem(wire), item)).toBe(true);
  });

  it('refuses a position that does not fit an int32, naming the item and field', () => {
    expect(() => toItemInt(missionItem(16, { frame: 3, x: 400 }), 7, 0, T)).toThrow(/mission item 7: x = 400 does not fit MISSION_ITEM_INT/);
  });
});
