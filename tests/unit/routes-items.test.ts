import { describe, expect, it } from 'vitest';
import { MAV_CMD, legEnds, routeToItems, type RouteLeg } from '../../patrol/routes/route';

const leg: RouteLeg = {
  kind: 'post',
  ref: 'gate',
  waypoints: [
    { lat_deg: 34.75, lon_deg: 113.75, alt_m: 30, roi: { lat_deg: 34.7501, lon_deg: 113.7502, alt_m: 0 } },
    { lat_deg: 34.75, lon_deg: 113.75, alt_m: 30, hold_s: 20, yaw_deg: 90, actions: [{ photo: 'image' }, { photo: 'digicam' }, { relay: 2, state: 1 }, { servo: 9, pwm: 1900 }] },
    { lat_deg: 34.75, lon_deg: 113.75, alt_m: 30, roi: 'none' },
  ],
};

describe('routeToItems', () => {
  it('turns waypoints into navigation items followed by camera and action items, all in the relative-altitude frame', () => {
    const items = routeToItems({ legs: [leg] });
    expect(items.map((i) => i.command)).toEqual([
      MAV_CMD.NAV_WAYPOINT, MAV_CMD.DO_SET_ROI_LOCATION,
      MAV_CMD.NAV_WAYPOINT, MAV_CMD.CONDITION_YAW, MAV_CMD.IMAGE_START_CAPTURE, MAV_CMD.DO_DIGICAM_CONTROL, MAV_CMD.DO_SET_RELAY, MAV_CMD.DO_SET_SERVO,
      MAV_CMD.NAV_WAYPOINT, MAV_CMD.DO_SET_ROI_NONE,
    ]);
    expect(items.every((i) => i.frame === 3 && i.autocontinue)).toBe(true);
    expect(items[0]).toMatchObject({ x: 34.75, y: 113.75, z: 30, param1: 0 });
    expect(items[1]).toMatchObject({ x: 34.7501, y: 113.7502, z: 0 });
    expect(items[2]).toMatchObject({ param1: 20, z: 30 });
    expect(items[3]).toMatchObject({ param1: 90, param4: 0 });
    expect(items[4]).toMatchObject({ param3: 1 });
    expect(items[5]).toMatchObject({ x: 1 });
    expect(items[6]).toMatchObject({ param1: 2, param2: 1 });
    expect(items[7]).toMatchObject({ param1: 9, param2: 1900 });
  });

  it('flies holds as NAV_LOITER_TIME when asked', () => {
    const items = routeToItems([leg], { hold: 'loiter' });
    expect(items[2]).toMatchObject({ command: MAV_CMD.NAV_LOITER_TIME, param1: 20, x: 34.75, y: 113.75, z: 30 });
    expect(items[0].command).toBe(MAV_CMD.NAV_WAYPOINT);
  });

  it('names the leg and waypoint of bad input', () => {
    const bad: RouteLeg = { kind: 'roof', ref: 'b1', waypoints: [leg.waypoints[0], { lat_deg: 95, lon_deg: 0, alt_m: 10 }] };
    expect(() => routeToItems([leg, bad])).toThrow(/leg 1 \(roof\) waypoint 1: lat_deg 95/);
    expect(() => routeToItems([{ kind: 'waypoint', waypoints: [] }])).toThrow(/leg 0 \(waypoint\) has no waypoints/);
    expect(() => routeToItems([{ kind: 'post', waypoints: [{ lat_deg: 1, lon_deg: 1, alt_m: 5, actions: [{ relay: 1, state: 3 as 1 }] }] }])).toThrow(/actions\[0\]\.state/);
    expect(() => routeToItems([{ kind: 'post', waypoints: [{ lat_deg: 1, lon_deg: 1, alt_m: 5, hold_s: -1 }] }])).toThrow(/hold_s/);
  });

  it('gives a leg its entry and exit', () => {
    const { entry, exit } = legEnds(leg);
    expect(entry).toBe(leg.waypoints[0]);
    expect(exit).toBe(leg.waypoints[2]);
  });
});
