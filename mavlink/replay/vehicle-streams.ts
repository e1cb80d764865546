// One vehicle (sysid, compid) of a recording, for the replay: where each of its state messages is in the file
// (time and offset per message id: 16 bytes a record, no decoded objects), its arming and mode changes as events,
// and the values a track row carries, kept as the record stream passes. The state at time t decodes the last
// message of each stream from the file's bytes and plays them through the live links' VehicleState, so a replayed
// instrument reads exactly as it read live (Foxglove's "backfill" of the latest message per topic).
import { common, minimal, type MavLinkData } from 'node-mavlink';
import { VehicleState, type VehicleSnapshot } from '../vehicle/vehicle-state';
import type { Clock } from '../protocols/env';
import { f64, type Growable } from './growable';
import { fieldOffset, PayloadView } from './payload-view';
import { lastAtOrBefore } from './search';

export const STATUSTEXT_ID = common.StatusText.MSG_ID;
/** The messages whose last value makes a vehicle's state (VehicleState reads these), STATUSTEXT apart. */
export const STATE_IDS: ReadonlySet<number> = new Set([0, 1, 24, 30, 33, 42, 74, 147, 242]);
/** STATUSTEXT entries a snapshot carries (as live). */
const SNAPSHOT_TEXTS = 10;
const UINT16_UNKNOWN = 0xffff;

export interface ReplayEvent {
  t_us: number;
  sysid: number | null;
  kind: 'mode' | 'armed' | 'disarmed' | 'message' | 'item' | 'link';
  value: string;
  severity?: number;
}

/** A message id's records: time (µs) and the record's offset in the file (file order breaks ties of time). */
interface Stream {
  t: Growable<Float64Array>;
  off: Growable<Float64Array>;
}

const stream = (): Stream => ({ t: f64(), off: f64() });

// Field offsets, from node-mavlink's tables.
const GPI = {
  lat: fieldOffset(common.GlobalPositionInt, 'lat'), lon: fieldOffset(common.GlobalPositionInt, 'lon'),
  alt: fieldOffset(common.GlobalPositionInt, 'alt'), rel: fieldOffset(common.GlobalPositionInt, 'relativeAlt'),
  vx: fieldOffset(common.GlobalPositionInt, 'vx'), vy: fieldOffset(common.GlobalPositionInt, 'vy'),
  hdg: fieldOffset(common.GlobalPositionInt, 'hdg'), boot: fieldOffset(common.GlobalPositionInt, 'timeBootMs'),
};
const VFR_HEADING = fieldOffset(common.VfrHud, 'heading');
const SYS = { v: fieldOffset(common.SysStatus, 'voltageBattery'), a: fieldOffset(common.SysStatus, 'currentBattery'), pct: fieldOffset(common.SysStatus, 'batteryRemaining') };
const BAT = {
  id: fieldOffset(common.BatteryStatus, 'id'), cells: fieldOffset(common.BatteryStatus, 'voltages'), ext: fieldOffset(common.BatteryStatus, 'voltagesExt'),
  a: fieldOffset(common.BatteryStatus, 'currentBattery'), pct: fieldOffset(common.BatteryStatus, 'batteryRemaining'),
};

/** A GLOBAL_POSITION_INT read from the bytes (what a track row and the post checks need). */
export interface Position {
  boot_ms: number;
  lat_e7: number;
  lon_e7: number;
  alt_mm: number;
  rel_mm: number;
  speed_mps: number;
}

export class VehicleStreams {
  private readonly streams = new Map<number, Stream>();
  private readonly texts = stream();
  /** Per HEARTBEAT: since when the vehicle has been armed (µs), NaN when disarmed. */
  private readonly armedSince = f64();
  /** Sent a HEARTBEAT as a vehicle (not a ground station): shown; other senders' streams are kept but not shown. */
  isVehicle = false;
  private lastMode: string | null = null;
  private lastArmed = false;
  /** Fed HEARTBEATs only: the mode and arming as the records pass. */
  private readonly state: VehicleState;
  private now_ms = 0;
  /** What VehicleState would hold as the records pass, for the track rows (see `row`). */
  heading_deg = NaN;
  battery_v = NaN;
  battery_pct = NaN;

  constructor(readonly sysid: number, readonly compid: number) {
    // A clock the replay sets to each message's time, so "last heard" and "connected" are as they were then.
    this.state = new VehicleState({ now_ms: () => this.now_ms } as Clock, sysid, compid);
    this.mode = this.state.mode;
  }

  /** The mode and arming as of the last HEARTBEAT (kept: a track row reads them at every position). */
  mode = '';
  armed = false;

  /** A record of a state message (or STATUSTEXT): where it is, so a seek can decode it. */
  keep(msgid: number, t_us: number, offset: number): void {
    let s = msgid === STATUSTEXT_ID ? this.texts : this.streams.get(msgid);
    if (!s) this.streams.set(msgid, (s = stream()));
    s.t.push(t_us);
    s.off.push(offset);
  }

  heartbeat(t_us: number, msg: minimal.Heartbeat, events: ReplayEvent[]): void {
    if (msg.type === minimal.MavType.GCS || msg.autopilot === minimal.MavAutopilot.INVALID) {
      this.armedSince.push(NaN);
      return; // a ground station's (or a camera's) heartbeat: no vehicle events
    }
    this.isVehicle = true;
    this.now_ms = t_us / 1000;
    this.state.handle(msg, { sysid: this.sysid, compid: this.compid });
    const armed = (this.armed = this.state.armed);
    const prev = this.armedSince.last();
    this.armedSince.push(armed ? (prev !== undefined && !Number.isNaN(prev) ? prev : t_us) : NaN);
    const mode = (this.mode = this.state.mode);
    if (mode !== this.lastMode) events.push({ t_us, sysid: this.sysid, kind: 'mode', value: mode });
    if (this.lastMode !== null && armed !== this.lastArmed) events.push({ t_us, sysid: this.sysid, kind: armed ? 'armed' : 'disarmed', value: '' });
    this.lastMode = mode;
    this.lastArmed = armed;
  }

  // The row values follow VehicleState.handle (mavlink/vehicle/vehicle-state.ts) message for message; the test
  // "track rows equal VehicleState played through" holds them to it.

  /** GLOBAL_POSITION_INT: the heading it carries (unless unknown) and the position and speed for the row. */
  position(p: PayloadView, out: Position): Position {
    const hdg = p.u16(GPI.hdg);
    if (hdg !== UINT16_UNKNOWN) this.heading_deg = hdg / 100;
    out.boot_ms = p.u32(GPI.boot);
    out.lat_e7 = p.i32(GPI.lat);
    out.lon_e7 = p.i32(GPI.lon);
    out.alt_mm = p.i32(GPI.alt);
    out.rel_mm = p.i32(GPI.rel);
    out.speed_mps = Math.hypot(p.i16(GPI.vx), p.i16(GPI.vy)) / 100;
    return out;
  }

  vfrHud(p: PayloadView): void {
    this.heading_deg = p.i16(VFR_HEADING);
  }

  sysStatus(p: PayloadView): void {
    const mv = p.u16(SYS.v);
    const pct = p.i8(SYS.pct);
    this.battery_v = mv === UINT16_UNKNOWN ? NaN : mv / 1000;
    this.battery_pct = pct === -1 ? NaN : pct;
  }

  batteryStatus(p: PayloadView): void {
    if (p.u8(BAT.id) !== 0) return;
    let sum = 0;
    let cells = 0;
    for (let i = 0; i < 10 + 4; i++) {
      const mv = p.u16(i < 10 ? BAT.cells + 2 * i : BAT.ext + 2 * (i - 10));
      if (mv !== UINT16_UNKNOWN && mv !== 0) {
        sum += mv;
        cells++;
      }
    }
    const pct = p.i8(BAT.pct);
    this.battery_v = cells > 0 ? sum / 1000 : NaN;
    this.battery_pct = pct === -1 ? NaN : pct;
  }

  /** The vehicle as it was at `t_us`: the last message of each stream, decoded from `file`, in time order, through VehicleState. */
  at(t_us: number, file: Buffer): VehicleSnapshot | null {
    const picks: Array<{ t: number; off: number; msgid: number }> = [];
    let heartbeat = -1;
    for (const [msgid, s] of this.streams) {
      const i = lastAtOrBefore(s.t.view(), t_us);
      if (i < 0) continue;
      picks.push({ t: s.t.get(i), off: s.off.get(i), msgid });
      if (msgid === 0) heartbeat = i;
    }
    if (heartbeat < 0) return null; // not heard yet at t
    const last = lastAtOrBefore(this.texts.t.view(), t_us);
    for (let i = Math.max(0, last - SNAPSHOT_TEXTS + 1); i <= last; i++) picks.push({ t: this.texts.t.get(i), off: this.texts.off.get(i), msgid: STATUSTEXT_ID });
    picks.sort((a, b) => a.t - b.t || a.off - b.off);
    let now = 0;
    const v = new VehicleState({ now_ms: () => now } as Clock, this.sysid, this.compid);
    const view = new PayloadView();
    for (const p of picks) {
      const msg: MavLinkData | undefined = view.at(file, p.off).decode(p.msgid);
      if (!msg) continue;
      now = p.t / 1000;
      v.handle(msg, { sysid: this.sysid, compid: this.compid });
    }
    now = t_us / 1000;
    const since = this.armedSince.get(heartbeat);
    v.armed_since_ms = Number.isNaN(since) ? undefined : since / 1000;
    return v.snapshot();
  }
}

