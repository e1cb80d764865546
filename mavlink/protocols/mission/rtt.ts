// Round-trip time of the mission exchange with one vehicle, for retransmission delays (RFC 6298's estimator, with
// Karn's rule: only exchanges answered without a resend are sampled). The MAVLink mission service's timeouts
// (1500 ms for a response, 250 ms for an item) stay the upper bounds; on a fast link the resend comes after a
// few round trips instead, which is what lets a 200-item upload finish in seconds at 10 % loss.

export class RttEstimator {
  private srtt_ms: number | undefined;
  private rttvar_ms = 0;

  sample(rtt_ms: number): void {
    if (!(rtt_ms >= 0) || !Number.isFinite(rtt_ms)) return;
    if (this.srtt_ms === undefined) {
      this.srtt_ms = rtt_ms;
      this.rttvar_ms = rtt_ms / 2;
      return;
    }
    this.rttvar_ms = 0.75 * this.rttvar_ms + 0.25 * Math.abs(this.srtt_ms - rtt_ms);
    this.srtt_ms = 0.875 * this.srtt_ms + 0.125 * rtt_ms;
  }

  get smoothed_ms(): number | undefined {
    return this.srtt_ms;
  }

  /** srtt + 4 × rttvar, within [min_ms, max_ms]; `unknown_ms` before the first sample. */
  retransmitDelay(min_ms: number, max_ms: number, unknown_ms: number): number {
    if (this.srtt_ms === undefined) return Math.min(unknown_ms, max_ms);
    return Math.min(max_ms, Math.max(min_ms, this.srtt_ms + 4 * this.rttvar_ms));
  }
}
