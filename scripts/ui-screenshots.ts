// Makes the README's screenshots of the app: the Plan view on the first start (the demo site and patrol) in
// English and in Chinese, from the real browser mode in headless Chromium, with no basemap (this machine is offline).
//   npm run build:ui && node --import tsx scripts/ui-screenshots.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../tests/helpers/chromium';
import { startUi } from '../tests/helpers/ui-server';

const OUT = join(process.cwd(), 'assets', 'screenshots');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wp-shots-'));
  const server = await startUi(dataDir);
  const browser = await launchChromium();
  try {
    for (const lang of ['en', 'zh-CN'] as const) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      await page.goto(server.url);
      await page.waitForSelector('[data-testid=site-name]');
      await page.locator('select').selectOption(lang);
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(OUT, `plan-${lang}.png`) });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
