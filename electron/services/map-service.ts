// The map tiles of the app (issue 12): the cache in the data folder (tiles/), the cache-through source the map's
// tiles come from, offline areas (offline-areas.json), and MBTiles / z/x/y folder import and export. Shared by the
// desktop app, browser mode and the CLI; the layers and the limit come from the settings at each request.
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OfflineAreaRequest, OfflineAreaStatus, OfflineEstimate, Settings, TileCacheStats, TileExportResult, TileImportResult, TileStatus } from '../api';
import { findLayer, type BaseLayer } from '../../patrol/maps/providers';
import { bboxProblem, tileBBox, tileCount, tilesOf, type BBox, type TileXYZ } from '../../patrol/maps/tile-math';
import { wgs84ToGcj02 } from '../../patrol/maps/gcj02';
import { TileCache, LAYER_ID } from './tiles/tile-cache';
import { TileSource, type TileProvider, type TileSourceResult } from './tiles/tile-source';
import { OfflineAreas } from './tiles/offline-areas';
import { WATCHPOST_USER_AGENT } from './tiles/tile-fetch';
import { readMbtiles, tileContentType, tileFormat, writeMbtiles, type TileBody } from './tiles/mbtiles';
import { readTileFolder } from './tiles/tile-folder';

export const TILES_DIR = 'tiles';
export const OFFLINE_AREAS_FILE = 'offline-areas.json';
const MB = 1_000_000;

export interface MapServiceOptions {
  dataDir: string;
  version: string;
  /** The settings now (with this run's overrides): layers, key and cache limit. */
  settings: () => Settings;
  /** Offline downloads' politeness and retries (tests make them quick). */
  download?: { rate_per_s?: number; concurrency?: number; retries?: number; backoff_ms?: number; timeout_ms?: number };
  /** Resume downloads that were under way when the app stopped (the app does; the CLI's import/export do not). */
  resume?: boolean;
}

/** The box and zooms a set of tiles covers: the deepest zoom's tiles give the box. */
class TileExtent {
  private z_min = Infinity;
  private z_max = -Infinity;
  private box: { x0: number; x1: number; y0: number; y1: number } | null = null;
  add(t: TileXYZ): void {
    this.z_min = Math.min(this.z_min, t.z);
    if (t.z > this.z_max) {
      this.z_max = t.z;
      this.box = { x0: t.x, x1: t.x, y0: t.y, y1: t.y };
    } else if (t.z === this.z_max && this.box) {
      this.box = { x0: Math.min(this.box.x0, t.x), x1: Math.max(this.box.x1, t.x), y0: Math.min(this.box.y0, t.y), y1: Math.max(this.box.y1, t.y) };
    }
  }
  bbox(): { bbox: BBox; zoom_min: number; zoom_max: number } | null {
    if (!this.box) return null;
    const nw = tileBBox({ z: this.z_max, x: this.box.x0, y: this.box.y0 });
    const se = tileBBox({ z: this.z_max, x: this.box.x1, y: this.box.y1 });
    // A hair inside the tiles' edges, so the box does not reach into the next row or column.
    const e = 1e-9;
    return { bbox: { s_deg: se.s_deg + e, w_deg: nw.w_deg + e, n_deg: nw.n_deg - e, e_deg: se.e_deg - e }, zoom_min: this.z_min, zoom_max: this.z_max };
  }
}

const sameBox = (a: BBox, b: BBox): boolean => Math.abs(a.s_deg - b.s_deg) + Math.abs(a.w_deg - b.w_deg) + Math.abs(a.n_deg - b.n_deg) + Math.abs(a.e_deg - b.e_deg) < 1e-9;

/** An error the user reads as it is (a bad box, a provider's bulk rule, a file problem). */
export class MapError extends Error {}

export class MapService {
  readonly cache: TileCache;
  readonly source: TileSource;
  readonly areas: OfflineAreas;
  readonly problems: string[] = [];

  constructor(private readonly opts: MapServiceOptions) {
    const resolve = (id: string) => this.provider(id);
    const userAgent = WATCHPOST_USER_AGENT(opts.version);
    this.cache = new TileCache({ dir: join(opts.dataDir, TILES_DIR), limitBytes: () => opts.settings().tile_cache_mb * MB });
    this.source = new TileSource({ cache: this.cache, resolve, userAgent });
    this.areas = new OfflineAreas({ file: join(opts.dataDir, OFFLINE_AREAS_FILE), cache: this.cache, resolve, userAgent, ...opts.download });
  }

  async open(): Promise<void> {
    const c = await this.cache.open();
    this.problems.push(...c.problems);
    const a = await this.areas.open({ resume: this.opts.resume !== false });
    this.problems.push(...a.problems);
  }

  /** The layer's definition, or null (unknown id, or the plain background). */
  layer(id: string): BaseLayer | null {
    return findLayer(id, this.opts.settings().custom_layers);
  }

  /** Where a layer's tiles come from; null when unknown or when Tianditu has no key. */
  provider(id: string): TileProvider | null {
    const l = this.layer(id);
    if (!l) return null;
    const key = this.opts.settings().tianditu_key;
    if (l.needs_key && !key) return null;
    return { template: l.url, subdomains: l.subdomains, key: key ?? undefined };
  }

  /** A tile for the map: from the cache, else from the provider (stored on the way). */
  tile(layer: string, z: number, x: number, y: number): Promise<TileSourceResult> {
    return this.source.get(layer, z, x, y);
  }

  status(): TileStatus {
    return { online: this.source.online(), caches: this.cacheStats(), areas: this.areas.list() };
  }

  cacheStats(): TileCacheStats[] {
    return this.cache.stats();
  }

  async clear(layer: string | null): Promise<TileCacheStats[]> {
    await this.cache.clear(layer ?? undefined);
    return this.cacheStats();
  }

  /** A provider's rule for bulk downloads (OpenStreetMap's tile policy), checked before anything is fetched. */
  private bulkProblem(req: Omit<OfflineAreaRequest, 'name'>): string | null {
    const l = this.layer(req.layer);
    if (!l) return `no map layer "${req.layer}" (the layers are the built-in ones and those added in Settings)`;
    if (l.needs_key && !this.opts.settings().tianditu_key) return `${l.name} needs your Tianditu key (Settings)`;
    const box = bboxProblem(req.bbox);
    if (box) return `the box: ${box}`;
    if (!l.bulk) return null;
    if (req.zoom_max > l.bulk.max_zoom) return `${l.name}: offline areas stop at zoom ${l.bulk.max_zoom} under ${l.bulk.policy}; for deeper zooms add your own tile server or a provider that allows it`;
    const n = tileCount(req.bbox, req.zoom_min, req.zoom_max);
    if (n > l.bulk.max_tiles) return `${l.name}: ${n} tiles is more than ${l.bulk.max_tiles} under ${l.bulk.policy}; choose a smaller box or fewer zooms`;
    return null;
  }

  /** A WGS-84 box as the layer's tiles cover it: on a GCJ-02 layer the site's streets are drawn a few hundred metres
   *  away, so the box shifts with them (its corners converted, the box around them). */
  providerBox(layerId: string, bbox: BBox): BBox {
    if (this.layer(layerId)?.datum !== 'gcj02') return bbox;
    const corners = [[bbox.w_deg, bbox.s_deg], [bbox.e_deg, bbox.s_deg], [bbox.w_deg, bbox.n_deg], [bbox.e_deg, bbox.n_deg]].map(([lon, lat]) => wgs84ToGcj02(lon, lat));
    const lons = corners.map((c) => c[0]);
    const lats = corners.map((c) => c[1]);
    return { s_deg: Math.min(...lats), w_deg: Math.min(...lons), n_deg: Math.max(...lats), e_deg: Math.max(...lons) };
  }

  /** The request with its box in the layer's datum. */
  private inDatum<T extends Omit<OfflineAreaRequest, 'name'>>(req: T): T {
    return { ...req, bbox: this.providerBox(req.layer, req.bbox) };
  }

  estimate(wgs: Omit<OfflineAreaRequest, 'name'>): OfflineEstimate {
    const problem = this.bulkProblem(wgs);
    if (problem) throw new MapError(problem);
    const req = this.inDatum(wgs);
    const r = this.areas.estimate(req);
    if (!r.ok) throw new MapError(r.error);
    return { tiles: r.tiles, cached: r.cached, bytes_est: r.bytes_est };
  }

  /** Starts downloading an area (its box given in WGS-84; kept in the layer's datum). */
  async start(wgs: OfflineAreaRequest): Promise<OfflineAreaStatus> {
    const problem = this.bulkProblem(wgs);
    if (problem) throw new MapError(problem);
    const req = this.inDatum(wgs);
    // The same area again (a second `tiles fetch`, a second click): carry on with it rather than start a twin.
    const same = this.areas.list().find((a) => a.layer === req.layer && a.zoom_min === req.zoom_min && a.zoom_max === req.zoom_max && sameBox(a.bbox, req.bbox));
    if (same) {
      if (same.state === 'complete') return same;
      const resumed = await this.areas.resume(same.id);
      if (!resumed.ok) throw new MapError(resumed.error);
      return resumed.area;
    }
    const r = this.areas.start(req);
    if (!r.ok) throw new MapError(r.error);
    return r.area;
  }

  async act(id: string, action: 'pause' | 'resume' | 'retry' | 'remove'): Promise<OfflineAreaStatus[]> {
    const r = action === 'pause' ? await this.areas.pause(id) : action === 'resume' ? await this.areas.resume(id) : action === 'retry' ? await this.areas.retryFailed(id) : await this.areas.remove(id);
    if (!r.ok) throw new MapError(r.error);
    return this.areas.list();
  }

  /** The cached tiles of a box (in the layer's datum: see providerBox) at some zooms, as an MBTiles file (never over
   *  an existing file unless asked). */
  async exportBox(layerId: string, bbox: BBox, zoom_min: number, zoom_max: number, path: string, opts: { overwrite: boolean; name?: string; onProgress?: (n: number) => void }): Promise<TileExportResult> {
    if (!LAYER_ID.test(layerId)) throw new MapError(`layer "${layerId}" is not a layer id`);
    const box = bboxProblem(bbox);
    if (box) throw new MapError(`the box: ${box}`);
    if (!opts.overwrite && (await stat(path).then(() => true, () => false))) throw new MapError(`${path} exists: choose another name (nothing was written)`);
    const cache = this.cache;
    // First pass: which tiles are there and in which format (MBTiles names one format for the file).
    const present = [...tilesOf(bbox, zoom_min, zoom_max)].filter((t) => cache.has({ layer: layerId, ...t }));
    if (present.length === 0) {
      const others = cache.stats().filter((c) => c.tiles > 0 && c.layer !== layerId).map((c) => c.layer);
      throw new MapError(`no tiles of "${layerId}" are cached in that box at zooms ${zoom_min}–${zoom_max}: nothing to export${others.length > 0 ? ` (cached layers: ${others.join(', ')})` : ''}`);
    }
    async function* bodies(): AsyncGenerator<TileBody> {
      for (const t of present) {
        const got = await cache.get({ layer: layerId, ...t });
        if (!got) continue; // evicted or deleted since the first pass
        yield { ...t, body: got.body };
      }
    }
    const l = this.layer(layerId);
    const first = await cache.get({ layer: layerId, ...present[0] });
    const format = first ? tileFormat(first.body) : null;
    const written = await writeMbtiles(path, bodies(), {
      name: opts.name ?? l?.name ?? layerId, format: format ?? 'png', bounds: bbox, minzoom: zoom_min, maxzoom: zoom_max,
      attribution: l?.attribution, description: `Watchpost offline area (${layerId})`,
    }, opts.onProgress);
    return { path, tiles: written.tiles, bytes: written.bytes };
  }

  async exportArea(id: string, path: string, opts: { overwrite: boolean }): Promise<TileExportResult> {
    const a = this.areas.list().find((x) => x.id === id);
    if (!a) throw new MapError(`no offline area ${id}`);
    return this.exportBox(a.layer, a.bbox, a.zoom_min, a.zoom_max, path, { overwrite: opts.overwrite, name: a.name });
  }

  /** A folder of z/x/y tiles or an .mbtiles file into a layer's cache. */
  async importTiles(path: string, layerId: string, onProgress?: (n: number) => void): Promise<TileImportResult> {
    if (!LAYER_ID.test(layerId)) throw new MapError(`layer "${layerId}" is not a layer id`);
    const st = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new MapError(`${path}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.message}`);
    });
    const problems: string[] = [];
    let imported = 0;
    let skipped = 0;
    const extent = new TileExtent();
    const put = async (t: TileBody) => {
      extent.add(t);
      const body = Buffer.from(t.body.buffer, t.body.byteOffset, t.body.byteLength);
      const r = await this.cache.put({ layer: layerId, z: t.z, x: t.x, y: t.y }, body, tileContentType(tileFormat(t.body)));
      if (r.ok) imported++;
      else {
        skipped++;
        if (problems.length < 50) problems.push(`${t.z}/${t.x}/${t.y}: ${r.error}`);
      }
      if ((imported + skipped) % 200 === 0) onProgress?.(imported + skipped);
    };
    if (st.isDirectory()) {
      for await (const t of readTileFolder(path, { onProblem: (m) => { skipped++; if (problems.length < 50) problems.push(m); } })) await put(t);
    } else {
      if (!/\.mbtiles$/i.test(path)) throw new MapError(`${path}: neither a folder of z/x/y tiles nor an .mbtiles file`);
      const reader = await readMbtiles(path).catch((err: Error) => {
        throw new MapError(err.message);
      });
      try {
        problems.push(...reader.problems);
        skipped += reader.problems.length;
        for (const t of reader.tiles()) await put(t);
      } finally {
        reader.close();
      }
    }
    onProgress?.(imported + skipped);
    // Pinned as an offline area of their own: the cache's limit never evicts what was carried in.
    const box = extent.bbox();
    if (imported > 0 && box) {
      const adopted = await this.areas.adopt({ name: `${basename(path)}`, layer: layerId, bbox: box.bbox, zoom_min: box.zoom_min, zoom_max: box.zoom_max });
      if (!adopted.ok) problems.push(`not kept as an offline area: ${adopted.error}`);
    }
    return { layer: layerId, imported, skipped, problems };
  }

  async close(): Promise<void> {
    await this.areas.close();
    await this.cache.close();
  }
}
