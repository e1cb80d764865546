// Headless Chromium for the end-to-end tests and the screenshot scripts (the Debian package; playwright-core does
// not download browsers). .ci/run installs it.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A new 1400×900 page on the browser mode at `url` with the demo site open, in `lang` (if given), on the Fly view;
 * every page error and console error is pushed into `errors`.
 */
export async function openDemoFly(browser: Browser, url: string, errors: string[], lang?: 'en' | 'zh-CN'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${url}#/plan`);
  await page.getByTestId('open-demo').click();
  if (lang) await page.getByTestId('language').selectOption(lang);
  await page.getByTestId('nav-fly').click();
  return page;
}
