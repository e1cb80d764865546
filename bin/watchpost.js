#!/usr/bin/env node
// Entry point of the `watchpost` command. The sources are TypeScript, run through tsx's loader
// so that `npx watchpost` works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
// Output piped into a command that stops reading (`watchpost … | head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
