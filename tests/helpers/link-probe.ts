// Test helpers for links: collect received bytes, wait for a byte count or a state (event driven,
// with a deadline that fails loudly), and deterministic test patterns.
import type { Link, LinkState, LinkStatus } from '../../mavlink/links/link';

export interface Collector {
  /** Everything received so far, concatenated. */
  bytes(): Buffer;
  readonly length: number;
  /** Resolves once at least n bytes arrived; rejects after timeout_ms saying how many did. */
  waitForBytes(n: number, timeout_ms?: number): Promise<Buffer>;
  stop(): void;
}

export function collect(link: Link, label: string = link.uri): Collector {
  const chunks: Buffer[] = [];
  let length = 0;
  const waiters = new Set<() => void>();
  const unsubscribe = link.onData((chunk) => {
    chunks.push(Buffer.from(chunk));
    length += chunk.length;
    for (const wake of [...waiters]) wake();
  });
  const bytes = (): Buffer => Buffer.concat(chunks);
  return {
    bytes,
    get length() {
      return length;
    },
    waitForBytes(n, timeout_ms = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(bytes());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${label}: got ${length} of ${n} bytes within ${timeout_ms} ms`));
        }, timeout_ms);
        waiters.add(check);
        check();
      });
    },
    stop: unsubscribe,
  };
}

/** Resolves with the first status the link reports that satisfies `test`; rejects after timeout_ms. */
export function waitForStatus(
  link: Link,
  test: (status: LinkStatus) => boolean,
  what: string,
  timeout_ms = 5000,
): Promise<LinkStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`${link.uri}: no status ${what} within ${timeout_ms} ms (state ${link.state})`));
    }, timeout_ms);
    const unsubscribe = link.onStatus((status) => {
      if (!test(status)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(status);
    });
  });
}

/** Resolves once the link reports `state` (or is already in it). */
export function waitForState(link: Link, state: LinkState, timeout_ms = 5000): Promise<LinkStatus> {
  if (link.state === state) return Promise.resolve({ state });
  return waitForStatus(link, (status) => status.state === state, `"${state}"`, timeout_ms);
}

/** Records every status a link reports. */
export function recordStatuses(link: Link): LinkStatus[] {
  const seen: LinkStatus[] = [];
  link.onStatus((status) => seen.push(status));
  return seen;
}

/** n deterministic pseudo-random bytes (xorshift32), different for each seed. */
export function pattern(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Write `data` in chunks of varying size (1..maxChunk bytes), as a real stream of frames would. */
export function writeInChunks(link: Link, data: Uint8Array, maxChunk = 300): void {
  let offset = 0;
  let i = 0;
  while (offset < data.length) {
    const size = Math.min(data.length - offset, 1 + ((i * 97) % maxChunk));
    link.write(data.subarray(offset, offset + size));
    offset += size;
    i += 1;
  }
}

/** For conditions with no event to wait on: checks every 5 ms, rejects naming `what` after timeout_ms. */
export async function waitUntil(condition: () => boolean, what: string, timeout_ms = 5000): Promise<void> {
  const deadline_ms = Date.now() + timeout_ms;
  while (!condition()) {
    if (Date.now() > deadline_ms) throw new Error(`timed out after ${timeout_ms} ms waiting for ${what}`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
