// Per-system link statistics: frames, sequence-gap loss and last heard, per (sysid, compid) stream.
import { LinkQuality, type LinkQualitySnapshot } from './vehicle/link-quality';

export interface SystemLinkStats extends Omit<LinkQualitySnapshot, 'received'> {
  sysid: number;
  compid: number;
  frames: number;
  /** Wall-clock ms (Date.now()) when a frame of this component last arrived. */
  last_heard_ms: number;
}

export class SequenceLossTracker {
  private readonly streams = new Map<number, { sysid: number; compid: number; quality: LinkQuality; last_heard_ms: number }>();

  /** Account one received frame. */
  observe(sysid: number, compid: number, seq: number, now_ms: number): void {
    const key = (sysid << 8) | compid;
    let s = this.streams.get(key);
    if (!s) {
      s = { sysid, compid, quality: new LinkQuality(), last_heard_ms: now_ms };
      this.streams.set(key, s);
    }
    s.quality.record(seq, now_ms);
    s.last_heard_ms = now_ms;
  }

  /** Forget every stream: the figures start again from the next frame (the link's signing key changed). */
  reset(): void {
    this.streams.clear();
  }

  snapshot(): SystemLinkStats[] {
    return [...this.streams.values()].map(({ sysid, compid, quality, last_heard_ms }) => {
      const { received, ...rest } = quality.snapshot();
      return { sysid, compid, frames: received, ...rest, last_heard_ms };
    });
  }
}
