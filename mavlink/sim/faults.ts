// Link fault injection, applied per frame: loss, duplication, reordering and latency (with jitter).
// A seeded PRNG makes every run with the same seed and traffic drop, duplicate and reorder the same frames.

export interface FaultConfig {
  /** Probability a frame is dropped (0..1). */
  loss?: number;
  /** Probability a frame is delivered twice (0..1). */
  duplicate?: number;
  /** Probability a frame is held back and delivered after the next one (0..1). */
  reorder?: number;
  /** Delay added to every frame, ms of link time. */
  latency_ms?: number;
  /** Extra random delay, uniform in [0, jitter_ms). */
  jitter_ms?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

export interface FaultStats {
  frames: number;
  delivered: number;
  lost: number;
  duplicated: number;
  reordered: number;
}

/** mulberry32: a small, fast, seeded PRNG returning [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Throws an Error naming the first bad field of a fault configuration. */
export function validateFaults(cfg: FaultConfig, where = 'fault injection'): Required<FaultConfig> {
  const out: Required<FaultConfig> = { loss: 0, duplicate: 0, reorder: 0, latency_ms: 0, jitter_ms: 0, seed: 1, ...cfg };
  for (const key of ['loss', 'duplicate', 'reorder'] as const) {
    const p = out[key];
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) throw new Error(`${where}: ${key} must be a probability 0..1, got ${String(p)}`);
  }
  for (const key of ['latency_ms', 'jitter_ms'] as const) {
    const ms = out[key];
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new Error(`${where}: ${key} must be a number ≥ 0, got ${String(ms)}`);
  }
  if (!Number.isInteger(out.seed)) throw new Error(`${where}: seed must be an integer, got ${String(out.seed)}`);
  return out;
}

interface Queued<T> {
  item: T;
  due_ms: number;
}

/** One direction of a faulty link. Items go in with `push`, come out through `deliver` (now or at `poll`). */
export class FaultInjector<T> {
  readonly stats: FaultStats = { frames: 0, delivered: 0, lost: 0, duplicated: 0, reordered: 0 };
  private readonly cfg: Required<FaultConfig>;
  private readonly random: () => number;
  private queue: Queued<T>[] = [];
  /** Frames held back for reordering: released right after the next frame, or when the hold runs out. */
  private held: Queued<T>[] = [];

  constructor(cfg: FaultConfig, private readonly deliver: (item: T) => void, stream = 0) {
    this.cfg = validateFaults(cfg);
    // Deterministic for every integer seed (exact mixing below ~3e6; above, still the same double arithmetic each run).
    this.random = mulberry32((this.cfg.seed * 0x9e3779b1 + stream * 0x85ebca6b) >>> 0);
  }

  /** True when frames pass straight through (no draw from the PRNG, no queue). */
  get transparent(): boolean {
    const c = this.cfg;
    return c.loss === 0 && c.duplicate === 0 && c.reorder === 0 && c.latency_ms === 0 && c.jitter_ms === 0;
  }

  /** Frames waiting (delayed or held). */
  get pending(): number {
    return this.queue.length + this.held.length;
  }

  push(item: T, now_ms: number): void {
    this.stats.frames++;
    if (this.transparent) {
      this.emit(item);
      return;
    }
    const c = this.cfg;
    if (this.random() < c.loss) {
      this.stats.lost++;
      return;
    }
    const copies = this.random() < c.duplicate ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      const due_ms = now_ms + c.latency_ms + (c.jitter_ms > 0 ? this.random() * c.jitter_ms : 0);
      if (this.random() < c.reorder) {
        this.stats.reordered++;
        this.held.push({ item, due_ms: due_ms + Math.max(50, 2 * c.latency_ms) });
      } else {
        this.insert({ item, due_ms });
      }
    }
    this.poll(now_ms);
  }

  /** Deliver everything due at `now_ms`. */
  poll(now_ms: number): void {
    while (this.queue.length > 0 && this.queue[0].due_ms <= now_ms) {
      const q = this.queue.shift() as Queued<T>;
      this.emit(q.item);
      // A held frame goes out right behind the frame that overtook it.
      for (const h of this.held.splice(0)) this.emit(h.item);
    }
    if (this.held.length > 0 && this.held[0].due_ms <= now_ms) {
      const keep: Queued<T>[] = [];
      for (const h of this.held) {
        if (h.due_ms <= now_ms) this.emit(h.item);
        else keep.push(h);
      }
      this.held = keep;
    }
  }

  /** Deliver everything still waiting, in order (used when stopping). */
  flush(): void {
    for (const q of this.queue.splice(0)) this.emit(q.item);
    for (const h of this.held.splice(0)) this.emit(h.item);
  }

  private insert(q: Queued<T>): void {
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].due_ms > q.due_ms) i--;
    this.queue.splice(i, 0, q);
  }

  private emit(item: T): void {
    this.stats.delivered++;
    this.deliver(item);
  }
}
