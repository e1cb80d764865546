// Per-system link statistics: frames, sequence-gap loss and last heard, per (sysid, compid) stream.

export interface SystemLinkStats {
  sysid: number;
  compid: number;
  frames: number;
  /** Frames missing from sequence gaps. */
  lost: number;
  loss_pct: number;
  /** Wall-clock ms (Date.now()) when a frame of this component last arrived. */
  last_heard_ms: number;
}

/** A gap larger than this is taken as the sender restarting, not as loss. */
const MAX_PLAUSIBLE_GAP = 128;

export class SequenceLossTracker {
  private readonly streams = new Map<number, SystemLinkStats & { lastSeq: number }>();

  /** Account one received frame. Duplicates (same seq twice in a row) count as frames, not loss. */
  observe(sysid: number, compid: number, seq: number, now_ms: number): void {
    const key = (sysid << 8) | compid;
    const s = this.streams.get(key);
    if (!s) {
      this.streams.set(key, { sysid, compid, frames: 1, lost: 0, loss_pct: 0, last_heard_ms: now_ms, lastSeq: seq });
      return;
    }
    const gap = (seq - s.lastSeq - 1) & 0xff;
    if (gap > 0 && gap < MAX_PLAUSIBLE_GAP) s.lost += gap;
    s.frames++;
    s.lastSeq = seq;
    s.last_heard_ms = now_ms;
    s.loss_pct = (100 * s.lost) / (s.lost + s.frames);
  }

  snapshot(): SystemLinkStats[] {
    return [...this.streams.values()].map(({ lastSeq: _lastSeq, ...rest }) => ({ ...rest }));
  }
}
