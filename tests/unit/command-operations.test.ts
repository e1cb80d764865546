// High-level operations: what goes on the wire for each (decoded back from real frames), and their results.
import { describe, expect, it } from 'vitest';
import { minimal, common, type MavLinkData } from 'node-mavlink';
import { FrameEncoder } from '../../mavlink/encoder';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { decodeFrame } from '../../mavlink/decoder';
import { FakeClock } from '../../mavlink/protocols/fake-clock';
import { CommandClient } from '../../mavlink/protocols/command-client';
import { VehicleCommands, FORCE_ARM_DISARM_MAGIC, type CommandTarget } from '../../mavlink/protocols/vehicle-commands';

const { MavCmd, MavResult, MavFrame } = common;
type Long = InstanceType<typeof common.CommandLong>;
type Int = InstanceType<typeof common.CommandInt>;

function decodeAll(bytes: Uint8Array): MavLinkData[] {
  const out: MavLinkData[] = [];
  new FrameScanner().push(bytes, (f) => {
    const m = decodeFrame(f);
    if (m) out.push(m);
  });
  return out;
}

const COPTER: CommandTarget = { sysid: 1, compid: 1, autopilot: minimal.MavAutopilot.ARDUPILOTMEGA, type: minimal.MavType.QUADROTOR };
const PX4: CommandTarget = { sysid: 2, compid: 1, autopilot: minimal.MavAutopilot.PX4, type: minimal.MavType.QUADROTOR, home: { alt_amsl_m: 488 } };

function setup(target: CommandTarget) {
  const clock = new FakeClock();
  const encoder = new FrameEncoder({ sysid: 255, compid: 190 });
  const sent: MavLinkData[] = [];
  const client = new CommandClient({ clock, send: (m) => sent.push(...decodeAll(encoder.encode(m))) });
  const cmds = new VehicleCommands(client, target);
  const ackLast = (result: number = MavResult.ACCEPTED) => {
    const last = sent[sent.length - 1] as Long | Int;
    const a = new common.CommandAck();
    Object.assign(a, { command: last.command, result, progress: 0, resultParam2: 0, targetSystem: 255, targetComponent: 190 });
    const [msg] = decodeAll(new FrameEncoder({ sysid: target.sysid, compid: target.compid }).encode(a));
    client.handle(msg, { sysid: target.sysid, compid: target.compid });
  };
  const last = <T extends MavLinkData>() => sent[sent.length - 1] as T;
  return { clock, sent, client, cmds, ackLast, last };
}

const params = (m: Long) => [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7];

describe('VehicleCommands', () => {
  it('arm / disarm / force disarm: COMPONENT_ARM_DISARM with param1 1/0 and the force magic', async () => {
    const { cmds, ackLast, last } = setup(COPTER);
    const a = cmds.arm();
    expect(last<Long>()).toBeInstanceOf(common.CommandLong);
    expect([last<Long>().command, last<Long>().targetSystem, last<Long>().targetComponent]).toEqual([MavCmd.COMPONENT_ARM_DISARM, 1, 1]);
    expect(params(last<Long>()).slice(0, 2)).toEqual([1, 0]);
    ackLast(MavResult.FAILED);
    expect(await a).toMatchObject({ result: 'failed', command_name: 'COMPONENT_ARM_DISARM' });
    const d = cmds.disarm({ force: true });
    expect(params(last<Long>()).slice(0, 2)).toEqual([0, FORCE_ARM_DISARM_MAGIC]);
    ackLast();
    expect((await d).result).toBe('accepted');
  });

  it('setMode on ArduCopter: DO_SET_MODE param1 = CUSTOM_MODE_ENABLED, param2 = custom mode', async () => {
    const { cmds, ackLast, last } = setup(COPTER);
    const p = cmds.setMode('guided');
    expect(last<Long>().command).toBe(MavCmd.DO_SET_MODE);
    expect(params(last<Long>()).slice(0, 3)).toEqual([1, 4, 0]);
    ackLast();
    expect((await p).result).toBe('accepted');
    void cmds.setMode('SMART_RTL');
    expect(last<Long>()._param2).toBe(21);
  });

  it('setMode on PX4: param2 main mode, param3 sub mode; aliases accepted', () => {
    const { cmds, last, ackLast, sent } = setup(PX4);
    // Same command id to the same vehicle: each waits for the previous one's ack before going out.
    void cmds.setMode('AUTO.MISSION');
    void cmds.setMode('POSCTL');
    void cmds.setMode('rtl');
    expect(sent).toHaveLength(1);
    expect(params(last<Long>()).slice(0, 3)).toEqual([1, 4, 4]);
    ackLast();
    expect(params(last<Long>()).slice(0, 3)).toEqual([1, 3, 0]);
    ackLast();
    expect(params(last<Long>()).slice(0, 3)).toEqual([1, 4, 5]);
  });

  it('setMode with an unknown name throws an Error naming it and the known modes, sending nothing', () => {
    const { cmds, sent } = setup(COPTER);
    expect(() => cmds.setMode('WARP')).toThrow(/unknown flight mode "WARP" for arducopter; known modes: STABILIZE, ACRO/);
    expect(() => setup(PX4).cmds.setMode('AUTO.WARP')).toThrow(/unknown flight mode "AUTO.WARP" for px4/);
    expect(sent).toHaveLength(0);
  });

  it('takeoff: ArduCopter param7 = relative altitude; PX4 param7 = home AMSL + altitude', () => {
    const c = setup(COPTER);
    void c.cmds.takeoff(25);
    expect(c.last<Long>().targetSystem).toBe(1);
    expect(c.last<Long>().command).toBe(MavCmd.NAV_TAKEOFF);
    expect(c.last<Long>()._param7).toBe(25);
    const p = setup(PX4);
    void p.cmds.takeoff(25);
    expect(p.last<Long>()._param7).toBe(513);
    expect(Number.isNaN(p.last<Long>()._param5)).toBe(true);
    expect(() => c.cmds.takeoff(-1)).toThrow(/alt_m must be a positive number/);
  });

  it('rtl, land, missionStart send their commands', () => {
    const { cmds, sent } = setup(COPTER);
    void cmds.rtl();
    void cmds.land();
    void cmds.missionStart();
    expect(sent.map((m) => (m as Long).command)).toEqual([MavCmd.NAV_RETURN_TO_LAUNCH, MavCmd.NAV_LAND, MavCmd.MISSION_START]);
  });

  it('gotoPoint: DO_REPOSITION as COMMAND_INT, GLOBAL_RELATIVE_ALT_INT, degE7, change-mode flag', async () => {
    const { cmds, ackLast, last } = setup(COPTER);
    const p = cmds.gotoPoint({ lat_deg: 22.5431234, lon_deg: 114.0579876, alt_rel_m: 40 });
    const m = last<Int>();
    expect(m).toBeInstanceOf(common.CommandInt);
    expect([m.command, m.frame, m._param5, m._param6, m._param7]).toEqual([MavCmd.DO_REPOSITION, MavFrame.GLOBAL_RELATIVE_ALT_INT, 225431234, 1140579876, 40]);
    expect([m._param1, m._param2]).toEqual([-1, common.MavDoRepositionFlags.CHANGE_MODE]);
    expect(Number.isNaN(m._param4)).toBe(true);
    ackLast();
    expect(await p).toMatchObject({ result: 'accepted', command_name: 'DO_REPOSITION' });
  });

  it('gotoPoint and setRoi refuse 0,0 and out-of-range coordinates', () => {
    const { cmds, sent } = setup(COPTER);
    expect(() => cmds.gotoPoint({ lat_deg: 0, lon_deg: 0, alt_rel_m: 10 })).toThrow(/0,0 is not a position/);
    expect(() => cmds.gotoPoint({ lat_deg: 91, lon_deg: 0, alt_rel_m: 10 })).toThrow(/lat_deg must be in \[-90, 90\], got 91/);
    expect(() => cmds.setRoi({ lat_deg: 10, lon_deg: 200, alt_m: 0 })).toThrow(/lon_deg/);
    expect(() => cmds.setRoi({ lat_deg: 10, lon_deg: 20, alt_m: NaN })).toThrow(/alt_m must be a finite number/);
    expect(sent).toHaveLength(0);
  });

  it('setRoi: DO_SET_ROI_LOCATION as COMMAND_INT; setMessageInterval: SET_MESSAGE_INTERVAL', () => {
    const { cmds, last } = setup(COPTER);
    void cmds.setRoi({ lat_deg: -33.8688, lon_deg: 151.2093, alt_m: 5 });
    const m = last<Int>();
    expect([m.command, m.frame, m._param5, m._param6, m._param7]).toEqual([MavCmd.DO_SET_ROI_LOCATION, MavFrame.GLOBAL_RELATIVE_ALT_INT, -338688000, 1512093000, 5]);
    void cmds.setMessageInterval(33, 200_000);
    expect([last<Long>().command, last<Long>()._param1, last<Long>()._param2]).toEqual([MavCmd.SET_MESSAGE_INTERVAL, 33, 200000]);
    expect(() => cmds.setMessageInterval(33, 1.5)).toThrow(/interval_us/);
  });
});
