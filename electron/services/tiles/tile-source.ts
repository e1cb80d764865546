// Map tiles for the map view, cache first: a cached tile is served from disk, a missing one is fetched from the
// layer's provider (one request per tile however many views ask at once, at most a few at a time), stored and served.
// It also remembers whether the provider answered last time, for the map's "offline" note.
import { tileUrl } from '../../../patrol/maps/tile-url';
import { tileKeyProblem, type TileCache } from './tile-cache';
import { fetchTile, type TileFetchFailure } from './tile-fetch';

/** Where a layer's tiles come from; null when the layer is unknown (or set to no tiles). */
export interface TileProvider {
  template: string;
  subdomains?: string[];
  key?: string;
}
export type ResolveLayer = (layer: string) => TileProvider | null;

export interface TileSourceOptions {
  cache: TileCache;
  resolve: ResolveLayer;
  userAgent: string;
  timeout_ms?: number;
  /** Upstream requests at once (browsers allow about 6 per host; tile policies ask for no more). */
  maxRequests?: number;
}

export type TileSourceResult =
  | { ok: true; body: Buffer; type: string; from: 'cache' | 'network' }
  | { ok: false; kind: TileFetchFailure | 'bad-request' | 'unknown-layer'; status?: number; message: string };

export class TileSource {
  private readonly cache: TileCache;
  private readonly resolve: ResolveLayer;
  private readonly userAgent: string;
  private readonly timeout_ms: number;
  private readonly maxRequests: number;
  private readonly inFlight = new Map<string, Promise<TileSourceResult>>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private lastOnline: boolean | null = null;

  constructor(opts: TileSourceOptions) {
    this.cache = opts.cache;
    this.resolve = opts.resolve;
    this.userAgent = opts.userAgent;
    this.timeout_ms = opts.timeout_ms ?? 15_000;
    this.maxRequests = opts.maxRequests ?? 6;
  }

  /** Whether the last upstream request got an answer (any HTTP status); null before the first one. */
  online(): boolean | null {
    return this.lastOnline;
  }

  async get(layer: string, z: number, x: number, y: number): Promise<TileSourceResult> {
    const key = { layer, z, x, y };
    const problem = tileKeyProblem(key);
    if (problem) return { ok: false, kind: 'bad-request', message: problem };
    const cached = await this.cache.get(key);
    if (cached) return { ok: true, ...cached, from: 'cache' };
    const id = `${layer}/${z}/${x}/${y}`;
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = this.fetchAndStore(key).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    return pending;
  }

  private async fetchAndStore(key: { layer: string; z: number; x: number; y: number }): Promise<TileSourceResult> {
    const provider = this.resolve(key.layer);
    if (!provider) return { ok: false, kind: 'unknown-layer', message: `no tile provider for layer "${key.layer}"` };
    await this.slot();
    try {
      // Another request may have stored it while this one waited for a slot.
      const cached = await this.cache.get(key);
      if (cached) return { ok: true, ...cached, from: 'cache' };
      const url = tileUrl(provider.template, key, { subdomains: provider.subdomains, key: provider.key });
      const res = await fetchTile(url, { userAgent: this.userAgent, timeout_ms: this.timeout_ms });
      if (!(res.ok === false && res.kind === 'aborted')) this.lastOnline = res.ok || (res.kind !== 'network' && res.kind !== 'timeout');
      if (!res.ok) return res;
      // A tile that cannot be stored (disk full) is still shown; the cache reports the problem.
      await this.cache.put(key, res.body, res.type);
      return { ok: true, body: res.body, type: res.type, from: 'network' };
    } finally {
      this.release();
    }
  }

  private async slot(): Promise<void> {
    if (this.active < this.maxRequests) {
      this.active++;
      return;
    }
    // release() hands its slot straight to the next waiter, so `active` stays counted.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
