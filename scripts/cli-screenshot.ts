// Makes assets/screenshots/cli-status.png for the README: runs `watchpost sim` and `watchpost status` for real,
// then renders their output as a terminal window in headless Chromium.
//   node --import tsx scripts/cli-screenshot.ts
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BIN = join(process.cwd(), 'bin', 'watchpost.js');
const OUT = join(process.cwd(), 'assets', 'screenshots', 'cli-status.png');

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function main(): Promise<void> {
  const sim = spawn(process.execPath, [BIN, 'sim', '--link', 'tcpin:127.0.0.1:5763', '--home', '31.2304,121.4737,12', '--speedup', '4'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const status = execFileSync(process.execPath, [BIN, 'status', '--link', 'tcp:127.0.0.1:5763', '--timeout', '10'], { encoding: 'utf8' });
    const lines = [
      '$ watchpost sim --link tcpin:127.0.0.1:5763 --home 31.2304,121.4737,12 --speedup 4 &',
      '$ watchpost status --link tcp:127.0.0.1:5763',
      ...status.trimEnd().split('\n').filter((l) => !/^(last_heard_ms|last_heartbeat_ms|custom_mode)\s/.test(l)),
    ];
    const html = `<!doctype html><meta charset="utf-8"><style>
      body { margin: 0; background: #d9dde3; font: 14px/1.45 'DejaVu Sans Mono', monospace; }
      .win { margin: 16px; border-radius: 8px; overflow: hidden; box-shadow: 0 4px 18px #0004; width: 860px; }
      .bar { background: #3a3f47; color: #cfd3da; padding: 6px 12px; font: 13px sans-serif; }
      pre { margin: 0; padding: 12px 16px; background: #1e2127; color: #d7dae0; white-space: pre-wrap; }
      .cmd { color: #98c379; }
    </style><div class="win"><div class="bar">watchpost — terminal</div><pre>${lines
      .map((l) => (l.startsWith('$') ? `<span class="cmd">${escapeHtml(l)}</span>` : escapeHtml(l)))
      .join('\n')}</pre></div>`;
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 900, height: 400 } });
    await page.setContent(html);
    mkdirSync(join(process.cwd(), 'assets', 'screenshots'), { recursive: true });
    await page.locator('.win').screenshot({ path: OUT });
    await browser.close();
    process.stdout.write(`wrote ${OUT}\n`);
  } finally {
    sim.kill('SIGTERM');
  }
}

await main();
