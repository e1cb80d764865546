// Maps in the field (issue 12), end to end in Chromium against the real browser mode and a real tile server on
// 127.0.0.1: the site made available offline from the Settings view, then the tile server stopped — the cached area
// still draws and beyond it the plain ground with the grid, the scale bar and the "offline" note (screenshots in
// English and Chinese); a GCJ-02 layer (the demo site is in Zhengzhou) puts each post on the provider's tile at its
// GCJ-02 place, and a post placed by a click is saved in WGS-84; Settings switch the base map and the coordinates.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { assertUiBuilt } from '../helpers/ui-build';
import { startUi } from '../helpers/ui-server';
import { startTileServer } from '../helpers/tile-server';
import { gcj02ToWgs84 } from '../../patrol/maps/gcj02';
import { readSiteFile } from '../../patrol/site/read-site-file';
import distance from '@turf/distance';

const distanceM = (lat1: number, lon1: number, lat2: number, lon2: number): number => distance([lon1, lat1], [lon2, lat2], { units: 'meters' });

let browser: Browser;
const SHOTS = join(process.cwd(), 'assets', 'screenshots');
const DEMO = join(process.cwd(), 'assets', 'demo', 'demo.site.geojson');
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'watchpost-maps-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  assertUiBuilt();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Console errors other than tiles the page could not have (expected while offline) fail the test. */
function watchErrors(page: Page, allowTileFailures: boolean): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (allowTileFailures && /Failed to load resource: the server responded with a status of (502|404)/.test(m.text())) return;
    errors.push(m.text());
  });
  return errors;
}

/** The tile image under a screen point and where in it the point falls: the provider-datum position of the point. */
async function providerLatLonAt(page: Page, x: number, y: number): Promise<{ lat: number; lon: number; z: number }> {
  const r = await page.evaluate(({ x, y }) => {
    // Tiles take no pointer events (elementsFromPoint skips them): the loaded tile of the deepest zoom whose box holds the point.
    const under = Array.from(document.querySelectorAll<HTMLImageElement>('img.leaflet-tile')).filter((i) => {
      const b = i.getBoundingClientRect();
      return /\/tiles\//.test(i.src) && i.complete && i.naturalWidth > 0 && x >= b.left && x < b.right && y >= b.top && y < b.bottom;
    });
    const zoomOf = (i: HTMLImageElement) => Number(/\/tiles\/[a-z0-9_-]+\/(\d+)\//.exec(i.src)?.[1] ?? -1);
    const img = under.sort((a, b) => zoomOf(b) - zoomOf(a))[0];
    if (!img) return null;
    const m = /\/tiles\/[a-z0-9_-]+\/(\d+)\/(\d+)\/(\d+)/.exec(img.src);
    const box = img.getBoundingClientRect();
    return m ? { z: Number(m[1]), x: Number(m[2]), y: Number(m[3]), fx: (x - box.left) / box.width, fy: (y - box.top) / box.height } : null;
  }, { x, y });
  if (!r) throw new Error(`no map tile under ${x},${y}`);
  const n = 2 ** r.z;
  const lon = ((r.x + r.fx) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (r.y + r.fy)) / n))) * 180) / Math.PI;
  return { lat, lon, z: r.z };
}

describe('offline maps', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: the site made available offline in Settings; with the tile server stopped the cached area draws, plain ground with a grid beyond, and the map says it is offline`, async () => {
      const tiles = await startTileServer();
      const data = temp();
      const ui = await startUi(data, ['--tiles', tiles.template]);
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: lang });
      try {
        const page = await context.newPage();
        const errors = watchErrors(page, true);
        await page.goto(`${ui.url}#/settings`);
        await page.getByTestId('settings-language').selectOption(lang);
        await page.getByTestId('settings-view').waitFor();
        // The open site (the demo) at zooms 16–17 of this run's layer: estimated, then downloaded.
        await page.getByTestId('offline-source-site').check();
        await page.getByTestId('offline-layer').selectOption('run-tiles');
        await page.getByTestId('offline-zoom-min').selectOption('16');
        await page.getByTestId('offline-zoom-max').selectOption('17');
        await page.getByTestId('offline-estimate').click();
        const estimate = page.getByTestId('offline-estimate-result');
        await estimate.waitFor();
        const total = Number(await estimate.getAttribute('data-tiles'));
        expect(total).toBeGreaterThan(5);
        await page.getByTestId('offline-start').click();
        await page.waitForSelector('[data-testid=offline-area][data-state=complete]', { timeout: 30_000 });
        expect(Number(await page.getByTestId('offline-area').getAttribute('data-done'))).toBe(total);
        await page.screenshot({ path: join(SHOTS, `settings-${lang}.png`), fullPage: true });

        await tiles.stop();
        // A fresh page (no browser cache): every tile comes from Watchpost's cache or not at all.
        const offline = await context.newPage();
        const offlineErrors = watchErrors(offline, true);
        await offline.goto(`${ui.url}#/plan`);
        const map = offline.getByTestId('map');
        await map.waitFor();
        const container = offline.locator('.plan.editing .leaflet-container');
        await container.waitFor();
        // Half the view past the area's east edge: the cached tiles on the left, none on the right.
        const box = await container.boundingBox();
        if (!box) throw new Error('no map');
        await offline.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
        await offline.mouse.down();
        await offline.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 8 });
        await offline.mouse.up();
        await offline.waitForSelector('[data-testid=map][data-tiles=offline]', { timeout: 10_000 });
        await offline.waitForSelector('[data-testid=map-note][data-state=offline]');
        expect(Number(await offline.getByTestId('map-grid').getAttribute('data-lines'))).toBeGreaterThan(1);
        await offline.waitForSelector('.leaflet-control-scale-line');
        // Cached tiles were drawn; the others were replaced by an empty image (never a broken-image icon).
        await offline.waitForTimeout(800);
        const imgs = await offline.evaluate(() => Array.from(document.querySelectorAll<HTMLImageElement>('img.leaflet-tile')).map((i) => ({ src: i.src, loaded: i.complete && i.naturalWidth > 0 })));
        const drawn = imgs.filter((i) => /\/tiles\//.test(i.src) && i.loaded);
        const blank = imgs.filter((i) => i.src.startsWith('data:image/gif'));
        expect(drawn.length).toBeGreaterThan(0);
        expect(blank.length).toBeGreaterThan(0);
        expect(imgs.filter((i) => /\/tiles\//.test(i.src) && !i.loaded)).toEqual([]);
        // The site is still there, on the plain ground too.
        expect(await offline.locator('path.wp-post').count()).toBe(10);
        expect(await offline.getByTestId('map-note').textContent()).toBe(lang === 'en' ? 'Offline: tiles not in the cache are drawn plain, with a coordinate grid' : '离线：缓存之外的瓦片以纯色背景与经纬网显示');
        await offline.screenshot({ path: join(SHOTS, `maps-offline-${lang}.png`) });
        expect([...errors, ...offlineErrors]).toEqual([]);
      } finally {
        await context.close();
        await tiles.stop();
        await ui.stop();
      }
    });
  }
});

describe('a GCJ-02 layer (AMap and the like)', () => {
  it('each post sits on the GCJ-02 place of its WGS-84 position; a post placed by a click is saved in WGS-84 (read without the conversion, each pixel is hundreds of metres off)', async () => {
    const tiles = await startTileServer();
    const data = temp();
    const ui = await startUi(data, ['--tiles', tiles.template, '--tiles-datum', 'gcj02']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page, false);
    try {
      const { site } = readSiteFile(readFileSync(DEMO, 'utf8'), DEMO);
      await page.goto(`${ui.url}#/plan`);
      await page.waitForSelector('[data-testid=map][data-datum=gcj02][data-tiles=ok]', { timeout: 15_000 });
      await page.waitForTimeout(500);
      // Every post's circle: the tile under its centre says where on the provider's map it is drawn.
      const centres = await page.evaluate(() => Array.from(document.querySelectorAll('path.wp-post')).map((p) => {
        const r = p.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }));
      expect(centres.length).toBe(site.posts.length);
      for (const c of centres) {
        const drawn = await providerLatLonAt(page, c.x, c.y);
        const [lon, lat] = gcj02ToWgs84(drawn.lon, drawn.lat);
        const post = site.posts.reduce((a, b) => (distanceM(lat, lon, a.lat_deg, a.lon_deg) <= distanceM(lat, lon, b.lat_deg, b.lon_deg) ? a : b));
        // Within a pixel or two at this zoom.
        expect(distanceM(lat, lon, post.lat_deg, post.lon_deg)).toBeLessThan(3);
        // Read as WGS-84 (no conversion) the same pixel is hundreds of metres from that post: the shift is really applied.
        expect(distanceM(drawn.lat, drawn.lon, post.lat_deg, post.lon_deg)).toBeGreaterThan(200);
      }

      // A post placed by a click, saved: its file position is the WGS-84 of the GCJ-02 place clicked.
      const container = page.locator('.plan.editing .leaflet-container');
      const box = await container.boundingBox();
      if (!box) throw new Error('no map');
      const at = { x: box.x + box.width * 0.62, y: box.y + box.height * 0.18 };
      const clicked = await providerLatLonAt(page, at.x, at.y);
      await page.getByTestId('draw-post').click();
      await page.mouse.click(at.x, at.y);
      await page.waitForFunction((n) => document.querySelectorAll('path.wp-post').length === n, site.posts.length + 1);
      await page.getByTestId('save').click();
      await page.getByTestId('save-panel').waitFor();
      const out = join(data, 'gcj.site.geojson');
      await page.getByTestId('save-site-path').fill(out);
      await page.getByTestId('save-patrol-path').fill(join(data, 'gcj.patrol.json'));
      await page.getByTestId('save-confirm').click();
      await page.waitForSelector('[data-testid=save-message][role=status]');
      const saved = readSiteFile(readFileSync(out, 'utf8'), out).site;
      const added = saved.posts.find((p) => !site.posts.some((q) => q.id === p.id));
      if (!added) throw new Error('the new post was not saved');
      const [lon, lat] = gcj02ToWgs84(clicked.lon, clicked.lat);
      expect(distanceM(added.lat_deg, added.lon_deg, lat, lon)).toBeLessThan(3);
      expect(distanceM(added.lat_deg, added.lon_deg, clicked.lat, clicked.lon)).toBeGreaterThan(200);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await tiles.stop();
      await ui.stop();
    }
  });
});

describe('Settings', () => {
  it('the plain background and d°m′s″: the map has no tiles, a grid, and the pointer in degrees, minutes and seconds; a custom layer is added and chosen', async () => {
    const tiles = await startTileServer();
    const data = temp();
    const ui = await startUi(data, []);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Starts on OpenStreetMap, which this machine cannot reach: those tiles fail (502) until the plain background.
    const errors = watchErrors(page, true);
    try {
      await page.goto(`${ui.url}#/settings`);
      await page.getByTestId('settings-view').waitFor();
      // Saved first, then shown checked (the radio follows the settings).
      await page.getByTestId('settings-layer-none').locator('input').click();
      await page.waitForSelector('[data-testid=settings-layer-none] input:checked');
      await page.getByTestId('settings-coords').selectOption('dms');
      await page.waitForFunction(() => (document.querySelector('[data-testid=settings-coords]') as HTMLSelectElement).value === 'dms');
      await page.getByTestId('nav-plan').click();
      await page.waitForSelector('[data-testid=map][data-layer=none][data-tiles=none]');
      await page.waitForSelector('[data-testid=map-note][data-state=plain]');
      expect(await page.locator('img.leaflet-tile').count()).toBe(0);
      expect(Number(await page.getByTestId('map-grid').getAttribute('data-lines'))).toBeGreaterThan(1);
      const box = await page.locator('.plan.editing .leaflet-container').boundingBox();
      if (!box) throw new Error('no map');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const cursor = page.getByTestId('map-cursor');
      await cursor.waitFor();
      expect(await cursor.textContent()).toMatch(/^34°4\d′\d+\.\d″ N, 113°4\d′\d+\.\d″ E$/);
      expect(await page.locator('.grid-label').first().textContent()).toMatch(/°.*′.*″/);

      // A box drawn on the offline areas' map: two clicks, corner to corner; its S,W,N,E is typed in for the user.
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('offline-draw').click();
      const small = await page.getByTestId('offline-map').boundingBox();
      if (!small) throw new Error('no offline-area map');
      await page.mouse.click(small.x + small.width * 0.3, small.y + small.height * 0.3);
      await page.mouse.click(small.x + small.width * 0.7, small.y + small.height * 0.7);
      await page.waitForFunction(() => /^-?\d+\.\d{6}(,-?\d+\.\d{6}){3}$/.test((document.querySelector('[data-testid=offline-bbox]') as HTMLInputElement).value));
      const [s, w, n, e] = (await page.getByTestId('offline-bbox').inputValue()).split(',').map(Number);
      expect(s).toBeLessThan(n);
      expect(w).toBeLessThan(e);
      expect(Math.abs((s + n) / 2 - 34.75)).toBeLessThan(0.01);
      expect(await page.getByTestId('offline-source-bbox').isChecked()).toBe(true);
      await page.getByTestId('offline-layer').selectOption('amap-road');
      await page.getByTestId('offline-zoom-min').selectOption('15');
      await page.getByTestId('offline-zoom-max').selectOption('17');
      await page.getByTestId('offline-estimate').click();
      expect(Number(await page.getByTestId('offline-estimate-result').getAttribute('data-tiles'))).toBeGreaterThan(0);

      // A local tile server as a layer of one's own; it lacks every other column of tiles (404), which is no reason
      // to call the map offline.
      tiles.set({ missing: (_z, x) => x % 2 === 0 });
      await page.getByTestId('custom-layer-name').fill('Depot server');
      await page.getByTestId('custom-layer-url').fill('not a url');
      await page.getByTestId('custom-layer-add').click();
      await page.getByTestId('custom-layer-error').waitFor();
      await page.getByTestId('custom-layer-url').fill(tiles.template);
      await page.getByTestId('custom-layer-attribution').fill('© Depot');
      await page.getByTestId('custom-layer-add').click();
      await page.waitForSelector('[data-testid=settings-layer-custom-depot-server] input:checked');
      await page.getByTestId('nav-plan').click();
      await page.waitForSelector('[data-testid=map][data-layer=custom-depot-server][data-tiles=ok]', { timeout: 15_000 });
      await page.waitForTimeout(1000);
      expect(await page.getByTestId('map').getAttribute('data-tiles')).toBe('ok');
      expect(tiles.requests.some((r) => /^\/\d+\/\d*[02468]\//.test(r.path))).toBe(true); // the missing ones were asked for
      expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('© Depot');
      const saved = JSON.parse(readFileSync(join(data, 'settings.json'), 'utf8')) as { base_layer: string; coord_format: string; custom_layers: { id: string }[] };
      expect(saved).toMatchObject({ base_layer: 'custom-depot-server', coord_format: 'dms', custom_layers: [{ id: 'custom-depot-server' }] });
      expect(tiles.requests.length).toBeGreaterThan(0);
      expect(tiles.requests[0].userAgent).toMatch(/^Watchpost\//);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await tiles.stop();
      await ui.stop();
    }
  });
});
