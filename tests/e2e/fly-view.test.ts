// The Fly view, end to end in Chromium against the real browser mode (issue 9, first slice): #/fly opens it; the
// simulated copter connects (link state "connected", the vehicle's marker on the map, its mode and armed state in
// the instruments); the patrol uploads after a confirmation (progress seen, result ok); Start patrol flies; a
// finding is marked at a post, by button and by key; both languages; no page error. Screenshots written to assets/screenshots.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readSidecar } from '../../electron/services/flight-sidecar';
import { launchChromium } from '../helpers/chromium';
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

describe('the Fly view', () => {
  it('connects the simulated copter, uploads and starts the patrol, marks a finding; in English and Chinese', async () => {
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}#/fly`);
    await page.getByTestId('simulate').click();
    await page.waitForSelector('[data-testid=link-state][data-state=connected]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid=vehicle-1]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid=hud-armed][data-armed=false]');
    expect(await page.getByTestId('hud-mode').getAttribute('data-mode')).toMatch(/^[A-Z_]+$/);
    expect(await page.getByTestId('recording-path').textContent()).toContain(join(dataDir, 'flights'));

    await page.getByTestId('action-upload').click();
    await page.getByTestId('confirm').click();
    await page.waitForSelector('[data-testid=upload-result][data-ok=true]', { timeout: 30_000 });
    const progress = page.getByTestId('upload-progress');
    expect(await progress.getAttribute('data-done')).toBe(await progress.getAttribute('data-total'));

    await page.getByTestId('action-start').click();
    await page.getByTestId('confirm').click();
    await page.waitForSelector('[data-testid=hud-armed][data-armed=true]', { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=hud-alt-rel]')?.getAttribute('data-m')) > 5, undefined, { timeout: 30_000 });

    await page.getByTestId('post-P01').click();
    await page.getByTestId('finding-1').click();
    await page.getByTestId('post-P02').click();
    await page.keyboard.press('2'); // the key for "absent"
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(process.cwd(), 'assets', 'screenshots', 'fly-en.png') });
    await page.locator('select').selectOption('zh-CN');
    await page.waitForTimeout(500);
    expect(await page.getByTestId('simulate').textContent()).toBe('模拟飞行器');
    await page.screenshot({ path: join(process.cwd(), 'assets', 'screenshots', 'fly-zh-CN.png') });

    const flights = join(dataDir, 'flights');
    const sidecar = await readSidecar(join(flights, readdirSync(flights).find((n) => n.endsWith('.json')) ?? ''));
    expect(sidecar.findings.map((f) => [f.post, f.kind])).toEqual([['P01', 'staffed'], ['P02', 'absent']]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
