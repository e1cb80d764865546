// Packet loss of one sender from gaps in its MAVLink sequence numbers (8-bit, wrapping). One implementation for
// the per-link statistics (mavlink/link-stats.ts) and the per-vehicle state.
//
// Each frame is classed by how far its seq is from the newest one seen:
//   same seq             a duplicate: not loss;
//   1..127 ahead         the next frame, after `ahead - 1` lost ones;
//   1..16 behind         a late (reordered) frame: one of the frames counted lost arrived after all;
//   further behind       the sender restarted or another link joined in: start over from here;
// and a frame after a silence longer than `outage_ms` starts over too (the seq may have wrapped any number of
// times during an outage, so the gap says nothing): such outages are counted, not guessed as frame counts.
export interface LinkQualitySnapshot {
  received: number;
  lost: number;
  /** lost / (received + lost) × 100; 0 before anything was received. */
  loss_pct: number;
  duplicates: number;
  late: number;
  /** Silences longer than outage_ms, and restarts of the sequence. */
  outages: number;
}

const MAX_AHEAD = 127;
const MAX_LATE = 16;
const DEFAULT_OUTAGE_MS = 2500;

export class LinkQuality {
  private last_seq: number | undefined;
  private last_ms = Number.NaN;
  private received = 0;
  private lost = 0;
  private duplicates = 0;
  private late = 0;
  private outages = 0;

  constructor(private readonly outage_ms = DEFAULT_OUTAGE_MS) {}

  /** Account one received frame with sequence number `seq` (0..255), heard at `now_ms` (optional). */
  record(seq: number, now_ms = Number.NaN): void {
    seq &= 0xff;
    this.received++;
    const silent = now_ms - this.last_ms > this.outage_ms;
    if (!Number.isNaN(now_ms)) this.last_ms = now_ms;
    if (this.last_seq === undefined) {
      this.last_seq = seq;
      return;
    }
    const ahead = (seq - this.last_seq) & 0xff;
    if (silent) {
      this.outages++;
      this.last_seq = seq;
    } else if (ahead === 0) {
      this.duplicates++;
    } else if (ahead <= MAX_AHEAD) {
      this.lost += ahead - 1;
      this.last_seq = seq;
    } else if (256 - ahead <= MAX_LATE) {
      this.late++;
      if (this.lost > 0) this.lost--;
    } else {
      this.outages++;
      this.last_seq = seq;
    }
  }

  /** Start again from the next frame (the link's signing key changed: frames dropped under the old one left a gap
   *  in the sequence that says nothing about the wire). */
  reset(): void {
    this.last_seq = undefined;
    this.last_ms = Number.NaN;
    this.received = this.lost = this.duplicates = this.late = this.outages = 0;
  }

  snapshot(): LinkQualitySnapshot {
    const total = this.received + this.lost;
    return {
      received: this.received,
      lost: this.lost,
      loss_pct: total === 0 ? 0 : (this.lost / total) * 100,
      duplicates: this.duplicates,
      late: this.late,
      outages: this.outages,
    };
  }
}
