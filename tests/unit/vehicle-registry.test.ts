// The registry around the vehicle states: discovery, our 1 Hz GCS heartbeat, telemetry requests per autopilot,
// re-requests, and the 20 Hz snapshot throttle — all under fake time, with real frames both ways.
import { describe, expect, it } from 'vitest';
import { minimal, common, type MavLinkData } from 'node-mavlink';
import { FrameEncoder } from '../../mavlink/encoder';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { decodeFrame } from '../../mavlink/decoder';
import { FakeClock } from '../../mavlink/protocols/fake-clock';
import { VehicleRegistry } from '../../mavlink/vehicle/vehicle-registry';
import { SnapshotThrottle } from '../../mavlink/vehicle/snapshot-throttle';
import type { VehicleState } from '../../mavlink/vehicle/vehicle-state';

const { MavAutopilot: AP, MavType: T, MavModeFlag: F, MavState: S } = minimal;
const { MavCmd, MavDataStream: DS } = common;

function roundTrip(msg: MavLinkData, sysid: number, compid: number): { msg: MavLinkData; sysid: number; compid: number; seq: number }[] {
  const out: { msg: MavLinkData; sysid: number; compid: number; seq: number }[] = [];
  new FrameScanner().push(new FrameEncoder({ sysid, compid }).encode(msg), (f) => {
    const m = decodeFrame(f);
    if (m) out.push({ msg: m, sysid: f.sysid, compid: f.compid, seq: f.seq });
  });
  return out;
}

function heartbeat(o: { type?: number; autopilot?: number; customMode?: number; baseMode?: number } = {}) {
  const m = new minimal.Heartbeat();
  Object.assign(m, { type: T.QUADROTOR, autopilot: AP.ARDUPILOTMEGA, baseMode: F.CUSTOM_MODE_ENABLED, customMode: 0, systemStatus: S.STANDBY, mavlinkVersion: 3, ...o });
  return m;
}

function position(lat_deg: number, lon_deg: number) {
  const m = new common.GlobalPositionInt();
  Object.assign(m, { timeBootMs: 0, lat: Math.round(lat_deg * 1e7), lon: Math.round(lon_deg * 1e7), alt: 0, relativeAlt: 0, vx: 0, vy: 0, vz: 0, hdg: 0 });
  return m;
}

function setup(opts: { request_telemetry?: boolean } = {}) {
  const clock = new FakeClock(0);
  const sent: { t_ms: number; msg: MavLinkData; target?: { sysid: number; compid: number } }[] = [];
  const reg = new VehicleRegistry({ clock, send: (m, target) => {
    // What our connection would put on the wire, decoded back: proves each outgoing message encodes.
    for (const r of roundTrip(m, 255, 190)) sent.push({ t_ms: clock.now_ms(), msg: r.msg, target });
  }, ...opts });
  const from = (msg: MavLinkData, sysid = 1, compid = 1) => {
    for (const r of roundTrip(msg, sysid, compid)) reg.handle(r.msg, { sysid: r.sysid, compid: r.compid, seq: r.seq });
  };
  const ofType = <C extends abstract new () => MavLinkData>(cls: C) => sent.map((s) => s.msg).filter((m): m is InstanceType<C> => m instanceof cls);
  return { clock, sent, reg, from, ofType };
}

describe('VehicleRegistry', () => {
  it('ignores GCS heartbeats, non-autopilot components and our own echo; finds vehicles by sysid/compid', () => {
    const { reg, from } = setup();
    const found: string[] = [];
    reg.onVehicle((v) => found.push(`${v.sysid}/${v.compid}`));
    from(heartbeat({ type: T.GCS, autopilot: AP.INVALID }), 255, 190);
    from(heartbeat({ type: T.GCS, autopilot: AP.ARDUPILOTMEGA }), 254, 190);
    from(heartbeat({ type: T.CAMERA, autopilot: AP.INVALID }), 1, 100);
    from(heartbeat(), 255, 190); // our own identity echoed back
    from(position(1, 2), 7, 1); // no HEARTBEAT yet: not a vehicle
    expect(reg.list()).toHaveLength(0);
    from(heartbeat(), 1, 1);
    from(heartbeat({ autopilot: AP.PX4 }), 2, 1);
    from(heartbeat(), 1, 1);
    expect(found).toEqual(['1/1', '2/1']);
    expect(reg.snapshot().map((s) => [s.sysid, s.compid, s.autopilot])).toEqual([[1, 1, 'ARDUPILOTMEGA'], [2, 1, 'PX4']]);
  });

  it('sends our GCS heartbeat at 1 Hz (255/190, type GCS, autopilot INVALID) until stopped', () => {
    const { clock, reg, sent, ofType } = setup();
    reg.start();
    reg.start(); // idempotent
    clock.advance(3500);
    const hbs = ofType(minimal.Heartbeat);
    expect(sent.filter((s) => s.msg instanceof minimal.Heartbeat).map((s) => s.t_ms)).toEqual([0, 1000, 2000, 3000]);
    expect(hbs.every((h) => h.type === T.GCS && h.autopilot === AP.INVALID && h.systemStatus === S.ACTIVE)).toBe(true);
    reg.stop();
    clock.advance(5000);
    expect(ofType(minimal.Heartbeat)).toHaveLength(4);
    expect(clock.pending()).toBe(0);
  });

  it('asks ArduPilot for streams with REQUEST_DATA_STREAM and for home with REQUEST_MESSAGE', () => {
    const { sent, from, ofType } = setup();
    from(heartbeat(), 3, 1);
    const streams = ofType(common.RequestDataStream);
    expect(streams.map((m) => [m.targetSystem, m.targetComponent, m.reqStreamId, m.startStop])).toEqual([
      [3, 1, DS.POSITION, 1], [3, 1, DS.EXTENDED_STATUS, 1], [3, 1, DS.EXTRA1, 1], [3, 1, DS.EXTRA2, 1], [3, 1, DS.EXTRA3, 1]]);
    expect(streams.every((m) => m.reqMessageRate > 0)).toBe(true);
    const cmds = ofType(common.CommandLong);
    expect(cmds.map((m) => [m.command, m._param1, m.targetSystem])).toEqual([[MavCmd.REQUEST_MESSAGE, common.HomePosition.MSG_ID, 3]]);
    expect(sent.every((s) => s.target?.sysid === 3)).toBe(true);
  });

  it('asks PX4 with SET_MESSAGE_INTERVAL per message, never REQUEST_DATA_STREAM', () => {
    const { from, ofType } = setup();
    from(heartbeat({ autopilot: AP.PX4 }), 1, 1);
    expect(ofType(common.RequestDataStream)).toHaveLength(0);
    const intervals = ofType(common.CommandLong).filter((m) => m.command === MavCmd.SET_MESSAGE_INTERVAL);
    const byId = new Map(intervals.map((m) => [m._param1, m._param2]));
    expect(byId.get(common.GlobalPositionInt.MSG_ID)).toBe(250_000);
    expect(byId.get(common.Attitude.MSG_ID)).toBe(100_000);
    for (const id of [common.SysStatus.MSG_ID, common.GpsRawInt.MSG_ID, common.VfrHud.MSG_ID, common.BatteryStatus.MSG_ID, common.MissionCurrent.MSG_ID, common.HomePosition.MSG_ID]) {
      expect(byId.get(id)).toBeGreaterThan(0);
    }
  });

  it('re-requests telemetry when no position arrives within 3 s, and stops once positions flow', () => {
    const { clock, reg, sent, from } = setup();
    reg.start();
    const requestTimes = () => sent.filter((s) => s.msg instanceof common.RequestDataStream && (s.msg as InstanceType<typeof common.RequestDataStream>).reqStreamId === DS.POSITION).map((s) => s.t_ms);
    clock.advance(500);
    from(heartbeat());
    for (let t = 1000; t <= 7000; t += 1000) {
      clock.advance(1000 - (t === 1000 ? 500 : 0));
      from(heartbeat());
    }
    // Asked at discovery (500), then at the first ticks ≥ 3 s later with still no position: 4000 and 7000.
    expect(requestTimes()).toEqual([500, 4000, 7000]);
    from(position(0, 0)); // the stream flows (0,0 before the fix still proves it)
    for (let i = 0; i < 6; i++) {
      clock.advance(1000);
      from(heartbeat());
      from(position(0, 0));
    }
    expect(requestTimes()).toEqual([500, 4000, 7000]);
    // Positions flow but no HOME_POSITION yet: only the home request is repeated, every 3 s.
    const homeAsks = sent.filter((s) => s.msg instanceof common.CommandLong && (s.msg as InstanceType<typeof common.CommandLong>)._param1 === common.HomePosition.MSG_ID).map((s) => s.t_ms);
    expect(homeAsks).toEqual([500, 4000, 7000, 10000, 13000]);
    reg.stop();
  });

  it('does not re-request from a vehicle that went silent, nor at all when passive', () => {
    const a = setup();
    a.reg.start();
    a.from(heartbeat());
    a.clock.advance(20_000);
    // Asked at discovery; once more at 3 s (a heartbeat missed for 3 s is not yet a lost vehicle); then never.
    const asks = a.sent.filter((s) => s.msg instanceof common.RequestDataStream && (s.msg as InstanceType<typeof common.RequestDataStream>).reqStreamId === DS.POSITION);
    expect(asks.map((s) => s.t_ms)).toEqual([0, 3000]);
    expect(a.sent.filter((s) => s.msg instanceof minimal.Heartbeat)).toHaveLength(21);
    a.reg.stop();
    const p = setup({ request_telemetry: false });
    p.from(heartbeat());
    expect(p.sent).toHaveLength(0);
  });

  it('routes STATUSTEXT from another component of a known system; change listeners can unsubscribe', () => {
    const { reg, from } = setup();
    const changes: VehicleState[] = [];
    const off = reg.onChange((v) => changes.push(v));
    from(heartbeat());
    const t = new common.StatusText();
    Object.assign(t, { severity: 4, text: 'Gimbal: not healthy', id: 0, chunkSeq: 0 });
    from(t, 1, 154);
    expect(reg.get(1, 1)!.snapshot().statustext.map((e) => e.text)).toEqual(['Gimbal: not healthy']);
    const before = changes.length;
    expect(before).toBeGreaterThan(0);
    off();
    from(heartbeat({ customMode: 4 }));
    expect(changes.length).toBe(before);
    expect(reg.get(1)!.mode).toBe('GUIDED');
  });
});

describe('SnapshotThrottle', () => {
  it('emits at most 20 times a second, first change at once, the latest state last', () => {
    const clock = new FakeClock(0);
    let state = 0;
    const emitted: { t_ms: number; v: number }[] = [];
    const th = new SnapshotThrottle(clock, () => state, (v) => emitted.push({ t_ms: clock.now_ms(), v }));
    for (let i = 1; i <= 1000; i++) {
      state = i;
      th.notify();
      clock.advance(1);
    }
    clock.advance(100);
    expect(emitted[0]).toEqual({ t_ms: 0, v: 1 });
    expect(emitted.length).toBeLessThanOrEqual(21);
    expect(emitted.length).toBeGreaterThanOrEqual(19);
    for (let i = 1; i < emitted.length; i++) expect(emitted[i].t_ms - emitted[i - 1].t_ms).toBeGreaterThanOrEqual(50);
    expect(emitted[emitted.length - 1].v).toBe(1000);
    th.notify();
    th.close();
    th.notify();
    clock.advance(1000);
    expect(clock.pending()).toBe(0);
    expect(() => new SnapshotThrottle(clock, () => 0, () => undefined, 0)).toThrow(/max_hz/);
  });
});
