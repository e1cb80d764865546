// Vehicle state from real frames: each message is encoded by a FrameEncoder with the vehicle's identity,
// scanned and decoded, then handed to the registry exactly as the connection will.
import { describe, expect, it } from 'vitest';
import { minimal, common, type MavLinkData } from 'node-mavlink';
import { FrameEncoder } from '../../mavlink/encoder';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { decodeFrame } from '../../mavlink/decoder';
import { FakeClock } from '../../mavlink/protocols/fake-clock';
import { VehicleRegistry } from '../../mavlink/vehicle/vehicle-registry';

const { MavAutopilot: AP, MavType: T, MavModeFlag: F, MavState: S } = minimal;

/** A vehicle on the far side of the link: encodes with its own identity and sequence. */
class Source {
  private readonly encoder: FrameEncoder;
  constructor(private readonly reg: VehicleRegistry, readonly sysid: number, readonly compid: number) {
    this.encoder = new FrameEncoder({ sysid, compid });
  }
  send(msg: MavLinkData): void {
    new FrameScanner().push(this.encoder.encode(msg), (f) => {
      const m = decodeFrame(f);
      if (m) this.reg.handle(m, { sysid: f.sysid, compid: f.compid, seq: f.seq });
    });
  }
  /** Encode but lose on the way (consumes a sequence number). */
  lose(msg: MavLinkData): void {
    this.encoder.encode(msg);
  }
}

function heartbeat(o: { type?: number; autopilot?: number; baseMode?: number; customMode?: number; systemStatus?: number } = {}) {
  const m = new minimal.Heartbeat();
  Object.assign(m, { type: T.QUADROTOR, autopilot: AP.ARDUPILOTMEGA, baseMode: F.CUSTOM_MODE_ENABLED, customMode: 0, systemStatus: S.STANDBY, mavlinkVersion: 3, ...o });
  return m;
}

function globalPosition(lat_deg: number, lon_deg: number, alt_m: number, rel_m: number, o: { vx?: number; vy?: number; vz?: number; hdg?: number } = {}) {
  const m = new common.GlobalPositionInt();
  Object.assign(m, { timeBootMs: 1000, lat: Math.round(lat_deg * 1e7), lon: Math.round(lon_deg * 1e7), alt: Math.round(alt_m * 1000),
    relativeAlt: Math.round(rel_m * 1000), vx: o.vx ?? 0, vy: o.vy ?? 0, vz: o.vz ?? 0, hdg: o.hdg ?? 65535 });
  return m;
}

function statustext(severity: number, text: string, id = 0, chunkSeq = 0) {
  const m = new common.StatusText();
  Object.assign(m, { severity, text, id, chunkSeq });
  return m;
}

function setup() {
  const clock = new FakeClock(1_700_000_000_000);
  const sent: MavLinkData[] = [];
  const reg = new VehicleRegistry({ clock, send: (m) => sent.push(m) });
  const copter = new Source(reg, 1, 1);
  return { clock, sent, reg, copter };
}

describe('VehicleState', () => {
  it('finds an ArduCopter by HEARTBEAT: type, autopilot, mode GUIDED, armed, system status', () => {
    const { reg, copter } = setup();
    copter.send(heartbeat({ customMode: 4, baseMode: F.CUSTOM_MODE_ENABLED | F.SAFETY_ARMED | F.GUIDED_ENABLED, systemStatus: S.ACTIVE }));
    const s = reg.snapshot();
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA', mode: 'GUIDED', custom_mode: 4, armed: true, system_status: 'ACTIVE', connected: true });
    copter.send(heartbeat({ customMode: 6, baseMode: F.CUSTOM_MODE_ENABLED }));
    expect(reg.get(1, 1)?.snapshot()).toMatchObject({ mode: 'RTL', armed: false });
  });

  it('keeps the position unknown while GLOBAL_POSITION_INT says 0,0, then takes real values', () => {
    const { reg, copter } = setup();
    copter.send(heartbeat());
    copter.send(globalPosition(0, 0, 0.5, 0.2, { vx: 300, vy: 400, vz: -150, hdg: 9050 }));
    let s = reg.get(1)!.snapshot();
    expect([s.lat, s.lon, s.alt_amsl_m, s.alt_rel_m]).toEqual([null, null, null, null]);
    expect(s.heading_deg).toBe(90.5);
    expect(s.groundspeed_mps).toBeNull(); // no position and no GPS fix: the speed over ground is not known
    expect(s.climb_mps).toBeCloseTo(1.5, 9);
    copter.send(globalPosition(22.5431234, 114.0579876, 52.3, 12.25));
    s = reg.get(1)!.snapshot();
    expect(s.lat).toBeCloseTo(22.5431234, 7);
    expect(s.lon).toBeCloseTo(114.0579876, 7);
    expect(s.alt_amsl_m).toBeCloseTo(52.3, 3);
    expect(s.alt_rel_m).toBeCloseTo(12.25, 3);
    expect(s.heading_deg).toBe(90.5); // hdg 65535 = unknown: the last known heading stays
    copter.send(globalPosition(0, 0, 0, 0));
    expect(reg.get(1)!.snapshot().lat).toBeCloseTo(22.5431234, 7); // 0,0 later (estimate lost) is not a move to 0,0
  });

  it('takes home only from HOME_POSITION, never from the first position', () => {
    const { reg, copter } = setup();
    copter.send(heartbeat());
    copter.send(globalPosition(-35.3632621, 149.1652374, 584.1, 0));
    expect(reg.get(1)!.snapshot().home).toBeNull();
    const zero = new common.HomePosition();
    Object.assign(zero, { latitude: 0, longitude: 0, altitude: 0, x: 0, y: 0, z: 0, q: [1, 0, 0, 0], approachX: 0, approachY: 0, approachZ: 0, timeUsec: 0n });
    copter.send(zero);
    expect(reg.get(1)!.snapshot().home).toBeNull();
    const h = new common.HomePosition();
    Object.assign(h, { latitude: -353632621, longitude: 1491652374, altitude: 584090, x: 0, y: 0, z: 0, q: [1, 0, 0, 0], approachX: 0, approachY: 0, approachZ: 0, timeUsec: 123456789n });
    copter.send(h);
    expect(reg.get(1)!.snapshot().home).toEqual({ lat: -35.3632621, lon: 149.1652374, alt_amsl_m: 584.09 });
  });

  it('reads attitude, battery (SYS_STATUS and BATTERY_STATUS), GPS, VFR_HUD and MISSION_CURRENT', () => {
    const { reg, copter } = setup();
    copter.send(heartbeat());
    const att = new common.Attitude();
    Object.assign(att, { timeBootMs: 1, roll: Math.PI / 6, pitch: -Math.PI / 12, yaw: Math.PI, rollspeed: 0, pitchspeed: 0, yawspeed: 0 });
    copter.send(att);
    const sys = new common.SysStatus();
    Object.assign(sys, { onboardControlSensorsPresent: 0, onboardControlSensorsEnabled: 0, onboardControlSensorsHealth: 0, load: 0,
      voltageBattery: 12600, currentBattery: 1530, dropRateComm: 0, errorsComm: 0, errorsCount1: 0, errorsCount2: 0, errorsCount3: 0, errorsCount4: 0, batteryRemaining: 87,
      onboardControlSensorsPresentExtended: 0, onboardControlSensorsEnabledExtended: 0, onboardControlSensorsHealthExtended: 0 });
    copter.send(sys);
    const gps = new common.GpsRawInt();
    Object.assign(gps, { timeUsec: 5n, lat: 0, lon: 0, alt: 0, eph: 121, epv: 200, vel: 0, cog: 0, fixType: 3, satellitesVisible: 10, altEllipsoid: 0, hAcc: 0, vAcc: 0, velAcc: 0, hdgAcc: 0, yaw: 0 });
    copter.send(gps);
    const hud = new common.VfrHud();
    Object.assign(hud, { airspeed: 3, groundspeed: 4.5, alt: 10, climb: -0.5, heading: 271, throttle: 40 });
    copter.send(hud);
    const mc = new common.MissionCurrent();
    Object.assign(mc, { seq: 3, total: 12, missionState: 0, missionMode: 0, missionId: 0, fenceId: 0, rallyPointsId: 0 });
    copter.send(mc);
    let s = reg.get(1)!.snapshot();
    expect(s.roll_deg).toBeCloseTo(30, 4);
    expect(s.pitch_deg).toBeCloseTo(-15, 4);
    expect(s.yaw_deg).toBeCloseTo(180, 4);
    expect([s.battery_voltage_v, s.battery_current_a, s.battery_remaining_pct]).toEqual([12.6, 15.3, 87]);
    expect([s.gps_fix_type, s.gps_satellites, s.gps_hdop]).toEqual(['3D_FIX', 10, 1.21]);
    expect([s.groundspeed_mps, s.climb_mps, s.heading_deg]).toEqual([4.5, -0.5, 271]);
    expect([s.mission_seq, s.mission_total]).toEqual([3, 12]);
    const bat = new common.BatteryStatus();
    Object.assign(bat, { currentConsumed: 0, energyConsumed: 0, temperature: 0, voltages: [4100, 4100, 4000, 65535, 65535, 65535, 65535, 65535, 65535, 65535],
      currentBattery: -1, id: 0, batteryFunction: 0, type: 0, batteryRemaining: 55, timeRemaining: 0, chargeState: 0, voltagesExt: [0, 0, 0, 0], mode: 0, faultBitmask: 0 });
    copter.send(bat);
    s = reg.get(1)!.snapshot();
    expect([s.battery_voltage_v, s.battery_current_a, s.battery_remaining_pct]).toEqual([12.2, null, 55]);
  });

  it('keeps a bounded STATUSTEXT log with severity and time, joining chunked texts', () => {
    const { clock, reg, copter } = setup();
    copter.send(heartbeat());
    copter.send(statustext(4, 'PreArm: Need 3D Fix'));
    clock.advance(250);
    const long = 'A'.repeat(50);
    copter.send(statustext(6, long, 7, 0));
    copter.send(statustext(6, 'tail', 7, 1));
    const s = reg.get(1)!.snapshot();
    expect(s.statustext).toEqual([
      { t_ms: 1_700_000_000_000, severity: 4, severity_name: 'WARNING', text: 'PreArm: Need 3D Fix' },
      { t_ms: 1_700_000_000_250, severity: 6, severity_name: 'INFO', text: `${long}tail` },
    ]);
    for (let i = 0; i < 150; i++) copter.send(statustext(6, `line ${i}`));
    const v = reg.get(1)!;
    expect(v.statustext.size).toBe(100);
    expect(v.statustext.last(1)[0].text).toBe('line 149');
    expect(v.snapshot().statustext.map((e) => e.text)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${140 + i}`));
  });

  it('measures link loss from sequence gaps and keeps last-heard time', () => {
    const { clock, reg, copter } = setup();
    for (let i = 0; i < 10; i++) copter.send(heartbeat());
    for (let i = 0; i < 5; i++) copter.lose(heartbeat());
    clock.advance(1234);
    for (let i = 0; i < 290; i++) copter.send(heartbeat()); // crosses the 255 → 0 wrap
    const s = reg.get(1)!.snapshot();
    expect([s.link_received, s.link_lost]).toEqual([300, 5]);
    expect(s.link_loss_pct).toBeCloseTo((5 / 305) * 100, 9);
    expect(s.last_heard_ms).toBe(1_700_000_001_234);
    clock.advance(6000);
    expect(reg.get(1)!.snapshot().connected).toBe(false);
  });

  it('gives a snapshot that is plain JSON: no bigint, no class instances, stable keys', () => {
    const { reg, copter } = setup();
    copter.send(heartbeat());
    const gps = new common.GpsRawInt();
    Object.assign(gps, { timeUsec: 2n ** 60n, lat: 1, lon: 1, alt: 0, eph: 65535, epv: 65535, vel: 0, cog: 0, fixType: 1, satellitesVisible: 255, altEllipsoid: 0, hAcc: 0, vAcc: 0, velAcc: 0, hdgAcc: 0, yaw: 0 });
    copter.send(gps);
    copter.send(statustext(2, 'EKF variance'));
    const snap = reg.snapshot();
    const text = JSON.stringify(snap);
    expect(JSON.parse(text)).toEqual(snap);
    const plain = (v: unknown): boolean => v === null || ['number', 'string', 'boolean'].includes(typeof v)
      || (Array.isArray(v) && v.every(plain))
      || (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every(plain));
    expect(plain(snap)).toBe(true);
    expect(snap[0]).toMatchObject({ gps_fix_type: 'NO_FIX', gps_satellites: null, gps_hdop: null, lat: null, home: null, mission_seq: null });
    for (const k of ['sysid', 'compid', 'type', 'autopilot', 'mode', 'armed', 'lat', 'lon', 'alt_rel_m', 'alt_amsl_m', 'heading_deg', 'groundspeed_mps',
      'climb_mps', 'battery_voltage_v', 'battery_current_a', 'battery_remaining_pct', 'gps_fix_type', 'gps_satellites', 'gps_hdop', 'system_status',
      'home', 'mission_seq', 'last_heard_ms', 'statustext']) expect(Object.keys(snap[0])).toContain(k);
  });
});

describe('LinkQuality', () => {
  it('counts gaps as loss, but not a duplicate or a restart of the sender', async () => {
    const { LinkQuality } = await import('../../mavlink/vehicle/link-quality');
    const q = new LinkQuality();
    for (const seq of [250, 251, 253, 254, 254, 255, 0, 3]) q.record(seq);
    expect(q.snapshot()).toMatchObject({ received: 8, lost: 3 }); // 252, 1, 2 missing; 254 twice is a duplicate
    q.record(200); // jumped back: the sender restarted
    q.record(201);
    expect(q.snapshot()).toMatchObject({ received: 10, lost: 3 });
    expect(new LinkQuality().snapshot().loss_pct).toBe(0);
  });
});

describe('LinkQuality under reordering and outages', () => {
  it('a late frame cancels the loss its gap had counted', async () => {
    const { LinkQuality } = await import('../../mavlink/vehicle/link-quality');
    const q = new LinkQuality();
    for (const seq of [1, 2, 3, 5, 4, 6, 7, 9, 8, 10]) q.record(seq);
    expect(q.snapshot()).toMatchObject({ received: 10, lost: 0, late: 2, loss_pct: 0 });
  });

  it('a silence longer than the outage time starts over instead of guessing from a wrapped gap', async () => {
    const { LinkQuality } = await import('../../mavlink/vehicle/link-quality');
    const q = new LinkQuality(2500);
    let t = 0;
    for (let seq = 0; seq < 50; seq++) q.record(seq, (t += 100));
    q.record(100, (t += 3000)); // 3 s of nothing: 50 seq numbers ahead, but it may have wrapped several times
    q.record(102, (t += 100)); // then one lost
    expect(q.snapshot()).toMatchObject({ received: 52, lost: 1, outages: 1 });
  });
});
