// The track and photos of one vehicle in a .tlog, for the duty-post checks: mavlink/track/track-builder.ts over
// every record (the app's live checks run the same builder on the link's messages).
import { decodeFrame } from '../../mavlink/decoder';
import { readTlog } from '../../mavlink/tlog/reader';
import { TrackBuilder, TRACK_MESSAGE_IDS } from '../../mavlink/track/track-builder';
import type { Photo, TrackSample } from '../../patrol/checks/types';

export interface FlightTrack {
  sysid: number | null;
  track: TrackSample[];
  photos: Photo[];
}

/** Positions (never 0,0) of `sysid`'s flight controller, or of the first one heard, and its photos. */
export async function readFlightTrack(path: string, sysid?: number): Promise<FlightTrack> {
  const track: TrackSample[] = [];
  const photos: Photo[] = [];
  const builder = new TrackBuilder({ sample: (s) => track.push(s), photo: (p) => photos.push(p) }, sysid);
  for await (const batch of readTlog(path).batches()) {
    for (const { t_us, frame } of batch) {
      if (!TRACK_MESSAGE_IDS.has(frame.msgid)) continue;
      const msg = decodeFrame(frame);
      if (msg) builder.feed(t_us, frame.sysid, frame.compid, msg);
    }
  }
  // Frames reordered on the link arrive a little out of time order: sort (reboots are anchored above).
  track.sort((a, b) => a.t_us - b.t_us);
  return { sysid: builder.vehicle, track: dedupe(track), photos };
}

/** Drop repeated samples at the same time (duplicated frames). */
function dedupe(track: TrackSample[]): TrackSample[] {
  return track.filter((s, i) => i === 0 || s.t_us !== track[i - 1].t_us);
}
