// watchpost ui [--port N] [--host ADDR] [--data-dir DIR] [--tiles URL|LAYER|none [--tiles-datum gcj02]] [--json]
// Browser mode: serves the app to a browser on this machine (the same UI and the same Node side as the desktop
// window, over a WebSocket instead of IPC). Needs the built UI (npm run build:ui).
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { startBrowserServer } from '../../browser/server';
import { createAppServices, defaultDataDir } from '../../services/app-services';
import { UsageError } from '../args';
import { printJson, untilStopped } from '../output';
import type { CommandResult } from '../main';
import type { MapOverrides } from '../../services/api-handlers';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ASSETS_DIR = `${ROOT}assets`;
export const RENDERER_DIR = `${ROOT}out/renderer`;

export interface UiOptions {
  port: number;
  host: string;
  dataDir?: string;
  tiles?: string;
  tilesDatum?: 'wgs84' | 'gcj02';
  duration?: number;
  json?: boolean;
}

/** `--tiles` for this run: a URL becomes a layer of the run's own ("run-tiles"), never saved. */
function tileOverrides(opts: UiOptions): MapOverrides | undefined {
  if (opts.tiles === undefined) return undefined;
  if (!/^https?:/.test(opts.tiles)) return { base_layer: opts.tiles };
  return { base_layer: RUN_LAYER, run_layer: { id: RUN_LAYER, name: 'Tiles of this run (--tiles)', url: opts.tiles, attribution: '', max_zoom: 19, datum: opts.tilesDatum ?? 'wgs84' } };
}
const RUN_LAYER = 'run-tiles';

/** The action of `ui` (registered in ui.meta.ts); `program` gives the version the app reports. */
export async function uiAction(opts: UiOptions, result: CommandResult, program: Command): Promise<void> {
  const services = await createAppServices({
    dataDir: opts.dataDir ?? defaultDataDir(),
    assetsDir: ASSETS_DIR,
    mode: 'browser',
    version: program.version() ?? '0.0.0',
    overrides: tileOverrides(opts),
  });
  const server = await startBrowserServer({ handlers: services.handlers, rendererDir: RENDERER_DIR, host: opts.host, port: opts.port, tiles: (l, z, x, y) => services.maps.tile(l, z, x, y) }).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  services.connectEvents((event, payload) => server.emit(event, payload));
  if (opts.json) printJson({ url: server.url, data_dir: opts.dataDir ?? defaultDataDir() });
  else process.stdout.write(`Watchpost in browser mode: open ${server.url} (Ctrl-C stops)\n`);
  await untilStopped(opts.duration);
  await services.close(); // recordings flushed and fsynced, sidecars ended
  await server.close();
  result.code = 0;
}
