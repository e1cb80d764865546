// watchpost tiles fetch|import|export|list — the app's tile cache and offline areas from a script or a terminal.
// They work on the app's data folder (tiles/, offline-areas.json, settings.json), so what `tiles fetch` downloads is
// what the app shows offline, and an interrupted fetch carries on when run again (or when the app starts).
import { basename } from 'node:path';
import { findLayer, customLayerId, isXyzTemplate, NO_LAYER, type CustomLayer } from '../../../patrol/maps/providers';
import { siteBBox } from '../../../patrol/maps/site-bbox';
import type { BBox } from '../../../patrol/maps/tile-math';
import type { OfflineAreaStatus } from '../../api';
import { defaultDataDir } from '../../services/app-services';
import { MapError, MapService } from '../../services/map-service';
import { SettingsStore } from '../../services/settings-store';
import { UsageError } from '../args';
import { printFields, printJson, untilStopped } from '../output';
import { loadSite } from '../site-io';
import type { CommandResult } from '../main';

const VERSION = '0.1.0';

interface Common {
  dataDir?: string;
  json?: boolean;
}
export interface TilesFetchOptions extends Common {
  site?: string;
  bbox?: BBox;
  zoom: { min: number; max: number };
  tiles?: string;
  tilesDatum?: 'wgs84' | 'gcj02';
  name?: string;
  rate: number;
  retries: number;
}
export interface TilesImportOptions extends Common {
  layer?: string;
}
export interface TilesExportOptions extends Common {
  site?: string;
  bbox?: BBox;
  zoom: { min: number; max: number };
  out: string;
  layer?: string;
  force?: boolean;
}
export type TilesListOptions = Common;

async function openMaps(opts: Common, download?: { rate_per_s: number; retries: number }): Promise<{ maps: MapService; store: SettingsStore; dataDir: string }> {
  const dataDir = opts.dataDir ?? defaultDataDir();
  const store = new SettingsStore(dataDir);
  const loaded = await store.load();
  for (const p of loaded.problems) process.stderr.write(`watchpost: ${p}\n`);
  const maps = new MapService({ dataDir, version: VERSION, settings: () => store.settings, download, resume: false });
  await maps.open();
  for (const p of maps.problems) process.stderr.write(`watchpost: ${p}\n`);
  return { maps, store, dataDir };
}

/** A layer id that exists, the settings' base map, or (for fetch) a URL: a known layer's, else a new custom layer. */
async function layerOf(given: string | undefined, store: SettingsStore, datum: 'wgs84' | 'gcj02' | undefined, flag: string): Promise<{ id: string; added: CustomLayer | null }> {
  const s = store.settings;
  if (given === undefined) {
    if (s.base_layer === NO_LAYER) throw new UsageError(`${flag}: the settings have no base map (plain background): name a layer or a URL`);
    return { id: s.base_layer, added: null };
  }
  if (!/^https?:/.test(given)) {
    if (!findLayer(given, s.custom_layers)) throw new UsageError(`${flag} ${given}: no such layer (the built-in ones are osm, amap-road, amap-satellite, tianditu-road, tianditu-satellite; others are added in Settings)`);
    return { id: given, added: null };
  }
  if (!isXyzTemplate(given)) throw new UsageError(`${flag}: "${given}" is not an http(s) URL template with {z}, {x} and {y}`);
  const known = s.custom_layers.find((l) => l.url === given);
  if (known) return { id: known.id, added: null };
  // A new provider: added to the settings, so the app can show (and keep caching) what is fetched now.
  const host = new URL(given.replace(/\{[^}]*\}/g, '0')).hostname;
  const layer: CustomLayer = { id: customLayerId(host, s.custom_layers.map((l) => l.id)), name: host, url: given, attribution: '', max_zoom: 22, datum: datum ?? 'wgs84' };
  await store.update({ custom_layers: [...s.custom_layers, layer] });
  return { id: layer.id, added: layer };
}

async function areaBox(opts: { site?: string; bbox?: BBox }): Promise<{ bbox: BBox; name: string }> {
  if ((opts.site === undefined) === (opts.bbox === undefined)) throw new UsageError('give the area as --site FILE or --bbox S,W,N,E (one of them)');
  if (opts.bbox) return { bbox: opts.bbox, name: `${opts.bbox.s_deg},${opts.bbox.w_deg},${opts.bbox.n_deg},${opts.bbox.e_deg}` };
  const { site } = await loadSite(opts.site as string);
  const bbox = siteBBox(site);
  if (!bbox) throw new UsageError(`--site ${opts.site}: the site has no buildings, posts, fence or home to make an area of`);
  return { bbox, name: site.name || basename(opts.site as string) };
}

function progressLine(a: OfflineAreaStatus): string {
  const pct = a.total > 0 ? Math.floor((100 * a.done) / a.total) : 100;
  const failed = a.failed_count > 0 ? `, ${a.failed_count} failed` : '';
  return `${a.name}: ${a.done}/${a.total} tiles (${pct}%), ${(a.bytes / 1e6).toFixed(1)} MB${failed}`;
}

const userErrors = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof MapError) throw new UsageError(err.message);
    throw err;
  }
};

export async function tilesFetchAction(opts: TilesFetchOptions, result: CommandResult): Promise<void> {
  const { bbox, name } = await areaBox(opts);
  const { maps, store, dataDir } = await openMaps(opts, { rate_per_s: opts.rate, retries: opts.retries });
  const tty = process.stderr.isTTY && !opts.json;
  try {
    const layer = await layerOf(opts.tiles, store, opts.tilesDatum, '--tiles');
    if (layer.added && !opts.json) process.stderr.write(`watchpost: added the layer "${layer.added.id}" (${layer.added.url}) to the settings\n`);
    const area = await userErrors(() => maps.start({ name: opts.name ?? name, layer: layer.id, bbox, zoom_min: opts.zoom.min, zoom_max: opts.zoom.max }));
    let last = area;
    const ended = new Promise<OfflineAreaStatus>((resolve) => {
      if (area.state !== 'running') resolve(area);
      maps.areas.onProgress((a) => {
        if (a.id !== area.id) return;
        last = a;
        if (tty) process.stderr.write(`\r${progressLine(a)}\x1b[K`);
        if (a.state !== 'running') resolve(a);
      });
    });
    const outcome = await Promise.race([ended, untilStopped().then(() => null)]);
    if (tty) process.stderr.write('\n');
    if (outcome === null) {
      // Left `running` in offline-areas.json: the next `tiles fetch` of the same area, or the app, carries on.
      process.stderr.write(`watchpost: interrupted at ${last.done}/${last.total} tiles; run the same command again (or start the app) to carry on\n`);
      result.code = 1;
      return;
    }
    const out = { data_dir: dataDir, ...outcome };
    if (opts.json) printJson(out);
    else {
      printFields({ area: outcome.name, layer: layer.id, state: outcome.state, tiles: `${outcome.done}/${outcome.total}`, missing_upstream: outcome.missing, failed: outcome.failed_count, megabytes: outcome.bytes / 1e6 });
      for (const f of outcome.failed.slice(0, 20)) process.stdout.write(`  failed ${f.z}/${f.x}/${f.y}: ${f.error}\n`);
    }
    result.code = outcome.state === 'complete' ? 0 : 1;
  } finally {
    await maps.close();
  }
}

export async function tilesImportAction(path: string, opts: TilesImportOptions, result: CommandResult): Promise<void> {
  const { maps, store } = await openMaps(opts);
  try {
    const layer = await layerOf(opts.layer, store, undefined, '--layer');
    const tty = process.stderr.isTTY && !opts.json;
    const r = await userErrors(() => maps.importTiles(path, layer.id, (n) => tty && process.stderr.write(`\r${n} tiles\x1b[K`)));
    if (tty) process.stderr.write('\n');
    if (opts.json) printJson(r);
    else {
      printFields({ layer: r.layer, imported: r.imported, skipped: r.skipped });
      for (const p of r.problems.slice(0, 20)) process.stdout.write(`  problem: ${p}\n`);
    }
    result.code = r.imported > 0 ? 0 : 1;
  } finally {
    await maps.close();
  }
}

export async function tilesExportAction(opts: TilesExportOptions, result: CommandResult): Promise<void> {
  if (!/\.mbtiles$/i.test(opts.out)) throw new UsageError(`--out ${opts.out}: the file name must end in .mbtiles`);
  const { bbox, name } = await areaBox(opts);
  const { maps, store } = await openMaps(opts);
  try {
    const layer = await layerOf(opts.layer, store, undefined, '--layer');
    const tty = process.stderr.isTTY && !opts.json;
    const box = maps.providerBox(layer.id, bbox);
    const r = await userErrors(() => maps.exportBox(layer.id, box, opts.zoom.min, opts.zoom.max, opts.out, { overwrite: opts.force === true, name, onProgress: (n) => tty && process.stderr.write(`\r${n} tiles\x1b[K`) }));
    if (tty) process.stderr.write('\n');
    if (opts.json) printJson({ layer: layer.id, ...r });
    else printFields({ file: r.path, layer: layer.id, tiles: r.tiles, megabytes: r.bytes / 1e6 });
    result.code = 0;
  } finally {
    await maps.close();
  }
}

export async function tilesListAction(opts: TilesListOptions, result: CommandResult): Promise<void> {
  const { maps, dataDir } = await openMaps(opts);
  try {
    const s = maps.status();
    if (opts.json) printJson({ data_dir: dataDir, caches: s.caches, areas: s.areas });
    else {
      process.stdout.write(`${dataDir}: ${s.caches.length} cached layer${s.caches.length === 1 ? '' : 's'}, ${s.areas.length} offline area${s.areas.length === 1 ? '' : 's'}\n`);
      for (const c of s.caches) process.stdout.write(`  ${c.layer}: ${c.tiles} tiles, ${(c.bytes / 1e6).toFixed(1)} of ${(c.limit_bytes / 1e6).toFixed(0)} MB, ${c.pinned_tiles} in offline areas\n`);
      for (const a of s.areas) process.stdout.write(`  area ${a.id.slice(0, 8)} ${a.state}: ${progressLine(a)} (${a.layer}, z${a.zoom_min}-${a.zoom_max})\n`);
    }
    result.code = 0;
  } finally {
    await maps.close();
  }
}
