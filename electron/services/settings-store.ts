// settings.json in the app's data folder: the language, the map tiles, the last site and patrol, recent files.
// No file means the first start. A damaged file is never overwritten: it is renamed aside (settings.json.damaged-…)
// on the first save, and the problem is reported; until then the app runs on defaults.
import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isUtf8 } from 'node:buffer';
import { lineAndColumn, parseJsonText } from '../../patrol/formats/json-text';
import { COORD_FORMATS, LANGUAGES, type Settings } from '../api';
import { isXyzTemplate, NO_LAYER } from '../../patrol/maps/providers';
import { baseLayerSchema, customLayersSchema, DEFAULT_BASE_LAYER, DEFAULT_TILE_CACHE_MB, tianditukeySchema, tileCacheMbSchema } from './map-settings-schema';

export const SETTINGS_FILE = 'settings.json';
const MAX_RECENT = 10;
/** Far more than settings hold (a few KB, even with many custom layers): a larger file is not read. */
export const SETTINGS_MAX_BYTES = 4 * 1024 * 1024;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  language: null,
  base_layer: DEFAULT_BASE_LAYER,
  custom_layers: [],
  tianditu_key: null,
  tile_cache_mb: DEFAULT_TILE_CACHE_MB,
  coord_format: 'deg',
  last_site_path: null,
  last_patrol_path: null,
  recent_paths: [],
  recent_links: [],
  flights_dir: null,
});

// Loose: members this version does not know (written by a newer Watchpost) are kept and written back.
const settingsSchema = z.looseObject({
  version: z.literal(1),
  language: z.enum(LANGUAGES as [string, ...string[]]).nullable().default(null),
  base_layer: baseLayerSchema.optional(),
  custom_layers: customLayersSchema.default([]),
  tianditu_key: tianditukeySchema.default(null),
  tile_cache_mb: tileCacheMbSchema.default(DEFAULT_TILE_CACHE_MB),
  coord_format: z.enum(COORD_FORMATS as ['deg', 'dms']).default('deg'),
  // Before issue 12 the map was one URL: read once (into a custom layer, or 'none'), never written again.
  tile_url: z.string().optional(),
  last_site_path: z.string().nullable().default(null),
  last_patrol_path: z.string().nullable().default(null),
  recent_paths: z.array(z.string()).default([]),
  recent_links: z.array(z.string()).default([]),
  flights_dir: z.string().nullable().default(null),
});

/** A settings.json from before base layers had `tile_url`: '' (no basemap) becomes 'none', another URL than OSM's
 *  a custom layer chosen as the base. Once base_layer is written the old member is dropped. */
function migrateTileUrl(tile_url: string | undefined, base_layer: string | undefined, custom: Settings['custom_layers']): Pick<Settings, 'base_layer' | 'custom_layers'> {
  if (base_layer !== undefined || tile_url === undefined) return { base_layer: base_layer ?? DEFAULT_BASE_LAYER, custom_layers: custom };
  if (tile_url === '') return { base_layer: NO_LAYER, custom_layers: custom };
  if (tile_url === 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' || !isXyzTemplate(tile_url)) return { base_layer: DEFAULT_BASE_LAYER, custom_layers: custom };
  const layer = { id: 'custom-tiles', name: 'Custom tiles', url: tile_url, attribution: '', max_zoom: 19, datum: 'wgs84' as const };
  return { base_layer: layer.id, custom_layers: [...custom.filter((c) => c.id !== layer.id), layer] };
}

export interface LoadedSettings {
  settings: Settings;
  /** No settings file existed: the app has never run with this data folder. */
  first_start: boolean;
  problems: string[];
}

export class SettingsStore {
  readonly path: string;
  private current: Settings = { ...DEFAULT_SETTINGS, recent_paths: [], recent_links: [], custom_layers: [] };
  /** Members of settings.json this version does not know: written back as they were. */
  private unknown: Record<string, unknown> = {};
  private damaged = false;
  /** Saves run one at a time, each on top of the one before (two calls at once must not lose a change). */
  private queue: Promise<unknown> = Promise.resolve();
  private writes = 0;

  constructor(readonly dir: string) {
    this.path = join(dir, SETTINGS_FILE);
  }

  get settings(): Settings {
    return { ...this.current, recent_paths: [...this.current.recent_paths], recent_links: [...this.current.recent_links], custom_layers: this.current.custom_layers.map((l) => ({ ...l })) };
  }

  async load(): Promise<LoadedSettings> {
    const r = await this.read();
    if (r.kind === 'missing') return { settings: this.settings, first_start: true, problems: [] };
    if (r.kind === 'damaged') {
      this.damaged = true;
      return { settings: this.settings, first_start: false, problems: [r.problem] };
    }
    this.current = r.settings;
    this.unknown = r.unknown;
    return { settings: this.settings, first_start: false, problems: [] };
  }

  /** The file as it is on disk now (another Watchpost process may have saved since we loaded). */
  private async read(): Promise<{ kind: 'missing' } | { kind: 'damaged'; problem: string } | { kind: 'ok'; settings: Settings; unknown: Record<string, unknown> }> {
    const kept = `using defaults, the file is kept as ${SETTINGS_FILE}.damaged-… on the next save`;
    let text: string;
    let bytes: Buffer;
    try {
      // Settings are a few KB: a file far larger is damage, refused before it is read (bad-file corpus, issue 13:
      // a 1 GiB settings.json was read whole into memory first).
      const { size } = await stat(this.path);
      if (size > SETTINGS_MAX_BYTES) return { kind: 'damaged', problem: `${this.path}: ${size} bytes is larger than settings can be (${SETTINGS_MAX_BYTES} bytes); ${kept}` };
      bytes = await readFile(this.path);
      text = bytes.toString('utf8');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return { kind: 'missing' };
      return { kind: 'damaged', problem: `${this.path}: cannot read (${e.code ?? e.message}); ${kept}` };
    }
    // The problem is shown to the user: it names the place, never quotes the file (V8's message would).
    const json = parseJsonText(text, this.path);
    if (!json.ok) return { kind: 'damaged', problem: `${this.path}: not JSON (line ${json.line}, column ${json.column}: expected ${json.expected}, got ${json.got}); ${kept}` };
    // Bytes that are not UTF-8 (a file edited in Latin-1) read as U+FFFD: saving would write that over the bytes
    // the user typed (bad-file corpus, issue 13), so the file is damaged and kept as it is.
    if (!isUtf8(bytes)) {
      const { line, column } = lineAndColumn(text, Math.max(0, text.indexOf('\ufffd')));
      return { kind: 'damaged', problem: `${this.path}: not UTF-8 text (line ${line}, column ${column}: a byte that is not UTF-8); ${kept}` };
    }
    const parsed = settingsSchema.safeParse(json.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      return { kind: 'damaged', problem: `${this.path}: ${where}: ${issue.message}; ${kept}` };
    }
    const { version: _version, language, tile_url, base_layer, custom_layers, tianditu_key, tile_cache_mb, coord_format, last_site_path, last_patrol_path, recent_paths, recent_links, flights_dir, ...unknown } = parsed.data;
    const maps = migrateTileUrl(tile_url, base_layer, custom_layers);
    const settings: Settings = { language: language as Settings['language'], ...maps, tianditu_key, tile_cache_mb, coord_format, last_site_path, last_patrol_path, recent_paths: recent_paths.slice(0, MAX_RECENT), recent_links: recent_links.slice(0, MAX_RECENT), flights_dir };
    return { kind: 'ok', settings, unknown };
  }

  /** Applies the change and writes the file atomically (temp file, fsync, rename). */
  update(patch: Partial<Settings>): Promise<Settings> {
    const run = this.queue.then(() => this.apply(patch));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(patch: Partial<Settings>): Promise<Settings> {
    // Merge onto what is on disk now: the desktop app and browser mode share the file, and each saves only its
    // own change. A file damaged since is set aside by write(), as at load.
    if (!this.damaged) {
      const disk = await this.read();
      if (disk.kind === 'ok') {
        this.current = disk.settings;
        this.unknown = disk.unknown;
      }
      else if (disk.kind === 'damaged') this.damaged = true;
    }
    const next: Settings = { ...this.current, ...patch };
    const opened = [next.last_patrol_path, next.last_site_path].filter((p): p is string => p !== null);
    if (patch.last_site_path !== undefined || patch.last_patrol_path !== undefined) {
      const first = patch.last_patrol_path ?? patch.last_site_path ?? opened[0];
      next.recent_paths = first ? [first, ...next.recent_paths.filter((p) => p !== first)].slice(0, MAX_RECENT) : next.recent_paths;
    }
    await this.write(next);
    this.current = next;
    return this.settings;
  }

  private async write(s: Settings): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    if (this.damaged) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await rename(this.path, `${this.path}.damaged-${stamp}`).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw new Error(`${this.path}: cannot set the damaged file aside (${err.message}); settings not saved`);
      });
      this.damaged = false;
    }
    const tmp = `${this.path}.${process.pid}-${++this.writes}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(`${JSON.stringify({ ...this.unknown, version: 1, ...s }, null, 2)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path);
  }
}
