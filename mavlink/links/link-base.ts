// What every concrete link shares: listeners with unsubscribe, state with status events, counters,
// and the open/close bookkeeping (open once, close idempotent, no reopen after close).
import type { Link, LinkCounters, LinkKind, LinkState, LinkStatus } from './link';

/** Timing knobs; every link reads only the ones that concern it. */
export interface LinkOptions {
  /** TCP client: give up the first connect after this long (default 5000). */
  connectTimeout_ms?: number;
  /** TCP client: first reconnect delay after a drop, doubled after each failure (default 200). */
  reconnectMin_ms?: number;
  /** TCP client: longest reconnect delay (default 2000). */
  reconnectMax_ms?: number;
  /**
   * TCP client: a connection that carried no byte for this long is taken as dead and replaced (default 10000;
   * 0 disables). MAVLink peers send a heartbeat every second, and a silent drop (Wi-Fi bridge, NAT) is
   * otherwise noticed only after minutes of TCP keepalive.
   */
  idleTimeout_ms?: number;
  /** Serial: delay between attempts to reopen a vanished port (default 500). */
  serialRetry_ms?: number;
}

/** A stream link stops queueing (and counts dropped writes) past this many unsent bytes: a stalled
 *  peer must not grow memory without bound, and stale telemetry commands are worse than lost ones. */
export const MAX_QUEUED_BYTES = 1024 * 1024;

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const { code, syscall } = err as NodeJS.ErrnoException;
    // System errors read "connect ECONNREFUSED 127.0.0.1:5760"; callers already say where, so the code suffices.
    if (code && syscall) return code;
    const message = err.message.replace(/^Error: /, '');
    return code && !message.includes(code) ? `${code} ${message}` : message;
  }
  return String(err);
}

export abstract class LinkBase implements Link {
  readonly counters: LinkCounters = { bytesIn: 0, bytesOut: 0, droppedWrites: 0, reconnects: 0 };
  abstract readonly kind: LinkKind;
  private currentState: LinkState = 'closed';
  private lastDetail: string | undefined;
  private readonly dataListeners = new Set<(chunk: Uint8Array, source?: number) => void>();
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();
  private openPromise: Promise<void> | undefined;
  private closePromise: Promise<void> | undefined;

  constructor(readonly uri: string) {}

  get state(): LinkState {
    return this.currentState;
  }

  /** The last status detail (e.g. the error that made the link drop). */
  get detail(): string | undefined {
    return this.lastDetail;
  }

  /** True once close() was called: no more reconnects or status changes except the final 'closed'. */
  protected get closing(): boolean {
    return this.closePromise !== undefined;
  }

  open(): Promise<void> {
    if (this.closePromise) return Promise.reject(new Error(`link "${this.uri}": already closed; create a new link`));
    if (!this.openPromise) {
      this.setState('opening');
      this.openPromise = this.doOpen().catch((err: unknown) => {
        // A failed open may be retried (e.g. the radio was plugged in afterwards).
        this.openPromise = undefined;
        this.setState('closed', errorText(err));
        const message = err instanceof Error ? err.message : String(err);
        throw new Error(message.startsWith(`link "${this.uri}"`) ? message : `link "${this.uri}": ${message}`, { cause: err });
      });
    }
    return this.openPromise;
  }

  close(): Promise<void> {
    if (!this.closePromise) {
      this.abortOpen();
      const opened = this.openPromise ?? Promise.resolve();
      // Wait for an open in flight to settle so its sockets are known and closed too.
      this.closePromise = opened
        .then(
          () => undefined,
          (_failedOpen: unknown) => undefined,
        )
        .then(() => this.doClose())
        .then(() => {
          this.setState('closed', 'closed by user');
        });
    }
    return this.closePromise;
  }

  onData(cb: (chunk: Uint8Array, source?: number) => void): () => void {
    this.dataListeners.add(cb);
    return () => {
      this.dataListeners.delete(cb);
    };
  }

  onStatus(cb: (status: LinkStatus) => void): () => void {
    this.statusListeners.add(cb);
    return () => {
      this.statusListeners.delete(cb);
    };
  }

  abstract write(bytes: Uint8Array): void;
  /** Bind / connect / open; resolve when bytes can flow; reject with the reason. */
  protected abstract doOpen(): Promise<void>;
  /** Stop timers and close everything; resolve when closed. */
  protected abstract doClose(): Promise<void>;

  /** Called by close() before waiting for an open in flight: cut it short if possible. */
  protected abortOpen(): void {}

  protected setState(state: LinkState, detail?: string): void {
    if (this.closePromise && state !== 'closed') return;
    this.currentState = state;
    this.lastDetail = detail;
    const status: LinkStatus = detail === undefined ? { state } : { state, detail };
    for (const cb of [...this.statusListeners]) cb(status);
  }

  /** Report something (a peer appeared, a send failed) without changing state. */
  protected notify(detail: string): void {
    this.setState(this.currentState, detail);
  }

  protected deliver(chunk: Uint8Array, source = 0): void {
    if (chunk.length === 0) return;
    this.counters.bytesIn += chunk.length;
    for (const cb of [...this.dataListeners]) cb(chunk, source);
  }
}
