#!/usr/bin/env node
// `npm start` (and `npm run dev` with --dev): Watchpost starts on any machine (issue 13, point 7).
// The Electron binary, which `npm ci` leaves out on purpose (package.json "allowScripts": {"electron": false}), is
// installed once by Electron's own installer, its output kept back. Where it cannot be had (no internet, GitHub
// blocked) two lines say so, naming ELECTRON_MIRROR, and Watchpost starts in browser mode instead and opens in the
// default browser. Environment: ELECTRON_MIRROR (Electron's own), WATCHPOST_PORT (browser mode's port, default
// 5170), WATCHPOST_DATA_DIR, BROWSER=none (do not open a browser), WATCHPOST_ELECTRON_INSTALL_TIMEOUT_S (default 120).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dev = process.argv.includes('--dev');

const electronDir = dirname(require.resolve('electron/package.json'));
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
const installed = () =>
  existsSync(join(electronDir, 'path.txt')) &&
  existsSync(join(electronDir, 'dist', 'version')) &&
  readFileSync(join(electronDir, 'dist', 'version'), 'utf8').replace(/^v/, '').trim() === version;

/** Runs a command; resolves with its exit code (null when killed). `quiet` keeps its output back. */
function run(cmd, args, { quiet = false, timeout_s = 0, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env, cwd: ROOT });
    const output = [];
    if (quiet) {
      child.stdout.on('data', (d) => output.push(d));
      child.stderr.on('data', (d) => output.push(d));
    }
    const timer = timeout_s > 0 ? setTimeout(() => child.kill('SIGKILL'), timeout_s * 1000) : null;
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      resolve({ code: null, output: Buffer.from(err.message) });
    });
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, output: Buffer.concat(output) });
    });
  });
}

async function ensureElectron() {
  if (installed()) return true;
  process.stdout.write(`Installing the Electron ${version} binary (once)…\n`);
  const timeout_s = Number(process.env.WATCHPOST_ELECTRON_INSTALL_TIMEOUT_S) || 120;
  const r = await run(process.execPath, [join(electronDir, 'install.js')], { quiet: true, timeout_s });
  return r.code === 0 && installed();
}

async function electron() {
  const r = await run(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), dev ? 'dev' : 'preview']);
  process.exit(r.code ?? 1);
}

function openInBrowser(url) {
  if (process.env.BROWSER === 'none') return;
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stdout.write(`(no browser could be opened here: open the address above yourself)\n`));
  child.unref();
}

/** The newest modification time under a folder (or of a file). */
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

/** The built page is older than what it is built from (the renderer and what it imports). */
function uiStale() {
  const index = join(ROOT, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return ['renderer', 'patrol', 'electron/api.ts', 'electron/api-maps.ts', 'vite.config.ts', 'package.json'].some((p) => existsSync(join(ROOT, p)) && newest(join(ROOT, p)) > built);
}

async function browserMode() {
  // Built only when the sources changed since (a build empties out/renderer: never under a running page).
  if (uiStale()) {
    const built = await run(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
    if (built.code !== 0) process.exit(built.code ?? 1);
  }
  const port = process.env.WATCHPOST_PORT ?? '5170';
  const args = [join(ROOT, 'bin', 'watchpost.js'), 'ui', '--port', port, '--json'];
  if (process.env.WATCHPOST_DATA_DIR) args.push('--data-dir', process.env.WATCHPOST_DATA_DIR);
  const ui = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
  let text = '';
  const onData = (d) => {
    text += d.toString();
    const end = text.indexOf('\n}');
    if (end < 0) return;
    ui.stdout.off('data', onData);
    const { url } = JSON.parse(text.slice(0, end + 2));
    process.stdout.write(`Watchpost in browser mode: ${url} (Ctrl-C stops)\n`);
    openInBrowser(url);
  };
  ui.stdout.on('data', onData);
  // Ctrl-C reaches the server too (same process group); SIGTERM is passed on.
  process.on('SIGTERM', () => ui.kill('SIGTERM'));
  process.on('SIGINT', () => ui.kill('SIGINT'));
  ui.on('exit', (code) => process.exit(code ?? 0));
}

if (await ensureElectron()) await electron();
else {
  process.stderr.write(
    'Watchpost: the Electron binary could not be downloaded (no internet, or GitHub blocked); starting in browser mode instead.\n' +
      "On a network with an Electron mirror: ELECTRON_MIRROR=<the mirror's URL> npm start installs the desktop app.\n",
  );
  await browserMode();
}
