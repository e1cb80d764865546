// A folder of tiles laid out as z/x/y.png (or .jpg, .jpeg, .webp), the layout mb-util, Mobile Atlas Creator's
// "OSM tiles" and most tile scrapers write: read into the offline cache or an MBTiles file, and written for export.
// Some folders count rows from the south (TMS, mb-util's --scheme=tms): the `tms` option flips them.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import { MAX_TILE_ZOOM } from '../../../patrol/maps/tile-math';
import { tileFormat, tileProblem, type TileBody } from './mbtiles';

export interface FolderTile extends TileBody {
  /** The file it came from. */
  path: string;
}

export interface TileFolderOptions {
  /** Rows count from the south (TMS) rather than the north (XYZ). */
  tms?: boolean;
  /** A file or folder that is not a tile, or a tile out of range: it is skipped and told here. */
  onProblem?: (message: string) => void;
}

/** Files that tools leave beside the tiles; skipped without a word. */
const IGNORED = new Set(['metadata.json', 'Thumbs.db', 'desktop.ini']);
const TILE_FILE = /^(\d+)\.(png|jpg|jpeg|webp)$/i;
const NUMBER = /^\d+$/;

const ignored = (name: string) => name.startsWith('.') || IGNORED.has(name);
const byNumber = (a: Dirent, b: Dirent) => parseInt(a.name, 10) - parseInt(b.name, 10) || a.name.localeCompare(b.name);

async function entries(dir: string): Promise<Dirent[]> {
  return (await readdir(dir, { withFileTypes: true })).filter((e) => !ignored(e.name)).sort(byNumber);
}

/** Every tile of the folder, zoom by zoom, column by column, y in XYZ whatever the folder's scheme. */
export async function* readTileFolder(dir: string, opts: TileFolderOptions = {}): AsyncGenerator<FolderTile> {
  const problem = opts.onProblem ?? (() => undefined);
  let top: Dirent[];
  try {
    top = await entries(dir);
  } catch (err) {
    throw new Error(`${dir}: cannot read the tile folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  for (const zEntry of top) {
    const zPath = join(dir, zEntry.name);
    const z = Number(zEntry.name);
    if (!zEntry.isDirectory() || !NUMBER.test(zEntry.name) || z > MAX_TILE_ZOOM) {
      problem(`${zPath}: not a zoom folder (expected z/x/y.png with z in 0…${MAX_TILE_ZOOM})`);
      continue;
    }
    for (const xEntry of await entries(zPath)) {
      const xPath = join(zPath, xEntry.name);
      const x = Number(xEntry.name);
      if (!xEntry.isDirectory() || !NUMBER.test(xEntry.name)) {
        problem(`${xPath}: not a column folder (expected z/x/y.png)`);
        continue;
      }
      if (x >= 2 ** z) {
        problem(`${xPath}: column ${x} is outside 0…${2 ** z - 1} for zoom ${z}`);
        continue;
      }
      for (const yEntry of await entries(xPath)) {
        const yPath = join(xPath, yEntry.name);
        const m = TILE_FILE.exec(yEntry.name);
        if (!yEntry.isFile() || !m) {
          problem(`${yPath}: not a tile (expected z/x/y.png, .jpg, .jpeg or .webp)`);
          continue;
        }
        const row = Number(m[1]);
        if (row >= 2 ** z) {
          problem(`${yPath}: row ${row} is outside 0…${2 ** z - 1} for zoom ${z}`);
          continue;
        }
        const body = new Uint8Array(await readFile(yPath));
        // The name's extension is not trusted: a tile server's error page saved as .png is common.
        if (!tileFormat(body)) {
          problem(`${yPath}: not a PNG, JPEG or WebP image`);
          continue;
        }
        yield { z, x, y: opts.tms ? 2 ** z - 1 - row : row, body, path: yPath };
      }
    }
  }
}

/** Writes tiles as dir/z/x/y.ext, the extension from each tile's bytes. Refuses a folder that already holds files,
 *  so an export never mixes with (or overwrites) anything there. */
export async function writeTileFolder(
  dir: string,
  tiles: AsyncIterable<TileBody> | Iterable<TileBody>,
  opts: { tms?: boolean; onProgress?: (written: number) => void } = {},
): Promise<{ tiles: number; bytes: number }> {
  const existing = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new Error(`${dir}: cannot use as the tile folder: ${err.code ?? err.message}`);
  });
  if (existing && !existing.isDirectory()) throw new Error(`${dir}: exists and is not a folder`);
  if (existing && (await readdir(dir)).length > 0) throw new Error(`${dir}: the folder is not empty; choose an empty or new folder`);
  await mkdir(dir, { recursive: true });

  let count = 0;
  let bytes = 0;
  const made = new Set<string>();
  for await (const t of tiles) {
    const bad = tileProblem(t);
    if (bad) throw new Error(`${dir}: ${bad}`);
    const format = tileFormat(t.body);
    if (!format) throw new Error(`${dir}: tile ${t.z}/${t.x}/${t.y} is not a PNG, JPEG or WebP image`);
    const xDir = join(dir, String(t.z), String(t.x));
    if (!made.has(xDir)) {
      await mkdir(xDir, { recursive: true });
      made.add(xDir);
    }
    const row = opts.tms ? 2 ** t.z - 1 - t.y : t.y;
    // 'wx': the same tile twice in the input is an error, not a silent overwrite.
    await writeFile(join(xDir, `${row}.${format}`), t.body, { flag: 'wx' });
    count++;
    bytes += t.body.byteLength;
    opts.onProgress?.(count);
  }
  return { tiles: count, bytes };
}
