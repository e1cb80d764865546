// MBTiles 1.3 (github.com/mapbox/mbtiles-spec): one SQLite file holding a map's tiles and their metadata, the
// format the offline-maps export writes and every desktop map tool reads. Written and read with sql.js (SQLite in
// WebAssembly, no native build), loaded only when a function here is first called so the CLI starts as fast as before.
import { createRequire } from 'node:module';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BindParams, Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import { bboxProblem, MAX_TILE_ZOOM, type BBox, type TileXYZ } from '../../../patrol/maps/tile-math';

export type TileFormat = 'png' | 'jpg' | 'webp';

/** A tile in the XYZ scheme (y from the north), with its encoded image. */
export interface TileBody extends TileXYZ {
  body: Uint8Array;
}

export interface MbtilesMeta {
  name: string;
  format: TileFormat;
  bounds: BBox;
  minzoom: number;
  maxzoom: number;
  attribution?: string;
  description?: string;
}

export interface MbtilesReader {
  readonly path: string;
  readonly metadata: Record<string, string>;
  /** The metadata's format, else the first tile's, else null. */
  readonly format: string | null;
  /** Readable tiles (rows out of range are not counted: they are in `problems`). */
  readonly count: number;
  /** Rows skipped and what else is odd about the file, each naming the place. */
  readonly problems: string[];
  /** Every readable tile, XYZ y, by zoom, column, row. */
  tiles(): Iterable<TileBody>;
  get(z: number, x: number, y: number): Uint8Array | null;
  close(): void;
}

/** sql.js holds the whole database in memory (read: the file's bytes and SQLite's copy; write: the same on export),
 *  so files beyond this are refused rather than risking the process. */
export const DEFAULT_MAX_MBTILES_BYTES = 2 * 1024 ** 3;
/** The spec's application_id, "MPBX". */
const MBTILES_APPLICATION_ID = 0x4d504258;
const MAX_PROBLEMS_LISTED = 20;

let sqlModule: Promise<SqlJsStatic> | null = null;

function loadSql(): Promise<SqlJsStatic> {
  sqlModule ??= (async () => {
    const { default: initSqlJs } = await import('sql.js');
    // Node's sql.js looks for the wasm beside its script; resolving it explicitly survives bundling of our code.
    const wasmPath = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
    return initSqlJs({ locateFile: () => wasmPath });
  })();
  // A failed load is not cached: the next call tries again.
  sqlModule.catch(() => (sqlModule = null));
  return sqlModule;
}

/** What is wrong with a tile's z/x/y (XYZ), or null. */
export function tileProblem(t: TileXYZ): string | null {
  if (![t.z, t.x, t.y].every(Number.isInteger)) return `tile ${t.z}/${t.x}/${t.y}: zoom, column and row must be whole numbers`;
  if (t.z < 0 || t.z > MAX_TILE_ZOOM) return `tile ${t.z}/${t.x}/${t.y}: zoom outside 0…${MAX_TILE_ZOOM}`;
  const n = 2 ** t.z;
  if (t.x < 0 || t.x >= n || t.y < 0 || t.y >= n) return `tile ${t.z}/${t.x}/${t.y}: column or row outside 0…${n - 1} for zoom ${t.z}`;
  return null;
}

/** The image format from the first bytes (the names and headers of tiles are not to be trusted). */
export function tileFormat(body: Uint8Array): TileFormat | null {
  const at = (i: number, bytes: number[]) => bytes.every((b, k) => body[i + k] === b);
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'jpg';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'webp'; // "RIFF" … "WEBP"
  return null;
}

const CONTENT_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', pbf: 'application/x-protobuf' };

export function tileContentType(format: string | null): string {
  return (format && CONTENT_TYPES[format]) || 'application/octet-stream';
}

/** TMS rows count from the south; XYZ rows from the north. The flip is its own inverse. */
const flipRow = (z: number, row: number) => 2 ** z - 1 - row;

export async function writeMbtiles(
  path: string,
  tiles: AsyncIterable<TileBody> | Iterable<TileBody>,
  meta: MbtilesMeta,
  onProgress?: (written: number) => void,
): Promise<{ tiles: number; bytes: number }> {
  if (!path.endsWith('.mbtiles')) throw new Error(`${path}: an MBTiles file's name must end in .mbtiles`);
  const bad = bboxProblem(meta.bounds);
  if (bad) throw new Error(`${path}: bounds: ${bad}`);
  if (!(Number.isInteger(meta.minzoom) && Number.isInteger(meta.maxzoom) && meta.minzoom >= 0 && meta.minzoom <= meta.maxzoom && meta.maxzoom <= MAX_TILE_ZOOM))
    throw new Error(`${path}: zooms ${meta.minzoom}…${meta.maxzoom} are not a range within 0…${MAX_TILE_ZOOM}`);
  const SQL = await loadSql();
  const db = new SQL.Database();
  let count = 0;
  let bytes = 0;
  try {
    db.exec(`PRAGMA application_id = ${MBTILES_APPLICATION_ID};
      CREATE TABLE metadata (name text, value text);
      CREATE UNIQUE INDEX name ON metadata (name);
      CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);
      CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);`);
    const b = meta.bounds;
    const centre = [(b.w_deg + b.e_deg) / 2, (b.s_deg + b.n_deg) / 2, meta.minzoom];
    const rows: [string, string | undefined][] = [
      ['name', meta.name], ['format', meta.format], ['bounds', [b.w_deg, b.s_deg, b.e_deg, b.n_deg].join(',')],
      ['center', centre.join(',')], ['minzoom', String(meta.minzoom)], ['maxzoom', String(meta.maxzoom)],
      ['type', 'baselayer'], ['version', '1.3'], ['attribution', meta.attribution], ['description', meta.description],
    ];
    for (const [name, value] of rows) if (value !== undefined) db.run('INSERT INTO metadata VALUES (?, ?)', [name, value]);

    // One transaction: SQLite otherwise commits (and journals) every row on its own.
    db.exec('BEGIN');
    const insert = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
    try {
      for await (const t of tiles) {
        const problem = tileProblem(t);
        if (problem) throw new Error(`${path}: ${problem}`);
        try {
          insert.run([t.z, t.x, flipRow(t.z, t.y), t.body]);
        } catch (err) {
          throw new Error(`${path}: tile ${t.z}/${t.x}/${t.y}: ${(err as Error).message}`);
        }
        count++;
        bytes += t.body.byteLength;
        onProgress?.(count);
      }
    } finally {
      insert.free();
    }
    db.exec('COMMIT');
    await writeBytesAtomic(path, db.export());
  } finally {
    db.close();
  }
  return { tiles: count, bytes };
}

/** A temporary file beside the target, fsync, rename: a crash or a failure leaves the old file whole. */
async function writeBytesAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await open(tmp, 'wx');
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined); // the write's or rename's error is the one to report
    throw err;
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';
const VALID_ROW = `typeof(zoom_level) = 'integer' AND typeof(tile_column) = 'integer' AND typeof(tile_row) = 'integer'
  AND zoom_level BETWEEN 0 AND ${MAX_TILE_ZOOM} AND tile_column BETWEEN 0 AND (1 << zoom_level) - 1
  AND tile_row BETWEEN 0 AND (1 << zoom_level) - 1 AND typeof(tile_data) = 'blob'`;

export async function readMbtiles(path: string, opts: { maxBytes?: number } = {}): Promise<MbtilesReader> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MBTILES_BYTES;
  let data: Uint8Array;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error('not a file');
    if (st.size === 0) throw new Error('the file is empty, not an MBTiles database');
    if (st.size > maxBytes)
      throw new Error(`${(st.size / 1024 ** 2).toFixed(0)} MiB is above the ${(maxBytes / 1024 ** 2).toFixed(0)} MiB limit (the whole file is read into memory)`);
    data = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code ? `cannot read: ${code}` : (err as Error).message}`);
  }
  // Checked here rather than left to SQLite, which treats a non-database as an empty one until the first query.
  if (data.byteLength < 100 || Buffer.from(data.subarray(0, 16)).toString('latin1') !== SQLITE_MAGIC) {
    const kind = tileFormat(data);
    throw new Error(`${path}: not an SQLite database${kind ? ` (it is a ${kind.toUpperCase()} image)` : ''}, so not an MBTiles file`);
  }
  const SQL = await loadSql();
  const db = new SQL.Database(data);
  try {
    return openReader(path, db);
  } catch (err) {
    db.close();
    throw err;
  }
}

function openReader(path: string, db: Database): MbtilesReader {
  const query = (sql: string, params?: BindParams): SqlValue[][] => {
    try {
      return db.exec(sql, params)[0]?.values ?? [];
    } catch (err) {
      throw new Error(`${path}: ${(err as Error).message}`);
    }
  };
  const kinds = query("SELECT name, type FROM sqlite_master WHERE name IN ('tiles', 'metadata') AND type IN ('table', 'view')");
  const has = (name: string) => kinds.some((r) => r[0] === name);
  if (!has('tiles')) throw new Error(`${path}: an SQLite database without a "tiles" table or view, so not an MBTiles file`);
  const columns = query('PRAGMA table_info(tiles)').map((r) => String(r[1]));
  const missing = ['zoom_level', 'tile_column', 'tile_row', 'tile_data'].filter((c) => !columns.includes(c));
  if (missing.length) throw new Error(`${path}: the "tiles" table has no ${missing.join(', ')} column`);

  const problems: string[] = [];
  const metadata: Record<string, string> = {};
  if (has('metadata')) {
    for (const [name, value] of query('SELECT name, value FROM metadata')) if (name !== null && value !== null) metadata[String(name)] = String(value);
  } else problems.push('no "metadata" table');

  const badCount = Number(query(`SELECT count(*) FROM tiles WHERE NOT (${VALID_ROW})`)[0][0]);
  for (const [z, x, row, kind] of query(`SELECT zoom_level, tile_column, tile_row, typeof(tile_data) FROM tiles WHERE NOT (${VALID_ROW}) LIMIT ${MAX_PROBLEMS_LISTED}`))
    problems.push(`skipped the row at zoom_level ${z}, tile_column ${x}, tile_row ${row}: ${kind !== 'blob' ? `tile_data is ${kind}, not a blob` : 'not whole numbers, or out of range for its zoom'}`);
  if (badCount > MAX_PROBLEMS_LISTED) problems.push(`… and ${badCount - MAX_PROBLEMS_LISTED} more rows skipped`);

  const count = Number(query(`SELECT count(*) FROM tiles WHERE ${VALID_ROW}`)[0][0]);
  const first = query(`SELECT tile_data FROM tiles WHERE ${VALID_ROW} LIMIT 1`)[0]?.[0];
  const format = metadata.format ?? (first instanceof Uint8Array ? tileFormat(first) : null);

  let getStmt: Statement | null = null;
  let closed = false;
  return {
    path, metadata, format, count, problems,
    *tiles() {
      const stmt = db.prepare(`SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles WHERE ${VALID_ROW} ORDER BY 1, 2, 3`);
      try {
        while (stmt.step()) {
          const [z, x, row, body] = stmt.get() as [number, number, number, Uint8Array];
          yield { z, x, y: flipRow(z, row), body };
        }
      } finally {
        stmt.free();
      }
    },
    get(z, x, y) {
      if (tileProblem({ z, x, y })) return null;
      getStmt ??= db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ? LIMIT 1');
      try {
        getStmt.bind([z, x, flipRow(z, y)]);
        const body = getStmt.step() ? getStmt.get()[0] : null;
        return body instanceof Uint8Array ? body : null;
      } finally {
        getStmt.reset();
      }
    },
    close() {
      if (closed) return;
      closed = true;
      getStmt?.free();
      db.close();
    },
  };
}
