// The map tile cache and the cache-through tile source, over a real HTTP tile server on 127.0.0.1 and real files:
// tiles fetched once are served from disk with the server gone, each layer keeps to its size limit by evicting the
// least recently used tiles (never pinned ones), a restart keeps tiles and order, and upstream sees one polite request.
import { mkdtemp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TileCache, type TileKey } from '../../electron/services/tiles/tile-cache';
import { fetchTile, WATCHPOST_USER_AGENT } from '../../electron/services/tiles/tile-fetch';
import { TileSource } from '../../electron/services/tiles/tile-source';
import { tileUrl } from '../../patrol/maps/tile-url';
import { makeTilePng } from '../helpers/tile-png';
import { startTileServer, type TileServer } from '../helpers/tile-server';

const UA = WATCHPOST_USER_AGENT('0.1.0');
const key = (x: number, y = 100, layer = 'osm', z = 16): TileKey => ({ layer, z, x, y });
const png = (k: TileKey) => makeTilePng(k.z, k.x, k.y);

let dir: string;
let server: TileServer;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchpost-tiles-'));
  server = await startTileServer();
});
afterEach(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

async function openCache(limitBytes: (layer: string) => number = () => Infinity, pinned?: (k: TileKey) => boolean) {
  const cache = new TileCache({ dir, limitBytes, pinned });
  await cache.open();
  return cache;
}
const sourceOver = (cache: TileCache, timeout_ms = 2000) =>
  new TileSource({ cache, resolve: (layer) => (layer === 'osm' ? { template: server.template } : null), userAgent: UA, timeout_ms });

describe('the tile source and cache', () => {
  it('fills the cache from the provider and serves it from disk when the provider is gone', async () => {
    const source = sourceOver(await openCache());
    expect(source.online()).toBeNull();
    for (let x = 0; x < 4; x++) {
      const r = await source.get('osm', 16, 50_000 + x, 30_000);
      expect(r).toMatchObject({ ok: true, from: 'network', type: 'image/png' });
      expect(r.ok && r.body.equals(makeTilePng(16, 50_000 + x, 30_000))).toBe(true);
    }
    expect(source.online()).toBe(true);
    expect(await source.get('osm', 16, 50_000, 30_000)).toMatchObject({ ok: true, from: 'cache' });
    expect(server.hits(16, 50_000, 30_000)).toBe(1);
    expect(await readdir(join(dir, 'osm', '16', '50000'))).toEqual(['30000.png']);

    await server.stop();
    for (let x = 0; x < 4; x++) expect(await source.get('osm', 16, 50_000 + x, 30_000)).toMatchObject({ ok: true, from: 'cache' });
    const never = await source.get('osm', 16, 1, 1);
    expect(never).toMatchObject({ ok: false, kind: 'network' });
    expect(!never.ok && never.message).toMatch(/ECONNREFUSED/);
    expect(source.online()).toBe(false);
    // Every request named the app, as tile policies (OpenStreetMap's) require.
    expect(server.requests.length).toBe(4);
    for (const r of server.requests) expect(r.userAgent).toMatch(/^Watchpost\/0\.1\.0 \(/);
  });

  it('makes one upstream request for a tile many views ask for at once', async () => {
    server.set({ delay_ms: 100 });
    const source = sourceOver(await openCache());
    const all = await Promise.all(Array.from({ length: 8 }, () => source.get('osm', 17, 7, 9)));
    for (const r of all) expect(r.ok && r.body.equals(makeTilePng(17, 7, 9))).toBe(true);
    expect(server.hits(17, 7, 9)).toBe(1);
  });

  it('does not cache an error page, a missing tile or a hung request, and refuses bad layer names', async () => {
    const cache = await openCache();
    const source = sourceOver(cache, 300);
    server.set({ html: (_z, x) => x === 1, missing: (_z, x) => x === 2 });
    expect(await source.get('osm', 16, 1, 5)).toMatchObject({ ok: false, kind: 'not-image', status: 200 });
    expect(await source.get('osm', 16, 2, 5)).toMatchObject({ ok: false, kind: 'missing', status: 404 });
    expect(source.online()).toBe(true); // the provider answered, even if not with a tile
    expect(cache.has(key(1, 5)) || cache.has(key(2, 5))).toBe(false);
    server.set({ hang: true });
    expect(await source.get('osm', 16, 3, 5)).toMatchObject({ ok: false, kind: 'timeout' });
    expect(source.online()).toBe(false);
    expect(await source.get('../etc', 16, 3, 5)).toMatchObject({ ok: false, kind: 'bad-request' });
    expect(await source.get('osm', 16, 70_000, 5)).toMatchObject({ ok: false, kind: 'bad-request' });
    expect(await source.get('sat', 16, 3, 5)).toMatchObject({ ok: false, kind: 'unknown-layer' });
    await expect(cache.put(key(1, 1, 'OSM/..'), makeTilePng(1, 1, 1), 'image/png')).rejects.toThrow(/layer "OSM\/\.\." is not a layer id/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps each layer within its limit by evicting the least recently used tiles', async () => {
    const tiles = Array.from({ length: 5 }, (_, i) => key(i));
    const limit = tiles.reduce((n, k) => n + png(k).length, 0); // room for about five tiles of "osm"
    const cache = await openCache((layer) => (layer === 'osm' ? limit : Infinity));
    for (const k of tiles) expect(await cache.put(k, png(k), 'image/png')).toEqual({ ok: true, evicted: 0 });
    for (let i = 0; i < 8; i++) await cache.put(key(i, 100, 'sat'), png(key(i)), 'image/png');
    expect((await cache.get(tiles[0]))?.body.equals(png(tiles[0]))).toBe(true); // tile 0 is now the most recent
    await cache.put(key(5), png(key(5)), 'image/png');
    await cache.put(key(6), png(key(6)), 'image/png');
    expect([0, 1, 2, 3, 4, 5, 6].filter((x) => cache.has(key(x)))).toEqual([0, 3, 4, 5, 6]);
    await expect(stat(join(dir, 'osm', '16', '1', '100.png'))).rejects.toThrow(/ENOENT/);
    expect(cache.order('osm').map((t) => t.x)).toEqual([3, 4, 0, 5, 6]);
    const osm = cache.stats().find((s) => s.layer === 'osm');
    expect(osm).toMatchObject({ tiles: 5, limit_bytes: limit, pinned_tiles: 0 });
    expect(osm?.bytes).toBeLessThanOrEqual(limit);
    // The other layer has its own limit (none): all its tiles stay.
    expect(cache.stats().find((s) => s.layer === 'sat')).toMatchObject({ tiles: 8, limit_bytes: Infinity });
  });

  it('never evicts pinned tiles (offline areas)', async () => {
    const pinned = (k: TileKey) => k.x >= 100;
    const limit = 3 * Math.max(...[100, 101, 0, 1, 2, 3, 4, 5].map((x) => png(key(x)).length)); // about three tiles
    const cache = await openCache(() => limit, pinned);
    for (const x of [100, 101]) await cache.put(key(x), png(key(x)), 'image/png'); // oldest, but pinned
    for (let x = 0; x < 6; x++) await cache.put(key(x), png(key(x)), 'image/png');
    expect([100, 101, 0, 1, 2, 3, 4, 5].filter((x) => cache.has(key(x)))).toEqual([100, 101, 5]);
    expect(cache.stats()[0]).toMatchObject({ tiles: 3, pinned_tiles: 2 });
    // Unpinned (the area removed): they are the oldest, so they go first.
    cache.setPinned(() => false);
    await cache.put(key(6), png(key(6)), 'image/png');
    await cache.put(key(7), png(key(7)), 'image/png');
    expect(cache.order('osm').map((t) => t.x)).toEqual([5, 6, 7]);
  });

  it('finds the same tiles in the same order after a restart, and cleans up what a crash left', async () => {
    const limit = [0, 1, 2, 3, 4, 5].reduce((n, x) => n + png(key(x)).length, 0); // these six tiles
    const cache = await openCache(() => limit);
    // Written in one burst (the same millisecond, often) and then read back out of order.
    for (let x = 0; x < 6; x++) await cache.put(key(x), png(key(x)), 'image/png');
    for (const x of [2, 0, 4]) await cache.get(key(x));
    await cache.put(key(6, 100, 'sat'), png(key(6)), 'image/png');
    const order = cache.order('osm');
    expect(order.map((t) => t.x)).toEqual([1, 3, 5, 2, 0, 4]);
    await cache.close();
    await writeFile(join(dir, 'osm', '16', '3', '100.png.1234.7.tmp'), 'half a tile');
    await mkdir(join(dir, 'osm', '16', '9'));
    await writeFile(join(dir, 'osm', '16', '9', '100.png'), ''); // a write cut short by a power cut
    await writeFile(join(dir, 'README.txt'), 'my notes');

    const again = new TileCache({ dir, limitBytes: () => limit });
    const opened = await again.open();
    expect(opened).toMatchObject({ tiles: 7, removed: 2 });
    expect(opened.problems.join('\n')).toMatch(/README\.txt: not a layer folder, left alone/);
    expect(opened.problems.join('\n')).toMatch(/100\.png: empty tile .*deleted/);
    expect(await readdir(join(dir, 'osm', '16', '3'))).toEqual(['100.png']);
    expect(again.order('osm')).toEqual(order);
    expect(again.stats()).toEqual(cache.stats());
    // The order carries on from there: the least recently used go first.
    await again.put(key(7), png(key(7)), 'image/png');
    expect(again.has(key(1))).toBe(false);
    expect((await again.get(key(3)))?.type).toBe('image/png');
  });

  it('clears a layer, or every layer, pinned tiles too', async () => {
    const cache = await openCache(() => Infinity, () => true);
    for (let x = 0; x < 3; x++) {
      await cache.put(key(x), png(key(x)), 'image/png');
      await cache.put(key(x, 100, 'sat'), png(key(x)), 'image/png');
    }
    await writeFile(join(dir, 'notes.txt'), 'not a tile');
    expect(await cache.clear('osm')).toBe(3);
    expect(cache.has(key(0))).toBe(false);
    expect(cache.stats().map((s) => s.layer)).toEqual(['sat']);
    expect(await cache.clear()).toBe(3);
    expect(cache.stats()).toEqual([]);
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });
});

describe('tile URLs and fetching', () => {
  it('fills a template: {z} {x} {y}, {-y} for TMS, {s} and {key}', () => {
    expect(tileUrl('https://{s}.example.org/{z}/{x}/{-y}.png?k={key}', { z: 3, x: 2, y: 1 }, { subdomains: ['a', 'b'], key: 'k 1' })).toBe('https://b.example.org/3/2/6.png?k=k%201');
    expect(tileUrl('https://t{s}.example.org/{z}/{y}/{x}?tk={k}', { z: 1, x: 0, y: 0 }, { subdomains: ['0', '1'] })).toBe('https://t0.example.org/1/0/0?tk=');
  });

  it('answers a typed result for each kind of trouble', async () => {
    const url = tileUrl(server.template, { z: 2, x: 1, y: 1 });
    const ok = await fetchTile(url, { userAgent: UA, timeout_ms: 2000 });
    expect(ok).toMatchObject({ ok: true, type: 'image/png' });
    server.set({ fail: () => true });
    expect(await fetchTile(url, { userAgent: UA, timeout_ms: 2000 })).toMatchObject({ ok: false, kind: 'http', status: 500 });
    server.set({ fail: undefined, hang: true });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    expect(await fetchTile(url, { userAgent: UA, timeout_ms: 2000, signal: abort.signal })).toMatchObject({ ok: false, kind: 'aborted' });
  });
});
