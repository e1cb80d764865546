// `watchpost tiles fetch|list|export|import` as a user runs them (bin/watchpost.js, spawned asynchronously so the
// tile server on 127.0.0.1 in this process can answer): the demo site's area fetched, failing tiles, a fetch cut off
// by Ctrl-C and finished by running it again, MBTiles read back by Debian's sqlite3, imports, and usage errors.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfflineAreaStatus, TileCacheStats, TileImportResult } from '../../electron/api';
import { loadSite } from '../../electron/cli/site-io';
import { siteBBox } from '../../patrol/maps/site-bbox';
import { tileCount, tilesOf, type BBox, type TileXYZ } from '../../patrol/maps/tile-math';
import { BIN, run, type Run } from '../helpers/cli';
import { makeTilePng } from '../helpers/tile-png';
import { startTileServer, type TileServer } from '../helpers/tile-server';

const SQLITE3 = '/usr/bin/sqlite3';
const DEMO = 'assets/demo/demo.site.geojson';
const ZOOMS = '15-17';

type FetchOut = OfflineAreaStatus & { data_dir: string };
interface ListOut {
  data_dir: string;
  caches: TileCacheStats[];
  areas: OfflineAreaStatus[];
}

let root: string;
let siteBox: BBox;
let siteTiles: TileXYZ[];
const servers: TileServer[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'watchpost-tiles-cli-'));
  const box = siteBBox((await loadSite(DEMO)).site);
  if (!box) throw new Error(`${DEMO} has no bounds`);
  siteBox = box;
  siteTiles = [...tilesOf(siteBox, 15, 17)];
});
afterAll(async () => {
  for (const s of servers.splice(0)) await s.stop();
  rmSync(root, { recursive: true, force: true });
});

let dirs = 0;
const dataDir = () => {
  const d = join(root, `data-${++dirs}`);
  mkdirSync(d);
  return d;
};
async function tileServer(opts: Parameters<typeof startTileServer>[0] = {}): Promise<TileServer> {
  const s = await startTileServer(opts);
  servers.push(s);
  return s;
}
const key = (t: TileXYZ) => `${t.z}/${t.x}/${t.y}`;
const cachedFile = (d: string, layer: string, t: TileXYZ) => join(d, 'tiles', layer, String(t.z), String(t.x), `${t.y}.png`);
const sql = (file: string, query: string): Array<Record<string, string | number>> => {
  const out = execFileSync(SQLITE3, ['-json', file, query], { encoding: 'utf8' });
  return out.trim() === '' ? [] : JSON.parse(out);
};
const fetchArgs = (server: TileServer, d: string, ...more: string[]) => ['tiles', 'fetch', '--site', DEMO, '--zoom', ZOOMS, '--tiles', server.template, '--data-dir', d, '--json', ...more];

/** A usage error: exit 2, nothing on stdout, one line on stderr. */
function expectUsage(r: Run, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^watchpost: [^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
}

describe('watchpost tiles fetch, list, export and import on one data folder', () => {
  let server: TileServer;
  let data: string;
  let fetched: Promise<{ r: Run; out: FetchOut }> | null = null;
  // The demo site's area, fetched once (the tests below work on what it left in the data folder).
  const fetchOnce = () => {
    fetched ??= run(fetchArgs(server, data, '--rate', '50')).then((r) => ({ r, out: JSON.parse(r.stdout) as FetchOut }));
    return fetched;
  };
  beforeAll(async () => {
    server = await tileServer();
    data = dataDir();
  });

  it('fetch --site demo --zoom 15-17 --json: exit 0, one JSON object, complete, every tile cached once; list shows it; again → no request', async () => {
    const { r, out } = await fetchOnce();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const total = tileCount(siteBox, 15, 17);
    expect(out).toMatchObject({ data_dir: data, state: 'complete', total, done: total, missing: 0, failed_count: 0, failed: [], zoom_min: 15, zoom_max: 17 });
    expect(out.layer).toMatch(/^custom-/);
    expect(out.bytes).toBe(siteTiles.reduce((n, t) => n + makeTilePng(t.z, t.x, t.y).length, 0));
    for (const t of siteTiles) {
      expect(server.hits(t.z, t.x, t.y), key(t)).toBe(1);
      expect(readFileSync(cachedFile(data, out.layer, t)).equals(makeTilePng(t.z, t.x, t.y)), key(t)).toBe(true);
    }
    expect(server.requests).toHaveLength(total);

    const list = await run(['tiles', 'list', '--data-dir', data, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const listed = JSON.parse(list.stdout) as ListOut;
    expect(listed.areas).toHaveLength(1);
    expect(listed.areas[0]).toMatchObject({ id: out.id, layer: out.layer, state: 'complete', done: total, total });
    expect(listed.caches).toEqual([expect.objectContaining({ layer: out.layer, tiles: total, bytes: out.bytes, pinned_tiles: total })]);

    const again = await run(fetchArgs(server, data, '--rate', '50'));
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id: out.id, state: 'complete', done: total, total });
    expect(server.requests).toHaveLength(total);
  });

  it('export --layer <the fetched layer> --out F.mbtiles: exit 0, sqlite3 reads every tile; again → exit 2 naming F; --force → 0', async () => {
    const { out } = await fetchOnce();
    const file = join(root, 'demo.mbtiles');
    const args = ['tiles', 'export', '--site', DEMO, '--zoom', ZOOMS, '--layer', out.layer, '--out', file, '--data-dir', data, '--json'];
    const r = await run(args);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ layer: out.layer, path: file, tiles: out.total });
    expect(sql(file, 'SELECT count(*) AS n FROM tiles')).toEqual([{ n: out.total }]);
    const rows = sql(file, 'SELECT zoom_level AS z, tile_column AS x, tile_row AS y, hex(tile_data) AS h FROM tiles');
    // TMS rows count from the south.
    expect(new Set(rows.map((row) => key({ z: Number(row.z), x: Number(row.x), y: 2 ** Number(row.z) - 1 - Number(row.y) })))).toEqual(new Set(siteTiles.map(key)));
    for (const row of rows) {
      const z = Number(row.z);
      expect(String(row.h).toLowerCase()).toBe(makeTilePng(z, Number(row.x), 2 ** z - 1 - Number(row.y)).toString('hex'));
    }
    expect(sql(file, "SELECT value FROM metadata WHERE name = 'format'")).toEqual([{ value: 'png' }]);

    const again = await run(args);
    expectUsage(again, /exists/);
    expect(again.stderr).toContain(file);
    const forced = await run([...args, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(sql(file, 'SELECT count(*) AS n FROM tiles')).toEqual([{ n: out.total }]);
  });

  it('import F.mbtiles --layer osm into another data folder: every tile imported, pinned; list shows the osm layer', async () => {
    const { out } = await fetchOnce();
    const file = join(root, 'for-import.mbtiles');
    const exp = await run(['tiles', 'export', '--site', DEMO, '--zoom', ZOOMS, '--layer', out.layer, '--out', file, '--data-dir', data, '--json']);
    expect(exp.code, exp.stderr).toBe(0);
    const other = dataDir();
    const r = await run(['tiles', 'import', file, '--layer', 'osm', '--data-dir', other, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout) as TileImportResult).toEqual({ layer: 'osm', imported: out.total, skipped: 0, problems: [] });
    for (const t of siteTiles) expect(readFileSync(cachedFile(other, 'osm', t)).equals(makeTilePng(t.z, t.x, t.y)), key(t)).toBe(true);
    const listed = JSON.parse((await run(['tiles', 'list', '--data-dir', other, '--json'])).stdout) as ListOut;
    expect(listed.caches).toEqual([expect.objectContaining({ layer: 'osm', tiles: out.total, pinned_tiles: out.total })]);
    expect(listed.areas).toEqual([expect.objectContaining({ layer: 'osm', name: 'for-import.mbtiles', state: 'complete' })]);
  });
});

describe('watchpost tiles fetch: failures and interruptions', () => {
  it('tiles that always fail, --retries 1: exit 1, the JSON lists exactly those tiles in `failed`, each asked twice', async () => {
    const bad = [siteTiles[2], siteTiles.at(-1) as TileXYZ];
    const isBad = (z: number, x: number, y: number) => bad.some((t) => t.z === z && t.x === x && t.y === y);
    const server = await tileServer({ fail: isBad });
    const r = await run(fetchArgs(server, dataDir(), '--rate', '50', '--retries', '1'));
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as FetchOut;
    expect(out).toMatchObject({ state: 'failed', total: siteTiles.length, done: siteTiles.length - 2, failed_count: 2 });
    expect(out.failed.map(key).sort()).toEqual(bad.map(key).sort());
    for (const f of out.failed) expect(f.error).toMatch(/HTTP 500/);
    for (const t of siteTiles) expect(server.hits(t.z, t.x, t.y), key(t)).toBe(isBad(t.z, t.x, t.y) ? 2 : 1);
  });

  it('Ctrl-C during a fetch: exit 1 and "run … again" on stderr; running it again completes, no tile asked twice', async () => {
    const server = await tileServer({ delay_ms: 300 });
    const d = dataDir();
    const args = fetchArgs(server, d, '--rate', '4');
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      // About a second in: the download is under way (a few requests asked).
      const end = Date.now() + 20_000;
      while (server.requests.length < 3 && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
      expect(server.requests.length).toBeGreaterThanOrEqual(3);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(1);
    } finally {
      child.kill('SIGKILL');
    }
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^watchpost: interrupted at \d+\/\d+ tiles; run the same command again/m);
    expect(server.requests.length).toBeLessThan(siteTiles.length);

    // The area is left `running` in offline-areas.json: the same command downloads the rest (it must not wait for a
    // download nobody runs).
    server.set({ delay_ms: 0 });
    const again = await run(fetchArgs(server, d, '--rate', '50'));
    expect(again.code, `the second run: ${again.stderr}`).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ state: 'complete', done: siteTiles.length, total: siteTiles.length });
    for (const t of siteTiles) expect(server.hits(t.z, t.x, t.y), key(t)).toBe(1);
  });
});

describe('watchpost tiles import of a folder, and usage errors', () => {
  it('import a folder of z/x/y .png tiles: imported, the bytes cached as they were', async () => {
    const folder = join(root, 'folder');
    const tiles = [...tilesOf(siteBox, 16, 16)];
    for (const t of tiles) {
      mkdirSync(join(folder, String(t.z), String(t.x)), { recursive: true });
      writeFileSync(join(folder, String(t.z), String(t.x), `${t.y}.png`), makeTilePng(t.z, t.x, t.y));
    }
    const d = dataDir();
    const r = await run(['tiles', 'import', folder, '--layer', 'osm', '--data-dir', d, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout) as TileImportResult).toEqual({ layer: 'osm', imported: tiles.length, skipped: 0, problems: [] });
    for (const t of tiles) expect(readFileSync(cachedFile(d, 'osm', t)).equals(makeTilePng(t.z, t.x, t.y)), key(t)).toBe(true);
  });

  it('bad arguments → exit 2 and a one-line message, nothing fetched', async () => {
    const server = await tileServer();
    const d = dataDir();
    const fetchWith = (...a: string[]) => run(['tiles', 'fetch', '--tiles', server.template, '--data-dir', d, ...a]);
    expectUsage(await fetchWith('--bbox', '1,2,3', '--zoom', '15'), /1,2,3.*S,W,N,E/);
    expectUsage(await fetchWith('--bbox', '34.74,113.74,34.75,113.75', '--zoom', '18-14'), /18-14.*first zoom is above the last/);
    expectUsage(await fetchWith('--zoom', '15'), /--site FILE or --bbox/);
    expectUsage(await fetchWith('--site', DEMO, '--bbox', '34.74,113.74,34.75,113.75', '--zoom', '15'), /--site FILE or --bbox/);
    expectUsage(await run(['tiles', 'export', '--site', DEMO, '--zoom', '15', '--out', join(root, 'x.png'), '--data-dir', d]), /x\.png.*\.mbtiles/);
    expectUsage(await run(['tiles', 'export', '--site', DEMO, '--zoom', '15', '--layer', 'nope', '--out', join(root, 'y.mbtiles'), '--data-dir', d]), /--layer nope: no such layer/);
    expectUsage(await run(['tiles', 'import', join(root, 'nothing-here'), '--layer', 'nope', '--data-dir', d]), /--layer nope: no such layer/);
    expect(server.requests).toHaveLength(0);
  });
});
