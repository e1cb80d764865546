// Telemetry scheduler: which messages go out how often, in sim time. Like ArduPilot, only HEARTBEAT (1 Hz)
// and STATUSTEXT go out until a GCS asks with REQUEST_DATA_STREAM or MAV_CMD_SET_MESSAGE_INTERVAL.
import { common, minimal } from 'node-mavlink';
import { MESSAGE_BUILDERS } from './messages';
import type { SimVehicle } from './vehicle';

const { MavDataStream, MavResult } = common;
const MAX_RATE_HZ = 50;

/** ArduCopter's stream groups (SRn_ parameters), limited to the messages the simulator produces. */
export const STREAM_MESSAGES: ReadonlyMap<number, readonly number[]> = new Map<number, readonly number[]>([
  [MavDataStream.EXTENDED_STATUS, [common.SysStatus.MSG_ID, common.GpsRawInt.MSG_ID, common.MissionCurrent.MSG_ID]],
  [MavDataStream.POSITION, [common.GlobalPositionInt.MSG_ID, common.LocalPositionNed.MSG_ID]],
  [MavDataStream.EXTRA1, [common.Attitude.MSG_ID]],
  [MavDataStream.EXTRA2, [common.VfrHud.MSG_ID]],
  [MavDataStream.EXTRA3, [common.BatteryStatus.MSG_ID, common.SystemTime.MSG_ID]],
  [MavDataStream.RAW_SENSORS, []],
  [MavDataStream.RC_CHANNELS, []],
  [MavDataStream.RAW_CONTROLLER, []],
]);

/** Rates used for SET_MESSAGE_INTERVAL with interval 0 ("default rate"). */
export const DEFAULT_RATE_HZ: ReadonlyMap<number, number> = new Map<number, number>([
  [minimal.Heartbeat.MSG_ID, 1],
  [common.SysStatus.MSG_ID, 2],
  [common.GpsRawInt.MSG_ID, 2],
  [common.MissionCurrent.MSG_ID, 2],
  [common.GlobalPositionInt.MSG_ID, 4],
  [common.LocalPositionNed.MSG_ID, 4],
  [common.Attitude.MSG_ID, 10],
  [common.VfrHud.MSG_ID, 4],
  [common.BatteryStatus.MSG_ID, 1],
  [common.SystemTime.MSG_ID, 1],
  [common.HomePosition.MSG_ID, 1],
]);

interface Slot {
  interval_ms: number;
  next_ms: number;
}

export class TelemetryScheduler {
  private readonly slots = new Map<number, Slot>();
  private readonly once: number[] = [];

  constructor(private readonly v: SimVehicle) {
    this.slots.set(minimal.Heartbeat.MSG_ID, { interval_ms: 1000, next_ms: 0 });
  }

  /** Can the vehicle produce this message id? */
  produces(msgid: number): boolean {
    return MESSAGE_BUILDERS.has(msgid);
  }

  /** MAV_CMD_SET_MESSAGE_INTERVAL semantics: -1 stops, 0 default rate, > 0 interval in µs. Returns a MAV_RESULT. */
  setInterval(msgid: number, interval_us: number): number {
    if (!this.produces(msgid) || !Number.isFinite(interval_us) || interval_us < -1) return MavResult.DENIED;
    if (interval_us === -1) {
      this.slots.delete(msgid);
      return MavResult.ACCEPTED;
    }
    const interval_ms = interval_us === 0 ? 1000 / (DEFAULT_RATE_HZ.get(msgid) ?? 1) : Math.max(1000 / MAX_RATE_HZ, interval_us / 1000);
    this.setSlot(msgid, interval_ms);
    return MavResult.ACCEPTED;
  }

  /** Interval in µs as MESSAGE_INTERVAL reports it: -1 when not streamed. */
  interval_us(msgid: number): number {
    const slot = this.slots.get(msgid);
    return slot ? Math.round(slot.interval_ms * 1000) : -1;
  }

  /** REQUEST_DATA_STREAM: start (at `rate_hz`) or stop a stream group; ALL means every group. */
  requestStream(streamId: number, rate_hz: number, start: boolean): void {
    const ids = streamId === MavDataStream.ALL ? [...STREAM_MESSAGES.values()].flat() : STREAM_MESSAGES.get(streamId) ?? [];
    for (const msgid of ids) {
      if (!start || !(rate_hz > 0)) this.slots.delete(msgid);
      else this.setSlot(msgid, 1000 / Math.min(MAX_RATE_HZ, rate_hz));
    }
  }

  /** Send a message once at the next step (REQUEST_MESSAGE: the ack goes first, as in ArduPilot). */
  requestOnce(msgid: number): boolean {
    if (!this.produces(msgid)) return false;
    this.once.push(msgid);
    return true;
  }

  /** Build and send a message now; false if the vehicle has nothing to say (e.g. HOME_POSITION before home is set). */
  sendNow(msgid: number): boolean {
    const msg = MESSAGE_BUILDERS.get(msgid)?.(this.v);
    if (!msg) return false;
    this.v.send(msg);
    return true;
  }

  /** Called after every physics step. */
  step(): void {
    const now = this.v.t_ms;
    for (const msgid of this.once.splice(0)) this.sendNow(msgid);
    for (const [msgid, slot] of this.slots) {
      if (now + 1e-6 < slot.next_ms) continue;
      this.sendNow(msgid);
      slot.next_ms += slot.interval_ms;
      if (slot.next_ms <= now) slot.next_ms = now + slot.interval_ms; // fell behind: no burst
    }
  }

  private setSlot(msgid: number, interval_ms: number): void {
    const slot = this.slots.get(msgid);
    if (slot) {
      slot.next_ms = Math.min(slot.next_ms, this.v.t_ms + interval_ms);
      slot.interval_ms = interval_ms;
    } else {
      this.slots.set(msgid, { interval_ms, next_ms: this.v.t_ms });
    }
  }
}
