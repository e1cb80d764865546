// `watchpost ui`: the command and its options. The action lives in ui.ts and is loaded only when it runs (--help
// and usage errors never load it, nor the browser-mode server).
import type { Command } from 'commander';
import { isTileUrl } from '../../api';
import { intInRange, positiveSeconds, UsageError } from '../args';
import type { CommandResult } from '../main';
import type { UiOptions } from './ui';

function tiles(value: string): string {
  if (value === 'none') return '';
  if (!isTileUrl(value)) throw new UsageError(`--tiles: expected an http(s) URL with {z}, {x} and {y}, or "none", got "${value}"`);
  return value;
}

export function registerUi(program: Command, result: CommandResult): void {
  program
    .command('ui')
    .description('browser mode: serve the app on http://127.0.0.1:PORT/ (the desktop window is `npm start`)')
    .option('--port <n>', 'TCP port (0: any free port)', intInRange(0, 65535), 5170)
    .option('--host <addr>', 'address to listen on (the API reads files: keep it on loopback)', '127.0.0.1')
    .option('--data-dir <dir>', "settings folder (default: the desktop app's)")
    .option('--tiles <url>', 'map tiles for this run only: a {z}/{x}/{y} URL, or none (offline)', tiles)
    .option('--duration <s>', 'stop after this many seconds (default: until Ctrl-C)', positiveSeconds)
    .option('--json', 'print one JSON object when ready')
    .action(async (opts: UiOptions) => (await import('./ui')).uiAction(opts, result, program));
}
