// downloadedHome: which home a downloaded plan gets, and the warning when the vehicle has none (never a fake 0,0).
import { describe, expect, it } from 'vitest';
import { downloadedHome } from '../../electron/cli/mission-io';
import { missionItem } from '../../patrol/mission/mission-item';

const seq0 = (x: number, y: number, z = 0, frame = 0) => missionItem(16, { frame, x, y, z });

describe('downloadedHome', () => {
  it("ArduPilot's seq 0 home (frame 0, AMSL) when it is set", () => {
    expect(downloadedHome(seq0(22.5, 114.05, 40), null, 'a.plan')).toEqual({ home: { lat_deg: 22.5, lon_deg: 114.05, alt_m: 40 } });
  });

  it('HOME_POSITION when there is no seq 0 home (PX4) or seq 0 is 0,0', () => {
    const hp = { lat: 47.39, lon: 8.54, alt_amsl_m: 488 };
    expect(downloadedHome(undefined, hp, 'a.plan')).toEqual({ home: { lat_deg: 47.39, lon_deg: 8.54, alt_m: 488 } });
    expect(downloadedHome(seq0(0, 0), hp, 'a.waypoints')).toEqual({ home: { lat_deg: 47.39, lon_deg: 8.54, alt_m: 488 } });
  });

  it('no home, with a warning saying why and what the file holds instead', () => {
    expect(downloadedHome(seq0(0, 0), null, 'a.plan')).toEqual({
      warning: 'the vehicle has no home yet (it answered 0,0 at mission seq 0): the file has no home position (plannedHomePosition is [null, null, null], which QGroundControl reads as not set)',
    });
    expect(downloadedHome(undefined, { lat: 0, lon: 0, alt_amsl_m: 0 }, 'a.txt')).toEqual({
      warning: 'the vehicle has no home yet (no home at mission seq 0 and no HOME_POSITION): the file has no home position (line 0 is all zeros, as Mission Planner writes when it has no home)',
    });
    expect(downloadedHome(seq0(22.5, 114.05, 40, 3), null, 'a.plan').warning).toMatch(/^the vehicle has no home yet \(its mission seq 0 is not a home \(frame 3\)\)/);
  });
});
