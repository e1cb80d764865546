// The injected environment of every protocol state machine: a clock, a sender, and where a message came from.
// Real code passes `realClock` and a sender that encodes with the GCS identity; tests pass a FakeClock and an array.
import type { MavLinkData } from 'node-mavlink';

/** Opaque timer handle; only the clock that made it can clear it. */
export interface TimerHandle {
  readonly timer_id: number;
}

export interface Clock {
  /** Milliseconds; wall-clock (epoch) for the real clock, arbitrary origin for a fake one. */
  now_ms(): number;
  setTimeout(cb: () => void, delay_ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** A system/component address (the target of a command, or the sender of a message). */
export interface MavAddress {
  sysid: number;
  compid: number;
}

/** Where an incoming message came from: its header's sysid, compid and (optionally) sequence number. */
export interface MessageSource extends MavAddress {
  seq?: number;
}

/** Sends one message; the connection encodes it with the GCS identity. `target` is a routing hint only. */
export type Sender = (msg: MavLinkData, target?: MavAddress) => void;

/** Anything that consumes decoded messages (vehicle registry, command client, …). */
export interface MessageHandler {
  handle(msg: MavLinkData, from: MessageSource): void;
}

/** The GCS identity Mission Planner uses: sysid 255, MAV_COMP_ID_MISSIONPLANNER (190). */
export const DEFAULT_GCS: Readonly<MavAddress> = Object.freeze({ sysid: 255, compid: 190 });

class RealClock implements Clock {
  private nextId = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  now_ms(): number {
    return Date.now();
  }

  setTimeout(cb: () => void, delay_ms: number): TimerHandle {
    const timer_id = this.nextId++;
    const t = setTimeout(() => {
      this.timers.delete(timer_id);
      cb();
    }, delay_ms);
    this.timers.set(timer_id, t);
    return { timer_id };
  }

  clearTimeout(handle: TimerHandle): void {
    const t = this.timers.get(handle.timer_id);
    if (t === undefined) return;
    clearTimeout(t);
    this.timers.delete(handle.timer_id);
  }
}

/** The clock over Node's timers. */
export const realClock: Clock = new RealClock();
