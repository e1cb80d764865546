// Emit snapshots at most `max_hz` times a second (20 by default): the first change goes out at once, changes
// within the next interval are folded into one trailing emission. Nothing per packet reaches the UI.
import type { Clock, TimerHandle } from '../protocols/env';

export class SnapshotThrottle<T> {
  private readonly interval_ms: number;
  private last_emit_ms = -Infinity;
  private timer: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly take: () => T,
    private readonly emit: (snapshot: T) => void,
    max_hz = 20,
  ) {
    if (!(max_hz > 0)) throw new Error(`SnapshotThrottle: max_hz must be > 0, got ${max_hz}`);
    this.interval_ms = 1000 / max_hz;
  }

  /** Something changed: emit now if allowed, else once when the interval is over. */
  notify(): void {
    if (this.closed || this.timer !== undefined) return;
    const wait_ms = this.last_emit_ms + this.interval_ms - this.clock.now_ms();
    if (wait_ms <= 0) this.fire();
    else this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, wait_ms);
  }

  /** Drop any pending emission; notify() does nothing afterwards. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.last_emit_ms = this.clock.now_ms();
    this.emit(this.take());
  }
}
