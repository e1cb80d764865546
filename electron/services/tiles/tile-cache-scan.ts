// Reading the tile cache's folder at start (`<dir>/<layer>/<z>/<x>/<y>.<ext>`): every tile with its size and last use
// (the file's mtime), leftover temporary files deleted, empty files (a write cut short) deleted, anything else that
// is not a tile reported and left alone. Also the names and checks the cache and the scan share.
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_TILE_ZOOM } from '../../../patrol/maps/tile-math';

export interface TileKey {
  layer: string;
  z: number;
  x: number;
  y: number;
}

/** A layer id names a folder: lower-case letters, digits, _ and -, nothing that could climb out of the cache. */
export const LAYER_ID = /^[a-z0-9_-]{1,64}$/;

export const EXT_OF_TYPE: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };
export const TYPE_OF_EXT: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(EXT_OF_TYPE).map(([t, e]) => [e, t]));

/** What is wrong with a tile key, or null. */
export function tileKeyProblem(key: TileKey): string | null {
  if (typeof key.layer !== 'string' || !LAYER_ID.test(key.layer)) return `layer "${String(key.layer)}" is not a layer id (1 to 64 of a-z, 0-9, _ and -)`;
  if (!Number.isInteger(key.z) || key.z < 0 || key.z > MAX_TILE_ZOOM) return `zoom ${key.z} is not a whole number from 0 to ${MAX_TILE_ZOOM}`;
  const n = 2 ** key.z;
  if (!Number.isInteger(key.x) || key.x < 0 || key.x >= n) return `x ${key.x} is outside 0…${n - 1} at zoom ${key.z}`;
  if (!Number.isInteger(key.y) || key.y < 0 || key.y >= n) return `y ${key.y} is outside 0…${n - 1} at zoom ${key.z}`;
  return null;
}

export interface ScannedTile extends TileKey {
  ext: string;
  bytes: number;
  used_ms: number;
}

export interface TileScan {
  tiles: ScannedTile[];
  /** Leftover temporary files and empty tiles deleted. */
  removed: number;
  problems: string[];
}

const MAX_PROBLEMS = 20;
const TILE_FILE = /^(\d{1,7})\.(png|jpg|gif|webp)$/;
const NUMBER_DIR = /^\d{1,7}$/;

export async function scanTileFolder(dir: string): Promise<TileScan> {
  const scan: TileScan = { tiles: [], removed: 0, problems: [] };
  let strays = 0;
  const stray = (path: string, why: string) => {
    strays++;
    if (scan.problems.length < MAX_PROBLEMS) scan.problems.push(`${path}: ${why}, left alone`);
  };
  const remove = async (path: string, why: string | null) => {
    try {
      await unlink(path);
      scan.removed++;
      if (why && scan.problems.length < MAX_PROBLEMS) scan.problems.push(`${path}: ${why}, deleted`);
    } catch (err) {
      stray(path, `could not be deleted (${(err as Error).message})`);
    }
  };
  // Entries of a folder, temporary files deleted on the way (a put cut short by a crash leaves one).
  const list = async (path: string) => {
    const entries = await readdir(path, { withFileTypes: true });
    await Promise.all(entries.filter((e) => e.isFile() && e.name.endsWith('.tmp')).map((e) => remove(join(path, e.name), null)));
    return entries.filter((e) => !(e.isFile() && e.name.endsWith('.tmp')));
  };

  await mkdir(dir, { recursive: true });
  const columns: Array<{ layer: string; z: number; x: number; path: string }> = [];
  for (const l of await list(dir)) {
    if (!l.isDirectory() || !LAYER_ID.test(l.name)) { stray(join(dir, l.name), 'not a layer folder'); continue; }
    for (const zd of await list(join(dir, l.name))) {
      const z = Number(zd.name);
      if (!zd.isDirectory() || !NUMBER_DIR.test(zd.name) || z > MAX_TILE_ZOOM) { stray(join(dir, l.name, zd.name), 'not a zoom folder'); continue; }
      for (const xd of await list(join(dir, l.name, zd.name))) {
        const x = Number(xd.name);
        const path = join(dir, l.name, zd.name, xd.name);
        if (!xd.isDirectory() || !NUMBER_DIR.test(xd.name) || x >= 2 ** z) stray(path, 'not a column folder');
        else columns.push({ layer: l.name, z, x, path });
      }
    }
  }
  // Columns hold few tiles each (a handful to a few dozen): read many at once, or 100k tiles take long.
  let next = 0;
  const readColumns = async () => {
    while (next < columns.length) {
      const { layer, z, x, path: xPath } = columns[next++];
      await Promise.all((await list(xPath)).map(async (f) => {
        const path = join(xPath, f.name);
        const m = TILE_FILE.exec(f.name);
        if (!f.isFile() || !m || Number(m[1]) >= 2 ** z) return stray(path, 'not a tile');
        const st = await stat(path);
        // A tile is written to a temporary file and renamed, but a power cut can still leave an empty file.
        if (st.size === 0) return remove(path, 'empty tile (a write cut short)');
        scan.tiles.push({ layer, z, x, y: Number(m[1]), ext: m[2], bytes: st.size, used_ms: st.mtimeMs });
      }));
    }
  };
  await Promise.all(Array.from({ length: 16 }, readColumns));
  if (strays > MAX_PROBLEMS) scan.problems.push(`… and ${strays - MAX_PROBLEMS} more files that are not tiles`);
  return scan;
}
