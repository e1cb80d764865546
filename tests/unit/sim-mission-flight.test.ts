// Flying a stored mission in AUTO on the simulated copter: a full patrol (takeoff, waypoints with hold, speed
// change, loiter, DO_JUMP, ROI, camera, relay, servo, RTL to touchdown), then the edges: the end of a mission
// without RTL, MISSION_START, altitude frames, leaving and resuming AUTO. Sim time is driven with runFor.
import { common, ardupilotmega } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { distance_m, latLonToNe, offsetLatLon, wrapPi } from '../../mavlink/sim/geo';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { CUSTOM, GUIDED } from './sim-helpers';
import { MavCmd, MavFrame, MISSION, missionSim, R, upload, type Harness } from './sim-mission-helpers';

const { MavResult } = common;
const AUTO = 3;

function at(h: Harness, north_m: number, east_m: number): { lat_deg: number; lon_deg: number } {
  return offsetLatLon(h.sim.vehicle(1).home, north_m, east_m);
}

function nav(h: Harness, command: number, north_m: number, east_m: number, alt_m: number, fields: Partial<MissionItem> = {}): MissionItem {
  const p = at(h, north_m, east_m);
  return missionItem(command, { frame: MavFrame.GLOBAL_RELATIVE_ALT, x: p.lat_deg, y: p.lon_deg, z: alt_m, ...fields });
}

function doItem(command: number, fields: Partial<MissionItem> = {}): MissionItem {
  return missionItem(command, { frame: MavFrame.MISSION, ...fields });
}

const homeSlot = missionItem(MavCmd.NAV_WAYPOINT, { frame: MavFrame.GLOBAL });
const takeoff = (alt_m: number): MissionItem => missionItem(MavCmd.NAV_TAKEOFF, { z: alt_m });

/** Telemetry at 10 Hz (position, attitude, speed) and MISSION_CURRENT at 2 Hz; then GUIDED and armed on the ground. */
function readyOnGround(h: Harness): void {
  for (const id of [common.GlobalPositionInt.MSG_ID, common.Attitude.MSG_ID, common.VfrHud.MSG_ID]) h.gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [id, 100_000]);
  h.gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.MissionCurrent.MSG_ID, 500_000]);
  h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
  h.gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
  expect(h.gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.ACCEPTED);
}

function reached(h: Harness): Array<{ seq: number; t_ms: number }> {
  return h.gcs.all(common.MissionItemReached).map((r) => ({ seq: r.msg.seq, t_ms: r.t_ms }));
}

function reachedAt(h: Harness, seq: number, nth = 0): number {
  const r = reached(h).filter((x) => x.seq === seq)[nth];
  if (!r) throw new Error(`item ${seq} never reached (${nth + 1}. time)`);
  return r.t_ms;
}

function positions(h: Harness, from_ms: number, to_ms: number): Array<{ t_ms: number; lat_deg: number; lon_deg: number; alt_rel_m: number }> {
  return h.gcs.all(common.GlobalPositionInt).filter((r) => r.t_ms >= from_ms && r.t_ms <= to_ms)
    .map((r) => ({ t_ms: r.t_ms, lat_deg: r.msg.lat / 1e7, lon_deg: r.msg.lon / 1e7, alt_rel_m: r.msg.relativeAlt / 1000 }));
}

function maxSpeed(h: Harness, from_ms: number, to_ms: number): number {
  return Math.max(...h.gcs.all(common.VfrHud).filter((r) => r.t_ms >= from_ms && r.t_ms <= to_ms).map((r) => r.msg.groundspeed));
}

describe('simulated copter: mission flight in AUTO', () => {
  it('flies takeoff, waypoints with hold, speed change, loiter, DO_JUMP once, ROI, camera, relay, servo and RTL to touchdown', () => {
    const h = missionSim();
    const roi = at(h, -40, 40);
    const items: MissionItem[] = [
      homeSlot,
      takeoff(10), // 1
      nav(h, MavCmd.NAV_WAYPOINT, 40, 0, 10, { param1: 3 }), // 2: hold 3 s
      doItem(MavCmd.DO_CHANGE_SPEED, { param1: 1, param2: 8, param3: -1 }), // 3
      nav(h, MavCmd.NAV_WAYPOINT, 40, 80, 15), // 4
      nav(h, MavCmd.NAV_LOITER_TIME, 0, 80, 15, { param1: 4 }), // 5
      doItem(MavCmd.DO_JUMP, { param1: 4, param2: 1 }), // 6: once more through 4, 5
      missionItem(MavCmd.DO_SET_ROI_LOCATION, { frame: MavFrame.GLOBAL_RELATIVE_ALT, x: roi.lat_deg, y: roi.lon_deg, z: 0 }), // 7
      nav(h, MavCmd.NAV_WAYPOINT, 40, 40, 12), // 8
      doItem(MavCmd.IMAGE_START_CAPTURE, { param2: 0, param3: 1 }), // 9
      doItem(MavCmd.DO_SET_RELAY, { param1: 0, param2: 1 }), // 10
      doItem(MavCmd.DO_SET_SERVO, { param1: 9, param2: 1500 }), // 11
      doItem(MavCmd.DO_DIGICAM_CONTROL, { x: 1 }), // 12
      doItem(MavCmd.DO_SET_ROI_NONE), // 13
      missionItem(MavCmd.NAV_RETURN_TO_LAUNCH, { frame: MavFrame.MISSION }), // 14
    ];
    expect(upload(h, MISSION, items)?.type).toBe(R.ACCEPTED);
    readyOnGround(h);
    const start_ms = h.sim.sim_ms;
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, AUTO]);
    expect(h.gcs.ack(MavCmd.DO_SET_MODE)?.result).toBe(MavResult.ACCEPTED);
    h.sim.runFor(240_000);

    // Every navigation item reached once per visit, in order; DO items ArduCopter verifies itself are reported too.
    expect(reached(h).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 4, 5, 7, 8, 13, 14]);
    const v = h.sim.vehicle(1);
    expect(v.armed).toBe(false);
    expect(v.kin.landed).toBe(true);
    expect(distance_m(v.position(), v.home)).toBeLessThan(1);
    expect(h.gcs.texts()).toContain('Disarming motors');
    expect(h.gcs.last(common.MissionCurrent)).toMatchObject({ seq: 14, total: 14, missionState: common.MissionState.COMPLETE });

    // MISSION_CURRENT follows the navigation item, sent the moment it changes.
    const seqs = h.gcs.all(common.MissionCurrent).filter((r) => r.t_ms >= start_ms).map((r) => r.msg.seq);
    expect(seqs.filter((s, i) => i === 0 || s !== seqs[i - 1])).toEqual([1, 2, 4, 5, 4, 5, 8, 14]);
    for (const [seq, prev, nth] of [[2, 1, 0], [4, 2, 0], [4, 5, 0], [8, 5, 1]]) {
      expect(h.gcs.all(common.MissionCurrent).some((r) => r.msg.seq === seq && r.t_ms === reachedAt(h, prev, nth))).toBe(true);
    }

    // Hold at A for 3 s, loiter at C for 4 s (both visits).
    const t2 = reachedAt(h, 2);
    expect(positions(h, t2 - 2_900, t2).every((p) => distance_m(p, at(h, 40, 0)) < 2.1)).toBe(true);
    for (const nth of [0, 1]) {
      const t5 = reachedAt(h, 5, nth);
      expect(positions(h, t5 - 3_900, t5).every((p) => distance_m(p, at(h, 0, 80)) < 2.1 && Math.abs(p.alt_rel_m - 15) < 1)).toBe(true);
    }

    // DO_CHANGE_SPEED: 5 m/s (WPNAV_SPEED) before, 8 m/s after.
    expect(maxSpeed(h, start_ms, t2)).toBeLessThanOrEqual(5 + 1e-3);
    const legB = maxSpeed(h, t2, reachedAt(h, 4));
    expect(legB).toBeGreaterThan(7.5);
    expect(legB).toBeLessThanOrEqual(8 + 1e-3);

    // The nose turns to the ROI on the way to D.
    const attitude = new Map(h.gcs.all(common.Attitude).map((r) => [r.t_ms, r.msg.yaw]));
    const legD = positions(h, reachedAt(h, 7) + 2_000, reachedAt(h, 8));
    expect(legD.length).toBeGreaterThan(20);
    for (const p of legD) {
      const d = latLonToNe({ ...p, alt_m: 0 }, roi.lat_deg, roi.lon_deg);
      const yaw = attitude.get(p.t_ms);
      expect(yaw).toBeDefined();
      expect(Math.abs(wrapPi((yaw ?? 0) - Math.atan2(d.e, d.n))) * 180 / Math.PI).toBeLessThan(3);
    }

    // Two pictures at D (IMAGE_START_CAPTURE, DO_DIGICAM_CONTROL) from the autopilot component, with the position.
    const shots = h.gcs.all(common.CameraImageCaptured);
    expect(shots.map((s) => s.msg.imageIndex)).toEqual([0, 1]);
    for (const s of shots) {
      expect([s.sysid, s.compid, s.msg.captureResult]).toEqual([1, 1, 1]);
      expect(distance_m({ lat_deg: s.msg.lat / 1e7, lon_deg: s.msg.lon / 1e7 }, at(h, 40, 40))).toBeLessThan(2.5);
      expect(Math.abs(s.msg.relativeAlt / 1000 - 12)).toBeLessThan(1);
      expect(Math.abs(s.msg.alt / 1000 - (v.home.alt_m + 12))).toBeLessThan(1);
      expect(s.t_ms).toBeGreaterThanOrEqual(reachedAt(h, 8));
    }
    expect(h.gcs.all(ardupilotmega.CameraFeedback).map((f) => f.msg.imgIdx)).toEqual([1, 2]);
    expect(h.gcs.texts()).toEqual(expect.arrayContaining(['Relay 0 set to 1', 'Servo 9 set to 1500', 'Mission: 6 Jump 1/1', 'Mission: 1 Takeoff']));
  });

  it('holds at the last waypoint in AUTO when the mission has no RTL or LAND', () => {
    const h = missionSim();
    expect(upload(h, MISSION, [homeSlot, takeoff(8), nav(h, MavCmd.NAV_WAYPOINT, 30, 0, 8)])?.type).toBe(R.ACCEPTED);
    readyOnGround(h);
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, AUTO]);
    h.sim.runFor(30_000);
    expect(reached(h).map((r) => r.seq)).toEqual([1, 2]);
    const done_ms = reachedAt(h, 2);
    h.sim.runFor(20_000);
    const v = h.sim.vehicle(1);
    expect(v.armed).toBe(true);
    expect(v.mode).toBe(AUTO);
    expect(positions(h, done_ms, h.sim.sim_ms).every((p) => distance_m(p, at(h, 30, 0)) < 2.5 && Math.abs(p.alt_rel_m - 8) < 0.5)).toBe(true);
    expect(h.gcs.last(common.MissionCurrent)?.missionState).toBe(common.MissionState.COMPLETE);
  });

  it('starts with MISSION_START after arming in GUIDED, and refuses AUTO on the ground without a takeoff first', () => {
    const h = missionSim();
    expect(upload(h, MISSION, [homeSlot, nav(h, MavCmd.NAV_WAYPOINT, 20, 0, 8)])?.type).toBe(R.ACCEPTED);
    readyOnGround(h);
    h.gcs.command(1, MavCmd.MISSION_START, [0, 0]);
    expect(h.gcs.ack(MavCmd.MISSION_START)?.result).toBe(MavResult.FAILED);
    expect(h.gcs.texts()).toContain('Auto: Missing Takeoff Cmd');
    expect(h.sim.vehicle(1).mode).toBe(GUIDED);
    expect(upload(h, MISSION, [homeSlot, takeoff(6), nav(h, MavCmd.NAV_WAYPOINT, 20, 0, 8)])?.type).toBe(R.ACCEPTED);
    h.gcs.command(1, MavCmd.MISSION_START, [0, 0]);
    expect(h.gcs.ack(MavCmd.MISSION_START)?.result).toBe(MavResult.ACCEPTED);
    expect(h.sim.vehicle(1).mode).toBe(AUTO);
    h.sim.runFor(25_000);
    expect(reached(h).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('flies altitudes given relative to home, above mean sea level and above (flat) terrain', () => {
    const h = missionSim();
    const home = h.sim.vehicle(1).home;
    expect(upload(h, MISSION, [
      homeSlot, takeoff(10),
      nav(h, MavCmd.NAV_WAYPOINT, 20, 0, home.alt_m + 25, { frame: MavFrame.GLOBAL, param1: 2 }),
      nav(h, MavCmd.NAV_WAYPOINT, 20, 20, 18, { frame: MavFrame.GLOBAL_TERRAIN_ALT, param1: 2 }),
      nav(h, MavCmd.NAV_WAYPOINT, 0, 20, 7, { frame: MavFrame.GLOBAL_RELATIVE_ALT_INT, param1: 2 }),
    ])?.type).toBe(R.ACCEPTED);
    readyOnGround(h);
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, AUTO]);
    h.sim.runFor(60_000);
    expect(reached(h).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    for (const [seq, alt] of [[2, 25], [3, 18], [4, 7]]) {
      const p = positions(h, reachedAt(h, seq) - 150, reachedAt(h, seq)).pop();
      expect(Math.abs((p?.alt_rel_m ?? -1) - alt)).toBeLessThan(0.2); // held 2 s there
    }
  });

  it('stops the mission when leaving AUTO, refuses to clear it while flying it, and resumes the same item', () => {
    const h = missionSim();
    expect(upload(h, MISSION, [homeSlot, takeoff(10), nav(h, MavCmd.NAV_WAYPOINT, 150, 0, 10), nav(h, MavCmd.NAV_WAYPOINT, 150, 30, 10)])?.type).toBe(R.ACCEPTED);
    readyOnGround(h);
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, AUTO]);
    h.sim.runFor(12_000);
    expect(h.sim.vehicle(1).mission.runner.progress()).toMatchObject({ seq: 2, state: common.MissionState.ACTIVE });
    const from = h.gcs.received.length;
    h.gcs.send(Object.assign(new common.MissionClearAll(), { targetSystem: 1, targetComponent: 1, missionType: MISSION }));
    expect(h.gcs.received.slice(from).find((r) => r.msg instanceof common.MissionAck)?.msg).toMatchObject({ type: R.ERROR });
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    h.sim.runFor(6_000);
    const paused = h.sim.vehicle(1).position();
    expect(h.sim.vehicle(1).mission.runner.progress()).toMatchObject({ seq: 2, state: common.MissionState.NOT_STARTED });
    h.sim.runFor(4_000);
    expect(distance_m(h.sim.vehicle(1).position(), paused)).toBeLessThan(0.5); // GUIDED holds; the mission waits
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, AUTO]);
    h.sim.runFor(40_000);
    expect(reached(h).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(h.gcs.texts().filter((t) => t === 'Mission: 1 Takeoff')).toHaveLength(1); // resumed at 2, not restarted
    expect(h.gcs.texts().filter((t) => t === 'Mission: 2 WP')).toHaveLength(2);
  });

  it('loops forever on DO_JUMP -1 until the mode changes; CONDITION_YAW holds the nose while flying on', () => {
    const h = missionSim();
    expect(upload(h, MISSION, [
      homeSlot, takeoff(6), // 1
      doItem(MavCmd.CONDITION_YAW, { param1: 90, param2: 0, param3: 1, param4: 0 }), // 2: nose east
      nav(h, MavCmd.NAV_WAYPOINT, 25, 0, 6), // 3: fly north
      nav(h, MavCmd.NAV_WAYPOINT, 0, 0, 6), // 4
      doItem(MavCmd.DO_JUMP, { param1: 3, param2: -1 }), // 5
    ])?.type).toBe(R.ACCEPTED);
    readyOnGround(h);
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, AUTO]);
    h.sim.runFor(90_000);
    const seqs = reached(h).map((r) => r.seq);
    expect(seqs.slice(0, 3)).toEqual([1, 2, 3]); // the yaw is reached before the first waypoint
    expect(seqs.filter((s) => s === 3).length).toBeGreaterThanOrEqual(4);
    expect(seqs.filter((s) => s === 2)).toHaveLength(1); // before the jump target: not repeated
    const yaws = h.gcs.all(common.Attitude).filter((r) => r.t_ms > reachedAt(h, 2) && r.t_ms < reachedAt(h, 3)).map((r) => r.msg.yaw);
    expect(yaws.length).toBeGreaterThan(10);
    expect(yaws.every((y) => Math.abs(wrapPi(y - Math.PI / 2)) < 0.05)).toBe(true);
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    const stopped = reached(h).length;
    h.sim.runFor(20_000);
    expect(reached(h)).toHaveLength(stopped);
    expect(h.sim.vehicle(1).mission.runner.progress().state).toBe(common.MissionState.NOT_STARTED);
  });
});
