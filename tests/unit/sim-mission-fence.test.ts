// The simulated copter's geofence: the uploaded inclusion polygon and exclusion circle, FENCE_ALT_MAX, enabled by
// FENCE_ENABLE or DO_FENCE_ENABLE; a breach while flying switches to RTL, which lands at home and disarms.
import { common, minimal } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { distance_m, latLonToNe, offsetLatLon } from '../../mavlink/sim/geo';
import type { VehicleConfig } from '../../mavlink/sim/config';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { CUSTOM, GUIDED } from './sim-helpers';
import { FENCE, MavCmd, MavFrame, MISSION, missionSim, R, upload, type Harness } from './sim-mission-helpers';

const { MavResult } = common;
const AUTO = 3;
const RTL = 6;

function at(h: Harness, north_m: number, east_m: number): { lat_deg: number; lon_deg: number } {
  return offsetLatLon(h.sim.vehicle(1).home, north_m, east_m);
}

/** A 120 m square inclusion polygon around home and a 10 m exclusion circle 40 m east. */
function fenceItems(h: Harness): MissionItem[] {
  const corners = [at(h, 60, 60), at(h, 60, -60), at(h, -60, -60), at(h, -60, 60)];
  const poly = corners.map((c) => missionItem(MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, { frame: MavFrame.GLOBAL, param1: 4, x: c.lat_deg, y: c.lon_deg }));
  const c = at(h, 0, 40);
  return [...poly, missionItem(MavCmd.NAV_FENCE_CIRCLE_EXCLUSION, { frame: MavFrame.GLOBAL, param1: 10, x: c.lat_deg, y: c.lon_deg })];
}

function flying(config: Partial<VehicleConfig>): Harness {
  const h = missionSim({ vehicle: config });
  expect(upload(h, FENCE, fenceItems(h))?.type).toBe(R.ACCEPTED);
  h.gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.GlobalPositionInt.MSG_ID, 100_000]);
  h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
  h.gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
  h.gcs.command(1, MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 10]);
  h.sim.runFor(7_000);
  expect(h.sim.vehicle(1).kin.alt_m).toBeGreaterThan(9.5);
  return h;
}

function goTo(h: Harness, north_m: number, east_m: number, alt_m: number): void {
  const p = at(h, north_m, east_m);
  h.gcs.commandInt(1, MavCmd.DO_REPOSITION, common.MavFrame.GLOBAL_RELATIVE_ALT_INT, [-1, 0, 0, Number.NaN], Math.round(p.lat_deg * 1e7), Math.round(p.lon_deg * 1e7), alt_m);
  expect(h.gcs.ack(MavCmd.DO_REPOSITION)?.result).toBe(MavResult.ACCEPTED);
}

function farthest_m(h: Harness): number {
  const home = h.sim.vehicle(1).home;
  return Math.max(...h.gcs.all(common.GlobalPositionInt).map((r) => distance_m(home, { lat_deg: r.msg.lat / 1e7, lon_deg: r.msg.lon / 1e7 })));
}

describe('simulated copter: geofence', () => {
  it('leaving the inclusion polygon triggers RTL, which lands at home and disarms', () => {
    const h = flying({ fence_enable: 1 });
    goTo(h, 120, 0, 10);
    h.sim.runFor(90_000);
    expect(h.gcs.texts()).toContain('Fence breach: polygon');
    expect(h.gcs.texts().filter((t) => t.startsWith('Fence breach'))).toHaveLength(1);
    expect(h.gcs.all(minimal.Heartbeat).some((r) => r.msg.customMode === RTL)).toBe(true);
    expect(farthest_m(h)).toBeGreaterThan(60);
    expect(farthest_m(h)).toBeLessThan(70); // turned back at the fence, not at the target
    const v = h.sim.vehicle(1);
    expect([v.armed, v.kin.landed]).toEqual([false, true]);
    expect(distance_m(v.position(), v.home)).toBeLessThan(1);
  });

  it('does nothing while the fence is disabled (FENCE_ENABLE 0, the default)', () => {
    const h = flying({});
    goTo(h, 120, 0, 10);
    h.sim.runFor(40_000);
    expect(h.gcs.texts().some((t) => t.startsWith('Fence breach'))).toBe(false);
    expect(h.sim.vehicle(1).mode).toBe(GUIDED);
    expect(farthest_m(h)).toBeGreaterThan(119);
  });

  it('enforces FENCE_ALT_MAX once DO_FENCE_ENABLE turns the fence on', () => {
    const h = flying({ fence_alt_max_m: 30 });
    h.gcs.command(1, MavCmd.DO_FENCE_ENABLE, [1]);
    expect(h.gcs.ack(MavCmd.DO_FENCE_ENABLE)?.result).toBe(MavResult.ACCEPTED);
    goTo(h, 0, 0, 45);
    h.sim.runFor(20_000);
    expect(h.gcs.texts()).toContain('Fence breach: max alt');
    expect(h.sim.vehicle(1).mode).toBe(RTL);
    const maxAlt_m = Math.max(...h.gcs.all(common.GlobalPositionInt).map((r) => r.msg.relativeAlt / 1000));
    expect(maxAlt_m).toBeGreaterThan(30);
    expect(maxAlt_m).toBeLessThan(33);
  });

  it('stops an AUTO mission that flies into an exclusion circle and returns home', () => {
    const h = flying({ fence_enable: 1 });
    expect(upload(h, MISSION, [
      missionItem(MavCmd.NAV_WAYPOINT, { frame: MavFrame.GLOBAL }),
      missionItem(MavCmd.NAV_WAYPOINT, { frame: MavFrame.GLOBAL_RELATIVE_ALT, x: at(h, 0, 55).lat_deg, y: at(h, 0, 55).lon_deg, z: 10 }),
    ])?.type).toBe(R.ACCEPTED);
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, AUTO]);
    h.sim.runFor(60_000);
    expect(h.gcs.texts()).toContain('Fence breach: polygon'); // AC_Fence counts uploaded circles as polygon fences
    const home = h.sim.vehicle(1).home;
    const east_m = Math.max(...h.gcs.all(common.GlobalPositionInt).map((r) => latLonToNe(home, r.msg.lat / 1e7, r.msg.lon / 1e7).e));
    expect(east_m).toBeGreaterThan(29);
    expect(east_m).toBeLessThan(36); // turned back at the circle's edge (30 m east), not at the waypoint
    expect(h.gcs.all(common.MissionItemReached)).toHaveLength(0);
    expect(h.sim.vehicle(1).mission.runner.progress()).toMatchObject({ seq: 1, state: common.MissionState.NOT_STARTED });
    expect(h.sim.vehicle(1).armed).toBe(false);
  });

  it('refuses to arm outside an enabled fence (PreArm), arms once it is disabled', () => {
    const h = missionSim({ vehicle: { fence_enable: 1, ekf_ready_s: 1 } });
    // An inclusion square 100..200 m north of home: the copter on its pad is outside it.
    const sq = [at(h, 100, -50), at(h, 100, 50), at(h, 200, 50), at(h, 200, -50)];
    expect(upload(h, FENCE, sq.map((c) => missionItem(MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, { frame: MavFrame.GLOBAL, param1: 4, x: c.lat_deg, y: c.lon_deg })))?.type).toBe(R.ACCEPTED);
    h.sim.runFor(2_000);
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    h.gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
    expect(h.gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.FAILED);
    expect(h.gcs.texts()).toContain('PreArm: Fence: vehicle outside fence');
    expect(h.sim.vehicle(1).armed).toBe(false);
    h.gcs.command(1, MavCmd.DO_FENCE_ENABLE, [0]);
    h.gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
    expect(h.gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.ACCEPTED);
  });

  it('a GCS takeoff command is refused in AUTO (the mission takes off), accepted in GUIDED', () => {
    const h = missionSim({ vehicle: { ekf_ready_s: 1 } });
    h.sim.runFor(2_000);
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    h.gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
    expect(h.gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.ACCEPTED);
    h.sim.vehicle(1).mode = AUTO; // as if switched on the ground by a script; the command is what is tested
    h.gcs.command(1, MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 10]);
    expect(h.gcs.ack(MavCmd.NAV_TAKEOFF)?.result).toBe(MavResult.FAILED);
    h.sim.vehicle(1).mode = GUIDED;
    h.gcs.command(1, MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 10]);
    expect(h.gcs.ack(MavCmd.NAV_TAKEOFF)?.result).toBe(MavResult.ACCEPTED);
  });
});
