// Simulated copter flight: takeoff, go-to at the speed limit with bounded acceleration, yaw and ROI, RTL from
// low and high, LAND, BRAKE, the battery failsafe, and two vehicles on one link. Sim time is driven directly.
import { common, minimal } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { distance_m, offsetLatLon } from '../../mavlink/sim/geo';
import type { Simulator } from '../../mavlink/sim/simulator';
import { armAndTakeoff, CUSTOM, pipeSim, type TestGcs } from './sim-helpers';

const { MavCmd, MavResult, MavFrame } = common;
const LOITER = 5;
const RTL = 6;
const LAND = 9;
const BRAKE = 17;

function fastTelemetry(gcs: TestGcs, sysid = 1): void {
  for (const id of [common.GlobalPositionInt.MSG_ID, common.VfrHud.MSG_ID, common.Attitude.MSG_ID]) {
    gcs.command(sysid, MavCmd.SET_MESSAGE_INTERVAL, [id, 100_000]);
  }
}

function positionTarget(sysid: number, lat_deg: number, lon_deg: number, alt_rel_m: number): common.SetPositionTargetGlobalInt {
  return Object.assign(new common.SetPositionTargetGlobalInt(), {
    targetSystem: sysid, targetComponent: 1, coordinateFrame: MavFrame.GLOBAL_RELATIVE_ALT_INT,
    typeMask: 0b0000_1111_1111_1000, latInt: Math.round(lat_deg * 1e7), lonInt: Math.round(lon_deg * 1e7), alt: alt_rel_m,
  });
}

/** GLOBAL_POSITION_INT samples since `from_ms`: time, horizontal metres from `ref`, relative altitude. */
function track(gcs: TestGcs, ref: { lat_deg: number; lon_deg: number }, from_ms = 0, sysid = 1): { t_ms: number; dist_m: number; alt_m: number }[] {
  return gcs.all(common.GlobalPositionInt, sysid).filter((r) => r.t_ms >= from_ms).map((r) => ({
    t_ms: r.t_ms,
    dist_m: distance_m(ref, { lat_deg: r.msg.lat / 1e7, lon_deg: r.msg.lon / 1e7 }),
    alt_m: r.msg.relativeAlt / 1000,
  }));
}

function home(sim: Simulator, sysid = 1): { lat_deg: number; lon_deg: number } {
  return sim.vehicle(sysid).home;
}

describe('simulated copter flight', () => {
  it('takes off to the asked altitude at no more than the climb rate', () => {
    const { sim, gcs } = pipeSim();
    fastTelemetry(gcs);
    armAndTakeoff(sim, gcs, 1, 12);
    expect(gcs.ack(MavCmd.NAV_TAKEOFF)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(2_000);
    const last = gcs.last(common.GlobalPositionInt);
    expect((last?.relativeAlt ?? 0) / 1000).toBeCloseTo(12, 1);
    const climbs = gcs.all(common.VfrHud).map((r) => r.msg.climb);
    expect(Math.max(...climbs)).toBeGreaterThan(2.4);
    expect(Math.max(...climbs)).toBeLessThanOrEqual(2.5 + 1e-3);
    expect(sim.vehicle(1).armed).toBe(true); // flying: no auto-disarm
  });

  it('goes to a SET_POSITION_TARGET_GLOBAL_INT point within metres, at the speed limit, with bounded acceleration', () => {
    const { sim, gcs } = pipeSim();
    fastTelemetry(gcs);
    armAndTakeoff(sim, gcs, 1, 10);
    const dest = offsetLatLon({ ...home(sim), alt_m: 0 }, 100, 0);
    const sent_ms = sim.sim_ms;
    gcs.send(positionTarget(1, dest.lat_deg, dest.lon_deg, 10));
    sim.runFor(40_000);
    const samples = track(gcs, dest, sent_ms);
    const arrived = samples.find((s) => s.dist_m < 2);
    expect(arrived).toBeDefined();
    expect((arrived?.t_ms ?? 0) - sent_ms).toBeGreaterThan(100 / 5 * 1000); // cannot beat 5 m/s
    expect(samples[samples.length - 1].dist_m).toBeLessThan(0.5);
    const hud = gcs.all(common.VfrHud).filter((r) => r.t_ms >= sent_ms);
    const speeds = hud.map((r) => r.msg.groundspeed);
    expect(Math.max(...speeds)).toBeGreaterThan(4.9);
    expect(Math.max(...speeds)).toBeLessThanOrEqual(5 + 1e-3);
    for (let i = 1; i < hud.length; i++) {
      const accel = Math.abs(hud[i].msg.groundspeed - hud[i - 1].msg.groundspeed) / ((hud[i].t_ms - hud[i - 1].t_ms) / 1000);
      expect(accel).toBeLessThanOrEqual(2.5 * 1.05);
    }
    const cruising = hud.filter((r) => r.msg.groundspeed > 4.9);
    expect(cruising.every((r) => r.msg.heading === 0 || r.msg.heading === 359)).toBe(true); // due north
    const pitches = gcs.all(common.Attitude).filter((r) => r.t_ms > sent_ms + 3_000 && r.t_ms < sent_ms + 15_000).map((r) => r.msg.pitch);
    expect(Math.max(...pitches)).toBeLessThan(-0.05); // nose down while flying forward
  });

  it('DO_REPOSITION (COMMAND_INT) flies at its speed param to its altitude; DO_CHANGE_SPEED changes the limit', () => {
    const { sim, gcs } = pipeSim();
    fastTelemetry(gcs);
    armAndTakeoff(sim, gcs, 1, 10);
    const dest = offsetLatLon({ ...home(sim), alt_m: 0 }, 0, 60);
    const sent_ms = sim.sim_ms;
    gcs.commandInt(1, MavCmd.DO_REPOSITION, MavFrame.GLOBAL_RELATIVE_ALT_INT, [3, 0, 0, Number.NaN], Math.round(dest.lat_deg * 1e7), Math.round(dest.lon_deg * 1e7), 20);
    expect(gcs.ack(MavCmd.DO_REPOSITION)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(30_000);
    const end = track(gcs, dest, sent_ms).pop();
    expect(end?.dist_m).toBeLessThan(1);
    expect(end?.alt_m).toBeCloseTo(20, 0);
    const hud = gcs.all(common.VfrHud).filter((r) => r.t_ms >= sent_ms);
    expect(Math.max(...hud.map((r) => r.msg.groundspeed))).toBeLessThanOrEqual(3 + 1e-3);
    const cruise = hud.filter((r) => r.t_ms > sent_ms + 3_000 && r.msg.groundspeed > 2.9); // after turning (60°/s)
    expect(cruise.length).toBeGreaterThan(50);
    expect(cruise.every((r) => Math.abs(r.msg.heading - 90) <= 1)).toBe(true);

    gcs.command(1, MavCmd.DO_CHANGE_SPEED, [1, 8]);
    expect(gcs.ack(MavCmd.DO_CHANGE_SPEED)?.result).toBe(MavResult.ACCEPTED);
    const back = offsetLatLon({ ...home(sim), alt_m: 0 }, 0, -60);
    gcs.send(positionTarget(1, back.lat_deg, back.lon_deg, 20));
    const t2 = sim.sim_ms;
    sim.runFor(20_000);
    const fast = gcs.all(common.VfrHud).filter((r) => r.t_ms >= t2).map((r) => r.msg.groundspeed);
    expect(Math.max(...fast)).toBeGreaterThan(7.9);
    expect(Math.max(...fast)).toBeLessThanOrEqual(8 + 1e-3);
  });

  it('turns the nose to a DO_SET_ROI_LOCATION point and to a CONDITION_YAW heading', () => {
    const { sim, gcs } = pipeSim();
    fastTelemetry(gcs);
    armAndTakeoff(sim, gcs, 1, 10);
    const roi = offsetLatLon({ ...home(sim), alt_m: 0 }, 0, -50); // due west
    gcs.commandInt(1, MavCmd.DO_SET_ROI_LOCATION, MavFrame.GLOBAL_RELATIVE_ALT_INT, [], Math.round(roi.lat_deg * 1e7), Math.round(roi.lon_deg * 1e7), 0);
    expect(gcs.ack(MavCmd.DO_SET_ROI_LOCATION)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(5_000);
    expect(gcs.last(common.VfrHud)?.heading).toBe(270);
    gcs.command(1, MavCmd.CONDITION_YAW, [135, 30, 1, 0]);
    expect(gcs.ack(MavCmd.CONDITION_YAW)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(2_000);
    const turning = gcs.last(common.Attitude);
    expect(Math.abs(turning?.yawspeed ?? 0)).toBeCloseTo((30 * Math.PI) / 180, 2); // at the asked rate
    sim.runFor(5_000);
    expect(gcs.last(common.VfrHud)?.heading).toBe(135);
    gcs.command(1, MavCmd.CONDITION_YAW, [400, 0, 0, 0]);
    expect(gcs.ack(MavCmd.CONDITION_YAW)?.result).toBe(MavResult.FAILED);
  });

  it('RTL from low altitude climbs to RTL_ALT 15 m before heading home, then lands there and disarms', () => {
    const { sim, gcs } = pipeSim();
    fastTelemetry(gcs);
    armAndTakeoff(sim, gcs, 1, 5);
    const away = offsetLatLon({ ...home(sim), alt_m: 0 }, 30, 30);
    gcs.send(positionTarget(1, away.lat_deg, away.lon_deg, 5));
    sim.runFor(20_000);
    const start_ms = sim.sim_ms;
    gcs.command(1, MavCmd.NAV_RETURN_TO_LAUNCH);
    expect(gcs.ack(MavCmd.NAV_RETURN_TO_LAUNCH)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(60_000);
    const samples = track(gcs, away, start_ms);
    const leaving = samples.find((s) => s.dist_m > 2);
    expect(leaving?.alt_m).toBeGreaterThanOrEqual(14.5); // climbed first
    expect(Math.max(...samples.map((s) => s.alt_m))).toBeLessThanOrEqual(15.3);
    const v = sim.vehicle(1);
    expect(v.armed).toBe(false);
    expect(v.kin.landed).toBe(true);
    expect(distance_m(v.position(), home(sim))).toBeLessThan(1);
    expect(gcs.texts()).toContain('Disarming motors');
    expect(gcs.heartbeat()?.customMode).toBe(RTL);
  });

  it('RTL from above RTL_ALT keeps its altitude on the way home (SET_MODE RTL)', () => {
    const { sim, gcs } = pipeSim();
    fastTelemetry(gcs);
    armAndTakeoff(sim, gcs, 1, 30);
    const away = offsetLatLon({ ...home(sim), alt_m: 0 }, -40, 0);
    gcs.send(positionTarget(1, away.lat_deg, away.lon_deg, 30));
    sim.runFor(20_000);
    const start_ms = sim.sim_ms;
    gcs.send(Object.assign(new common.SetMode(), { targetSystem: 1, baseMode: CUSTOM, customMode: RTL }));
    sim.runFor(20_000);
    const enRoute = track(gcs, home(sim), start_ms).filter((s) => s.dist_m > 2);
    expect(enRoute.length).toBeGreaterThan(10);
    expect(Math.min(...enRoute.map((s) => s.alt_m))).toBeGreaterThan(29.5);
  });

  it('LAND descends at WPNAV_SPEED_DN then LAND_SPEED, in place, and disarms on touchdown', () => {
    const { sim, gcs } = pipeSim();
    fastTelemetry(gcs);
    armAndTakeoff(sim, gcs, 1, 20);
    const at = sim.vehicle(1).position();
    const start_ms = sim.sim_ms;
    gcs.command(1, MavCmd.NAV_LAND);
    expect(gcs.ack(MavCmd.NAV_LAND)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(40_000);
    const hud = gcs.all(common.VfrHud).filter((r) => r.t_ms > start_ms);
    expect(Math.min(...hud.map((r) => r.msg.climb))).toBeGreaterThanOrEqual(-1.5 - 1e-3);
    expect(Math.min(...hud.map((r) => r.msg.climb))).toBeLessThan(-1.4);
    const low = gcs.all(common.GlobalPositionInt).filter((r) => r.t_ms > start_ms && r.msg.relativeAlt < 9_000 && r.msg.relativeAlt > 100);
    expect(low.length).toBeGreaterThan(10);
    expect(low.every((r) => r.msg.vz <= 51)).toBe(true); // 0.5 m/s below LAND_ALT_LOW
    const v = sim.vehicle(1);
    expect(v.armed).toBe(false);
    expect(v.mode).toBe(LAND);
    expect(distance_m(v.position(), at)).toBeLessThan(0.1);
  });

  it('BRAKE stops a fast copter within a few metres and LOITER holds it there', () => {
    const { sim, gcs } = pipeSim();
    armAndTakeoff(sim, gcs, 1, 10);
    const far = offsetLatLon({ ...home(sim), alt_m: 0 }, 0, 200);
    gcs.send(positionTarget(1, far.lat_deg, far.lon_deg, 10));
    sim.runFor(10_000);
    const v = sim.vehicle(1);
    expect(v.kin.groundSpeed_mps).toBeCloseTo(5, 1);
    const e0 = v.kin.pos.e;
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, BRAKE]);
    sim.runFor(3_000);
    expect(v.kin.groundSpeed_mps).toBeLessThan(0.05);
    expect(v.kin.pos.e - e0).toBeLessThan(4);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, LOITER]);
    const held = { ...v.kin.pos };
    sim.runFor(10_000);
    expect(Math.hypot(v.kin.pos.n - held.n, v.kin.pos.e - held.e, v.kin.pos.d - held.d)).toBeLessThan(0.1);
    expect(v.mode).toBe(LOITER);
  });

  it('battery failsafe switches to RTL with a STATUSTEXT and the pack drains at hover current', () => {
    const { sim, gcs } = pipeSim({ vehicle: { battery_capacity_mah: 1000, battery_start_pct: 24, battery_failsafe_pct: 20 } });
    gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.BatteryStatus.MSG_ID, 1_000_000]);
    armAndTakeoff(sim, gcs, 1, 10);
    const away = offsetLatLon({ ...home(sim), alt_m: 0 }, 20, 0);
    gcs.send(positionTarget(1, away.lat_deg, away.lon_deg, 10));
    sim.runFor(30_000);
    const texts = gcs.texts();
    expect(texts.some((t) => t.startsWith('Battery failsafe'))).toBe(true);
    const battery = gcs.all(common.BatteryStatus).map((r) => r.msg);
    expect(battery[0].batteryRemaining).toBeGreaterThanOrEqual(23);
    expect(battery[battery.length - 1].batteryRemaining).toBeLessThanOrEqual(20);
    expect(battery[battery.length - 1].voltages[0]).toBeLessThan(battery[0].voltages[0]);
    const hovering = battery.filter((b) => b.currentBattery > 1000);
    expect(hovering.length).toBeGreaterThan(5);
    expect(Math.min(...hovering.map((b) => b.currentBattery))).toBeGreaterThanOrEqual(1500 - 1); // ≥ 15 A (cA)
    expect(sim.vehicle(1).mode).toBe(RTL);
    expect(sim.vehicle(1).modeReason).toBe('failsafe');
    sim.runFor(1_100);
    expect(gcs.heartbeat()?.systemStatus).toBe(minimal.MavState.CRITICAL);
    sim.runFor(60_000);
    expect(sim.vehicle(1).armed).toBe(false);
    expect(distance_m(sim.vehicle(1).position(), home(sim))).toBeLessThan(1);
  });

  it('runs two vehicles (sysid 1 and 2) a few metres apart, each answering only its own commands', () => {
    const { sim, gcs } = pipeSim({ vehicles: 2 });
    fastTelemetry(gcs, 1);
    fastTelemetry(gcs, 2);
    sim.runFor(6_000);
    expect(gcs.heartbeat(1)).toBeDefined();
    expect(gcs.heartbeat(2)).toBeDefined();
    const p1 = gcs.last(common.GlobalPositionInt, 1);
    const p2 = gcs.last(common.GlobalPositionInt, 2);
    const apart = distance_m({ lat_deg: (p1?.lat ?? 0) / 1e7, lon_deg: (p1?.lon ?? 0) / 1e7 }, { lat_deg: (p2?.lat ?? 0) / 1e7, lon_deg: (p2?.lon ?? 0) / 1e7 });
    expect(apart).toBeGreaterThan(3);
    expect(apart).toBeLessThan(10);
    armAndTakeoff(sim, gcs, 2, 8);
    expect(gcs.all(common.CommandAck, 1)).toHaveLength(3); // only the SET_MESSAGE_INTERVALs
    expect(gcs.ack(MavCmd.NAV_TAKEOFF, 2)?.result).toBe(MavResult.ACCEPTED);
    expect(sim.vehicle(1).armed).toBe(false);
    expect(sim.vehicle(2).position().alt_rel_m).toBeCloseTo(8, 1);
    armAndTakeoff(sim, gcs, 1, 4);
    expect(sim.vehicle(1).position().alt_rel_m).toBeCloseTo(4, 1);
    expect(sim.vehicle(2).position().alt_rel_m).toBeCloseTo(8, 1);
  });
});
