// Packet loss of one sender from gaps in its MAVLink sequence numbers (8-bit, wrapping).
export interface LinkQualitySnapshot {
  received: number;
  lost: number;
  /** lost / (received + lost) × 100; 0 before anything was received. */
  loss_pct: number;
}

/** A jump larger than this is taken as a restart of the sender (reboot, second link), not as loss. */
const MAX_GAP = 128;

export class LinkQuality {
  private last_seq: number | undefined;
  private received = 0;
  private lost = 0;

  /** Account one received frame with sequence number `seq` (0..255). A repeated seq (duplicate) is not loss. */
  record(seq: number): void {
    this.received++;
    if (this.last_seq !== undefined) {
      const gap = (seq - this.last_seq - 1) & 0xff;
      if (gap > 0 && gap < MAX_GAP) this.lost += gap; // gap 255 is a duplicate of the last frame
    }
    this.last_seq = seq & 0xff;
  }

  snapshot(): LinkQualitySnapshot {
    const total = this.received + this.lost;
    return { received: this.received, lost: this.lost, loss_pct: total === 0 ? 0 : (this.lost / total) * 100 };
  }
}
