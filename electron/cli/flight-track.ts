// The track and photos of one vehicle in a .tlog, for the duty-post checks. Durations come from the vehicle's
// own clock (time_boot_ms), anchored at the recording's wall-clock time of the first position: a recording made
// faster than real time (the simulator's speed-up) or through a laggy link still measures hovers correctly.
import { common, minimal } from 'node-mavlink';
import { decodeFrame } from '../../mavlink/decoder';
import { readTlog } from '../../mavlink/tlog/reader';
import type { Photo, TrackSample } from '../../patrol/checks/types';

export interface FlightTrack {
  sysid: number | null;
  track: TrackSample[];
  photos: Photo[];
}

const GPI = common.GlobalPositionInt.MSG_ID;
const CAPTURED = common.CameraImageCaptured.MSG_ID;
const HEARTBEAT = minimal.Heartbeat.MSG_ID;
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

/** Positions (never 0,0) of `sysid`'s flight controller, or of the first one heard, and its photos. */
export async function readFlightTrack(path: string, sysid?: number): Promise<FlightTrack> {
  let vehicle = sysid ?? null;
  /** The flight controller's component: positions come from it (a camera or companion has its own clock). */
  let autopilotCompid: number | null = null;
  const clocks = new Map<number, BootClock>();
  const clockOf = (compid: number): BootClock => {
    let c = clocks.get(compid);
    if (!c) clocks.set(compid, (c = new BootClock()));
    return c;
  };
  const track: TrackSample[] = [];
  const photos: Photo[] = [];
  for await (const batch of readTlog(path).batches()) {
    for (const { t_us, frame } of batch) {
      const id = frame.msgid;
      if (id !== GPI && id !== CAPTURED && id !== HEARTBEAT) continue;
      const msg = decodeFrame(frame);
      if (msg instanceof minimal.Heartbeat) {
        const isAutopilot = msg.type !== minimal.MavType.GCS && msg.autopilot !== minimal.MavAutopilot.INVALID;
        if (vehicle === null && isAutopilot) vehicle = frame.sysid;
        if (autopilotCompid === null && isAutopilot && frame.sysid === vehicle) autopilotCompid = frame.compid;
        continue;
      }
      if (frame.sysid !== vehicle) continue;
      if (msg instanceof common.GlobalPositionInt) {
        if (autopilotCompid !== null && frame.compid !== autopilotCompid) continue;
        if (msg.lat === 0 && msg.lon === 0) continue;
        // On the ground is not on patrol: a drone parked at a post does not check it. The gap this leaves ends
        // any visit (see the checks' max_gap_s).
        if (msg.relativeAlt < ON_GROUND_MM) continue;
        track.push({ t_us: clockOf(frame.compid).at(t_us, msg.timeBootMs), lat_deg: msg.lat / 1e7, lon_deg: msg.lon / 1e7, alt_rel_m: msg.relativeAlt / 1000 });
      } else if (msg instanceof common.CameraImageCaptured) {
        if (msg.lat === 0 && msg.lon === 0) continue;
        photos.push({ t_us: clockOf(frame.compid).at(t_us, msg.timeBootMs), lat_deg: msg.lat / 1e7, lon_deg: msg.lon / 1e7, image_index: msg.imageIndex });
      }
    }
  }
  // Frames reordered on the link arrive a little out of time order: sort (reboots are anchored above).
  track.sort((a, b) => a.t_us - b.t_us);
  return { sysid: vehicle, track: dedupe(track), photos };
}

/** Drop repeated samples at the same time (duplicated frames). */
function dedupe(track: TrackSample[]): TrackSample[] {
  return track.filter((s, i) => i === 0 || s.t_us !== track[i - 1].t_us);
}
