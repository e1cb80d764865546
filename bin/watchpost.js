#!/usr/bin/env node
// Entry point of the `watchpost` command. It runs the command line compiled to JavaScript (scripts/cli-build/):
// the stamp of the current build lists every file it was made from, and when one has changed (or there is no
// build yet, e.g. straight after `npm ci`) it is compiled again first, so a source change is never run stale.
// If compiling fails (sources that do not compile, a cache that cannot be written), the sources run through tsx,
// as they are.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentBuild } from '../scripts/cli-build/stamp.mjs';

// Output piped into a command that stops reading (`watchpost … | head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Notes about compiling go to stderr, and only to a terminal: scripts read stdout, and tests the exact stderr.
const note = (text) => {
  if (process.stderr.isTTY) process.stderr.write(`watchpost: ${text}\n`);
};

async function compiledMain() {
  let current;
  try {
    current = currentBuild(root);
  } catch (err) {
    current = { reason: `cannot read the build's stamp: ${err.message}` };
  }
  if (current.dir) return import(pathToFileURL(join(current.dir, 'main.js')).href);
  const { buildCli } = await import('../scripts/cli-build/build.mjs');
  note(`compiling the command line (${current.reason})…`);
  try {
    const { dir, ms } = await buildCli({ root });
    note(`compiled in ${(ms / 1000).toFixed(1)} s`);
    return import(pathToFileURL(join(dir, 'main.js')).href);
  } catch (err) {
    // Sources that do not compile (esbuild's messages name file and line), or a cache folder that cannot be written.
    note(`compiling failed, running the sources through tsx instead:\n${err.message}`);
    const { register } = await import('tsx/esm/api');
    register();
    return import('../electron/cli/main.ts');
  }
}

const { main } = await compiledMain();
process.exitCode = await main(process.argv.slice(2));
