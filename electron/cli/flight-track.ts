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
/** time_boot_ms going back by more than this is a reboot, not frames out of order. */
const REBOOT_BACKSTEP_MS = 5000;

/** Positions (never 0,0) and photos of `sysid`, or of the first flight controller heard. */
export async function readFlightTrack(path: string, sysid?: number): Promise<FlightTrack> {
  let vehicle = sysid ?? null;
  let anchor: { wall_us: number; boot_ms: number } | undefined;
  let last_boot_ms = -Infinity;
  const track: TrackSample[] = [];
  const photos: Photo[] = [];
  // Each boot of the vehicle has its own clock: a reboot (time_boot_ms back by more than a few reordered frames
  // could explain) anchors the new boot at its own recording time, so its samples come after the old boot's.
  const time = (wall_us: number, boot_ms: number): number => {
    if (!anchor || boot_ms < last_boot_ms - REBOOT_BACKSTEP_MS) {
      anchor = { wall_us, boot_ms };
      last_boot_ms = boot_ms;
    } else last_boot_ms = Math.max(last_boot_ms, boot_ms);
    return Math.round(anchor.wall_us + (boot_ms - anchor.boot_ms) * 1000);
  };
  for await (const batch of readTlog(path).batches()) {
    for (const { t_us, frame } of batch) {
      const id = frame.msgid;
      if (id !== GPI && id !== CAPTURED && id !== HEARTBEAT) continue;
      const msg = decodeFrame(frame);
      if (msg instanceof minimal.Heartbeat) {
        if (vehicle === null && msg.type !== minimal.MavType.GCS && msg.autopilot !== minimal.MavAutopilot.INVALID) vehicle = frame.sysid;
        continue;
      }
      if (frame.sysid !== vehicle) continue;
      if (msg instanceof common.GlobalPositionInt) {
        if (msg.lat === 0 && msg.lon === 0) continue;
        // On the ground is not on patrol: a drone parked at a post does not check it. The gap this leaves ends
        // any visit (see the checks' max_gap_s).
        if (msg.relativeAlt < ON_GROUND_MM) continue;
        track.push({ t_us: time(t_us, msg.timeBootMs), lat_deg: msg.lat / 1e7, lon_deg: msg.lon / 1e7, alt_rel_m: msg.relativeAlt / 1000 });
      } else if (msg instanceof common.CameraImageCaptured) {
        if (msg.lat === 0 && msg.lon === 0) continue;
        photos.push({ t_us: time(t_us, msg.timeBootMs), lat_deg: msg.lat / 1e7, lon_deg: msg.lon / 1e7, image_index: msg.imageIndex });
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
