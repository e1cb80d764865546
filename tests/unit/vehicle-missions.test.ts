// The mission a vehicle holds, as the Fly view draws it (electron/services/vehicle-missions.ts): numbered as the
// vehicle numbers it (ArduPilot keeps home at 0), places only for navigation items that have one.
import { describe, expect, it } from 'vitest';
import type { MissionItem } from '../../patrol/mission/mission-item';
import { missionPoints } from '../../electron/services/vehicle-missions';

const item = (command: number, frame: number, x: number, y: number, z: number): MissionItem => ({ command, frame, param1: 0, param2: 0, param3: 0, param4: 0, x, y, z, autocontinue: true });

describe('mission points', () => {
  it('numbers items as the vehicle does and places only navigation items with a place', () => {
    const items = [
      item(22, 3, 0, 0, 20), // NAV_TAKEOFF: ArduPilot ignores its x/y (0,0): no place
      item(16, 3, 34.75, 113.75, 25), // NAV_WAYPOINT
      item(201, 3, 34.751, 113.751, 0), // DO_SET_ROI: a place, but not one the aircraft flies to
      item(178, 2, 0, 8, -1), // DO_CHANGE_SPEED in MAV_FRAME_MISSION
      item(20, 2, 0, 0, 0), // NAV_RETURN_TO_LAUNCH
    ];
    const ardupilot = missionPoints(items, 1);
    expect(ardupilot.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(ardupilot.map((p) => p.command_name)).toEqual(['NAV_TAKEOFF', 'NAV_WAYPOINT', 'DO_SET_ROI', 'DO_CHANGE_SPEED', 'NAV_RETURN_TO_LAUNCH']);
    expect(ardupilot.map((p) => p.lat_deg)).toEqual([null, 34.75, null, null, null]);
    expect(ardupilot[1]).toMatchObject({ lon_deg: 113.75, alt_m: 25, frame: 3 });
    expect(missionPoints(items, 0).map((p) => p.seq)).toEqual([0, 1, 2, 3, 4]);
  });
});
