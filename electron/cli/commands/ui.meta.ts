// `watchpost ui`: the command and its options. The action lives in ui.ts and is loaded only when it runs (--help
// and usage errors never load it, nor the browser-mode server).
import type { Command } from 'commander';
import { intInRange, positiveSeconds, UsageError } from '../args';
import { BUILT_IN_LAYERS, isXyzTemplate, LAYER_ID } from '../../../patrol/maps/providers';
import type { CommandResult } from '../main';
import type { UiOptions } from './ui';

/** none, a layer's id (osm, amap-road… or a custom layer's), or an XYZ URL template. */
function tiles(value: string): string {
  if (value === 'none' || isXyzTemplate(value) || (LAYER_ID.test(value) && !value.includes('/'))) return value;
  throw new UsageError(`--tiles: expected an http(s) URL template with {z}, {x} and {y}, a layer (${BUILT_IN_LAYERS.map((l) => l.id).join(', ')}, or one added in Settings), or "none", got "${value}"`);
}

function datum(value: string): 'wgs84' | 'gcj02' {
  if (value === 'wgs84' || value === 'gcj02') return value;
  throw new UsageError(`--tiles-datum: expected wgs84 or gcj02, got "${value}"`);
}

export function registerUi(program: Command, result: CommandResult): void {
  program
    .command('ui')
    .description('browser mode: serve the app on http://127.0.0.1:PORT/ (the desktop window is `npm start`)')
    .option('--port <n>', 'TCP port (0: any free port)', intInRange(0, 65535), 5170)
    .option('--host <addr>', 'address to listen on (the API reads files: keep it on loopback)', '127.0.0.1')
    .option('--data-dir <dir>', "settings folder (default: the desktop app's)")
    .option('--tiles <url|layer|none>', 'the base map for this run only: a {z}/{x}/{y} URL template, a layer id (osm, amap-road…), or none (plain background)', tiles)
    .option('--tiles-datum <datum>', 'the datum of a --tiles URL: wgs84 (default) or gcj02 (Chinese providers)', datum)
    .option('--duration <s>', 'stop after this many seconds (default: until Ctrl-C)', positiveSeconds)
    .option('--json', 'print one JSON object when ready')
    .action(async (opts: UiOptions) => (await import('./ui')).uiAction(opts, result, program));
}
