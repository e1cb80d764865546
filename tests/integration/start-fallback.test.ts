// `npm start` on a machine that cannot download the Electron binary (issue 13, point 7): two lines say so and name
// ELECTRON_MIRROR, no installer stack trace, and Watchpost starts in browser mode (the page is served). Runs the real
// scripts/start.js with Electron's real installer, pointed at a mirror that refuses connections.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it('npm start without the Electron binary: two lines naming ELECTRON_MIRROR, then browser mode serves the app; SIGTERM stops it', async () => {
  expect(existsSync(join(process.cwd(), 'node_modules', 'electron', 'dist')), 'this test needs the Electron binary not installed, as npm ci leaves it').toBe(false);
  const tmp = mkdtempSync(join(tmpdir(), 'watchpost-start-'));
  dirs.push(tmp);
  const child = spawn(process.execPath, ['scripts/start.js'], {
    cwd: process.cwd(),
    // Port 9 on loopback refuses at once: the download fails as it does without internet, only sooner.
    env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(tmp, 'cache'), BROWSER: 'none', WATCHPOST_PORT: '0', WATCHPOST_DATA_DIR: join(tmp, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no browser-mode address in 90 s; stdout: ${out}; stderr: ${err}`)), 90_000);
      child.stdout.on('data', () => {
        const m = /Watchpost in browser mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const lines = err.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/Electron binary could not be downloaded.*browser mode/);
    expect(lines[1]).toMatch(/ELECTRON_MIRROR=/);
    expect(err + out).not.toMatch(/^\s+at |Error:|RequestError|ECONNREFUSED/m);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
}, 120_000);
