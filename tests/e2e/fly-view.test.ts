// The Fly view's whole sortie, end to end in Chromium against the real browser mode, in English and in Chinese:
// open the demo → Fly → Simulated copter → upload (progress seen, the read-back mission drawn) → Start patrol → the
// vehicle moves on the map → a post turns `checked` (on the map and in the list) → mark a finding → RTL → landed and
// disarmed → the tlog and its sidecar exist and hold the finding. Any console error fails the run. Screenshots of
// both languages are written to assets/screenshots (README shows them).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readSidecar } from '../../electron/services/flight-sidecar';
import { launchChromium, openDemoFly } from '../helpers/chromium';
import { assertUiBuilt } from '../helpers/ui-build';
import { startUi, type UiServer } from '../helpers/ui-server';

let browser: Browser;
let server: UiServer;
let dataDir: string;

beforeAll(async () => {
  assertUiBuilt();
  browser = await launchChromium();
  dataDir = mkdtempSync(join(tmpdir(), 'wp-fly-'));
  server = await startUi(dataDir);
});
afterAll(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const SHOTS = join(process.cwd(), 'assets', 'screenshots');

/** The centre of a vehicle's marker on the page (read in one go: the marker is redrawn as its heading changes). */
async function markerCentre(page: Page, sysid: number): Promise<{ x: number; y: number }> {
  return page.evaluate((id) => {
    const r = document.querySelector(`[data-testid="vehicle-${id}"]`)?.getBoundingClientRect();
    if (!r) throw new Error(`vehicle-${id} is not on the map`);
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }, sysid);
}

describe('the Fly view, a whole sortie', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: demo → simulated copter → upload → start → a post checked → finding → RTL → landed; recorded`, async () => {
      const errors: string[] = [];
      const page = await openDemoFly(browser, server.url, errors, lang);
      // Before any link, every action says why it cannot apply.
      expect(await page.getByTestId('action-upload').getAttribute('data-why')).toBe('noLink');
      expect(await page.getByTestId('action-start').isDisabled()).toBe(true);

      await page.getByTestId('sim-speedup').selectOption('10');
      await page.getByTestId('simulate').click();
      await page.waitForSelector('[data-testid=link-state][data-state=connected]', { timeout: 15_000 });
      await page.waitForSelector('[data-testid=vehicle-1]', { timeout: 15_000 });
      await page.waitForSelector('[data-testid=hud-armed][data-armed=false]');
      expect(await page.getByTestId('hud-mode').getAttribute('data-mode')).toMatch(/^[A-Z_]+$/);
      const tlogPath = (await page.getByTestId('recording-path').textContent()) ?? '';
      expect(tlogPath.startsWith(join(dataDir, 'flights'))).toBe(true);
      expect(await page.getByTestId('flights-dir').textContent()).toBe(join(dataDir, 'flights'));
      // Armed-only actions are disabled with the reason.
      expect(await page.getByTestId('action-rtl').getAttribute('data-why')).toBe('notArmed');

      await page.getByTestId('action-upload').click();
      await page.getByTestId('confirm').click();
      // Progress is seen while items go out, then the verified result and the read-back mission on the map.
      await page.waitForSelector('[data-testid=upload-progress]', { timeout: 15_000 });
      await page.waitForSelector('[data-testid=upload-result][data-ok=true]', { timeout: 30_000 });
      const progress = page.getByTestId('upload-progress');
      expect(Number(await progress.getAttribute('data-total'))).toBeGreaterThan(100);
      expect(await progress.getAttribute('data-done')).toBe(await progress.getAttribute('data-total'));
      await page.waitForSelector('[data-testid=mission-held]');
      expect(await page.locator('path.wp-mission').count()).toBe(1);

      await page.getByTestId('action-start').click();
      await page.getByTestId('confirm').click();
      await page.waitForSelector('[data-testid=hud-armed][data-armed=true]', { timeout: 30_000 });
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=hud-alt-rel]')?.getAttribute('data-m')) > 5, undefined, { timeout: 30_000 });
      await page.waitForSelector('[data-testid=hud-mode][data-mode=AUTO]', { timeout: 30_000 });
      const before = await markerCentre(page, 1);
      await page.waitForTimeout(3000);
      const after = await markerCentre(page, 1);
      expect(Math.hypot(after.x - before.x, after.y - before.y)).toBeGreaterThan(10); // it moves on the map
      expect(await page.locator('path.wp-trail').count()).toBeGreaterThan(0);
      expect(await page.locator('path.wp-mission-current').count()).toBe(1);
      expect(await page.locator('path.wp-next-leg').count()).toBe(1);

      // A post comes into view: key 1 marks it (nothing selected: the post in view); then it turns checked, in the
      // list and on the map.
      const inView = page.locator('[data-testid^=post-][data-state=in_view]').first();
      await inView.waitFor({ timeout: 120_000 });
      const postId = ((await inView.getAttribute('data-testid')) ?? '').slice('post-'.length);
      await page.keyboard.press('1');
      await page.waitForSelector(`[data-testid=findings] [data-post="${postId}"][data-kind=staffed]`);
      await page.waitForSelector(`[data-testid=post-${postId}][data-state=checked]`, { timeout: 60_000 });
      expect(await page.locator('path.wp-post-checked').count()).toBeGreaterThan(0);
      if (lang === 'zh-CN') {
        expect(await page.getByTestId('hud-armed').textContent()).toBe('已解锁');
        expect(await page.getByTestId(`post-${postId}`).textContent()).toContain('已检查');
      }
      await page.screenshot({ path: join(SHOTS, `fly-${lang}.png`) });

      await page.getByTestId('action-rtl').click();
      await page.getByTestId('confirm').click();
      await page.waitForSelector('[data-testid=hud-mode][data-mode=RTL]', { timeout: 15_000 });
      await page.waitForSelector('[data-testid=action-result][data-ok=true]');
      await page.waitForSelector('[data-testid=hud-armed][data-armed=false]', { timeout: 120_000 });
      expect(Math.abs(Number(await page.getByTestId('hud-alt-rel').getAttribute('data-m')))).toBeLessThan(1);
      // Landed: the flight is over, and posts never reached are missed.
      await page.waitForSelector('[data-testid^=post-][data-state=missed]', { timeout: 10_000 });

      // Recorded: the tlog grows on disk, and its sidecar holds the finding.
      expect(statSync(tlogPath).size).toBeGreaterThan(10_000);
      const sidecar = await readSidecar(tlogPath.replace(/\.tlog$/, '.json'));
      expect(sidecar.findings.map((f) => [f.post, f.kind])).toEqual([[postId, 'staffed']]);
      expect(sidecar.findings[0].lat_deg).not.toBeNull();
      expect(sidecar.site_path).toBe(join(process.cwd(), 'assets', 'demo', 'demo.site.geojson'));
      expect(sidecar.patrol_path).toBe(join(process.cwd(), 'assets', 'demo', 'demo.patrol.json'));
      await page.getByTestId('disconnect').click();
      await page.waitForSelector('[data-testid=link-state]', { state: 'detached' });
      expect(readdirSync(join(dataDir, 'flights')).filter((n) => n.endsWith('.tlog')).length).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      await page.close();
    }, 240_000);
  }
});
