// SettingsStore: settings.json in a real temp folder. First start, a round trip through a new store, a damaged file
// reported, kept byte for byte and set aside on the next save (never overwritten), recent files, atomic writes.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_FILE, SettingsStore } from '../../electron/services/settings-store';

const made: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'watchpost-settings-'));
  made.push(d);
  return d;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8'));
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('SettingsStore: first start and round trip', () => {
  it('no settings.json: first_start, the defaults, no problems, and nothing written by load()', async () => {
    const dir = freshDir();
    const store = new SettingsStore(dir);
    const loaded = await store.load();
    expect(loaded.first_start).toBe(true);
    expect(loaded.problems).toEqual([]);
    expect(loaded.settings).toEqual({ ...DEFAULT_SETTINGS });
    expect(store.path).toBe(join(dir, SETTINGS_FILE));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('update() writes a version 1 JSON file that load() in a new store reads back, first_start false', async () => {
    const dir = freshDir();
    const store = new SettingsStore(dir);
    await store.load();
    const site = join(dir, 'north.site.geojson');
    const returned = await store.update({ language: 'zh-CN', base_layer: 'none', last_site_path: site });
    expect(returned).toEqual({ language: 'zh-CN', base_layer: 'none', custom_layers: [], tianditu_key: null, tile_cache_mb: 500, coord_format: 'deg', last_site_path: site, last_patrol_path: null, recent_paths: [site], recent_links: [], flights_dir: null });

    const onDisk = readJson(join(dir, SETTINGS_FILE));
    expect(onDisk).toEqual({ version: 1, ...returned });

    const again = new SettingsStore(dir);
    const loaded = await again.load();
    expect(loaded).toEqual({ settings: returned, first_start: false, problems: [] });
    expect(again.settings).toEqual(returned);
    expect(leftovers(dir)).toEqual([]);
  });

  it('update() into a data folder that does not exist yet creates it', async () => {
    const dir = join(freshDir(), 'a', 'b');
    const store = new SettingsStore(dir);
    expect((await store.load()).first_start).toBe(true);
    await store.update({ language: 'en' });
    expect(readJson(join(dir, SETTINGS_FILE))).toMatchObject({ version: 1, language: 'en' });
  });

  it('the settings getter hands out copies: changing one does not change the store', async () => {
    const store = new SettingsStore(freshDir());
    await store.load();
    await store.update({ last_site_path: '/x/a.site.geojson' });
    const s = store.settings;
    s.recent_paths.push('/evil');
    s.language = 'en';
    expect(store.settings.recent_paths).toEqual(['/x/a.site.geojson']);
    expect(store.settings.language).toBeNull();
  });
});

describe('SettingsStore: a damaged settings.json is reported, kept, and set aside on the next save', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"version": 1, "language": "en",,,', /not JSON/],
    ['schema-invalid (language "fr")', `${JSON.stringify({ version: 1, language: 'fr', tile_url: '' }, null, 2)}\n`, /: language: /],
    ['schema-invalid (recent_paths not a list)', JSON.stringify({ version: 1, recent_paths: 'a' }), /: recent_paths: /],
    ['another version', JSON.stringify({ version: 2, language: 'en' }), /: version: /],
  ];

  it.each(cases)('%s → a problem naming the file and what is wrong, defaults, the file untouched', async (_what, text, problem) => {
    const dir = freshDir();
    const path = join(dir, SETTINGS_FILE);
    writeFileSync(path, text);
    const store = new SettingsStore(dir);
    const loaded = await store.load();
    expect(loaded.first_start).toBe(false);
    expect(loaded.settings).toEqual({ ...DEFAULT_SETTINGS });
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toContain(path);
    expect(loaded.problems[0]).toMatch(problem);
    expect(loaded.problems[0]).toMatch(/using defaults/);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE]);
  });

  it.each(cases)('%s → after the next update() the original is settings.json.damaged-* (same bytes) and settings.json is valid', async (_what, text) => {
    const dir = freshDir();
    const path = join(dir, SETTINGS_FILE);
    writeFileSync(path, text);
    const store = new SettingsStore(dir);
    await store.load();
    await store.update({ language: 'zh-CN' });

    const damaged = readdirSync(dir).filter((f) => f.startsWith(`${SETTINGS_FILE}.damaged-`));
    expect(damaged).toHaveLength(1);
    expect(readFileSync(join(dir, damaged[0]), 'utf8')).toBe(text);
    expect(readJson(path)).toEqual({ version: 1, ...DEFAULT_SETTINGS, language: 'zh-CN' });
    expect(leftovers(dir)).toEqual([]);

    // A second save does not set aside the now valid file.
    await store.update({ base_layer: 'none' });
    expect(readdirSync(dir).filter((f) => f.includes('.damaged-'))).toEqual(damaged);
    const loaded = await new SettingsStore(dir).load();
    expect(loaded.problems).toEqual([]);
    expect(loaded.settings).toMatchObject({ language: 'zh-CN', base_layer: 'none' });
  });

  it('the problem names the property, e.g. language, and the language values it expected', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ version: 1, language: 'fr' }));
    const { problems } = await new SettingsStore(dir).load();
    expect(problems[0]).toMatch(/language/);
    expect(problems[0]).toMatch(/en/);
    expect(problems[0]).toMatch(/zh-CN/);
  });

  it('settings.json that is a folder: a problem, defaults, and update() sets the folder aside with its content', async () => {
    const dir = freshDir();
    const path = join(dir, SETTINGS_FILE);
    mkdirSync(path);
    writeFileSync(join(path, 'keep.txt'), 'kept');
    const store = new SettingsStore(dir);
    const loaded = await store.load();
    expect(loaded.first_start).toBe(false);
    expect(loaded.problems[0]).toContain(path);
    expect(loaded.settings).toEqual({ ...DEFAULT_SETTINGS });
    // The folder is set aside (renamed), never emptied: its content survives under the damaged name.
    await store.update({ language: 'en' });
    const damaged = readdirSync(dir).filter((f) => f.startsWith(`${SETTINGS_FILE}.damaged-`));
    expect(damaged).toHaveLength(1);
    expect(readFileSync(join(dir, damaged[0], 'keep.txt'), 'utf8')).toBe('kept');
    expect(readJson(path)).toMatchObject({ version: 1, language: 'en' });
  });
});

describe('SettingsStore: recent files and atomic writes', () => {
  it('recent_paths: most recent first, deduplicated, at most 10; a patrol counts before its site', async () => {
    const dir = freshDir();
    const store = new SettingsStore(dir);
    await store.load();
    const paths = Array.from({ length: 12 }, (_, i) => `/sites/s${i}.site.geojson`);
    for (const p of paths) await store.update({ last_site_path: p, last_patrol_path: null });
    expect(store.settings.recent_paths).toEqual(paths.slice(2).reverse());

    await store.update({ last_site_path: paths[5], last_patrol_path: null });
    const recent = store.settings.recent_paths;
    expect(recent[0]).toBe(paths[5]);
    expect(recent).toHaveLength(10);
    expect(new Set(recent).size).toBe(10);
    expect(recent.filter((p) => p === paths[5])).toHaveLength(1);

    await store.update({ last_site_path: '/p/demo.site.geojson', last_patrol_path: '/p/demo.patrol.json' });
    expect(store.settings.recent_paths[0]).toBe('/p/demo.patrol.json');

    // A change of language alone does not touch the list.
    const before = store.settings.recent_paths;
    await store.update({ language: 'en' });
    expect(store.settings.recent_paths).toEqual(before);
    expect((await new SettingsStore(dir).load()).settings.recent_paths).toEqual(before);
  });

  it('a file with more than 10 recent paths loads the first 10', async () => {
    const dir = freshDir();
    const recent = Array.from({ length: 14 }, (_, i) => `/r/${i}.site.geojson`);
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ version: 1, recent_paths: recent }));
    const { settings, problems } = await new SettingsStore(dir).load();
    expect(problems).toEqual([]);
    expect(settings.recent_paths).toEqual(recent.slice(0, 10));
  });

  it('many saves leave no *.tmp file behind and the file always parses', async () => {
    const dir = freshDir();
    const store = new SettingsStore(dir);
    await store.load();
    for (let i = 0; i < 20; i++) {
      await store.update({ last_site_path: `/s/${i}.site.geojson`, language: i % 2 ? 'en' : 'zh-CN' });
      expect(readJson(join(dir, SETTINGS_FILE)).last_site_path).toBe(`/s/${i}.site.geojson`);
    }
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE]);
  });

  // Two API calls that save at once (updateSettings, openFile) must both land: update() runs saves one at a time.
  it('two updates at the same time: both changes are saved, the file parses, no *.tmp is left', async () => {
    const dir = freshDir();
    const store = new SettingsStore(dir);
    await store.load();
    await Promise.all([store.update({ language: 'zh-CN' }), store.update({ base_layer: 'none' })]);
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE]);
    expect(readJson(join(dir, SETTINGS_FILE))).toMatchObject({ language: 'zh-CN', base_layer: 'none' });
    expect(store.settings).toMatchObject({ language: 'zh-CN', base_layer: 'none' });
  });

  // The desktop app and browser mode share settings.json: each saves only its own change on top of the file.
  it('two processes on one data folder: a save keeps what the other saved since', async () => {
    const dir = freshDir();
    const desktop = new SettingsStore(dir);
    const browser = new SettingsStore(dir);
    await desktop.load();
    await browser.load();
    await desktop.update({ language: 'zh-CN' });
    await browser.update({ last_site_path: '/sites/a.site.geojson', last_patrol_path: null });
    expect(readJson(join(dir, SETTINGS_FILE))).toMatchObject({ language: 'zh-CN', last_site_path: '/sites/a.site.geojson' });
    await desktop.update({ base_layer: 'none' });
    expect(readJson(join(dir, SETTINGS_FILE))).toMatchObject({ language: 'zh-CN', base_layer: 'none', last_site_path: '/sites/a.site.geojson' });
  });

  it('a custom layer whose URL is not a {z}/{x}/{y} http(s) template is a damaged file, named', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ version: 1, custom_layers: [{ id: 'custom-x', name: 'x', url: 'file:///etc/{z}/{x}/{y}', attribution: '', max_zoom: 19, datum: 'wgs84' }] }));
    const r = await new SettingsStore(dir).load();
    expect(r.problems[0]).toMatch(/custom_layers\.0\.url: an http\(s\) URL template with \{z\}, \{x\} and \{y\}/);
  });

  it("a settings.json from before base layers: tile_url '' becomes 'none', another URL a custom layer chosen, OSM's the default; the old member is not written back", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['', { base_layer: 'none', custom_layers: [] }],
      ['https://tile.openstreetmap.org/{z}/{x}/{y}.png', { base_layer: 'osm', custom_layers: [] }],
      ['http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png', { base_layer: 'custom-tiles', custom_layers: [expect.objectContaining({ id: 'custom-tiles', url: 'http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png', datum: 'wgs84' })] }],
    ];
    for (const [tile_url, expected] of cases) {
      const dir = freshDir();
      writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ version: 1, language: 'en', tile_url }));
      const store = new SettingsStore(dir);
      const r = await store.load();
      expect(r.problems).toEqual([]);
      expect(r.settings).toMatchObject(expected);
      await store.update({ language: 'zh-CN' });
      const disk = readJson(join(dir, SETTINGS_FILE));
      expect(disk).not.toHaveProperty('tile_url');
      expect(disk).toMatchObject(expected);
    }
  });

  it('members it does not know (from a newer Watchpost) are kept through a save', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ version: 1, language: 'en', future_panel: { width: 420 } }));
    const store = new SettingsStore(dir);
    expect((await store.load()).problems).toEqual([]);
    await store.update({ language: 'zh-CN' });
    expect(readJson(join(dir, SETTINGS_FILE))).toMatchObject({ version: 1, language: 'zh-CN', future_panel: { width: 420 } });
    expect(store.settings).not.toHaveProperty('future_panel');
  });
});
