// The Fly view's other cases, end to end in Chromium against the real browser mode: a second vehicle appears with
// its own marker and can be selected; findings are edited and removed (the sidecar follows); a refused arm shows
// the PreArm reason; a typed TCP link to a copter elsewhere warns that its home is far from the patrol's, is lost
// when the copter goes away and comes back by itself; a bad URI gets its message; a patrol with preflight errors
// needs a second, explicit confirmation; a silent UDP link shows lost; pause, resume and land from the panel, and
// a start cancelled. Any console error fails the run.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readSidecar } from '../../electron/services/flight-sidecar';
import { createLink } from '../../mavlink/links/open-link';
import { startSimulator, type SimulatorHandle } from '../../mavlink/sim/simulator';
import { createSocket } from 'node:dgram';
import { launchChromium, openDemoFly } from '../helpers/chromium';
import { startSocatPair } from '../helpers/socat';
import { assertUiBuilt } from '../helpers/ui-build';
import { startUi, type UiServer } from '../helpers/ui-server';

let browser: Browser;
let server: UiServer;
let dataDir: string;
let page: Page;
let errors: string[];
const DEMO_HOME = { lat_deg: 34.7505859, lon_deg: 113.7492901 };

beforeAll(async () => {
  assertUiBuilt();
  browser = await launchChromium();
  dataDir = mkdtempSync(join(tmpdir(), 'wp-fly-cases-'));
  server = await startUi(dataDir);
});
afterAll(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openFly(): Promise<Page> {
  errors = [];
  page = await openDemoFly(browser, server.url, errors);
  return page;
}

afterEach(async () => {
  // Every link this case opened is closed (its recording ended) before the next.
  // One at a time: the list shrinks as each closes (a locator kept for the second row would wait for ever).
  for (let n = await page.getByTestId('disconnect').count(); n > 0; n = await page.getByTestId('disconnect').count()) {
    await page.getByTestId('disconnect').first().click();
    await page.waitForFunction((k) => document.querySelectorAll('[data-testid=disconnect]').length < k, n, { timeout: 15_000 });
  }
  await page.waitForSelector('[data-testid=link-state]', { state: 'detached' });
  expect(errors).toEqual([]);
  await page.close();
});

const sidecarOf = async (p: Page) => readSidecar(((await p.getByTestId('recording-path').textContent()) ?? '').replace(/\.tlog$/, '.json'));

describe('the Fly view, other cases', () => {
  it('a second vehicle has its own marker and colour, and is selected by its chip; findings are edited and removed', async () => {
    await openFly();
    await page.getByTestId('sim-copters').selectOption('2');
    await page.getByTestId('simulate').click();
    await page.waitForSelector('[data-testid=vehicle-1]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid=vehicle-2]', { timeout: 15_000 });
    // Read in one go: a marker is redrawn as its heading changes.
    const colour = (id: number) => page.evaluate((sel) => (document.querySelector(sel) as HTMLElement | null)?.style.color ?? '', `[data-testid=vehicle-${id}]`);
    expect(await colour(1)).not.toBe('');
    expect(await colour(1)).not.toBe(await colour(2));
    await page.getByTestId('select-vehicle-2').click();
    await page.waitForSelector('[data-testid=vehicle-2].selected');
    expect(await page.locator('.hud-overlay h2').textContent()).toContain('2');

    // A finding with a note, then edited (kind and note) and removed: the sidecar follows each change.
    await page.getByTestId('post-P03').click();
    await page.getByTestId('finding-note').fill('gate left open');
    await page.getByTestId('finding-4').click();
    const row = page.locator('[data-testid=findings] li').first();
    await row.waitFor();
    expect(await row.getAttribute('data-kind')).toBe('other');
    expect((await sidecarOf(page)).findings).toMatchObject([{ post: 'P03', kind: 'other', note: 'gate left open', sysid: 2 }]);
    await row.getByTestId('finding-edit').click();
    await page.getByTestId('finding-edit-kind').selectOption('absent');
    await page.getByTestId('finding-edit-note').fill('nobody at the gate');
    await page.getByTestId('finding-save').click();
    await page.waitForSelector('[data-testid=findings] li[data-kind=absent]');
    expect((await sidecarOf(page)).findings).toMatchObject([{ post: 'P03', kind: 'absent', note: 'nobody at the gate' }]);
    await page.locator('[data-testid=findings] li').first().getByTestId('finding-remove').click();
    await page.waitForSelector('[data-testid=findings]', { state: 'detached' });
    expect((await sidecarOf(page)).findings).toEqual([]);
    // The keys: 3 is "crowd gathering" at the selected post (not while typing in a field).
    await page.getByTestId('post-P04').click();
    await page.keyboard.press('3');
    await page.waitForSelector('[data-testid=findings] li[data-kind=crowd][data-post=P04]');
    await page.getByTestId('finding-note').focus();
    await page.keyboard.press('1');
    expect(await page.getByTestId('finding-note').inputValue()).toBe('1');
    expect((await sidecarOf(page)).findings.map((f) => [f.post, f.kind])).toEqual([['P04', 'crowd']]);
  }, 60_000);

  it('values not heard read "unknown", never 0 (a copter with no GPS fix)', async () => {
    await openFly();
    await page.getByTestId('sim-scenario').selectOption('no_gps');
    await page.getByTestId('simulate').click();
    await page.waitForSelector('[data-testid=hud-mode]', { timeout: 15_000 });
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('hud-alt-rel').getAttribute('data-m')).toBe('');
    expect(await page.getByTestId('hud-alt-rel').textContent()).toBe('unknown');
    expect(await page.getByTestId('hud-home-distance').textContent()).toBe('unknown');
    expect(await page.getByTestId('vehicle-1').count()).toBe(0); // no position, no marker
    expect(await page.getByTestId('hud-flight-time').textContent()).toBe('—');
  }, 30_000);

  it('two links at once, and follow-vehicle keeps the selected copter in view', async () => {
    await openFly();
    await page.getByTestId('sim-speedup').selectOption('10');
    await page.getByTestId('simulate').click();
    await page.waitForSelector('[data-testid=link-state][data-state=connected]', { timeout: 15_000 });
    await page.getByTestId('simulate').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=link-state][data-state=connected]').length === 2, undefined, { timeout: 15_000 });
    expect(await page.getByTestId('nav-connections').textContent()).toContain('2');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=vehicle-1]').length === 2, undefined, { timeout: 15_000 });
    // Fly the first link's copter, zoom far in somewhere else, and follow it.
    await page.getByTestId('action-upload').click();
    await page.getByTestId('confirm').click();
    await page.waitForSelector('[data-testid=upload-result][data-ok=true]', { timeout: 30_000 });
    await page.getByTestId('action-start').click();
    await page.getByTestId('confirm').click();
    await page.waitForSelector('[data-testid=hud-mode][data-mode=AUTO]', { timeout: 30_000 });
    // Is the selected vehicle's marker inside the map?
    const inView = () => page.evaluate(() => {
      const map = document.querySelector('.fly .map')?.getBoundingClientRect();
      const marker = document.querySelector('.vehicle.selected')?.getBoundingClientRect();
      return !!map && !!marker && marker.left >= map.left && marker.right <= map.right && marker.top >= map.top && marker.bottom <= map.bottom;
    });
    expect(await inView()).toBe(true);
    for (let i = 0; i < 3; i++) await page.locator('.fly .leaflet-control-zoom-in').click();
    // Drag the map away until the copter is out of view.
    for (let i = 0; i < 6 && (await inView()); i++) {
      await page.mouse.move(600, 650); // on the map, clear of the instruments
      await page.mouse.down();
      await page.mouse.move(100, 650, { steps: 8 });
      await page.mouse.up();
      await page.waitForTimeout(200);
    }
    expect(await inView()).toBe(false);
    await page.getByTestId('follow').check();
    await expect.poll(inView, { timeout: 10_000 }).toBe(true);

    // Pause, resume and land from the panel, each confirmed for the vehicle named in the dialog.
    const act = async (action: string, mode: string) => {
      await page.getByTestId(`action-${action}`).click();
      expect(await page.getByTestId('confirm-dialog').getAttribute('data-sysid')).toBe('1');
      await page.getByTestId('confirm').click();
      await page.waitForSelector(`[data-testid=hud-mode][data-mode=${mode}]`, { timeout: 15_000 });
      await page.waitForSelector('[data-testid=action-result][data-ok=true]');
    };
    await act('pause', 'LOITER');
    expect(await page.getByTestId('action-pause').getAttribute('data-why')).toBe('already');
    await act('resume', 'AUTO');
    await act('land', 'LAND');
    await page.waitForSelector('[data-testid=hud-armed][data-armed=false]', { timeout: 60_000 });
  }, 120_000);

  it('a silent UDP link shows lost (nothing heard), and connected again when the copter is heard', async () => {
    await openFly();
    const probe = createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const port = probe.address().port;
    probe.close();
    await page.getByTestId('link-uri').fill(`udpin:127.0.0.1:${port}`);
    await page.getByTestId('connect').click();
    const start = () => startSimulator({ link: createLink(`udpout:127.0.0.1:${port}`), home: { ...DEMO_HOME, alt_m: 20 }, speedup: 5 });
    let sim = await start();
    try {
      await page.waitForSelector('[data-testid=hud-link][data-heartbeat=true]', { timeout: 15_000 });
      await sim.stop();
      await page.waitForSelector('[data-testid=link-state][data-state=lost]', { timeout: 10_000 });
      expect(await page.locator('.link-row', { hasText: `udpin:127.0.0.1:${port}` }).textContent()).toMatch(/nothing heard for \d+ s/);
      await page.waitForSelector('[data-testid=hud-link][data-heartbeat=false]', { timeout: 10_000 });
      sim = await start();
      await page.waitForSelector('[data-testid=link-state][data-state=connected]', { timeout: 10_000 });
      await page.waitForSelector('[data-testid=hud-link][data-heartbeat=true]', { timeout: 10_000 });
    } finally {
      await sim.stop();
    }
  }, 60_000);

  it('a refused arm shows the PreArm reason, while Start patrol waits', async () => {
    await openFly();
    await page.getByTestId('sim-scenario').selectOption('low_battery');
    await page.getByTestId('simulate').click();
    await page.waitForSelector('[data-testid=hud-armed][data-armed=false]', { timeout: 15_000 });
    // Start needs a mission the vehicle is known to hold.
    await page.waitForSelector('[data-testid=action-start][data-why=missionUnknown]');
    await page.getByTestId('action-upload').click();
    await page.getByTestId('confirm').click();
    await page.waitForSelector('[data-testid=upload-result][data-ok=true]', { timeout: 30_000 });
    await page.getByTestId('action-start').click();
    await page.getByTestId('confirm').click();
    const reason = page.locator('[data-testid=hud-messages] li.prearm', { hasText: 'PreArm: Battery 1 low' }).first();
    await reason.waitFor({ timeout: 20_000 });
    expect(await reason.getAttribute('data-severity')).toBe('CRITICAL');
    await page.waitForSelector('[data-testid=action-running]:has-text("PreArm: Battery 1 low")', { timeout: 10_000 });
    expect(await page.getByTestId('hud-armed').getAttribute('data-armed')).toBe('false');
    expect(await page.getByTestId('hud-battery').getAttribute('data-level')).toBe('alarm');
    // RTL is never held back by a running start; the start is cancelled without a confirmation.
    expect(await page.getByTestId('action-rtl').getAttribute('data-why')).toBe('notArmed');
    await page.getByTestId('action-cancel').click();
    await page.waitForSelector('[data-testid=action-result][data-ok=false]:has-text("cancelled")', { timeout: 10_000 });
    await page.getByTestId('action-running').waitFor({ state: 'detached' });
  }, 60_000);

  it('a typed TCP link: far-home warning; lost when the copter goes, connected again when it comes back', async () => {
    await openFly();
    // A copter 300 m north of the demo's home, on a port of its own (as a real one on the network would be).
    const elsewhere = { lat_deg: DEMO_HOME.lat_deg + 0.0027, lon_deg: DEMO_HOME.lon_deg, alt_m: 20 };
    const start = async (port: number): Promise<SimulatorHandle> => startSimulator({ link: createLink(`tcpin:127.0.0.1:${port}`), home: elsewhere, speedup: 5 });
    let sim = await start(0);
    const port = (sim.link as { localPort?: number }).localPort as number;
    try {
      await page.getByTestId('link-uri').fill(`tcp:127.0.0.1:${port}`);
      await page.getByTestId('connect').click();
      await page.waitForSelector('[data-testid=link-state][data-state=connected]', { timeout: 15_000 });
      await page.waitForSelector('[data-testid=vehicle-1]', { timeout: 15_000 });
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=hud-home-distance]')?.textContent ?? ''), undefined, { timeout: 15_000 });
      await page.getByTestId('action-upload').click();
      const far = page.getByTestId('far-home');
      await far.waitFor();
      expect(await far.textContent()).toMatch(/\b(29\d|30\d) m\b/);
      await page.getByTestId('cancel').click();

      await sim.stop();
      await page.waitForSelector('[data-testid=link-state][data-state=lost]', { timeout: 15_000 });
      expect(await page.getByTestId('nav-connections').getAttribute('class')).toContain('lost');
      sim = await start(port);
      await page.waitForSelector('[data-testid=link-state][data-state=connected]', { timeout: 20_000 });
      const heard = await page.getByTestId('link-state').evaluate((e) => e.closest('.link-row')?.textContent ?? '');
      expect(heard).toContain(`tcp:127.0.0.1:${port}`);
      expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).recent_links).toContain(`tcp:127.0.0.1:${port}`);
    } finally {
      await sim.stop();
    }
  }, 90_000);

  it('a radio by its typed serial path (a socat pseudo-terminal), then a mode change from the panel', async () => {
    await openFly();
    const pair = await startSocatPair();
    const sim = await startSimulator({ link: createLink(`serial:${pair.b}:57600`), home: { ...DEMO_HOME, alt_m: 20 }, speedup: 5 });
    try {
      await page.getByTestId('link-uri').fill(`serial:${pair.a}:57600`);
      await page.getByTestId('connect').click();
      await page.waitForSelector('[data-testid=link-state][data-state=connected]', { timeout: 15_000 });
      await page.waitForSelector('[data-testid=hud-gps]:has-text("3D")', { timeout: 20_000 });
      await page.getByTestId('mode-select').selectOption('LOITER');
      await page.getByTestId('action-mode').click();
      await page.getByTestId('confirm').click();
      await page.waitForSelector('[data-testid=hud-mode][data-mode=LOITER]', { timeout: 10_000 });
      expect(await page.getByTestId('action-result').getAttribute('data-ok')).toBe('true');
      // The events list the change (ArduCopter allows any mode while disarmed: Copter::set_mode's ignore_checks).
      await page.waitForSelector('[data-testid=events] li[data-kind=mode]:has-text("LOITER")');
    } finally {
      await sim.stop();
      await pair.dispose();
    }
  }, 60_000);

  it('a busy port gets its message in the panel', async () => {
    await openFly();
    const busy = createSocket('udp4');
    await new Promise<void>((resolve) => busy.bind(0, '127.0.0.1', resolve));
    try {
      const port = busy.address().port;
      await page.getByTestId('link-uri').fill(`udpin:127.0.0.1:${port}`);
      await page.getByTestId('connect').click();
      const msg = page.getByTestId('fly-message');
      await msg.waitFor();
      expect(await msg.textContent()).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*EADDRINUSE|EADDRINUSE.*${port}`));
      await page.getByTestId('link-state').waitFor({ state: 'detached' }); // 'connecting' while it tried, then gone
      // No empty recording is left behind for the failed link.
      const flights = join(dataDir, 'flights');
      expect(existsSync(flights) ? readdirSync(flights).filter((n) => n.includes(`-${port}.`)) : []).toEqual([]);
    } finally {
      busy.close();
    }
  }, 30_000);

  it('an upload the vehicle refuses: the typed result and what the vehicle holds', async () => {
    await openFly();
    await page.getByTestId('sim-scenario').selectOption('small_storage');
    await page.getByTestId('simulate').click();
    await page.waitForSelector('[data-testid=vehicle-1]', { timeout: 15_000 });
    await page.getByTestId('action-upload').click();
    await page.getByTestId('confirm').click();
    await page.waitForSelector('[data-testid=upload-result][data-ok=false]', { timeout: 30_000 });
    const result = (await page.getByTestId('action-result').textContent()) ?? '';
    expect(result).toMatch(/no room on the vehicle/);
    // ArduPilot refused at MISSION_COUNT (nothing written); the upload is followed by a clear all the same.
    expect(result).toMatch(/mission was cleared/);
    await page.waitForSelector('[data-testid=mission-held]:has-text("holds 0 items")');
    expect(await page.getByTestId('action-result').getAttribute('data-ok')).toBe('false');
  }, 60_000);

  it('a bad URI gets its message in the panel', async () => {
    await openFly();
    await page.getByTestId('link-uri').fill('udp:nowhere');
    await page.getByTestId('connect').click();
    const msg = page.getByTestId('fly-message');
    await msg.waitFor();
    expect(await msg.textContent()).toMatch(/udp:nowhere.*udpin:HOST:PORT/);
    expect(await page.getByTestId('link-state').count()).toBe(0);
  }, 30_000);

  it('a patrol with preflight errors: the upload needs a second, explicit confirmation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-bad-patrol-'));
    try {
      copyFileSync(join('assets', 'demo', 'demo.site.geojson'), join(dir, 'demo.site.geojson'));
      // P01 visited at 150 m: above the site's 120 m ceiling.
      const patrol = readFileSync(join('assets', 'demo', 'demo.patrol.json'), 'utf8').replace('"post": "P01", "alt_m": 25', '"post": "P01", "alt_m": 150');
      writeFileSync(join(dir, 'high.patrol.json'), patrol);
      await openFly();
      await page.getByTestId('open').click();
      await page.getByTestId('open-path').fill(join(dir, 'high.patrol.json'));
      await page.getByTestId('open-submit').click();
      await page.waitForSelector('[data-testid=current-site]:has-text("high.patrol.json")');
      await page.getByTestId('simulate').click();
      await page.waitForSelector('[data-testid=vehicle-1]', { timeout: 15_000 });
      await page.getByTestId('action-upload').click();
      await page.getByTestId('preflight-errors').waitFor();
      expect(await page.getByTestId('preflight-errors').textContent()).toMatch(/120/);
      expect(await page.getByTestId('confirm').isDisabled()).toBe(true);
      await page.getByTestId('confirm-errors').check();
      expect(await page.getByTestId('confirm').isDisabled()).toBe(false);
      await page.getByTestId('cancel').click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
      await page.waitForTimeout(500);
      expect(await page.getByTestId('upload-progress').count()).toBe(0); // nothing was sent
      expect(await page.getByTestId('mission-held').count()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
