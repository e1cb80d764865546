// Downloading a list of tiles politely: a gate shared by every offline area (so many requests at once, start times
// at least 1/rate apart), a few workers, each failed tile put back with exponential backoff and jitter. Stopping
// (pause, app closing) lets the requests under way finish and be stored, so a resume never fetches a tile twice.
import type { TileXYZ } from '../../../patrol/maps/tile-math';
import type { TileFetchResult } from './tile-fetch';

/** Waits until performance.now() reaches `at_ms`; false when the signal ended the wait first. */
export async function sleepUntil(at_ms: number, signal: AbortSignal): Promise<boolean> {
  // A timer can fire a hair early by performance.now(): loop until the time has really come.
  while (!signal.aborted && performance.now() < at_ms) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, Math.ceil(at_ms - performance.now())));
      signal.addEventListener('abort', done, { once: true });
    });
  }
  return !signal.aborted;
}

export class Gate {
  private active = 0;
  private next_ms = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly concurrency: number, private readonly interval_ms: number) {}

  /** A request slot at the next allowed start time; false (and no slot held) when `signal` stopped the wait. */
  async acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    if (this.active < this.concurrency) this.active++;
    else {
      const handed = await new Promise<boolean>((resolve) => {
        const wake = () => {
          signal.removeEventListener('abort', quit);
          resolve(true);
        };
        const quit = () => {
          const i = this.waiters.indexOf(wake);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve(false);
        };
        this.waiters.push(wake);
        signal.addEventListener('abort', quit, { once: true });
      });
      if (!handed) return false;
    }
    // Start times are booked in turn, so any one second holds at most 1000 / interval_ms starts.
    const at_ms = Math.max(performance.now(), this.next_ms);
    this.next_ms = at_ms + this.interval_ms;
    if (!(await sleepUntil(at_ms, signal))) {
      this.release();
      return false;
    }
    return true;
  }

  /** Hands the slot straight to the next waiter (so `active` stays counted), or frees it. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.active--;
  }
}

export type TileOutcome =
  | { kind: 'fetched'; body: Buffer; type: string }
  | { kind: 'missing' }
  | { kind: 'failed'; error: string }
  /** In the cache already (browsing fetched it since the list was made). */
  | { kind: 'skipped' };

export interface DownloadJob {
  tiles: readonly TileXYZ[];
  gate: Gate;
  workers: number;
  /** Retries after the first try. */
  retries: number;
  backoff_ms: number;
  /** 0…1, for the jitter (a test passes a fixed one). */
  random: () => number;
  /** Stop starting requests; those under way finish and are settled. */
  stop: AbortSignal;
  /** Abandon the requests under way too (the grace time after a stop ran out). */
  kill: AbortSignal;
  fetch(t: TileXYZ, signal: AbortSignal): Promise<TileFetchResult>;
  cached(t: TileXYZ): boolean;
  /** Records a tile's outcome (storing a fetched one); awaited, so a finished run has stored everything. */
  settle(t: TileXYZ, outcome: TileOutcome): Promise<void>;
}

/** Works through the tiles; 'stopped' when `stop` ended it early (the unsettled tiles are simply not cached). */
export async function downloadTiles(job: DownloadJob): Promise<'finished' | 'stopped'> {
  let next = 0;
  const retry: Array<{ t: TileXYZ; attempt: number; at_ms: number }> = [];

  const worker = async () => {
    while (!job.stop.aborted) {
      const now = performance.now();
      const ready = retry.findIndex((r) => r.at_ms <= now);
      let item: { t: TileXYZ; attempt: number };
      if (ready >= 0) item = retry.splice(ready, 1)[0];
      else if (next < job.tiles.length) item = { t: job.tiles[next++], attempt: 0 };
      else if (retry.length > 0) {
        await sleepUntil(Math.min(...retry.map((r) => r.at_ms)), job.stop);
        continue;
      } else return;

      if (job.cached(item.t)) {
        await job.settle(item.t, { kind: 'skipped' });
        continue;
      }
      if (!(await job.gate.acquire(job.stop))) return;
      let res: TileFetchResult;
      try {
        res = await job.fetch(item.t, job.kill);
      } finally {
        job.gate.release();
      }
      if (res.ok) await job.settle(item.t, { kind: 'fetched', body: res.body, type: res.type });
      else if (res.kind === 'aborted') return;
      // The provider has no such tile: asking again will not change that.
      else if (res.kind === 'missing') await job.settle(item.t, { kind: 'missing' });
      else if (item.attempt < job.retries) {
        const wait_ms = job.backoff_ms * 2 ** item.attempt * (0.5 + job.random());
        retry.push({ t: item.t, attempt: item.attempt + 1, at_ms: performance.now() + wait_ms });
      } else await job.settle(item.t, { kind: 'failed', error: res.message });
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, job.workers) }, worker));
  return job.stop.aborted ? 'stopped' : 'finished';
}
