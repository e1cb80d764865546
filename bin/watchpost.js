#!/usr/bin/env node
// Entry point of the `watchpost` command. The sources are TypeScript, run through tsx's loader
// so that `npx watchpost` works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
