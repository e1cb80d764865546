#!/usr/bin/env node
// `npm start` / `npm run dev` first step: install the Electron binary, which `npm ci` leaves out on purpose
// (package.json "allowScripts": {"electron": false}, so installs work without GitHub). Runs Electron's own
// installer once; says clearly what to do when there is no internet.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dir = dirname(require.resolve('electron/package.json'));
const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const installed = () => existsSync(join(dir, 'path.txt')) && existsSync(join(dir, 'dist', 'version')) && readFileSync(join(dir, 'dist', 'version'), 'utf8').replace(/^v/, '').trim() === version;

if (!installed()) {
  process.stdout.write(`Installing the Electron ${version} binary (once)…\n`);
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'inherit' });
  if (r.status !== 0 || !installed()) {
    process.stderr.write(
      `\nThe Electron binary could not be installed (it downloads from GitHub). Without it, run Watchpost in browser mode:\n` +
        `  npm run ui        then open the address it prints (http://127.0.0.1:5170/?token=…)\n`,
    );
    process.exit(1);
  }
}
