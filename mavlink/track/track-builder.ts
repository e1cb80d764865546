// One vehicle's track and photos, message by message, for the duty-post checks — the same code for a recording
// (`watchpost checks`, electron/cli/flight-track.ts) and a live link (the app's LinkService), so that live post
// states equal the checks of the flight's tlog. Durations come from the vehicle's own clock (time_boot_ms),
// anchored at the recording's wall-clock time of the first position: a recording made faster than real time
// (the simulator's speed-up) or through a laggy link still measures hovers correctly.
import { common, minimal, type MavLinkData } from 'node-mavlink';
import type { Photo, TrackSample } from '../../patrol/checks/types';

/** Below this height above home (mm, as GLOBAL_POSITION_INT carries it) the aircraft counts as on the ground. */
const ON_GROUND_MM = 2000;
/** time_boot_ms going back by more than this (and to less than the step back) is a reboot. */
const REBOOT_BACKSTEP_MS = 5000;

/**
 * One component's boot clock (time_boot_ms) on the recording's time line. Each boot is anchored at its first
 * sample's recording time, never before the previous boot's last sample (a sped-up simulator's vehicle clock runs
 * ahead of the wall clock). A step back counts as a reboot only when it is longer than the new clock reading:
 * a rebooted vehicle starts near zero, while a late burst from a stalled second link is a few seconds old.
 */
class BootClock {
  private anchor: { wall_us: number; boot_ms: number } | undefined;
  private last_boot_ms = -Infinity;
  private last_t_us = -Infinity;

  at(wall_us: number, boot_ms: number): number {
    const back_ms = this.last_boot_ms - boot_ms;
    if (!this.anchor || (back_ms > REBOOT_BACKSTEP_MS && boot_ms < back_ms)) {
      this.anchor = { wall_us: this.anchor ? Math.max(wall_us, this.last_t_us + 1000) : wall_us, boot_ms };
      this.last_boot_ms = boot_ms;
    } else this.last_boot_ms = Math.max(this.last_boot_ms, boot_ms);
    const t_us = Math.round(this.anchor.wall_us + (boot_ms - this.anchor.boot_ms) * 1000);
    this.last_t_us = Math.max(this.last_t_us, t_us);
    return t_us;
  }
}

export interface TrackSink {
  sample(s: TrackSample): void;
  photo(p: Photo): void;
}

/** Positions (never 0,0, never on the ground) of `sysid`'s flight controller, or of the first one heard, and its photos. */
export class TrackBuilder {
  /** The vehicle followed (the first autopilot heard when none was given). */
  vehicle: number | null;
  /** The flight controller's component: positions come from it (a camera or companion has its own clock). */
  private autopilotCompid: number | null = null;
  private readonly clocks = new Map<number, BootClock>();

  constructor(private readonly sink: TrackSink, sysid?: number) {
    this.vehicle = sysid ?? null;
  }

  private clockOf(compid: number): BootClock {
    let c = this.clocks.get(compid);
    if (!c) this.clocks.set(compid, (c = new BootClock()));
    return c;
  }

  /** Feed a decoded message with its receive (recording) time; only HEARTBEAT, GLOBAL_POSITION_INT and CAMERA_IMAGE_CAPTURED matter. */
  feed(t_us: number, sysid: number, compid: number, msg: MavLinkData): void {
    if (msg instanceof minimal.Heartbeat) {
      const isAutopilot = msg.type !== minimal.MavType.GCS && msg.autopilot !== minimal.MavAutopilot.INVALID;
      if (this.vehicle === null && isAutopilot) this.vehicle = sysid;
      if (this.autopilotCompid === null && isAutopilot && sysid === this.vehicle) this.autopilotCompid = compid;
      return;
    }
    if (sysid !== this.vehicle) return;
    if (msg instanceof common.GlobalPositionInt) {
      this.position(t_us, sysid, compid, msg.timeBootMs, msg.lat, msg.lon, msg.relativeAlt);
    } else if (msg instanceof common.CameraImageCaptured) {
      if (msg.lat === 0 && msg.lon === 0) return;
      this.sink.photo({ t_us: this.clockOf(compid).at(t_us, msg.timeBootMs), lat_deg: msg.lat / 1e7, lon_deg: msg.lon / 1e7, image_index: msg.imageIndex });
    }
  }

  /** A GLOBAL_POSITION_INT's fields (the replay reads them from the file's bytes without decoding the message). */
  position(t_us: number, sysid: number, compid: number, time_boot_ms: number, lat_e7: number, lon_e7: number, relative_alt_mm: number): void {
    if (sysid !== this.vehicle) return;
    if (this.autopilotCompid !== null && compid !== this.autopilotCompid) return;
    if (lat_e7 === 0 && lon_e7 === 0) return;
    // On the ground is not on patrol: a drone parked at a post does not check it. The gap this leaves ends
    // any visit (see the checks' max_gap_s).
    if (relative_alt_mm < ON_GROUND_MM) return;
    this.sink.sample({ t_us: this.clockOf(compid).at(t_us, time_boot_ms), lat_deg: lat_e7 / 1e7, lon_deg: lon_e7 / 1e7, alt_rel_m: relative_alt_mm / 1000 });
  }
}

/** The messages TrackBuilder reads, by id (to skip decoding the rest). */
export const TRACK_MESSAGE_IDS: ReadonlySet<number> = new Set([minimal.Heartbeat.MSG_ID, common.GlobalPositionInt.MSG_ID, common.CameraImageCaptured.MSG_ID]);
