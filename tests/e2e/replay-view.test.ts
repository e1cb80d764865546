// The Library and Replay views end to end in Chromium against the real browser mode, in English and Chinese: the
// flights folder (set in the settings) holds a real recording (the dronekit fixture) with a sidecar naming a site
// whose duty post lies on its track; library → the row → the replay draws its first frame → 16× from just before
// the post → the post turns checked → Home → it is pending again → the report opens; a .tlog typed into Open…
// opens in the replay.
// Any console error fails the run. Screenshots are written to assets/screenshots.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { FlightReplay } from '../../mavlink/replay/flight-replay';
import { launchChromium } from '../helpers/chromium';
import { assertUiBuilt } from '../helpers/ui-build';
import { startUi, type UiServer } from '../helpers/ui-server';
import { run, startSim, stopSims } from '../helpers/cli';

let browser: Browser;
let server: UiServer;
let dataDir: string;
let flights: string;
let tlog: string;
/** When the copter reaches post A, ms from the recording's start. */
let arrive_ms: number;
const SHOTS = join(process.cwd(), 'assets', 'screenshots');

beforeAll(async () => {
  assertUiBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'wp-replay-'));
  flights = join(dataDir, 'patrol flights');
  mkdirSync(flights);
  tlog = join(flights, '2015-07-05T00-26-43Z_dronekit.tlog');
  copyFileSync('tests/fixtures/dronekit_flight_replay_flight.tlog', tlog);
  const replay = await FlightReplay.load(tlog);
  const track = replay.track(1).points();
  const k = Math.floor(track.length * 0.3);
  arrive_ms = (track[k].t_us - replay.start_us) / 1000;
  const post = (id: string, name: string, lat: number, lon: number) => ({ type: 'Feature', id, properties: { kind: 'post', name, radius_m: 15, dwell_s: 5 }, geometry: { type: 'Point', coordinates: [lon, lat] } });
  writeFileSync(join(flights, 'field.site.geojson'), JSON.stringify({
    type: 'FeatureCollection', site: { name: 'Dronekit field' },
    features: [post('A', 'Field gate', track[k].lat_deg, track[k].lon_deg), post('B', 'Far corner', track[0].lat_deg + 0.003, track[0].lon_deg)],
  }));
  writeFileSync(tlog.replace(/\.tlog$/, '.json'), JSON.stringify({
    format: 'watchpost-flight', version: 1, tlog: '2015-07-05T00-26-43Z_dronekit.tlog', link_uri: 'udpin:0.0.0.0:14550', site_path: join(flights, 'field.site.geojson'),
    patrol_path: null, started_utc: '2015-07-05T00:26:43.000Z', ended_utc: '2015-07-05T00:49:40.000Z', vehicles: [],
    findings: [{ id: 'f1', t_utc: new Date(replay.start_us / 1000 + arrive_ms + 2000).toISOString(), post: 'A', kind: 'staffed', lat_deg: track[k].lat_deg, lon_deg: track[k].lon_deg, sysid: 1 }],
  }));
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ version: 1, flights_dir: flights, language: 'en' }));
  browser = await launchChromium();
  server = await startUi(dataDir);
});
afterAll(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the Library and Replay views', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: library → replay → 16× → a post turns checked → Home → pending again`, async () => {
      const errors: string[] = [];
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`${server.url}#/library`);
      await page.getByTestId('language').selectOption(lang);
      const row = page.getByTestId('library-row');
      await row.waitFor();
      expect(await row.getAttribute('data-path')).toBe(tlog);
      expect(await row.textContent()).toContain('Dronekit field');
      await page.screenshot({ path: join(SHOTS, `library-${lang}.png`) });
      await row.click();

      await page.getByTestId('replay-ready').waitFor({ state: 'attached', timeout: 15_000 });
      expect(Number(await page.getByTestId('replay-duration').getAttribute('data-ms'))).toBeCloseTo(1377_000, -3);
      await page.waitForSelector('[data-testid=post-A][data-state=pending]');
      // The first frame may come before the whole file is read: the track and charts come with the whole outline.
      await page.getByTestId('replay-reading').waitFor({ state: 'detached' });
      await page.locator('path.wp-track-coloured').first().waitFor({ state: 'attached' });
      expect(await page.locator('path.wp-track-coloured').count()).toBeGreaterThan(1); // the whole track at once, by altitude
      await page.getByTestId('replay-colour').selectOption('mode');
      expect(await page.getByTestId('replay-legend').textContent()).toMatch(/STABILIZE.*LOITER|LOITER.*STABILIZE/);
      // The charts: a click seeks to that time.
      const charts = page.locator('[data-testid=replay-charts] .u-over');
      await charts.waitFor();
      const box = await charts.boundingBox();
      await charts.click({ position: { x: (box?.width ?? 100) / 2, y: 20 } });
      await page.waitForFunction((d) => Math.abs(Number(document.querySelector('[data-testid=replay-time]')?.getAttribute('data-t-ms')) - d / 2) < d * 0.1, Number(await page.getByTestId('replay-duration').getAttribute('data-ms')));

      // From 20 s before the copter reaches post A, at 16×.
      // A click on the timeline where that time is, as a user does (Chromium's range thumb is 16 px wide).
      const duration = Number(await page.getByTestId('replay-duration').getAttribute('data-ms'));
      const line = await page.getByTestId('replay-timeline').boundingBox();
      if (!line) throw new Error('no timeline');
      const target = arrive_ms - 20_000;
      await page.mouse.click(line.x + 8 + (target / duration) * (line.width - 16), line.y + line.height / 2);
      await page.waitForFunction((t) => Math.abs(Number(document.querySelector('[data-testid=replay-time]')?.getAttribute('data-t-ms')) - t) < 6000, target);
      await page.waitForSelector('[data-testid=post-A][data-state=pending]');
      await page.getByTestId('replay-speed').selectOption('16');
      await page.getByTestId('replay-play').click();
      // (in_view lasts 5 s of flight, a third of a second at 16×: too short to wait for on a busy machine)
      await page.waitForSelector('[data-testid=post-A][data-state=checked]', { timeout: 15_000 });
      await page.getByTestId('replay-play').click(); // pause
      expect(await page.getByTestId('hud-mode').getAttribute('data-mode')).toMatch(/^[A-Z_]+$/);
      expect(await page.getByTestId('hud-armed').getAttribute('data-armed')).toBe('true');
      await page.waitForSelector('[data-testid=findings] li[data-post=A][data-kind=staffed]');
      await page.screenshot({ path: join(SHOTS, `replay-${lang}.png`) });

      // Back to the start: the post is pending again, nothing was flown yet.
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('Home');
      await page.waitForSelector('[data-testid=post-A][data-state=pending]', { timeout: 5000 });
      expect(Number(await page.getByTestId('replay-time').getAttribute('data-t-ms'))).toBe(0);
      // End: the flight is over, the far post was never reached.
      await page.keyboard.press('End');
      await page.waitForSelector('[data-testid=post-B][data-state=missed]', { timeout: 5000 });
      // The patrol report opens in its own tab, in the UI's language.
      const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('report-open').click()]);
      await tab.waitForSelector('[data-testid=report-summary]', { timeout: 15_000 });
      expect(await tab.textContent('[data-testid=report-summary]')).toBe(lang === 'en' ? '1 of 2 duty posts checked, 0 brief, 1 missed' : '2 个值守岗位中已检查 1 个，短暂经过 0 个，未到达 1 个');
      expect(await tab.locator('tr[data-post=A][data-status=checked]').textContent()).toContain(lang === 'en' ? 'staffed' : '有人值守');
      await tab.close();
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);
  }

  it('library: delete and undo, import; replay: a site for a tlog from elsewhere, an event clicked seeks', async () => {
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}#/library`);
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('library-row').waitFor();
    await page.getByTestId('library-delete').click();
    await page.getByTestId('library-trashed').waitFor();
    await page.getByTestId('library-empty').waitFor();
    await page.getByTestId('library-undo').click();
    await page.getByTestId('library-row').waitFor();
    expect(await page.getByTestId('library-row').getAttribute('data-path')).toBe(tlog);

    await page.getByTestId('library-import-path').fill(join(process.cwd(), 'tests', 'fixtures', 'dronekit_flight_replay_flight.tlog'));
    await page.getByTestId('library-import').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=library-row]').length === 2);
    // Sorted by a column's head, both ways; filtered by site and by days.
    const order = () => page.$$eval('[data-testid=library-row]', (rows) => rows.map((r) => (r.getAttribute('data-path') ?? '').split('/').pop()));
    const imported = 'dronekit_flight_replay_flight.tlog';
    const ours = '2015-07-05T00-26-43Z_dronekit.tlog';
    await page.getByTestId('library-sort-findings').click();
    expect(await order()).toEqual([imported, ours]);
    expect(await page.getByTestId('library-sort-findings').textContent()).toContain('▲');
    await page.getByTestId('library-sort-findings').click();
    expect(await order()).toEqual([ours, imported]);
    await page.getByTestId('library-site').selectOption({ label: 'Dronekit field' });
    expect(await order()).toEqual([ours]);
    await page.getByTestId('library-site').selectOption({ label: 'No site' });
    expect(await order()).toEqual([imported]);
    await page.getByTestId('library-site').selectOption('');
    await page.getByTestId('library-from').fill('2015-07-06');
    await page.getByTestId('library-none-shown').waitFor();
    await page.getByTestId('library-from').fill('2015-07-04');
    await page.getByTestId('library-to').fill('2015-07-06');
    expect((await order()).length).toBe(2);
    await page.getByTestId('library-to').fill('2015-07-04');
    await page.getByTestId('library-none-shown').waitFor();
    await page.getByTestId('library-from').fill('');
    await page.getByTestId('library-to').fill('');
    expect((await order()).length).toBe(2);
    // The imported flight has no sidecar: its posts are checked against a site chosen in the replay.
    await page.locator('[data-testid=library-row][data-path$="dronekit_flight_replay_flight.tlog"]').click();
    await page.getByTestId('replay-ready').waitFor({ state: 'attached', timeout: 15_000 });
    expect(await page.locator('[data-testid^=post-]').count()).toBe(0);
    await page.getByTestId('replay-site-path').fill(join(flights, 'nowhere.site.geojson'));
    await page.getByTestId('replay-site-open').click();
    await page.getByTestId('replay-site-error').waitFor();
    expect(await page.getByTestId('replay-site-error').textContent()).toMatch(/nowhere\.site\.geojson: no such file/);
    await page.getByTestId('replay-site-path').fill(join(flights, 'field.site.geojson'));
    await page.getByTestId('replay-site-open').click();
    await page.getByTestId('post-A').waitFor({ timeout: 15_000 });
    await page.getByTestId('replay-ready').waitFor({ state: 'attached' });
    // Clicking an event goes to its time.
    await page.keyboard.press('End');
    const armed = page.locator('[data-testid=events] li[data-kind=armed]').first();
    await armed.waitFor();
    await armed.click();
    await page.waitForSelector('[data-testid=hud-armed][data-armed=true]');
    const t = Number(await page.getByTestId('replay-time').getAttribute('data-t-ms'));
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(Number(await page.getByTestId('replay-duration').getAttribute('data-ms')));
    // The event strip under the timeline: a mark per event (or per few pixels of them); clicking one seeks to it.
    const marks = page.getByTestId('strip-event');
    expect(await marks.count()).toBeGreaterThan(5);
    const kinds = await marks.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['mode', 'armed', 'message']));
    const mark = marks.nth(Math.floor((await marks.count()) / 2));
    const markT = Number(await mark.getAttribute('data-t-ms'));
    await mark.click();
    await page.waitForFunction((want) => Number(document.querySelector('[data-testid=replay-time]')?.getAttribute('data-t-ms')) === want, markT);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('keys step the time; the track hovered previews a moment and clicked seeks there; two vehicles, one picked', async () => {
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}#/replay?path=${encodeURIComponent(tlog)}`);
    await page.getByTestId('replay-ready').waitFor({ state: 'attached', timeout: 15_000 });
    const time = async () => Number(await page.getByTestId('replay-time').getAttribute('data-t-ms'));
    const timeIs = (want: number) => page.waitForFunction((w) => Number(document.querySelector('[data-testid=replay-time]')?.getAttribute('data-t-ms')) === w, want);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Home');
    await timeIs(0);
    await page.keyboard.press('Shift+ArrowRight');
    await timeIs(10_000);
    await page.keyboard.press('ArrowRight');
    await timeIs(11_000);
    await page.keyboard.press('ArrowLeft');
    await timeIs(10_000);

    // A point halfway along the coloured track, on the screen.
    const pathPoint = () => page.evaluate(() => {
      const paths = Array.from(document.querySelectorAll('path.wp-track-coloured')) as SVGPathElement[];
      const p = paths[Math.floor(paths.length / 2)];
      const at = p.getPointAtLength(p.getTotalLength() / 2);
      const m = p.getScreenCTM();
      if (!m) throw new Error('no CTM');
      return { x: at.x * m.a + at.y * m.c + m.e, y: at.x * m.b + at.y * m.d + m.f };
    });
    const pt = await pathPoint();
    await page.mouse.move(pt.x, pt.y);
    await page.locator('.wp-track-hover').waitFor();
    const before = await time();
    await page.mouse.click(pt.x, pt.y);
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid=replay-time]')?.getAttribute('data-t-ms')) !== b, before);
    const clicked = await time();
    expect(clicked).toBeGreaterThan(0);
    expect(clicked).toBeLessThan(Number(await page.getByTestId('replay-duration').getAttribute('data-ms')));
    expect(errors).toEqual([]);

    // Two simulated copters recorded on one link: both listed, one picked for the instruments.
    const sim = await startSim(['--link', 'tcpin:127.0.0.1:0', '--vehicles', '2']);
    const two = join(dataDir, 'two copters.tlog');
    const rec = await run(['record', '--link', `tcp:127.0.0.1:${sim.local_port}`, '--out', two, '--duration', '3']);
    stopSims();
    expect(rec.code, rec.stderr).toBe(0);
    await page.goto(`${server.url}#/replay?path=${encodeURIComponent(two)}`);
    await page.getByTestId('replay-ready').waitFor({ state: 'attached', timeout: 15_000 });
    await page.keyboard.press('End');
    await page.getByTestId('select-vehicle-2').waitFor();
    await page.getByTestId('select-vehicle-1').waitFor();
    await page.getByTestId('select-vehicle-2').click();
    await page.waitForSelector('[data-testid=select-vehicle-2].active');
    expect(await page.locator('.hud-overlay h2').first().textContent()).toMatch(/2$/);
    await page.getByTestId('select-vehicle-1').click();
    await page.waitForSelector('[data-testid=select-vehicle-1].active');
    expect(await page.locator('.hud-overlay h2').first().textContent()).toMatch(/1$/);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('a .tlog typed into Open… opens in the replay', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${server.url}#/plan`);
    await page.getByTestId('open').click();
    await page.getByTestId('open-path').fill(join(process.cwd(), 'tests', 'fixtures', 'mavometer_px4_test.tlog'));
    await page.getByTestId('open-submit').click();
    await page.getByTestId('replay-ready').waitFor({ state: 'attached', timeout: 15_000 });
    expect(page.url()).toContain('#/replay?path=');
    expect(await page.getByTestId('replay-name').textContent()).toBe('mavometer_px4_test.tlog');
    expect(Number(await page.getByTestId('replay-duration').getAttribute('data-ms'))).toBeCloseTo(93_000, -3);
    await page.close();
  }, 30_000);
});
