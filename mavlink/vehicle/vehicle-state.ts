// The state of one vehicle (one sysid/compid), updated from decoded messages, and its JSON-safe snapshot.
import { minimal, common, type MavLinkData } from 'node-mavlink';
import type { Clock, MessageSource } from '../protocols/env';
import { modeFamily, modeName, modeNames } from './modes';
import { autopilotName, gpsFixName, mavTypeName, systemStatusName } from './names';
import { LinkQuality } from './link-quality';
import { StatusTextLog, type StatusTextEntry } from './statustext-log';

export interface HomeSnapshot {
  lat: number;
  lon: number;
  alt_amsl_m: number;
}

/** What crosses IPC and what `watchpost status --json` prints: plain numbers, strings, booleans and null. */
export interface VehicleSnapshot {
  sysid: number;
  compid: number;
  type: string;
  autopilot: string;
  mode: string;
  custom_mode: number;
  /** The flight modes this autopilot can be asked for by name (empty when its mode table is unknown). */
  modes: string[];
  armed: boolean;
  /** Seconds since the vehicle was seen to arm (its flight time), null while disarmed. */
  armed_s: number | null;
  system_status: string;
  /** A HEARTBEAT was heard within the last `heartbeat_timeout_ms`. */
  connected: boolean;
  lat: number | null;
  lon: number | null;
  alt_amsl_m: number | null;
  alt_rel_m: number | null;
  heading_deg: number | null;
  groundspeed_mps: number | null;
  climb_mps: number | null;
  roll_deg: number | null;
  pitch_deg: number | null;
  yaw_deg: number | null;
  battery_voltage_v: number | null;
  battery_current_a: number | null;
  battery_remaining_pct: number | null;
  gps_fix_type: string | null;
  gps_satellites: number | null;
  gps_hdop: number | null;
  home: HomeSnapshot | null;
  mission_seq: number | null;
  mission_total: number | null;
  last_heard_ms: number;
  last_heartbeat_ms: number;
  link_received: number;
  link_lost: number;
  link_loss_pct: number;
  statustext: StatusTextEntry[];
}

export interface VehicleStateOptions {
  heartbeat_timeout_ms?: number;
  statustext_capacity?: number;
  /** How many STATUSTEXT entries a snapshot carries. */
  snapshot_statustext?: number;
}

const RAD_TO_DEG = 180 / Math.PI;
const UINT16_UNKNOWN = 65535;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class VehicleState {
  readonly sysid: number;
  readonly compid: number;
  type = 0;
  autopilot = 0;
  base_mode = 0;
  custom_mode = 0;
  system_status = 0;
  lat_deg: number | undefined;
  lon_deg: number | undefined;
  alt_amsl_m: number | undefined;
  alt_rel_m: number | undefined;
  heading_deg: number | undefined;
  groundspeed_mps: number | undefined;
  climb_mps: number | undefined;
  attitude: { roll_deg: number; pitch_deg: number; yaw_deg: number } | undefined;
  battery: { voltage_v?: number; current_a?: number; remaining_pct?: number } = {};
  gps: { fix_type: number; satellites?: number; hdop?: number } | undefined;
  home: HomeSnapshot | undefined;
  mission_seq: number | undefined;
  mission_total: number | undefined;
  last_heard_ms: number;
  last_heartbeat_ms: number;
  /** Clock time of the last GLOBAL_POSITION_INT (even one at 0,0): shows the position stream is flowing. */
  last_position_msg_ms: number | undefined;
  /** Clock time the vehicle was first seen armed (in this arming), undefined while disarmed. */
  armed_since_ms: number | undefined;
  readonly statustext: StatusTextLog;
  readonly link = new LinkQuality();
  private readonly heartbeat_timeout_ms: number;
  private readonly snapshot_statustext: number;

  constructor(private readonly clock: Clock, sysid: number, compid: number, opts: VehicleStateOptions = {}) {
    this.sysid = sysid;
    this.compid = compid;
    this.heartbeat_timeout_ms = opts.heartbeat_timeout_ms ?? 5000;
    this.snapshot_statustext = opts.snapshot_statustext ?? 10;
    this.statustext = new StatusTextLog(opts.statustext_capacity ?? 100);
    this.last_heard_ms = this.last_heartbeat_ms = clock.now_ms();
  }

  get armed(): boolean {
    return (this.base_mode & minimal.MavModeFlag.SAFETY_ARMED) !== 0;
  }

  get mode(): string {
    return modeName(this.autopilot, this.type, this.custom_mode);
  }

  /** Apply one message from this vehicle. Returns true if anything in the state changed. */
  handle(msg: MavLinkData, from: MessageSource): boolean {
    const now = this.clock.now_ms();
    this.last_heard_ms = now;
    if (from.seq !== undefined) this.link.record(from.seq, now);
    if (msg instanceof minimal.Heartbeat) {
      this.last_heartbeat_ms = now;
      const armed = (msg.baseMode & minimal.MavModeFlag.SAFETY_ARMED) !== 0;
      if (armed && this.armed_since_ms === undefined) this.armed_since_ms = now;
      if (!armed) this.armed_since_ms = undefined;
      return this.set({ type: msg.type, autopilot: msg.autopilot, base_mode: msg.baseMode, custom_mode: msg.customMode, system_status: msg.systemStatus });
    }
    if (msg instanceof common.GlobalPositionInt) {
      this.last_position_msg_ms = now;
      const changes: Partial<Mutable<VehicleState>> = {};
      // ArduPilot sends 0,0 until its position estimate is up: that is "no position", not the Gulf of Guinea.
      if (msg.lat !== 0 || msg.lon !== 0) {
        Object.assign(changes, { lat_deg: msg.lat / 1e7, lon_deg: msg.lon / 1e7, alt_amsl_m: msg.alt / 1000, alt_rel_m: msg.relativeAlt / 1000 });
      }
      if (msg.hdg !== UINT16_UNKNOWN) changes.heading_deg = msg.hdg / 100;
      changes.groundspeed_mps = Math.hypot(msg.vx, msg.vy) / 100;
      changes.climb_mps = msg.vz === 0 ? 0 : -msg.vz / 100; // never -0 (a replay compares states)
      return this.set(changes);
    }
    if (msg instanceof common.VfrHud) {
      return this.set({ groundspeed_mps: msg.groundspeed, climb_mps: msg.climb, heading_deg: msg.heading });
    }
    if (msg instanceof common.Attitude) {
      this.attitude = { roll_deg: msg.roll * RAD_TO_DEG, pitch_deg: msg.pitch * RAD_TO_DEG, yaw_deg: msg.yaw * RAD_TO_DEG };
      return true;
    }
    if (msg instanceof common.SysStatus) {
      return this.setBattery(
        msg.voltageBattery === UINT16_UNKNOWN ? undefined : msg.voltageBattery / 1000,
        msg.currentBattery === -1 ? undefined : msg.currentBattery / 100,
        msg.batteryRemaining === -1 ? undefined : msg.batteryRemaining);
    }
    if (msg instanceof common.BatteryStatus) {
      if (msg.id !== 0) return false;
      const cells = [...msg.voltages, ...(msg.voltagesExt ?? [])].filter((mv) => mv !== UINT16_UNKNOWN && mv !== 0);
      return this.setBattery(
        cells.length ? cells.reduce((a, b) => a + b, 0) / 1000 : undefined,
        msg.currentBattery === -1 ? undefined : msg.currentBattery / 100,
        msg.batteryRemaining === -1 ? undefined : msg.batteryRemaining);
    }
    if (msg instanceof common.GpsRawInt) {
      this.gps = {
        fix_type: msg.fixType,
        satellites: msg.satellitesVisible === 255 ? undefined : msg.satellitesVisible,
        hdop: msg.eph === UINT16_UNKNOWN ? undefined : msg.eph / 100,
      };
      return true;
    }
    if (msg instanceof common.HomePosition) {
      if (msg.latitude === 0 && msg.longitude === 0) return false;
      this.home = { lat: msg.latitude / 1e7, lon: msg.longitude / 1e7, alt_amsl_m: msg.altitude / 1000 };
      return true;
    }
    if (msg instanceof common.MissionCurrent) {
      return this.set({ mission_seq: msg.seq, mission_total: msg.total > 0 ? msg.total : this.mission_total });
    }
    if (msg instanceof common.StatusText) {
      return this.statustext.add(now, msg.severity, msg.text, msg.id ?? 0, msg.chunkSeq ?? 0) !== undefined;
    }
    return false;
  }

  snapshot(): VehicleSnapshot {
    const now = this.clock.now_ms();
    const link = this.link.snapshot();
    const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
    return {
      sysid: this.sysid,
      compid: this.compid,
      type: mavTypeName(this.type),
      autopilot: autopilotName(this.autopilot),
      mode: this.mode,
      custom_mode: this.custom_mode,
      modes: modeNames(modeFamily(this.autopilot, this.type)),
      armed: this.armed,
      armed_s: this.armed_since_ms === undefined ? null : (now - this.armed_since_ms) / 1000,
      system_status: systemStatusName(this.system_status),
      connected: now - this.last_heartbeat_ms <= this.heartbeat_timeout_ms,
      lat: num(this.lat_deg),
      lon: num(this.lon_deg),
      alt_amsl_m: num(this.alt_amsl_m),
      alt_rel_m: num(this.alt_rel_m),
      heading_deg: num(this.heading_deg),
      // With neither a position nor a GPS fix the speed over ground is not known (ArduPilot still sends 0).
      groundspeed_mps: this.lat_deg === undefined && !(this.gps && this.gps.fix_type >= 2) ? null : num(this.groundspeed_mps),
      climb_mps: num(this.climb_mps),
      roll_deg: num(this.attitude?.roll_deg),
      pitch_deg: num(this.attitude?.pitch_deg),
      yaw_deg: num(this.attitude?.yaw_deg),
      battery_voltage_v: num(this.battery.voltage_v),
      battery_current_a: num(this.battery.current_a),
      battery_remaining_pct: num(this.battery.remaining_pct),
      gps_fix_type: this.gps ? gpsFixName(this.gps.fix_type) : null,
      gps_satellites: num(this.gps?.satellites),
      gps_hdop: num(this.gps?.hdop),
      home: this.home ? { ...this.home } : null,
      mission_seq: num(this.mission_seq),
      mission_total: num(this.mission_total),
      last_heard_ms: this.last_heard_ms,
      last_heartbeat_ms: this.last_heartbeat_ms,
      link_received: link.received,
      link_lost: link.lost,
      link_loss_pct: link.loss_pct,
      statustext: this.statustext.last(this.snapshot_statustext),
    };
  }

  private setBattery(voltage_v: number | undefined, current_a: number | undefined, remaining_pct: number | undefined): boolean {
    const next = { voltage_v, current_a, remaining_pct };
    const b = this.battery;
    if (b.voltage_v === voltage_v && b.current_a === current_a && b.remaining_pct === remaining_pct) return false;
    this.battery = next;
    return true;
  }

  private set(changes: Partial<Mutable<VehicleState>>): boolean {
    let changed = false;
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(changes)) {
      if (self[k] !== v) {
        self[k] = v;
        changed = true;
      }
    }
    return changed;
  }
}
