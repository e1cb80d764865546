// MBTiles files and z/x/y tile folders on disk: written by us and read back by Debian's sqlite3 (the TMS row flip,
// the bytes, the metadata, the integrity check), written by sqlite3 (plain and the deduplicated map/images view) and
// read by us; bad files refused naming the file; a failed write leaving the old file whole and no temporary file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMbtiles, tileContentType, tileFormat, writeMbtiles, type MbtilesMeta, type TileBody } from '../../electron/services/tiles/mbtiles';
import { readTileFolder, writeTileFolder, type FolderTile } from '../../electron/services/tiles/tile-folder';
import { tilesOf, type BBox } from '../../patrol/maps/tile-math';
import { makeTilePng } from '../helpers/tile-png';

const SQLITE3 = '/usr/bin/sqlite3';
const BBOX: BBox = { s_deg: 35.9606, w_deg: -83.9207, n_deg: 35.965, e_deg: -83.915 };
const META: MbtilesMeta = { name: 'Test site', format: 'png', bounds: BBOX, minzoom: 15, maxzoom: 17, attribution: '© OpenStreetMap contributors' };
let dir: string;
let tiles: TileBody[];

const key = (t: { z: number; x: number; y: number }) => `${t.z}/${t.x}/${t.y}`;
const byKey = (list: Iterable<TileBody>) => new Map([...list].map((t) => [key(t), Buffer.from(t.body).toString('hex')]));
const sql = (file: string, query: string): Record<string, string | number>[] => {
  const out = execFileSync(SQLITE3, ['-json', file, query], { encoding: 'utf8' });
  return out.trim() === '' ? [] : JSON.parse(out);
};
const sqlScript = (file: string, script: string) => execFileSync(SQLITE3, [file], { input: script });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

beforeAll(() => {
  if (!existsSync(SQLITE3)) throw new Error(`${SQLITE3} is missing: the independent reader for these tests (apt-get install sqlite3)`);
  dir = mkdtempSync(join(tmpdir(), 'watchpost-mbtiles-'));
  tiles = [...tilesOf(BBOX, 15, 17)].map((t) => ({ ...t, body: makeTilePng(t.z, t.x, t.y) }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MBTiles', () => {
  it('writes the tiles of a small box and reads them back', async () => {
    const file = join(dir, 'site.mbtiles');
    const progress: number[] = [];
    const result = await writeMbtiles(file, tiles, META, (n) => progress.push(n));
    expect(result.tiles).toBe(tiles.length);
    expect(result.bytes).toBe(tiles.reduce((n, t) => n + t.body.byteLength, 0));
    expect(progress.at(-1)).toBe(tiles.length);
    expect(new Set(tiles.map(key)).size).toBe(tiles.length); // the helper's colours tell every tile apart

    const r = await readMbtiles(file);
    try {
      expect(r.count).toBe(tiles.length);
      expect(r.problems).toEqual([]);
      expect(r.format).toBe('png');
      expect(byKey(r.tiles())).toEqual(byKey(tiles));
      expect(r.metadata.bounds.split(',').map(Number)).toEqual([BBOX.w_deg, BBOX.s_deg, BBOX.e_deg, BBOX.n_deg]);
      expect([r.metadata.minzoom, r.metadata.maxzoom, r.metadata.format, r.metadata.name]).toEqual(['15', '17', 'png', 'Test site']);
      const t = tiles[tiles.length - 1];
      expect(hex(r.get(t.z, t.x, t.y)!)).toBe(hex(t.body));
      expect(r.get(17, 0, 0)).toBeNull();
      expect(r.get(3, 9, 0)).toBeNull();
      expect(tileFormat(r.get(t.z, t.x, t.y)!)).toBe('png');
      expect(tileContentType(r.format)).toBe('image/png');
    } finally {
      r.close();
    }
  });

  it('is read by sqlite3 with TMS rows, the same bytes and the metadata', async () => {
    const file = join(dir, 'for-sqlite3.mbtiles');
    await writeMbtiles(file, tiles, META);
    expect(sql(file, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const rows = sql(file, 'select zoom_level, tile_column, tile_row, hex(tile_data) as hex from tiles order by 1,2,3');
    expect(rows).toHaveLength(tiles.length);
    const expected = new Map(tiles.map((t) => [`${t.z}/${t.x}/${2 ** t.z - 1 - t.y}`, hex(t.body).toUpperCase()]));
    for (const row of rows) expect(row.hex).toBe(expected.get(`${row.zoom_level}/${row.tile_column}/${row.tile_row}`));
    const meta = Object.fromEntries(sql(file, 'select name, value from metadata').map((r) => [r.name, r.value]));
    expect(meta).toMatchObject({ name: 'Test site', format: 'png', minzoom: '15', maxzoom: '17', type: 'baselayer', attribution: META.attribution });
    expect(meta.bounds).toBe('-83.9207,35.9606,-83.915,35.965');
    expect(sql(file, 'PRAGMA application_id')).toEqual([{ application_id: 0x4d504258 }]);
  });

  it('reads a file sqlite3 wrote with the deduplicated map/images view, skipping a row out of range', async () => {
    const file = join(dir, 'dedup.mbtiles');
    const a = hex(makeTilePng(1, 0, 0));
    const b = hex(makeTilePng(1, 1, 0));
    sqlScript(file, `
      CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT, grid_id TEXT);
      CREATE UNIQUE INDEX map_index ON map (zoom_level, tile_column, tile_row);
      CREATE TABLE images (tile_data blob, tile_id text);
      CREATE UNIQUE INDEX images_id ON images (tile_id);
      CREATE TABLE metadata (name text, value text);
      CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column, map.tile_row AS tile_row,
        images.tile_data AS tile_data FROM map JOIN images ON images.tile_id = map.tile_id;
      INSERT INTO images VALUES (X'${a}', 'a'), (X'${b}', 'b');
      INSERT INTO map VALUES (1, 0, 1, 'a', NULL), (1, 1, 1, 'b', NULL), (1, 0, 0, 'a', NULL), (1, 1, 0, 'a', NULL), (2, 7, 0, 'b', NULL);
      INSERT INTO metadata VALUES ('name', 'dedup'), ('format', 'png'), ('minzoom', '1'), ('maxzoom', '1');`);
    const r = await readMbtiles(file);
    try {
      expect(r.count).toBe(4);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatch(/zoom_level 2, tile_column 7, tile_row 0/);
      expect(r.metadata.name).toBe('dedup');
      // TMS row 1 at zoom 1 is XYZ row 0.
      expect(hex(r.get(1, 1, 0)!)).toBe(b);
      expect(hex(r.get(1, 1, 1)!)).toBe(a);
      expect([...r.tiles()].map(key)).toEqual(['1/0/1', '1/0/0', '1/1/1', '1/1/0']);
    } finally {
      r.close();
    }
  });

  it('reads a plain tiles table without metadata, the format from the bytes', async () => {
    const file = join(dir, 'bare.mbtiles');
    sqlScript(file, `CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);
      INSERT INTO tiles VALUES (0, 0, 0, X'${hex(makeTilePng(0, 0, 0))}');`);
    const r = await readMbtiles(file);
    expect([r.count, r.format, r.problems]).toEqual([1, 'png', ['no "metadata" table']]);
    expect(hex(r.get(0, 0, 0)!)).toBe(hex(makeTilePng(0, 0, 0)));
    r.close();
  });

  it('refuses bad files naming them', async () => {
    const png = join(dir, 'image.mbtiles');
    writeFileSync(png, makeTilePng(0, 0, 0));
    await expect(readMbtiles(png)).rejects.toThrow(`${png}: not an SQLite database (it is a PNG image)`);
    const text = join(dir, 'notes.mbtiles');
    writeFileSync(text, 'These are not tiles.\n'.repeat(20));
    await expect(readMbtiles(text)).rejects.toThrow(`${text}: not an SQLite database`);
    const empty = join(dir, 'empty.mbtiles');
    writeFileSync(empty, '');
    await expect(readMbtiles(empty)).rejects.toThrow(`${empty}: the file is empty`);
    const missing = join(dir, 'missing.mbtiles');
    await expect(readMbtiles(missing)).rejects.toThrow(`${missing}: cannot read: ENOENT`);
    await expect(readMbtiles(dir)).rejects.toThrow(`${dir}: not a file`);
    const other = join(dir, 'other.mbtiles');
    sqlScript(other, 'CREATE TABLE notes (a text);');
    await expect(readMbtiles(other)).rejects.toThrow(`${other}: an SQLite database without a "tiles" table`);
    const columns = join(dir, 'columns.mbtiles');
    sqlScript(columns, 'CREATE TABLE tiles (z integer, x integer, y integer, tile_data blob);');
    await expect(readMbtiles(columns)).rejects.toThrow(`${columns}: the "tiles" table has no zoom_level, tile_column, tile_row column`);
    const big = join(dir, 'big.mbtiles');
    await writeMbtiles(big, tiles.slice(0, 2), META);
    await expect(readMbtiles(big, { maxBytes: 1000 })).rejects.toThrow(/big\.mbtiles: .* above the .* limit \(the whole file is read into memory\)/);
  });

  it('refuses a name not ending in .mbtiles and tiles out of range', async () => {
    const file = join(dir, 'tiles.sqlite');
    await expect(writeMbtiles(file, tiles, META)).rejects.toThrow(`${file}: an MBTiles file's name must end in .mbtiles`);
    expect(existsSync(file)).toBe(false);
    const bad = join(dir, 'bad-tile.mbtiles');
    await expect(writeMbtiles(bad, [{ z: 2, x: 4, y: 0, body: makeTilePng(2, 4, 0) }], META)).rejects.toThrow(`${bad}: tile 2/4/0`);
    expect(existsSync(bad)).toBe(false);
  });

  it('keeps the old file whole and leaves no temporary file when a write fails', async () => {
    const sub = join(dir, 'atomic');
    mkdirSync(sub);
    const file = join(sub, 'keep.mbtiles');
    await writeMbtiles(file, tiles.slice(0, 3), META);
    const before = readFileSync(file);
    async function* failing(): AsyncGenerator<TileBody> {
      yield* tiles.slice(0, 5);
      throw new Error('the tile server went away');
    }
    await expect(writeMbtiles(file, failing(), META)).rejects.toThrow('the tile server went away');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(sub)).toEqual(['keep.mbtiles']);
    // A failure at the rename (a folder has the name) also cleans up.
    const folder = join(sub, 'folder.mbtiles');
    mkdirSync(folder);
    writeFileSync(join(folder, 'x'), 'x');
    await expect(writeMbtiles(folder, tiles, META)).rejects.toThrow();
    expect(readdirSync(sub).sort()).toEqual(['folder.mbtiles', 'keep.mbtiles']);
    const r = await readMbtiles(file);
    expect(r.count).toBe(3);
    r.close();
  });
});

describe('tile folders', () => {
  it('writes z/x/y.png and reads it back', async () => {
    const out = join(dir, 'folder-xyz');
    expect(await writeTileFolder(out, tiles)).toMatchObject({ tiles: tiles.length });
    const t = tiles[0];
    expect(readFileSync(join(out, String(t.z), String(t.x), `${t.y}.png`)).equals(t.body)).toBe(true);
    const problems: string[] = [];
    const back = await collect(readTileFolder(out, { onProblem: (m) => problems.push(m) }));
    expect(problems).toEqual([]);
    expect(byKey(back)).toEqual(byKey(tiles));
    await expect(writeTileFolder(out, tiles)).rejects.toThrow(`${out}: the folder is not empty`);
    await expect(collect(readTileFolder(join(dir, 'no-such-folder')))).rejects.toThrow(/no-such-folder: cannot read the tile folder: ENOENT/);
  });

  it('skips stray files, telling each, and reads the good tiles', async () => {
    const out = join(dir, 'folder-stray');
    await writeTileFolder(out, tiles);
    writeFileSync(join(out, 'metadata.json'), '{}');
    writeFileSync(join(out, '.DS_Store'), 'x');
    writeFileSync(join(out, 'abc.png'), makeTilePng(0, 0, 0));
    mkdirSync(join(out, '15', 'x'));
    writeFileSync(join(out, '15', 'x', '1.png'), makeTilePng(0, 0, 0));
    mkdirSync(join(out, '1', '5'), { recursive: true });
    writeFileSync(join(out, '1', '5', '0.png'), makeTilePng(0, 0, 0));
    mkdirSync(join(out, '2', '1'), { recursive: true });
    writeFileSync(join(out, '2', '1', '9.png'), makeTilePng(0, 0, 0));
    writeFileSync(join(out, '2', '1', 'notes.txt'), 'x');
    writeFileSync(join(out, '2', '1', '0.png'), '<html>404</html>');
    const problems: string[] = [];
    const back: FolderTile[] = await collect(readTileFolder(out, { onProblem: (m) => problems.push(m) }));
    expect(byKey(back)).toEqual(byKey(tiles));
    expect(problems.sort()).toEqual([
      `${join(out, '1', '5')}: column 5 is outside 0…1 for zoom 1`,
      `${join(out, '15', 'x')}: not a column folder (expected z/x/y.png)`,
      `${join(out, '2', '1', '0.png')}: not a PNG, JPEG or WebP image`,
      `${join(out, '2', '1', '9.png')}: row 9 is outside 0…3 for zoom 2`,
      `${join(out, '2', '1', 'notes.txt')}: not a tile (expected z/x/y.png, .jpg, .jpeg or .webp)`,
      `${join(out, 'abc.png')}: not a zoom folder (expected z/x/y.png with z in 0…22)`,
    ]);
  });

  it('flips rows for a TMS folder', async () => {
    const out = join(dir, 'folder-tms');
    await writeTileFolder(out, tiles, { tms: true });
    const t = tiles[0];
    expect(existsSync(join(out, String(t.z), String(t.x), `${2 ** t.z - 1 - t.y}.png`))).toBe(true);
    expect(byKey(await collect(readTileFolder(out, { tms: true })))).toEqual(byKey(tiles));
    const asXyz = await collect(readTileFolder(out));
    expect(new Set(asXyz.map(key))).toEqual(new Set(tiles.map((u) => `${u.z}/${u.x}/${2 ** u.z - 1 - u.y}`)));
  });
});
