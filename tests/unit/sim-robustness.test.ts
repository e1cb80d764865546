// The simulator never crashes on what a link may carry: garbage bytes, and well-formed messages with hostile
// field values (NaN, ±Infinity, huge numbers, out-of-range enums). Every command still gets its ack.
import { common, type MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../mavlink/sim/faults';
import { armAndTakeoff, pipeSim } from './sim-helpers';

const { MavCmd } = common;
const NASTY = [0, 1, -1, 0.5, 2, 3, 4, 6, 17, 21196, 1e7, -1e7, 1e30, -1e30, 3.4e38, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const COMMANDS = [
  MavCmd.COMPONENT_ARM_DISARM, MavCmd.DO_SET_MODE, MavCmd.NAV_TAKEOFF, MavCmd.NAV_LAND, MavCmd.DO_REPOSITION, MavCmd.DO_CHANGE_SPEED,
  MavCmd.DO_SET_ROI_LOCATION, MavCmd.DO_SET_ROI, MavCmd.DO_SET_ROI_NONE, MavCmd.CONDITION_YAW, MavCmd.MISSION_START,
  MavCmd.SET_MESSAGE_INTERVAL, MavCmd.GET_MESSAGE_INTERVAL, MavCmd.REQUEST_MESSAGE, MavCmd.GET_HOME_POSITION, 0, 65535,
];
const INT32 = [0, 1, -1, 2147483647, -2147483648, -353632620, -353632000, 1491652370, 1491660000, 900000000];

describe('simulator robustness', () => {
  it('resynchronises after garbage bytes and keeps answering', () => {
    const { sim, gcs } = pipeSim();
    const port = (gcs as unknown as { port: { write(b: Uint8Array): void } }).port;
    const random = mulberry32(99);
    for (let i = 0; i < 200; i++) {
      const chunk = new Uint8Array(1 + Math.floor(random() * 300));
      for (let j = 0; j < chunk.length; j++) chunk[j] = random() < 0.05 ? 0xfd : Math.floor(random() * 256);
      port.write(chunk);
    }
    sim.runFor(200);
    gcs.command(1, MavCmd.REQUEST_MESSAGE, [common.SysStatus.MSG_ID]);
    sim.runFor(100);
    expect(gcs.ack(MavCmd.REQUEST_MESSAGE)?.result).toBe(common.MavResult.ACCEPTED);
    expect(sim.scanner.stats.skippedBytes).toBeGreaterThan(10_000);
  });

  it('survives hostile field values in every message it handles, acking every command, state staying finite', () => {
    const errors: string[] = [];
    const { sim, gcs } = pipeSim({ onError: (err, where) => errors.push(`${where}: ${err.message}`) });
    armAndTakeoff(sim, gcs, 1, 10);
    const random = mulberry32(2024);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    let commands = 3; // armAndTakeoff's
    let guidedRounds = 0;
    const v = sim.vehicle(1);
    for (let round = 0; round < 400; round++) {
      if (v.mode !== 4 || !v.flying) {
        // Back to flying in GUIDED, where position targets and most commands act.
        gcs.command(1, MavCmd.DO_SET_MODE, [1, 4]);
        gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
        gcs.command(1, MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 5]);
        commands += 3;
        sim.runFor(500);
      }
      if (v.mode === 4 && v.flying) guidedRounds++;
      const kind = [0, 1, 2, 3, 4, 4, 4, 5, 5, 6, 7][Math.floor(random() * 11)];
      let msg: MavLinkData;
      if (kind === 0) {
        msg = Object.assign(new common.CommandLong(), { targetSystem: 1, targetComponent: 1, command: pick(COMMANDS),
          _param1: pick(NASTY), _param2: pick(NASTY), _param3: pick(NASTY), _param4: pick(NASTY), _param5: pick(NASTY), _param6: pick(NASTY), _param7: pick(NASTY) });
        commands++;
      } else if (kind === 1) {
        msg = Object.assign(new common.CommandInt(), { targetSystem: 1, targetComponent: 1, command: pick(COMMANDS), frame: pick([0, 1, 3, 5, 6, 10, 11, 200]),
          _param1: pick(NASTY), _param2: pick(NASTY), _param3: pick(NASTY), _param4: pick(NASTY), _param5: pick(INT32), _param6: pick(INT32), _param7: pick(NASTY) });
        commands++;
      } else if (kind === 2) {
        msg = Object.assign(new common.SetMode(), { targetSystem: 1, baseMode: pick([0, 1, 255]), customMode: pick([0, 3, 4, 5, 6, 9, 17, 99, 4294967295]) });
      } else if (kind === 3) {
        msg = Object.assign(new common.RequestDataStream(), { targetSystem: 1, targetComponent: 1, reqStreamId: pick([0, 2, 6, 10, 11, 12, 99]), reqMessageRate: pick([0, 1, 50, 65535]), startStop: pick([0, 1, 2]) });
      } else if (kind === 4) {
        msg = Object.assign(new common.SetPositionTargetGlobalInt(), { targetSystem: 1, targetComponent: 1, coordinateFrame: pick([0, 5, 6, 11, 99]),
          typeMask: pick([0, 0xff8, 0xfff, 0x7]), latInt: pick(INT32), lonInt: pick(INT32), alt: pick(NASTY), yaw: pick(NASTY) });
      } else if (kind === 5) {
        msg = Object.assign(new common.SetPositionTargetLocalNed(), { targetSystem: 1, targetComponent: 1, coordinateFrame: pick([1, 7, 8, 9, 99]),
          typeMask: pick([0, 0xff8, 0xfff]), x: pick(NASTY), y: pick(NASTY), z: pick(NASTY), yaw: pick(NASTY) });
      } else if (kind === 6) {
        msg = Object.assign(new common.ParamSet(), { targetSystem: 1, targetComponent: 1, paramId: pick(['WPNAV_SPEED', 'RTL_ALT', 'BATT_LOW_MAH', 'DISARM_DELAY', 'X']), paramValue: pick(NASTY), paramType: 9 });
      } else {
        msg = Object.assign(new common.ParamRequestRead(), { targetSystem: 1, targetComponent: 1, paramId: pick(['RTL_ALT', '', 'NOPE']), paramIndex: pick([-1, 0, 3, 999, 32767]) });
      }
      gcs.send(msg);
      sim.runFor(100);
      const k = sim.vehicle(1).kin;
      const state = [k.pos.n, k.pos.e, k.pos.d, k.vel.n, k.vel.e, k.vel.d, k.yaw_rad, k.roll_rad, k.pitch_rad, sim.vehicle(1).battery.voltage_v];
      expect(state.every(Number.isFinite), `round ${round}: ${state.join(', ')}`).toBe(true);
    }
    sim.runFor(1_000);
    expect(errors).toEqual([]);
    expect(sim.errors).toBe(0);
    expect(guidedRounds).toBeGreaterThan(300);
    expect(gcs.all(common.CommandAck).filter((r) => r.msg.command !== common.SetMode.MSG_ID).length).toBe(commands);
  });
});
