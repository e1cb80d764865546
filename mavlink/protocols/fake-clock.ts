// A deterministic clock for state-machine tests: time moves only when the test calls advance().
import type { Clock, TimerHandle } from './env';

interface FakeTimer {
  id: number;
  due_ms: number;
  cb: () => void;
}

export class FakeClock implements Clock {
  private t_ms: number;
  private nextId = 1;
  private timers: FakeTimer[] = [];

  constructor(start_ms = 0) {
    this.t_ms = start_ms;
  }

  now_ms(): number {
    return this.t_ms;
  }

  setTimeout(cb: () => void, delay_ms: number): TimerHandle {
    if (!Number.isFinite(delay_ms)) throw new Error(`FakeClock.setTimeout: delay_ms must be finite, got ${delay_ms}`);
    const id = this.nextId++;
    this.timers.push({ id, due_ms: this.t_ms + Math.max(0, delay_ms), cb });
    return { timer_id: id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.timer_id);
  }

  /** Number of timers not yet fired (a finished state machine should leave none). */
  pending(): number {
    return this.timers.length;
  }

  /**
   * Move time forward by `ms`, firing due timers in order (ties in creation order); the clock reads each
   * timer's due time while its callback runs. Timers scheduled by callbacks fire too if due within the window.
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`FakeClock.advance: ms must be >= 0, got ${ms}`);
    const end_ms = this.t_ms + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers) {
        if (t.due_ms <= end_ms && (next === undefined || t.due_ms < next.due_ms || (t.due_ms === next.due_ms && t.id < next.id))) next = t;
      }
      if (next === undefined) break;
      const fired = next;
      this.timers = this.timers.filter((t) => t !== fired);
      this.t_ms = fired.due_ms;
      fired.cb();
    }
    this.t_ms = end_ms;
  }
}
