// Simulated copter extras a GCS uses on connect and in GUIDED: the parameter server (ArduCopter names and
// units), SET_POSITION_TARGET_LOCAL_NED, DO_SET_ROI (201) and GET_HOME_POSITION.
import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { armAndTakeoff, pipeSim } from './sim-helpers';

const { MavCmd, MavResult, MavFrame } = common;

function paramSet(name: string, value: number): common.ParamSet {
  return Object.assign(new common.ParamSet(), { targetSystem: 1, targetComponent: 1, paramId: name, paramValue: value, paramType: common.MavParamType.REAL32 });
}

describe('simulated copter parameters', () => {
  it('lists its parameters with count and index, reads one by name and by index', () => {
    const { sim, gcs } = pipeSim();
    gcs.send(Object.assign(new common.ParamRequestList(), { targetSystem: 1, targetComponent: 1 }));
    const list = gcs.all(common.ParamValue).map((r) => r.msg);
    expect(list.length).toBeGreaterThan(10);
    expect(list.every((p) => p.paramCount === list.length)).toBe(true);
    expect(list.map((p) => p.paramIndex)).toEqual(list.map((_, i) => i));
    const byName = new Map(list.map((p) => [p.paramId, p.paramValue]));
    expect(byName.get('WPNAV_SPEED')).toBe(500);
    expect(byName.get('RTL_ALT')).toBe(1500);
    expect(byName.get('DISARM_DELAY')).toBe(10);
    expect(byName.get('SYSID_THISMAV')).toBe(1);
    gcs.clear();
    gcs.send(Object.assign(new common.ParamRequestRead(), { targetSystem: 1, targetComponent: 1, paramId: 'RTL_ALT', paramIndex: -1 }));
    gcs.send(Object.assign(new common.ParamRequestRead(), { targetSystem: 1, targetComponent: 1, paramId: '', paramIndex: 0 }));
    expect(gcs.all(common.ParamValue).map((r) => r.msg.paramId)).toEqual(['RTL_ALT', 'SYSID_THISMAV']);
    sim.runFor(100);
  });

  it('PARAM_SET changes behaviour (RTL_ALT), is answered with the new value, and refuses nonsense', () => {
    const { sim, gcs } = pipeSim();
    gcs.send(paramSet('RTL_ALT', 2500));
    expect(gcs.last(common.ParamValue)?.paramValue).toBe(2500);
    gcs.send(paramSet('WPNAV_SPEED', -100));
    expect(gcs.last(common.ParamValue)?.paramValue).toBe(500); // unchanged
    gcs.send(paramSet('SYSID_THISMAV', 7));
    expect(gcs.last(common.ParamValue)?.paramValue).toBe(1); // read-only here
    const before = gcs.received.length;
    gcs.send(paramSet('NO_SUCH_PARAM', 1));
    expect(gcs.received.length).toBe(before);
    armAndTakeoff(sim, gcs, 1, 5);
    gcs.command(1, MavCmd.NAV_RETURN_TO_LAUNCH);
    sim.runFor(10_000);
    expect(sim.vehicle(1).position().alt_rel_m).toBeCloseTo(25, 0);
  });
});

describe('simulated copter GUIDED extras', () => {
  it('flies to SET_POSITION_TARGET_LOCAL_NED targets in LOCAL_NED and BODY_OFFSET_NED', () => {
    const { sim, gcs } = pipeSim();
    armAndTakeoff(sim, gcs, 1, 10);
    const target = (frame: number, x: number, y: number, z: number): common.SetPositionTargetLocalNed =>
      Object.assign(new common.SetPositionTargetLocalNed(), { targetSystem: 1, targetComponent: 1, coordinateFrame: frame, typeMask: 0b0000_1111_1111_1000, x, y, z });
    gcs.send(target(MavFrame.LOCAL_NED, 20, -10, -15));
    sim.runFor(15_000);
    const v = sim.vehicle(1);
    expect(v.kin.pos.n).toBeCloseTo(20, 1);
    expect(v.kin.pos.e).toBeCloseTo(-10, 1);
    expect(v.position().alt_rel_m).toBeCloseTo(15, 1);
    gcs.command(1, MavCmd.CONDITION_YAW, [90, 0, 0, 0]); // face east
    sim.runFor(3_000);
    gcs.send(target(MavFrame.BODY_OFFSET_NED, 10, 0, 0)); // 10 m ahead = 10 m east
    sim.runFor(10_000);
    expect(v.kin.pos.n).toBeCloseTo(20, 1);
    expect(v.kin.pos.e).toBeCloseTo(0, 1);
  });

  it('DO_SET_ROI (201, COMMAND_LONG degrees) turns the nose; DO_SET_ROI_NONE clears it; GET_HOME_POSITION answers', () => {
    const { sim, gcs } = pipeSim();
    armAndTakeoff(sim, gcs, 1, 10);
    const v = sim.vehicle(1);
    const south = { lat_deg: v.home.lat_deg - 0.001, lon_deg: v.home.lon_deg };
    gcs.command(1, MavCmd.DO_SET_ROI, [3, 0, 0, 0, south.lat_deg, south.lon_deg, 0]);
    expect(gcs.ack(MavCmd.DO_SET_ROI)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(5_000);
    expect((v.kin.yaw_rad * 180) / Math.PI).toBeCloseTo(180, 0);
    gcs.command(1, MavCmd.DO_SET_ROI_NONE);
    expect(gcs.ack(MavCmd.DO_SET_ROI_NONE)?.result).toBe(MavResult.ACCEPTED);
    expect(v.kin.yawMode.kind).toBe('travel');
    gcs.command(1, MavCmd.GET_HOME_POSITION);
    sim.runFor(100);
    expect(gcs.ack(MavCmd.GET_HOME_POSITION)?.result).toBe(MavResult.ACCEPTED);
    expect(gcs.all(common.HomePosition).length).toBe(2); // once when home was set, once on request
  });

  it('ignores position targets outside GUIDED, and DO_REPOSITION outside GUIDED is denied unless it may change mode', () => {
    const { sim, gcs } = pipeSim();
    armAndTakeoff(sim, gcs, 1, 10);
    const v = sim.vehicle(1);
    gcs.command(1, MavCmd.DO_SET_MODE, [1, 5]); // LOITER
    const far = { lat: Math.round((v.home.lat_deg + 0.0005) * 1e7), lon: Math.round(v.home.lon_deg * 1e7) };
    gcs.send(Object.assign(new common.SetPositionTargetGlobalInt(), {
      targetSystem: 1, targetComponent: 1, coordinateFrame: MavFrame.GLOBAL_RELATIVE_ALT_INT, typeMask: 0b0000_1111_1111_1000, latInt: far.lat, lonInt: far.lon, alt: 10,
    }));
    sim.runFor(5_000);
    expect(Math.hypot(v.kin.pos.n, v.kin.pos.e)).toBeLessThan(0.1);
    gcs.commandInt(1, MavCmd.DO_REPOSITION, MavFrame.GLOBAL_RELATIVE_ALT_INT, [-1, 0, 0, Number.NaN], far.lat, far.lon, 10);
    expect(gcs.ack(MavCmd.DO_REPOSITION)?.result).toBe(MavResult.DENIED);
    gcs.commandInt(1, MavCmd.DO_REPOSITION, MavFrame.GLOBAL_RELATIVE_ALT_INT, [-1, 1, 0, Number.NaN], far.lat, far.lon, 10);
    expect(gcs.ack(MavCmd.DO_REPOSITION)?.result).toBe(MavResult.ACCEPTED);
    expect(v.mode).toBe(4);
    sim.runFor(20_000);
    expect(v.kin.pos.n).toBeCloseTo(55.6, 0);
    gcs.commandInt(1, MavCmd.DO_REPOSITION, MavFrame.LOCAL_NED, [-1, 0, 0, Number.NaN], far.lat, far.lon, 10);
    expect(gcs.ack(MavCmd.DO_REPOSITION)?.result).toBe(MavResult.DENIED); // a frame it cannot fly in
  });
});
