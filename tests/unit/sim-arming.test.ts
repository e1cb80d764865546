// Simulated copter: arming and its refusals, auto-disarm on the ground, and mode changes by DO_SET_MODE
// and by the older SET_MODE message, with the COMMAND_ACKs ArduCopter sends.
import { common, minimal } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import type { FlightPlan, MissionProgress } from '../../mavlink/sim/flight-plan';
import { goTo, startRtl, takeoff } from '../../mavlink/sim/flight-modes';
import type { SimVehicle } from '../../mavlink/sim/vehicle';
import { armAndTakeoff, CUSTOM, GUIDED, pipeSim } from './sim-helpers';

const { MavCmd, MavResult } = common;
const { MavModeFlag, MavState } = minimal;
const STABILIZE = 0;
const AUTO = 3;
const LOITER = 5;
const RTL = 6;
const BRAKE = 17;

describe('simulated copter arming', () => {
  it('refuses to arm with a PreArm STATUSTEXT until the position estimate is up, then arms', () => {
    const { sim, gcs } = pipeSim({ vehicle: { ekf_ready_s: 3 } });
    sim.runFor(1_000);
    gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
    const refused = gcs.ack(MavCmd.COMPONENT_ARM_DISARM);
    expect(refused?.result).toBe(MavResult.FAILED);
    expect(refused?.targetSystem).toBe(255);
    expect(gcs.texts()).toContain('PreArm: Need 3D Fix');
    sim.runFor(1_500);
    expect(sim.vehicle(1).armed).toBe(false);
    sim.runFor(1_000);
    gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
    expect(gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(1_100);
    const hb = gcs.heartbeat();
    expect((hb?.baseMode ?? 0) & MavModeFlag.SAFETY_ARMED).toBeTruthy();
    expect(hb?.systemStatus).toBe(MavState.ACTIVE);
    expect(gcs.texts()).toContain('Arming motors');
  });

  it('force-arms (param2 21196) before the estimate is up, but an armed copter without position cannot enter GUIDED', () => {
    const { sim, gcs } = pipeSim();
    sim.runFor(500);
    gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1, 21196]);
    expect(gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.ACCEPTED);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    expect(gcs.ack(MavCmd.DO_SET_MODE)?.result).toBe(MavResult.FAILED);
    expect(gcs.texts()).toContain('Mode change to GUIDED failed: requires position');
    expect(sim.vehicle(1).mode).toBe(STABILIZE);
  });

  it('refuses to arm in a mode that does not allow it', () => {
    const { sim, gcs } = pipeSim();
    sim.runFor(6_000);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, RTL]); // disarmed: any mode may be entered
    expect(gcs.ack(MavCmd.DO_SET_MODE)?.result).toBe(MavResult.ACCEPTED);
    gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
    expect(gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.FAILED);
    expect(gcs.texts()).toContain('Arm: Mode not armable');
  });

  it('disarms by itself after 10 s armed on the ground without takeoff', () => {
    const { sim, gcs } = pipeSim();
    sim.runFor(6_000);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
    const armedAt = sim.sim_ms;
    sim.runFor(9_500);
    expect(sim.vehicle(1).armed).toBe(true);
    sim.runFor(1_000);
    expect(sim.vehicle(1).armed).toBe(false);
    const disarmText = gcs.all(common.StatusText).find((r) => r.msg.text === 'Disarming motors');
    expect(disarmText).toBeDefined();
    expect((disarmText?.t_ms ?? 0) - armedAt).toBeGreaterThanOrEqual(10_000);
    expect((disarmText?.t_ms ?? 0) - armedAt).toBeLessThanOrEqual(10_100);
    sim.runFor(1_000);
    expect((gcs.heartbeat()?.baseMode ?? 0) & MavModeFlag.SAFETY_ARMED).toBe(0);
  });

  it('refuses a GCS disarm in flight unless forced; refuses takeoff when disarmed', () => {
    const { sim, gcs } = pipeSim();
    sim.runFor(6_000);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    gcs.command(1, MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 10]);
    expect(gcs.ack(MavCmd.NAV_TAKEOFF)?.result).toBe(MavResult.FAILED);
    armAndTakeoff(sim, gcs, 1, 10);
    expect(sim.vehicle(1).position().alt_rel_m).toBeCloseTo(10, 0);
    gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [0]);
    expect(gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.FAILED);
    expect(sim.vehicle(1).armed).toBe(true);
    gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [0, 21196]);
    expect(gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(3_000); // motors off: it falls
    expect(sim.vehicle(1).kin.landed).toBe(true);
  });
});

describe('simulated copter modes', () => {
  it('changes mode by SET_MODE (acked as command 11, like ArduPilot) and by DO_SET_MODE', () => {
    const { sim, gcs } = pipeSim();
    sim.runFor(6_000);
    gcs.send(Object.assign(new common.SetMode(), { targetSystem: 1, baseMode: CUSTOM, customMode: GUIDED }));
    const ack = gcs.ack(common.SetMode.MSG_ID);
    expect(ack?.result).toBe(MavResult.ACCEPTED);
    expect(ack?.targetSystem).toBe(255);
    sim.runFor(1_000);
    expect(gcs.heartbeat()?.customMode).toBe(GUIDED);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, LOITER]);
    expect(gcs.ack(MavCmd.DO_SET_MODE)?.result).toBe(MavResult.ACCEPTED);
    sim.runFor(1_000);
    expect(gcs.heartbeat()?.customMode).toBe(LOITER);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, BRAKE]);
    sim.runFor(1_000);
    expect(gcs.heartbeat()?.customMode).toBe(BRAKE);
    // SET_MODE to another system is not for us.
    gcs.send(Object.assign(new common.SetMode(), { targetSystem: 9, baseMode: CUSTOM, customMode: STABILIZE }));
    sim.runFor(1_000);
    expect(gcs.heartbeat()?.customMode).toBe(BRAKE);
  });

  it('refuses unknown modes and base modes without CUSTOM_MODE_ENABLED', () => {
    const { sim, gcs } = pipeSim();
    sim.runFor(200);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, 42]);
    expect(gcs.ack(MavCmd.DO_SET_MODE)?.result).toBe(MavResult.FAILED);
    expect(gcs.texts()).toContain('No such mode 42');
    gcs.command(1, MavCmd.DO_SET_MODE, [MavModeFlag.GUIDED_ENABLED, GUIDED]);
    expect(gcs.ack(MavCmd.DO_SET_MODE)?.result).toBe(MavResult.UNSUPPORTED);
    expect(sim.vehicle(1).mode).toBe(STABILIZE);
  });

  it('armed, GUIDED heartbeat carries GUIDED_ENABLED; mission start is refused with no mission', () => {
    const { sim, gcs } = pipeSim();
    armAndTakeoff(sim, gcs, 1, 5);
    sim.runFor(1_000);
    expect((gcs.heartbeat()?.baseMode ?? 0) & MavModeFlag.GUIDED_ENABLED).toBeTruthy();
    gcs.command(1, MavCmd.MISSION_START, [0, 0]);
    expect(gcs.ack(MavCmd.MISSION_START)?.result).toBe(MavResult.FAILED);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, AUTO]); // armed, no mission: AUTO cannot start
    expect(gcs.ack(MavCmd.DO_SET_MODE)?.result).toBe(MavResult.FAILED);
    expect(sim.vehicle(1).mode).toBe(GUIDED);
  });

  it('flies a FlightPlan attached through the mission hook when MISSION_START arrives, RTL item included', () => {
    const { sim, gcs } = pipeSim();
    const v = sim.vehicle(1);
    // A two-leg plan: take off to 8 m, then fly 30 m east; reports its progress like MISSION_CURRENT wants.
    let seq = 0;
    const plan: FlightPlan = {
      hasMission: () => true,
      progress: (): MissionProgress => ({ seq, total: 2, state: seq >= 2 ? 5 : 3 }),
      start: (veh: SimVehicle) => {
        seq = 0;
        if (veh.kin.landed) takeoff(veh, 8);
        else goTo(veh, veh.kin.pos.n, veh.kin.pos.e, 8);
        return veh.armed;
      },
      step: (veh: SimVehicle) => {
        if (seq === 0 && veh.kin.alt_m > 7.9) {
          seq = 1;
          goTo(veh, 0, 30, 8);
        }
        if (seq === 1 && Math.hypot(veh.kin.pos.n, veh.kin.pos.e - 30) < 0.5) {
          seq = 2;
          startRtl(veh); // NAV_RETURN_TO_LAUNCH as a mission item: RTL inside AUTO
        }
      },
    };
    v.flightPlan = plan;
    armAndTakeoff(sim, gcs, 1, 3);
    gcs.command(1, MavCmd.MISSION_START, [0, 0]);
    expect(gcs.ack(MavCmd.MISSION_START)?.result).toBe(MavResult.ACCEPTED);
    expect(v.mode).toBe(AUTO);
    gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.MissionCurrent.MSG_ID, 500_000]);
    sim.runFor(20_000);
    expect(seq).toBe(2);
    const current = gcs.last(common.MissionCurrent);
    expect(current?.seq).toBe(2);
    expect(current?.total).toBe(2);
    expect(v.kin.alt_m).toBeGreaterThan(8.5); // climbing to RTL_ALT on its way home
    sim.runFor(40_000);
    expect(v.armed).toBe(false);
    expect(Math.hypot(v.kin.pos.n, v.kin.pos.e)).toBeLessThan(1);
    expect(v.mode).toBe(AUTO); // ArduCopter flies a mission's RTL without leaving AUTO
  });

  it('starts a FlightPlan from the ground: the plan can take off as its first item', () => {
    const { sim, gcs } = pipeSim();
    const v = sim.vehicle(1);
    let started = 0;
    v.flightPlan = {
      hasMission: () => true,
      progress: () => ({ seq: 1, total: 1, state: 3 }),
      start: (veh) => {
        started++;
        return takeoff(veh, 6) === MavResult.ACCEPTED;
      },
      step: () => undefined,
    };
    sim.runFor(6_000);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
    gcs.command(1, MavCmd.MISSION_START, [0, 0]);
    expect(gcs.ack(MavCmd.MISSION_START)?.result).toBe(MavResult.ACCEPTED);
    expect(started).toBe(1);
    sim.runFor(6_000);
    expect(v.mode).toBe(AUTO);
    expect(v.kin.alt_m).toBeCloseTo(6, 1);
    // A plan that refuses to start leaves the mode as it was.
    v.flightPlan = { ...v.flightPlan, start: () => false };
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, AUTO]);
    expect(gcs.ack(MavCmd.DO_SET_MODE)?.result).toBe(MavResult.FAILED);
    expect(v.mode).toBe(GUIDED);
  });
});
