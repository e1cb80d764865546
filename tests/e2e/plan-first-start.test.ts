// End to end in Chromium against the real browser mode (`watchpost ui`): the first start opens the demo site and
// its patrol; the language switches to Chinese and stays; a site opened through "Open…" is the one the next start
// shows; a broken file is refused with the feature named, and the open site stays. No page error on the way.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { launchChromium } from '../helpers/chromium';
import { assertUiBuilt } from '../helpers/ui-build';
import { startUi, type UiServer } from '../helpers/ui-server';

const DEMO_SITE = join(process.cwd(), 'assets', 'demo', 'demo.site.geojson');
const OSM_SITE = join(process.cwd(), 'tests', 'fixtures', 'geo', 'giswqs_knoxville_osm_buildings.geojson');

interface Feature {
  properties?: Record<string, unknown> | null;
}
const features = (path: string): Feature[] => (JSON.parse(readFileSync(path, 'utf8')) as { features: Feature[] }).features;
const demo = features(DEMO_SITE);
const demoBuildings = demo.filter((f) => f.properties?.kind === 'building').length;
const demoKeys = demo.filter((f) => f.properties?.kind === 'building' && f.properties?.key === true).length;
const demoPosts = demo.filter((f) => f.properties?.kind === 'post').length;

let browser: Browser;
let dataDir: string;
let server: UiServer | null = null;
const pageErrors: string[] = [];

async function openPage(): Promise<Page> {
  if (!server) throw new Error('no server');
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=site-name]', { timeout: 15_000 });
  return page;
}

async function restart(): Promise<void> {
  if (server) expect(await server.stop()).toBe(0);
  server = await startUi(dataDir);
}

beforeAll(async () => {
  assertUiBuilt();
  browser = await launchChromium();
  dataDir = mkdtempSync(join(tmpdir(), 'wp-e2e-'));
});
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors).toEqual([]);
});
/** settings.json is saved after the UI has changed: wait for it. */
const savedSetting = (key: string) => expect.poll(() => (JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>)[key], { timeout: 5000 });
afterAll(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('browser mode, first start and after', () => {
  it('opens the demo site and its patrol on the first start, with the welcome note', async () => {
    await restart();
    const page = await openPage();
    await expect(page.getByTestId('site-name').textContent()).resolves.toBe('Demo community');
    await expect(page.getByTestId('current-site').textContent()).resolves.toContain('demo.patrol.json');
    expect(await page.getByTestId('welcome').isVisible()).toBe(true);
    // Every building, key building and post of the demo file is on the map; the route is drawn.
    expect(await page.locator('path.wp-building').count()).toBe(demoBuildings);
    expect(await page.locator('path.wp-building-key').count()).toBe(demoKeys);
    expect(await page.locator('path.wp-post').count()).toBe(demoPosts);
    expect(await page.locator('path.wp-fence').count()).toBe(1);
    expect(await page.locator('path.wp-route').count()).toBe(1);
    expect(await page.getByTestId('post-row').count()).toBe(demoPosts);
    // The demo patrol passes preflight (no errors), in English by default.
    await expect(page.getByTestId('verdict').textContent()).resolves.toBe('Preflight passed: no errors.');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(Number(await page.getByTestId('item-count').textContent())).toBeGreaterThan(10);
    // "Save as .plan" and ".waypoints" hand over the compiled mission: it reads back with the same item count,
    // the .plan with the patrol embedded.
    const items = Number(await page.getByTestId('item-count').textContent());
    for (const format of ['plan', 'waypoints'] as const) {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
      expect(dl.suggestedFilename()).toBe(`demo.${format}`);
      const text = readFileSync(await dl.path(), 'utf8');
      const { plan } = readMissionFile(text, dl.suggestedFilename());
      expect(plan.mission, format).toHaveLength(items);
      if (format === 'plan') {
        expect(JSON.parse(text).watchpost?.patrol?.legs?.length).toBe(7);
        await dl.saveAs(join(dataDir, 'saved.plan')); // reopened below
      }
    }
    // The keyboard reaches the post rows: Enter selects one.
    await page.getByTestId('post-row').first().focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('post-row').first().getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });

  it('switches to Chinese, and the choice survives a restart (which is no longer a first start)', async () => {
    let page = await openPage();
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect(page.getByTestId('verdict').textContent()).resolves.toBe('飞行前检查通过：没有错误。');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('button', { name: '打开…' }).isVisible()).toBe(true);
    await savedSetting('language').toBe('zh-CN');
    await page.close();

    await restart();
    page = await openPage();
    expect(await page.getByRole('button', { name: '打开…' }).isVisible()).toBe(true);
    expect(await page.getByTestId('welcome').count()).toBe(0);
    await expect(page.getByTestId('site-name').textContent()).resolves.toBe('Demo community');
    await page.getByLabel('语言').selectOption('en');
    await savedSetting('language').toBe('en');
    await page.close();
  });

  it('opens a site typed into "Open…", and the next start shows that site', async () => {
    const osm = join(dataDir, 'knoxville.geojson');
    copyFileSync(OSM_SITE, osm);
    let page = await openPage();
    await page.getByRole('button', { name: 'Open…' }).click();
    await page.locator('input[name=path]').fill(osm);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=current-site]')?.textContent?.includes('knoxville.geojson'));
    const osmBuildings = features(OSM_SITE).filter((f) => f.properties && 'building' in f.properties).length;
    expect(await page.locator('path.wp-building').count()).toBe(osmBuildings);
    expect(Number(await page.getByTestId('building-count').textContent())).toBe(osmBuildings);
    // An OSM export has no home: the default patrol cannot be planned, and the panel says why.
    await expect(page.getByTestId('patrol-card').textContent()).resolves.toContain('has no home point');
    // A reload (F5) shows the same site, not the demo.
    await page.reload();
    await page.waitForSelector('[data-testid=site-name]');
    await expect(page.getByTestId('current-site').textContent()).resolves.toContain('knoxville.geojson');
    await page.close();

    await restart();
    page = await openPage();
    await expect(page.getByTestId('current-site').textContent()).resolves.toContain('knoxville.geojson');
    expect(await page.locator('path.wp-building').count()).toBe(osmBuildings);
    await page.close();
  });

  it('refuses a broken site with the feature and property named, and keeps the open one', async () => {
    const broken = JSON.parse(readFileSync(DEMO_SITE, 'utf8')) as { features: Feature[] };
    const post = broken.features.find((f) => f.properties?.kind === 'post') as Feature & { properties: Record<string, unknown> };
    post.properties.radius_m = -5;
    const path = join(dataDir, 'broken.site.geojson');
    writeFileSync(path, JSON.stringify(broken));
    const page = await openPage();
    await page.getByRole('button', { name: 'Open…' }).click();
    await page.locator('input[name=path]').fill(path);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const alert = page.getByRole('dialog').getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('broken.site.geojson');
    expect(text).toContain(String(post.properties.name));
    expect(text).toContain('radius_m');
    // Escape closes the dialog, and the keyboard can reach the post rows.
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expect(page.getByTestId('current-site').textContent()).resolves.toContain('knoxville.geojson');
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).last_site_path).toBe(join(dataDir, 'knoxville.geojson'));
    // The .plan saved from the demo earlier reopens as its patrol, on its site, wherever it was saved.
    await page.getByRole('button', { name: 'Open…' }).click();
    await page.locator('input[name=path]').fill(join(dataDir, 'saved.plan'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=current-site]')?.textContent?.includes('saved.plan'));
    await expect(page.getByTestId('site-name').textContent()).resolves.toBe('Demo community');
    expect(await page.locator('path.wp-route').count()).toBe(1);
    await page.close();
  });

  it('tells the user when the Watchpost process stops under the page', async () => {
    const page = await openPage();
    expect(await page.getByTestId('connection-lost').count()).toBe(0);
    if (server) expect(await server.stop()).toBe(0);
    server = null;
    await page.getByTestId('connection-lost').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('connection-lost').textContent()).toMatch(/connection to the Watchpost process was lost/);
    pageErrors.splice(0); // Chromium logs the failed socket itself
    await page.close();
  });
});
