// The map tile cache on disk (`<dir>/<layer>/<z>/<x>/<y>.<ext>`), one size limit per layer (provider), least
// recently used tiles evicted first. The disk is read once at open(); after that an in-memory index (a Map per layer
// in use order) answers has() and picks what to evict, so 100k tiles cost nothing per request.
import { mkdir, readFile, readdir, rename, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TileXYZ } from '../../../patrol/maps/tile-math';
import { TileIndex, type IndexEntry } from './tile-cache-index';
import { EXT_OF_TYPE, LAYER_ID, scanTileFolder, tileKeyProblem, TYPE_OF_EXT, type TileKey } from './tile-cache-scan';

export { LAYER_ID, tileKeyProblem, type TileKey } from './tile-cache-scan';

export interface TileCacheOptions {
  dir: string;
  /** The layer's limit, asked at every put (the user may change it in the settings); Infinity for none. */
  limitBytes: (layer: string) => number;
  /** Tiles of offline areas: never evicted to make room. They count towards the layer's bytes (the disk holds
   *  them), so a layer whose pinned tiles alone exceed its limit keeps only those (browsing tiles are shown, not kept). */
  pinned?: (key: TileKey) => boolean;
  /** How often last-use times are written to the files' mtimes (a restart keeps the order). */
  touchEvery_ms?: number;
}

export interface TileLayerStats {
  layer: string;
  tiles: number;
  bytes: number;
  limit_bytes: number;
  pinned_tiles: number;
}

export type TilePutResult = { ok: true; evicted: number } | { ok: false; error: string };

const rel = (t: TileXYZ) => `${t.z}/${t.x}/${t.y}`;

export class TileCache {
  readonly dir: string;
  private readonly limitBytes: (layer: string) => number;
  private pinned: (key: TileKey) => boolean;
  private readonly touchEvery_ms: number;
  private index = new TileIndex();
  /** Last-use times waiting to be written to the files' mtimes, by path. */
  private touches = new Map<string, number>();
  private touchTimer: NodeJS.Timeout | null = null;
  private clock_ms = 0;
  private tmpSeq = 0;
  /** Recent disk problems after open (a failed write, delete or touch), for the settings page. */
  readonly problems: string[] = [];

  constructor(opts: TileCacheOptions) {
    this.dir = opts.dir;
    this.limitBytes = opts.limitBytes;
    this.pinned = opts.pinned ?? (() => false);
    this.touchEvery_ms = opts.touchEvery_ms ?? 2000;
  }

  /** Reads the folder. Returns what it found and what it cleaned up. */
  async open(): Promise<{ tiles: number; bytes: number; removed: number; problems: string[] }> {
    const scan = await scanTileFolder(this.dir);
    this.index = new TileIndex();
    // Oldest first, so that adding in this order rebuilds the use order the cache had before.
    scan.tiles.sort((a, b) => a.used_ms - b.used_ms);
    let bytes = 0;
    for (const { layer, ...e } of scan.tiles) {
      this.index.add(layer, e);
      bytes += e.bytes;
      this.clock_ms = Math.max(this.clock_ms, e.used_ms);
    }
    return { tiles: scan.tiles.length, bytes, removed: scan.removed, problems: scan.problems };
  }

  setPinned(pinned: (key: TileKey) => boolean): void {
    this.pinned = pinned;
    this.index.repin();
  }

  /** Call when the pinned set shrank (an offline area removed): its tiles become candidates for eviction again. */
  repin(): void {
    this.index.repin();
  }

  has(key: TileKey): boolean {
    return this.entry(key) !== undefined;
  }

  sizeOf(key: TileKey): number | null {
    return this.entry(key)?.bytes ?? null;
  }

  /** The tile, marked as just used; null when it is not cached (or its file went missing). */
  async get(key: TileKey): Promise<{ body: Buffer; type: string } | null> {
    const e = this.entry(key);
    if (!e) return null;
    const path = this.path(key, e.ext);
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch (err) {
      // Deleted behind our back (or unreadable): forget it, so the next request fetches it again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.report(`${path}: ${(err as Error).message}`);
      if (this.entry(key) === e) this.index.remove(key);
      return null;
    }
    // Unless it was evicted or replaced while the file was read.
    if (this.entry(key) === e) {
      this.index.use(key.layer, e, this.now());
      this.touch(path, e.used_ms);
    }
    return { body, type: TYPE_OF_EXT[e.ext] };
  }

  /** Stores a tile (a temporary file renamed into place: never half a tile under its name), then evicts. */
  async put(key: TileKey, body: Buffer, type: string): Promise<TilePutResult> {
    this.check(key);
    const ext = EXT_OF_TYPE[type];
    if (!ext) return { ok: false, error: `${type} is not a tile image type (png, jpeg, gif or webp)` };
    if (body.length === 0) return { ok: false, error: 'an empty tile is not stored' };
    const path = this.path(key, ext);
    const tmp = `${path}.${process.pid}.${++this.tmpSeq}.tmp`;
    const used_ms = this.now();
    try {
      await mkdir(join(this.dir, key.layer, String(key.z), String(key.x)), { recursive: true });
      // No fsync: a tile lost to a power cut is fetched again, and open() deletes one left empty.
      await writeFile(tmp, body);
      await utimes(tmp, used_ms / 1000, used_ms / 1000);
      await rename(tmp, path);
    } catch (err) {
      await this.unlinkQuietly(tmp);
      const error = `could not store ${key.layer}/${rel(key)}: ${(err as Error).message}`;
      this.report(error);
      return { ok: false, error };
    }
    const old = this.index.remove(key);
    if (old && old.ext !== ext) await this.unlinkQuietly(this.path(key, old.ext));
    this.index.add(key.layer, { z: key.z, x: key.x, y: key.y, ext, bytes: body.length, used_ms });
    const victims = this.index.evict(key.layer, this.limitBytes(key.layer), this.pinned);
    await Promise.all(victims.map((e) => this.unlinkQuietly(this.path({ layer: key.layer, z: e.z, x: e.x, y: e.y }, e.ext))));
    return { ok: true, evicted: victims.length };
  }

  stats(): TileLayerStats[] {
    return this.index.layerIds().map((layer) => ({ layer, ...this.index.counts(layer, this.pinned), limit_bytes: this.limitBytes(layer) }));
  }

  /** A layer's tiles, least recently used first. */
  order(layer: string): TileXYZ[] {
    return this.index.order(layer).map(({ z, x, y }) => ({ z, x, y }));
  }

  /** Deletes a layer's tiles, or every layer's: pinned ones too (the user asked). Returns how many tiles went. */
  async clear(layer?: string): Promise<number> {
    if (layer !== undefined && !LAYER_ID.test(layer)) throw new Error(`tile cache: layer "${layer}" is not a layer id (1 to 64 of a-z, 0-9, _ and -)`);
    // Only layer folders: anything else a user put in the folder is not ours to delete.
    const ids = layer !== undefined ? [layer] : (await readdir(this.dir, { withFileTypes: true })).filter((d) => d.isDirectory() && LAYER_ID.test(d.name)).map((d) => d.name);
    let removed = 0;
    for (const id of ids) {
      removed += this.index.dropLayer(id);
      await rm(join(this.dir, id), { recursive: true, force: true });
    }
    return removed;
  }

  /** Writes pending last-use times (call before quitting, so the next start knows the order). */
  async close(): Promise<void> {
    if (this.touchTimer) clearTimeout(this.touchTimer);
    this.touchTimer = null;
    await this.flushTouches();
  }

  private async unlinkQuietly(path: string): Promise<void> {
    this.touches.delete(path);
    try {
      await unlink(path);
    } catch (err) {
      // Already gone is what we wanted; anything else leaves a file the next open() counts again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.report(`${path}: could not delete (${(err as Error).message})`);
    }
  }

  private touch(path: string, used_ms: number): void {
    this.touches.set(path, used_ms);
    if (this.touchTimer) return;
    this.touchTimer = setTimeout(() => {
      this.touchTimer = null;
      void this.flushTouches();
    }, this.touchEvery_ms);
    this.touchTimer.unref();
  }

  private async flushTouches(): Promise<void> {
    const batch = [...this.touches];
    this.touches.clear();
    await Promise.all(batch.map(async ([path, t_ms]) => {
      try {
        await utimes(path, t_ms / 1000, t_ms / 1000);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.report(`${path}: could not record its use (${(err as Error).message})`);
      }
    }));
  }

  /** Strictly increasing (10 µs steps), so tiles used in the same millisecond keep their order through mtimes. */
  private now(): number {
    this.clock_ms = Math.max(Date.now(), this.clock_ms + 0.01);
    return this.clock_ms;
  }

  private check(key: TileKey): void {
    const problem = tileKeyProblem(key);
    if (problem) throw new Error(`tile cache: ${problem}`);
  }

  private entry(key: TileKey): IndexEntry | undefined {
    this.check(key);
    return this.index.entry(key);
  }

  private path(key: TileKey, ext: string): string {
    return join(this.dir, key.layer, String(key.z), String(key.x), `${key.y}.${ext}`);
  }

  private report(message: string): void {
    this.problems.push(message);
    if (this.problems.length > 20) this.problems.shift();
  }
}
