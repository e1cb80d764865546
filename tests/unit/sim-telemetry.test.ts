// Simulated copter telemetry: what goes out before and after a GCS asks, at which rates, and what the
// position fields say before and after the position estimate is up. Time is driven with sim.runFor.
import { common, minimal } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOME } from '../../mavlink/sim/simulator';
import { pipeSim } from './sim-helpers';

const { MavCmd, MavResult, MavDataStream } = common;

function requestStream(stream: number, rate_hz: number, start = 1, targetSystem = 1): common.RequestDataStream {
  return Object.assign(new common.RequestDataStream(), { targetSystem, targetComponent: 1, reqStreamId: stream, reqMessageRate: rate_hz, startStop: start });
}

function countIds(received: { msgid: number }[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of received) counts.set(r.msgid, (counts.get(r.msgid) ?? 0) + 1);
  return counts;
}

describe('simulated copter telemetry', () => {
  it('sends only HEARTBEAT (1 Hz), STATUSTEXT and HOME_POSITION once home is set, until streams are requested', () => {
    const { sim, gcs } = pipeSim();
    sim.runFor(10_000);
    const ids = new Set(gcs.received.map((r) => r.msgid));
    expect([...ids].sort((a, b) => a - b)).toEqual([minimal.Heartbeat.MSG_ID, common.HomePosition.MSG_ID, common.StatusText.MSG_ID]);
    expect(gcs.all(common.HomePosition)).toHaveLength(1);
    const beats = gcs.all(minimal.Heartbeat).map((r) => r.t_ms);
    expect(beats.length).toBeGreaterThanOrEqual(10);
    expect(beats.length).toBeLessThanOrEqual(11);
    for (let i = 2; i < beats.length; i++) expect(Math.abs(beats[i] - beats[i - 1] - 1000)).toBeLessThanOrEqual(20);
    const hb = gcs.heartbeat(1);
    expect(hb).toBeDefined();
    expect(hb?.type).toBe(minimal.MavType.QUADROTOR);
    expect(hb?.autopilot).toBe(minimal.MavAutopilot.ARDUPILOTMEGA);
    expect(hb?.customMode).toBe(0); // STABILIZE
    expect((hb?.baseMode ?? 0) & minimal.MavModeFlag.CUSTOM_MODE_ENABLED).toBeTruthy();
    expect((hb?.baseMode ?? 0) & minimal.MavModeFlag.SAFETY_ARMED).toBe(0);
    expect(hb?.systemStatus).toBe(minimal.MavState.STANDBY);
    expect(hb?.mavlinkVersion).toBe(3);
    expect(gcs.received.every((r) => r.sysid === 1 && r.compid === 1)).toBe(true);
  });

  it('REQUEST_DATA_STREAM starts each stream group at the asked rate and stops it', () => {
    const { sim, gcs } = pipeSim();
    sim.runFor(6_000);
    gcs.send(requestStream(MavDataStream.EXTENDED_STATUS, 2));
    gcs.send(requestStream(MavDataStream.POSITION, 4));
    gcs.send(requestStream(MavDataStream.EXTRA1, 10));
    gcs.clear();
    sim.runFor(10_000);
    const counts = countIds(gcs.received);
    for (const id of [common.SysStatus.MSG_ID, common.GpsRawInt.MSG_ID, common.MissionCurrent.MSG_ID]) {
      expect(counts.get(id)).toBeGreaterThanOrEqual(19);
      expect(counts.get(id)).toBeLessThanOrEqual(21);
    }
    expect(counts.get(common.GlobalPositionInt.MSG_ID)).toBeGreaterThanOrEqual(39);
    expect(counts.get(common.GlobalPositionInt.MSG_ID)).toBeLessThanOrEqual(41);
    expect(counts.get(common.Attitude.MSG_ID)).toBeGreaterThanOrEqual(99);
    expect(counts.get(common.Attitude.MSG_ID)).toBeLessThanOrEqual(101);
    expect(counts.has(common.VfrHud.MSG_ID)).toBe(false); // EXTRA2 was not asked for
    expect(counts.has(common.BatteryStatus.MSG_ID)).toBe(false); // nor EXTRA3

    gcs.send(requestStream(MavDataStream.POSITION, 4, 0));
    gcs.clear();
    sim.runFor(3_000);
    const after = countIds(gcs.received);
    expect(after.has(common.GlobalPositionInt.MSG_ID)).toBe(false);
    expect(after.get(common.Attitude.MSG_ID)).toBeGreaterThan(25);
  });

  it('REQUEST_DATA_STREAM ALL covers VFR_HUD and BATTERY_STATUS too; other systems\' requests are ignored', () => {
    const { sim, gcs } = pipeSim();
    gcs.send(requestStream(MavDataStream.ALL, 5, 1, 7));
    sim.runFor(2_000);
    expect(countIds(gcs.received).has(common.VfrHud.MSG_ID)).toBe(false);
    gcs.send(requestStream(MavDataStream.ALL, 5, 1, 0)); // broadcast
    gcs.clear();
    sim.runFor(4_000);
    const counts = countIds(gcs.received);
    for (const id of [common.VfrHud.MSG_ID, common.BatteryStatus.MSG_ID, common.Attitude.MSG_ID, common.SysStatus.MSG_ID]) {
      expect(counts.get(id)).toBeGreaterThanOrEqual(19);
      expect(counts.get(id)).toBeLessThanOrEqual(21);
    }
  });

  it('SET_MESSAGE_INTERVAL sets, defaults and disables per message, acked to the sender', () => {
    const { sim, gcs } = pipeSim();
    gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.GlobalPositionInt.MSG_ID, 500_000]);
    gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.Attitude.MSG_ID, 0]); // default: 10 Hz
    gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [12345, 100_000]); // no such message here
    const ack = gcs.ack(MavCmd.SET_MESSAGE_INTERVAL);
    expect(ack?.targetSystem).toBe(255);
    expect(ack?.targetComponent).toBe(190);
    const acks = gcs.all(common.CommandAck).map((r) => r.msg.result);
    expect(acks).toEqual([MavResult.ACCEPTED, MavResult.ACCEPTED, MavResult.DENIED]);
    sim.runFor(10_000);
    const counts = countIds(gcs.received);
    expect(counts.get(common.GlobalPositionInt.MSG_ID)).toBeGreaterThanOrEqual(19);
    expect(counts.get(common.GlobalPositionInt.MSG_ID)).toBeLessThanOrEqual(21);
    expect(counts.get(common.Attitude.MSG_ID)).toBeGreaterThanOrEqual(99);
    expect(counts.get(common.Attitude.MSG_ID)).toBeLessThanOrEqual(101);

    gcs.command(1, MavCmd.GET_MESSAGE_INTERVAL, [common.GlobalPositionInt.MSG_ID]);
    expect(gcs.last(common.MessageInterval)?.intervalUs).toBe(500_000);
    gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.GlobalPositionInt.MSG_ID, -1]);
    gcs.command(1, MavCmd.GET_MESSAGE_INTERVAL, [common.GlobalPositionInt.MSG_ID]);
    expect(gcs.last(common.MessageInterval)?.intervalUs).toBe(-1);
    gcs.clear();
    sim.runFor(2_000);
    expect(countIds(gcs.received).has(common.GlobalPositionInt.MSG_ID)).toBe(false);
  });

  it('reports no fix and 0,0 until the position estimate is up, then a 3D fix at home and HOME_POSITION', () => {
    const { sim, gcs } = pipeSim({ vehicle: { ekf_ready_s: 4 } });
    gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.GpsRawInt.MSG_ID, 200_000]);
    gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.GlobalPositionInt.MSG_ID, 200_000]);
    gcs.command(1, MavCmd.REQUEST_MESSAGE, [common.HomePosition.MSG_ID]);
    sim.runFor(3_900);
    expect(gcs.ack(MavCmd.REQUEST_MESSAGE)?.result).toBe(MavResult.ACCEPTED);
    expect(gcs.all(common.HomePosition)).toHaveLength(0); // ArduPilot: accepted, but no home yet
    const early = gcs.all(common.GlobalPositionInt);
    expect(early.length).toBeGreaterThan(15);
    expect(early.every((r) => r.msg.lat === 0 && r.msg.lon === 0)).toBe(true);
    expect(gcs.all(common.GpsRawInt).every((r) => r.msg.fixType === 0)).toBe(true);

    gcs.clear();
    sim.runFor(1_000);
    const homes = gcs.all(common.HomePosition);
    expect(homes).toHaveLength(1); // sent once, when home is set
    expect(homes[0].msg.latitude).toBe(Math.round(DEFAULT_HOME.lat_deg * 1e7));
    expect(homes[0].msg.longitude).toBe(Math.round(DEFAULT_HOME.lon_deg * 1e7));
    expect(homes[0].msg.altitude).toBe(DEFAULT_HOME.alt_m * 1000);
    const gps = gcs.last(common.GpsRawInt);
    expect(gps?.fixType).toBe(3);
    expect(gps?.satellitesVisible).toBeGreaterThanOrEqual(6);
    const pos = gcs.last(common.GlobalPositionInt);
    expect(pos?.lat).toBe(Math.round(DEFAULT_HOME.lat_deg * 1e7));
    expect(pos?.relativeAlt).toBe(0);
    expect(gcs.texts().some((t) => t.includes('EKF3'))).toBe(true);

    gcs.clear();
    gcs.command(1, MavCmd.REQUEST_MESSAGE, [common.HomePosition.MSG_ID]);
    sim.runFor(100);
    const order = gcs.received.filter((r) => r.msgid === common.CommandAck.MSG_ID || r.msgid === common.HomePosition.MSG_ID).map((r) => r.msgid);
    expect(order).toEqual([common.CommandAck.MSG_ID, common.HomePosition.MSG_ID]); // ack first, then the message
  });

  it('answers commands only when addressed to it (or broadcast), UNSUPPORTED for unknown commands', () => {
    const { sim, gcs } = pipeSim();
    sim.runFor(200);
    gcs.command(2, MavCmd.REQUEST_MESSAGE, [common.SysStatus.MSG_ID]);
    sim.runFor(100);
    expect(gcs.all(common.CommandAck)).toHaveLength(0);
    gcs.command(0, MavCmd.REQUEST_MESSAGE, [common.SysStatus.MSG_ID]);
    sim.runFor(100);
    expect(gcs.ack(MavCmd.REQUEST_MESSAGE)?.result).toBe(MavResult.ACCEPTED);
    expect(gcs.all(common.SysStatus)).toHaveLength(1);
    gcs.command(1, MavCmd.DO_GRIPPER, [1]);
    expect(gcs.ack(MavCmd.DO_GRIPPER)?.result).toBe(MavResult.UNSUPPORTED);
    gcs.command(1, MavCmd.REQUEST_AUTOPILOT_CAPABILITIES, [1]);
    sim.runFor(100);
    expect(gcs.received.some((r) => r.msgid === 148)).toBe(true); // AUTOPILOT_VERSION
    // A GCS heartbeat is not a command and gets no answer.
    const hb = Object.assign(new minimal.Heartbeat(), { type: minimal.MavType.GCS, autopilot: minimal.MavAutopilot.INVALID, mavlinkVersion: 3 });
    const before = gcs.received.length;
    gcs.send(hb);
    expect(gcs.received.length).toBe(before);
  });
});
