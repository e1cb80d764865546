// Offline areas against a real HTTP tile server on 127.0.0.1, with real files: the estimate, a download cut off by
// the app closing and finished by the next start without fetching a tile twice, retries with backoff, tiles that
// fail for good or do not exist, pause and resume, the request rate, and a damaged state file.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfflineAreas, type AreaStatus, type OfflineAreasOptions } from '../../electron/services/tiles/offline-areas';
import { TileCache } from '../../electron/services/tiles/tile-cache';
import { WATCHPOST_USER_AGENT } from '../../electron/services/tiles/tile-fetch';
import { tileCount, tilesOf, type BBox } from '../../patrol/maps/tile-math';
import { makeTilePng } from '../helpers/tile-png';
import { startTileServer, type TileServer } from '../helpers/tile-server';

// About 450 m × 510 m: 10 tiles at zooms 15–17, 30 at 15–18.
const BOX: BBox = { s_deg: 22.538, w_deg: 113.948, n_deg: 22.542, e_deg: 113.953 };
const AREA = { name: 'Depot', layer: 'osm', bbox: BOX, zoom_min: 15, zoom_max: 17 };

let dir: string;
let server: TileServer;
let opened: Array<{ areas: OfflineAreas; cache: TileCache }> = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchpost-offline-'));
  server = await startTileServer();
});
afterEach(async () => {
  for (const o of opened) await o.areas.close();
  opened = [];
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A cache and offline areas over the test folder, as the app opens them at start (fast settings for tests). */
async function openAreas(opts: Partial<OfflineAreasOptions> = {}, limit_bytes = Infinity) {
  const cache = new TileCache({ dir: join(dir, 'tiles'), limitBytes: () => limit_bytes });
  await cache.open();
  const areas = new OfflineAreas({
    file: join(dir, 'offline-areas.json'), cache, resolve: (layer) => (layer === 'osm' ? { template: server.template } : null),
    userAgent: WATCHPOST_USER_AGENT('0.1.0'), rate_per_s: 50, concurrency: 2, backoff_ms: 20, random: () => 0.5, timeout_ms: 2000, ...opts,
  });
  const report = await areas.open();
  opened.push({ areas, cache });
  return { cache, areas, report };
}

async function until(areas: OfflineAreas, id: string, ok: (s: AreaStatus) => boolean, timeout_ms = 10_000): Promise<AreaStatus> {
  const end = performance.now() + timeout_ms;
  for (;;) {
    const s = areas.list().find((a) => a.id === id);
    if (s && ok(s)) return s;
    if (performance.now() > end) throw new Error(`area ${id} never got there: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
const ended = (s: AreaStatus) => s.state === 'complete' || s.state === 'failed';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function started(r: ReturnType<OfflineAreas['start']>): AreaStatus {
  if (!r.ok) throw new Error(r.error);
  return r.area;
}

describe('offline areas', () => {
  it('estimates the tiles, the cached ones and the size, and refuses an area too large', async () => {
    const { areas, cache } = await openAreas({ maxTiles: 20 });
    expect(areas.estimate(AREA)).toEqual({ ok: true, tiles: tileCount(BOX, 15, 17), cached: 0, bytes_est: 10 * 15 * 1024 });
    const [t0, t1] = [...tilesOf(BOX, 15, 17)];
    for (const t of [t0, t1]) await cache.put({ layer: 'osm', ...t }, makeTilePng(t.z, t.x, t.y), 'image/png');
    const size = (t: typeof t0) => makeTilePng(t.z, t.x, t.y).length;
    const average = (size(t0) + size(t1)) / 2;
    expect(areas.estimate(AREA)).toEqual({ ok: true, tiles: 10, cached: 2, bytes_est: Math.round(size(t0) + size(t1) + 8 * average) });
    expect(areas.estimate({ ...AREA, zoom_max: 18 })).toMatchObject({ ok: false, error: '30 tiles is more than 20: choose a smaller box or fewer zooms' });
    expect(areas.estimate({ ...AREA, zoom_min: 18 })).toMatchObject({ ok: false, error: expect.stringMatching(/not a range/) });
    expect(areas.start({ ...AREA, layer: 'sat' })).toEqual({ ok: false, error: 'no tile provider for layer "sat"' });
  });

  it('carries on after a restart with a download cut off midway, fetching no tile twice', async () => {
    server.set({ delay_ms: 60 });
    const first = await openAreas({ rate_per_s: 25 });
    const area = started(first.areas.start({ ...AREA, zoom_max: 18 }));
    expect(area).toMatchObject({ state: 'running', total: 30, done: 0 });
    await until(first.areas, area.id, (s) => s.done >= 8);
    await first.areas.close(); // the app quits
    await first.cache.close();
    const asLeft = JSON.parse(await readFile(join(dir, 'offline-areas.json'), 'utf8')) as { areas: AreaStatus[] };
    expect(asLeft.areas[0]).toMatchObject({ id: area.id, state: 'running' });
    expect(asLeft.areas[0].done).toBeLessThan(30);
    const before = server.requests.length;
    await sleep(200);
    expect(server.requests.length).toBe(before); // closed means no more requests

    const second = await openAreas({ rate_per_s: 25 });
    expect(second.report).toEqual({ areas: 1, resumed: 1, problems: [] });
    const done = await until(second.areas, area.id, ended);
    expect(done).toMatchObject({ state: 'complete', total: 30, done: 30, missing: 0, failed: [], failed_count: 0 });
    for (const t of tilesOf(BOX, 15, 18)) {
      expect(second.cache.has({ layer: 'osm', ...t })).toBe(true);
      expect(server.hits(t.z, t.x, t.y)).toBe(1);
    }
    expect(done.bytes).toBe(second.cache.stats()[0].bytes);
    expect(second.areas.pinned({ layer: 'osm', z: 18, x: [...tilesOf(BOX, 18, 18)][0].x, y: [...tilesOf(BOX, 18, 18)][0].y })).toBe(true);
  });

  it('retries failing tiles with backoff, and keeps the area pinned against a small cache limit', async () => {
    server.set({ failTimes: 2 });
    const { areas, cache } = await openAreas({}, 2 * makeTilePng(15, 0, 0).length); // room for about two tiles
    const progress: Array<AreaStatus & { t_ms: number }> = [];
    const unsubscribe = areas.onProgress((s) => progress.push({ ...s, t_ms: performance.now() }));
    const area = started(areas.start(AREA));
    expect(await until(areas, area.id, ended)).toMatchObject({ state: 'complete', done: 10, failed_count: 0 });
    for (const t of tilesOf(BOX, 15, 17)) expect(server.hits(t.z, t.x, t.y)).toBe(3);
    // Pinned: the layer is over its limit, but browsing cannot evict the area's tiles.
    await cache.put({ layer: 'osm', z: 10, x: 1, y: 1 }, makeTilePng(10, 1, 1), 'image/png');
    expect(cache.stats()[0]).toMatchObject({ tiles: 10, pinned_tiles: 10 });
    await sleep(150);
    unsubscribe();
    expect(progress.at(-1)).toMatchObject({ id: area.id, state: 'complete', done: 10 });
    // At most ten a second: 100 ms apart (a timer may fire a hair early).
    for (let i = 1; i < progress.length; i++) expect(progress[i].t_ms - progress[i - 1].t_ms).toBeGreaterThanOrEqual(98);
  });

  it('lists the tiles that fail for good, and completes once they are retried after the server is fixed', async () => {
    const bad = [...tilesOf(BOX, 17, 17)].slice(0, 2);
    const isBad = (z: number, x: number, y: number) => bad.some((t) => t.z === z && t.x === x && t.y === y);
    server.set({ fail: isBad });
    const { areas } = await openAreas({ retries: 2 });
    const area = started(areas.start(AREA));
    const failed = await until(areas, area.id, ended);
    expect(failed).toMatchObject({ state: 'failed', done: 8, failed_count: 2 });
    expect(failed.failed.map(({ z, x, y }) => ({ z, x, y })).sort((a, b) => a.x - b.x || a.y - b.y)).toEqual([...bad].sort((a, b) => a.x - b.x || a.y - b.y));
    expect(failed.failed[0].error).toMatch(/HTTP 500/);
    for (const t of bad) expect(server.hits(t.z, t.x, t.y)).toBe(3); // the first try and two retries
    server.set({ fail: undefined });
    const requests = server.requests.length;
    expect(await areas.retryFailed(failed.id)).toMatchObject({ ok: true, area: { state: 'running' } });
    expect(await until(areas, area.id, ended)).toMatchObject({ state: 'complete', done: 10, failed: [], failed_count: 0 });
    expect(server.requests.length).toBe(requests + 2); // only the failed tiles
    expect(await areas.retryFailed(area.id)).toEqual({ ok: false, error: '"Depot" has no failed tiles to retry (it is complete)' });
  });

  it('counts tiles the provider does not have as missing, and never asks for them again', async () => {
    const missing = [...tilesOf(BOX, 17, 17)].slice(0, 3);
    server.set({ missing: (z, x, y) => missing.some((t) => t.z === z && t.x === x && t.y === y) });
    const first = await openAreas();
    const area = started(first.areas.start(AREA));
    expect(await until(first.areas, area.id, ended)).toMatchObject({ state: 'complete', done: 10, missing: 3, failed_count: 0 });
    for (const t of missing) {
      expect(server.hits(t.z, t.x, t.y)).toBe(1);
      expect(first.cache.has({ layer: 'osm', ...t })).toBe(false);
    }
    await first.areas.close();
    // After a restart, checking the area again asks for nothing: cached or known missing.
    const second = await openAreas();
    const requests = server.requests.length;
    expect(await second.areas.resume(area.id)).toMatchObject({ ok: true });
    expect(await until(second.areas, area.id, ended)).toMatchObject({ state: 'complete', done: 10, missing: 3 });
    expect(server.requests.length).toBe(requests);
    expect(await second.areas.remove(area.id)).toEqual({ ok: true });
    expect(second.areas.list()).toEqual([]);
    expect(second.areas.pinned({ layer: 'osm', ...missing[0] })).toBe(false);
  });

  it('sends no requests while paused, and finishes when resumed', async () => {
    server.set({ delay_ms: 30 });
    const { areas } = await openAreas({ rate_per_s: 20 });
    const area = started(areas.start({ ...AREA, zoom_max: 18 }));
    await until(areas, area.id, (s) => s.done >= 4);
    expect(await areas.pause(area.id)).toMatchObject({ ok: true, area: { state: 'paused' } });
    const before = server.requests.length;
    await sleep(400);
    expect(server.requests.length).toBe(before);
    expect(areas.list()[0]).toMatchObject({ state: 'paused' });
    expect(areas.list()[0].done).toBeLessThan(30);
    expect(await areas.resume(area.id)).toMatchObject({ ok: true, area: { state: 'running' } });
    expect(await until(areas, area.id, ended)).toMatchObject({ state: 'complete', done: 30 });
    for (const t of tilesOf(BOX, 15, 18)) expect(server.hits(t.z, t.x, t.y)).toBe(1);
  });

  it('keeps to rate_per_s requests a second', async () => {
    const { areas } = await openAreas({ rate_per_s: 5, concurrency: 3 });
    const area = started(areas.start(AREA));
    await until(areas, area.id, ended);
    const t = server.requests.map((r) => r.t_ms);
    expect(t.length).toBe(10);
    // Start times are 200 ms apart on the client; the server sees them with a little jitter (the first request also
    // waits for the connection), hence 950 ms windows: in any of them at most five requests arrived.
    for (const t0 of t) expect(t.filter((x) => x >= t0 && x < t0 + 950).length).toBeLessThanOrEqual(5);
    // And over the download after the first request, no more than five a second on average.
    expect(8 / ((t[9] - t[1]) / 1000)).toBeLessThanOrEqual(5.05);
  });

  it('sets a damaged state file aside, reports it, and starts empty', async () => {
    const file = join(dir, 'offline-areas.json');
    await writeFile(file, '{"version": 1, "areas": [ {"id": ');
    const { areas, report } = await openAreas();
    expect(report.areas).toBe(0);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/offline-areas\.json: not JSON \(line 1, column \d+.*kept as .*offline-areas\.json\.damaged-/);
    const aside = (await readdir(dir)).filter((f) => f.startsWith('offline-areas.json.damaged-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, aside[0]), 'utf8')).toBe('{"version": 1, "areas": [ {"id": ');
    const area = started(areas.start(AREA));
    await until(areas, area.id, ended);
    await areas.close();
    const saved = JSON.parse(await readFile(file, 'utf8')) as { version: number; areas: AreaStatus[] };
    expect(saved).toMatchObject({ version: 1, areas: [{ id: area.id, state: 'complete' }] });
    // A file of the wrong shape is damaged too.
    await writeFile(file, JSON.stringify({ version: 1, areas: [{ id: 'x' }] }));
    const again = await openAreas();
    expect(again.report.problems[0]).toMatch(/areas\.0\.name: .*kept as/);
  });
});
