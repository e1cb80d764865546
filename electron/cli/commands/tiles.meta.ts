// `watchpost tiles`: offline map tiles from the command line (issue 12) — fetch an area into the app's cache,
// import a folder or MBTiles, export MBTiles, list. The actions live in tiles.ts, loaded only when one runs.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { parseBBox, parseZoomRange, type BBox } from '../../../patrol/maps/tile-math';
import { intInRange, numberInRange } from '../args';
import type { CommandResult } from '../main';
import type { TilesExportOptions, TilesFetchOptions, TilesImportOptions, TilesListOptions } from './tiles';

function bbox(value: string): BBox {
  const r = parseBBox(value);
  if (!r.ok) throw new InvalidArgumentError(r.error);
  return r.bbox;
}

function zooms(value: string): { min: number; max: number } {
  const r = parseZoomRange(value);
  if (!r.ok) throw new InvalidArgumentError(r.error);
  return { min: r.min, max: r.max };
}

function datum(value: string): 'wgs84' | 'gcj02' {
  if (value === 'wgs84' || value === 'gcj02') return value;
  throw new InvalidArgumentError(`expected wgs84 or gcj02, got "${value}"`);
}

const DATA_DIR = "the app's data folder (default: the desktop app's): its tile cache, offline areas and settings";

export function registerTiles(program: Command, result: CommandResult): void {
  const tiles = program.command('tiles').description('offline map tiles: fetch an area into the cache, import, export MBTiles, list');
  tiles
    .command('fetch')
    .description("download an area's tiles into the app's cache as an offline area (resumes where a previous run stopped)")
    .option('--site <file>', "the site's bounds (with a margin) as the area")
    .option('--bbox <S,W,N,E>', 'the area as a box in degrees (WGS-84)', bbox)
    .requiredOption('--zoom <range>', 'zoom levels, e.g. 14-18', zooms)
    .option('--tiles <url|layer>', 'the provider: a layer id (osm, amap-road, tianditu-road…, or one added in Settings) or an XYZ URL template (default: the base map in the settings)')
    .option('--tiles-datum <datum>', 'the datum of a --tiles URL: wgs84 (default) or gcj02', datum)
    .option('--name <text>', "the area's name (default: the site's name, or the box)")
    .option('--rate <n>', 'requests per second at most (polite: 4)', numberInRange(0.1, 50), 4)
    .option('--retries <n>', 'retries of a failed tile, with backoff', intInRange(0, 10), 4)
    .option('--data-dir <dir>', DATA_DIR)
    .option('--json', 'print one JSON object at the end')
    .action(async (opts: TilesFetchOptions) => (await import('./tiles')).tilesFetchAction(opts, result));
  tiles
    .command('import')
    .argument('<path>', 'a folder of z/x/y tiles or an .mbtiles file')
    .description("copy tiles into the app's cache (for a laptop with no internet)")
    .option('--layer <id>', 'the layer they belong to (default: the base map in the settings)')
    .option('--data-dir <dir>', DATA_DIR)
    .option('--json', 'print one JSON object')
    .action(async (path: string, opts: TilesImportOptions) => (await import('./tiles')).tilesImportAction(path, opts, result));
  tiles
    .command('export')
    .description("write the cached tiles of an area as an MBTiles file")
    .option('--site <file>', "the site's bounds (with a margin) as the area")
    .option('--bbox <S,W,N,E>', 'the area as a box in degrees (WGS-84)', bbox)
    .requiredOption('--zoom <range>', 'zoom levels, e.g. 14-18', zooms)
    .requiredOption('--out <file.mbtiles>', 'the file to write (never over an existing one unless --force)')
    .option('--layer <id>', 'the layer (default: the base map in the settings)')
    .option('--force', 'replace an existing file')
    .option('--data-dir <dir>', DATA_DIR)
    .option('--json', 'print one JSON object')
    .action(async (opts: TilesExportOptions) => (await import('./tiles')).tilesExportAction(opts, result));
  tiles
    .command('list')
    .description("the tile cache's layers and the offline areas")
    .option('--data-dir <dir>', DATA_DIR)
    .option('--json', 'print one JSON object')
    .action(async (opts: TilesListOptions) => (await import('./tiles')).tilesListAction(opts, result));
}
