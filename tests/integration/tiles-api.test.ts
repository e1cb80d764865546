// Map tiles through the real `watchpost ui` (issue 12): the /tiles route over HTTP (token, cache, provider down),
// offline areas over the WebSocket API against a real tile server on 127.0.0.1 (progress, pause/resume, a restart
// mid-download), MBTiles export read back by Debian's sqlite3, imports, OSM's bulk rule, and the map settings.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { OfflineAreaRequest, OfflineAreaStatus } from '../../electron/api';
import { OFFLINE_AREAS_FILE } from '../../electron/services/map-service';
import { tileCount, tilesOf, type BBox, type TileXYZ } from '../../patrol/maps/tile-math';
import { closeAll, connect, events, failure, ok, temp, until } from '../helpers/browser-api';
import { makeTilePng } from '../helpers/tile-png';
import { startTileServer, type TileServer } from '../helpers/tile-server';
import { startUi, type UiServer } from '../helpers/ui-server';

const SQLITE3 = '/usr/bin/sqlite3';
const RUN_LAYER = 'run-tiles';
// A corner of the demo site in Zhengzhou: 14 tiles at zooms 15–17, 5 at 15–16.
const BOX: BBox = { s_deg: 34.745, w_deg: 113.745, n_deg: 34.75, e_deg: 113.752 };
const AREA: OfflineAreaRequest = { name: 'Depot corner', layer: RUN_LAYER, bbox: BOX, zoom_min: 15, zoom_max: 17 };

afterAll(closeAll);

const tokenOf = (ui: UiServer): string => new URL(ui.url).searchParams.get('token') ?? '';
const tilePath = (layer: string, t: TileXYZ) => `/tiles/${layer}/${t.z}/${t.x}/${t.y}`;
const cachedFile = (dataDir: string, layer: string, t: TileXYZ) => join(dataDir, 'tiles', layer, String(t.z), String(t.x), `${t.y}.png`);

/** GET on the ui's HTTP server, with the run's token when given. */
async function get(ui: UiServer, path: string, token: string | null): Promise<{ status: number; from: string | null; type: string | null; body: Buffer }> {
  const u = new URL(path, ui.url);
  u.search = token === null ? '' : `?token=${token}`;
  const res = await fetch(u);
  return { status: res.status, from: res.headers.get('x-watchpost-tile'), type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

/** Polls tileStatus until the area is in `state`. */
async function areaIn(ws: WebSocket, id: string, state: OfflineAreaStatus['state'], timeout_ms = 20_000): Promise<OfflineAreaStatus> {
  const end = Date.now() + timeout_ms;
  for (;;) {
    const a = (await ok(ws, 'tileStatus')).areas.find((x) => x.id === id);
    if (a?.state === state) return a;
    if (Date.now() > end) throw new Error(`area ${id} is ${a?.state ?? 'gone'}, not ${state}, after ${timeout_ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sql = (file: string, query: string): Array<Record<string, string | number>> => {
  const out = execFileSync(SQLITE3, ['-json', file, query], { encoding: 'utf8' });
  return out.trim() === '' ? [] : JSON.parse(out);
};

describe('the /tiles route of watchpost ui', () => {
  it('needs the token; a tile comes from the provider, then from the cache with the provider down; uncached → 502; tileStatus says offline', async () => {
    const [first, second, uncached, absent] = [...tilesOf(BOX, 16, 16)];
    const server = await startTileServer({ missing: (z, x, y) => z === absent.z && x === absent.x && y === absent.y });
    const dataDir = temp();
    const ui = await startUi(dataDir, ['--tiles', server.template]);
    try {
      const token = tokenOf(ui);
      // Without the token, or with another one: refused before the provider is asked.
      expect((await get(ui, tilePath(RUN_LAYER, first), null)).status).toBe(403);
      expect((await get(ui, tilePath(RUN_LAYER, first), 'f'.repeat(32))).status).toBe(403);
      expect(server.requests).toHaveLength(0);

      const net = await get(ui, tilePath(RUN_LAYER, first), token);
      expect(net).toMatchObject({ status: 200, from: 'network', type: 'image/png' });
      expect(net.body.equals(makeTilePng(first.z, first.x, first.y))).toBe(true);
      expect((await get(ui, tilePath(RUN_LAYER, second), token)).from).toBe('network');
      expect(server.requests.map((r) => r.path)).toEqual([`/${first.z}/${first.x}/${first.y}.png`, `/${second.z}/${second.x}/${second.y}.png`]);
      expect(server.requests[0].userAgent).toMatch(/^Watchpost\//);

      // The provider has no such tile: a transparent tile (the map is not offline), nothing cached.
      const gone = await get(ui, tilePath(RUN_LAYER, absent), token);
      expect(gone).toMatchObject({ status: 200, from: 'missing', type: 'image/png' });
      expect(gone.body.subarray(1, 4).toString()).toBe('PNG');
      expect((await get(ui, tilePath(RUN_LAYER, absent), token)).from).toBe('missing'); // asked again: not cached
      // Not a tile path, or a layer nobody defined: 404 too.
      expect((await get(ui, `/tiles/${RUN_LAYER}/16/abc/1`, token)).status).toBe(404);
      expect((await get(ui, '/tiles/nope/16/1/1', token)).status).toBe(404);

      await server.stop();
      const again = await get(ui, tilePath(RUN_LAYER, first), token);
      expect(again).toMatchObject({ status: 200, from: 'cache', type: 'image/png' });
      expect(again.body.equals(makeTilePng(first.z, first.x, first.y))).toBe(true);
      const down = await get(ui, tilePath(RUN_LAYER, uncached), token);
      expect(down.status).toBe(502);
      expect(down.body.toString()).toContain(`tile ${RUN_LAYER}/${uncached.z}/${uncached.x}/${uncached.y}`);

      const ws = await connect(ui.url);
      const status = await ok(ws, 'tileStatus');
      expect(status.online).toBe(false);
      const bytes = makeTilePng(first.z, first.x, first.y).length + makeTilePng(second.z, second.x, second.y).length;
      expect(status.caches.find((c) => c.layer === RUN_LAYER)).toMatchObject({ tiles: 2, bytes, pinned_tiles: 0 });
      expect(status.areas).toEqual([]);
    } finally {
      await server.stop();
      expect(await ui.stop()).toBe(0);
    }
  });
});

describe('offline areas over the API', () => {
  it('estimate, start, progress events, pause (no requests), resume → complete with every tile on disk, each fetched once', async () => {
    const server = await startTileServer({ delay_ms: 150 });
    const dataDir = temp();
    const ui = await startUi(dataDir, ['--tiles', server.template]);
    try {
      const ws = await connect(ui.url);
      const total = tileCount(BOX, 15, 17);
      expect(await ok(ws, 'estimateOfflineArea', AREA)).toMatchObject({ tiles: total, cached: 0 });
      expect(server.requests).toHaveLength(0); // an estimate asks nobody

      const progress = events<OfflineAreaStatus>(ws, 'offlineProgress');
      const started = await ok(ws, 'startOfflineArea', AREA);
      expect(started).toMatchObject({ name: AREA.name, layer: RUN_LAYER, state: 'running', total, zoom_min: 15, zoom_max: 17 });
      await until('a few tiles done', () => progress.all.find((e) => e.payload.id === started.id && e.payload.done >= 3));

      const paused = (await ok(ws, 'offlineAreaAction', started.id, 'pause')).find((a) => a.id === started.id);
      expect(paused?.state).toBe('paused');
      expect(paused?.done).toBeLessThan(total);
      const asked = server.requests.length;
      await new Promise((r) => setTimeout(r, 800));
      expect(server.requests.length).toBe(asked); // paused: nothing more is asked for

      const resumed = (await ok(ws, 'offlineAreaAction', started.id, 'resume')).find((a) => a.id === started.id);
      expect(resumed?.state).toBe('running');
      const done = await until('the area complete', () => progress.all.find((e) => e.payload.id === started.id && e.payload.state === 'complete'), 20_000);
      progress.stop();
      expect(done.payload).toMatchObject({ done: total, total, missing: 0, failed_count: 0, failed: [] });

      // The events' `done` grows (never goes back), from a few to all of them.
      const dones = progress.all.filter((e) => e.payload.id === started.id).map((e) => e.payload.done);
      expect(new Set(dones).size).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < dones.length; i++) expect(dones[i]).toBeGreaterThanOrEqual(dones[i - 1]);
      expect(dones.at(-1)).toBe(total);

      for (const t of tilesOf(BOX, 15, 17)) {
        expect(readFileSync(cachedFile(dataDir, RUN_LAYER, t)).equals(makeTilePng(t.z, t.x, t.y)), `${t.z}/${t.x}/${t.y}`).toBe(true);
        expect(server.hits(t.z, t.x, t.y), `requests for ${t.z}/${t.x}/${t.y}`).toBe(1);
      }
      const status = await ok(ws, 'tileStatus');
      expect(status.caches.find((c) => c.layer === RUN_LAYER)).toMatchObject({ tiles: total, pinned_tiles: total });
      expect(status.areas).toHaveLength(1);
      expect(status.areas[0]).toMatchObject({ id: started.id, state: 'complete', done: total });
    } finally {
      expect(await ui.stop()).toBe(0);
      await server.stop();
    }
  });

  it('the ui stopped mid-download: the next ui on the same data folder carries on by itself and completes, no tile asked twice', async () => {
    const dataDir = temp();
    const box: BBox = { s_deg: 34.7505, w_deg: 113.745, n_deg: 34.7555, e_deg: 113.752 };
    const req: OfflineAreaRequest = { ...AREA, name: 'Restarted', bbox: box };
    const total = tileCount(box, 15, 17);
    const server = await startTileServer({ delay_ms: 150 });
    try {
      const first = await startUi(dataDir, ['--tiles', server.template]);
      let id = '';
      try {
        const ws = await connect(first.url);
        const progress = events<OfflineAreaStatus>(ws, 'offlineProgress');
        id = (await ok(ws, 'startOfflineArea', req)).id;
        await until('a few tiles done', () => progress.all.find((e) => e.payload.id === id && e.payload.done >= 3));
      } finally {
        expect(await first.stop()).toBe(0);
      }
      // Left `running` in the state file, part done.
      const saved = (JSON.parse(readFileSync(join(dataDir, OFFLINE_AREAS_FILE), 'utf8')) as { areas: OfflineAreaStatus[] }).areas.find((a) => a.id === id);
      expect(saved?.state).toBe('running');
      expect(saved?.done).toBeGreaterThanOrEqual(3);
      expect(saved?.done).toBeLessThan(total);

      const second = await startUi(dataDir, ['--tiles', server.template]);
      try {
        const ws = await connect(second.url);
        const done = await areaIn(ws, id, 'complete');
        expect(done).toMatchObject({ done: total, total, failed_count: 0 });
        for (const t of tilesOf(box, 15, 17)) {
          expect(existsSync(cachedFile(dataDir, RUN_LAYER, t)), `${t.z}/${t.x}/${t.y} cached`).toBe(true);
          expect(server.hits(t.z, t.x, t.y), `requests for ${t.z}/${t.x}/${t.y}`).toBe(1);
        }
      } finally {
        expect(await second.stop()).toBe(0);
      }
    } finally {
      await server.stop();
    }
  });
});

describe('offline areas as files, provider rules and settings over the API', () => {
  let server: TileServer;
  let ui: UiServer;
  let ws: WebSocket;
  let area: OfflineAreaStatus;
  let files: string;
  // 5 tiles, done in about a second at the downloads' polite 4 requests a second.
  const small: OfflineAreaRequest = { ...AREA, name: 'Small', zoom_max: 16 };

  beforeAll(async () => {
    server = await startTileServer();
    ui = await startUi(temp(), ['--tiles', server.template]);
    ws = await connect(ui.url);
    area = await areaIn(ws, (await ok(ws, 'startOfflineArea', small)).id, 'complete');
    files = temp();
  });
  afterAll(async () => {
    await ui?.stop();
    await server?.stop();
  });

  it('exportOfflineArea writes an MBTiles file sqlite3 reads; never over it without overwrite; a relative path is refused', async () => {
    const file = join(files, 'small.mbtiles');
    const r = await ok(ws, 'exportOfflineArea', area.id, file, { overwrite: false });
    expect(r).toMatchObject({ path: file, tiles: area.total });
    expect(r.bytes).toBeGreaterThan(0);
    expect(sql(file, 'SELECT count(*) AS n FROM tiles')).toEqual([{ n: area.total }]);
    // Each tile's bytes under its TMS row (counted from the south).
    const rows = sql(file, 'SELECT zoom_level AS z, tile_column AS x, tile_row AS y, hex(tile_data) AS h FROM tiles');
    for (const row of rows) {
      const [z, x, y] = [Number(row.z), Number(row.x), Number(row.y)];
      expect(String(row.h).toLowerCase()).toBe(makeTilePng(z, x, 2 ** z - 1 - y).toString('hex'));
    }

    const again = await failure(ws, 'exportOfflineArea', [area.id, file, { overwrite: false }]);
    expect(again).toContain(file);
    expect(again).toMatch(/exists/);
    expect((await ok(ws, 'exportOfflineArea', area.id, file, { overwrite: true })).tiles).toBe(area.total);

    expect(await failure(ws, 'exportOfflineArea', [area.id, 'small.mbtiles', { overwrite: false }])).toMatch(/^exportOfflineArea: argument 1: an absolute path/);
    expect(await failure(ws, 'exportOfflineArea', [area.id, join(files, 'small.png'), { overwrite: false }])).toMatch(/^exportOfflineArea: argument 1: a path ending in \.mbtiles/);
    expect(await failure(ws, 'exportOfflineArea', ['no-such-area', join(files, 'other.mbtiles'), { overwrite: false }])).toMatch(/no offline area no-such-area/);
  });

  it('importTiles of the exported file into osm: the tiles count, pinned as an area of their own; a missing or non-MBTiles file is named', async () => {
    const file = join(files, 'for-import.mbtiles');
    await ok(ws, 'exportOfflineArea', area.id, file, { overwrite: false });
    const r = await ok(ws, 'importTiles', file, 'osm');
    expect(r).toEqual({ layer: 'osm', imported: area.total, skipped: 0, problems: [] });
    const status = await ok(ws, 'tileStatus');
    expect(status.caches.find((c) => c.layer === 'osm')).toMatchObject({ tiles: area.total, pinned_tiles: area.total });
    expect(status.areas.find((a) => a.layer === 'osm')).toMatchObject({ name: 'for-import.mbtiles', state: 'complete', zoom_min: 15, zoom_max: 16 });

    const missing = join(files, 'nowhere.mbtiles');
    const noFile = await failure(ws, 'importTiles', [missing, 'osm']);
    expect(noFile).toContain(missing);
    expect(noFile).toMatch(/no such file/);

    const text = join(files, 'notes.mbtiles');
    writeFileSync(text, 'these are notes, not tiles\n');
    const notTiles = await failure(ws, 'importTiles', [text, 'osm']);
    expect(notTiles).toContain(text);
    expect(notTiles).toMatch(/not an SQLite database/);
  });

  it('OpenStreetMap: an offline area at zoom 17–18 or of too many tiles is refused naming its tile usage policy; nothing starts', async () => {
    const requests = server.requests.length;
    const deep = await failure(ws, 'estimateOfflineArea', [{ ...AREA, layer: 'osm', zoom_min: 17, zoom_max: 18 }]);
    expect(deep).toMatch(/OpenStreetMap tile usage policy/);
    expect(deep).toMatch(/zoom 16/);
    expect(await failure(ws, 'startOfflineArea', [{ ...AREA, layer: 'osm', zoom_min: 17, zoom_max: 18 }])).toMatch(/OpenStreetMap tile usage policy/);
    const wide = await failure(ws, 'estimateOfflineArea', [{ ...AREA, layer: 'osm', bbox: { s_deg: 34.5, w_deg: 113.5, n_deg: 35, e_deg: 114 }, zoom_min: 10, zoom_max: 16 }]);
    expect(wide).toMatch(/more than 2000 .*OpenStreetMap tile usage policy/);
    // The same box from the run's own server has no such rule.
    expect((await ok(ws, 'estimateOfflineArea', { ...AREA, zoom_min: 17, zoom_max: 18 })).tiles).toBe(tileCount(BOX, 17, 18));
    expect((await ok(ws, 'tileStatus')).areas.filter((a) => a.layer === 'osm' && a.name === AREA.name)).toEqual([]);
    expect(server.requests.length).toBe(requests);
  });

  it("updateSettings: tile_cache_mb 10 is the caches' limit; a base_layer that is not a layer id is refused naming it", async () => {
    const s = await ok(ws, 'updateSettings', { tile_cache_mb: 10 });
    expect(s.tile_cache_mb).toBe(10);
    const caches = (await ok(ws, 'tileStatus')).caches;
    expect(caches.length).toBeGreaterThan(0);
    for (const c of caches) expect(c.limit_bytes).toBe(10_000_000);
    expect(await failure(ws, 'updateSettings', [{ base_layer: 'x y' }])).toMatch(/^updateSettings: argument 0\.base_layer: /);
    expect((await ok(ws, 'appInfo')).settings.tile_cache_mb).toBe(10);
  });
});
