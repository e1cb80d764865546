// watchpost ui [--port N] [--host ADDR] [--data-dir DIR] [--tiles URL|none] [--json]
// Browser mode: serves the app to a browser on this machine (the same UI and the same Node side as the desktop
// window, over a WebSocket instead of IPC). Needs the built UI (npm run build:ui).
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { isTileUrl } from '../../api';
import { startBrowserServer } from '../../browser/server';
import { createAppServices, defaultDataDir } from '../../services/app-services';
import { intInRange, positiveSeconds, UsageError } from '../args';
import { printJson, untilStopped } from '../output';
import type { CommandResult } from '../main';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ASSETS_DIR = `${ROOT}assets`;
export const RENDERER_DIR = `${ROOT}out/renderer`;

interface UiOptions {
  port: number;
  host: string;
  dataDir?: string;
  tiles?: string;
  duration?: number;
  json?: boolean;
}

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
    .action(async (opts: UiOptions) => {
      const { handlers } = await createAppServices({
        dataDir: opts.dataDir ?? defaultDataDir(),
        assetsDir: ASSETS_DIR,
        mode: 'browser',
        version: program.version() ?? '0.0.0',
        overrides: opts.tiles !== undefined ? { tile_url: opts.tiles } : undefined,
      });
      const server = await startBrowserServer({ handlers, rendererDir: RENDERER_DIR, host: opts.host, port: opts.port }).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      if (opts.json) printJson({ url: server.url, data_dir: opts.dataDir ?? defaultDataDir() });
      else process.stdout.write(`Watchpost in browser mode: open ${server.url} (Ctrl-C stops)\n`);
      await untilStopped(opts.duration);
      await server.close();
      result.code = 0;
    });
}
