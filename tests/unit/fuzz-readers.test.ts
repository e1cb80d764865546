// Every file reader fed mutations of the real fixtures (issue 13, point 2), with fast-check (seeded, bounded; the
// long run is bench/fuzz-readers.ts): bytes flipped, the file cut at a random point, runs of bytes inserted or
// deleted, markup inserted into the KML, and for the JSON formats structural mutations (a member replaced by a JSON value of another type, a huge
// number, deep nesting, a key given twice, a key renamed __proto__ or the like; all but the retype are put into the
// text last, never parsed again, and a key census of the text checks that keys given twice and "__proto__" keys
// reach the readers). Property: each read ends within a time bound in either a valid result or
// the reader's own error (MissionFileError, SiteFileError, PatrolFileError, SidecarError; a settings problem), whose
// message names the file; never another exception (TypeError, RangeError, …), never a hang.
// Seeds: the .plan and QGC WPL 110 files, the site GeoJSON and KML of tests/fixtures (SOURCES.md), the demo site and
// patrol of assets/demo, the three fixture tlogs (their first 12 KiB), the bad-file corpus's valid KML (the real one
// is a bare polygon), and a sidecar and a settings.json written by Watchpost's own writers (no fixture has one).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissionFileError } from '../../patrol/formats/errors';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { readSiteFile } from '../../patrol/site/read-site-file';
import { SiteFileError } from '../../patrol/site/site-errors';
import { PatrolFileError, readPatrol } from '../../patrol/patrol/read-patrol';
import { readSidecar, SidecarError, writeSidecar, type FlightSidecar } from '../../electron/services/flight-sidecar';
import { SettingsStore, SETTINGS_FILE } from '../../electron/services/settings-store';
import { tlogInfo } from '../../mavlink/tlog/info';
import { readTlog } from '../../mavlink/tlog/reader';
import { indexTlog } from '../../mavlink/tlog/indexer';

type Reader = 'plan' | 'waypoints' | 'site' | 'kml' | 'patrol' | 'sidecar' | 'settings' | 'tlog';
interface Seed {
  reader: Reader;
  /** The file name the reader is given (and must name in its error). */
  name: string;
  bytes: Uint8Array;
}

/** Longest one read may take: the largest seed (400 KB of GeoJSON) reads in ~60 ms cold. */
const READ_BOUND_MS = 3_000;
const SEED = 13;

const F = join('tests', 'fixtures');
const file = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const seeds: Seed[] = [
  ...['mavsdk_qgroundcontrol_sample.plan', 'mavsdk_qgroundcontrol_sample_with_survey.plan', 'mavsdk_qgroundcontrol_sample_with_structured_scan.plan',
    'mavsdk_qgroundcontrol_sample_with_digicam_control.plan', 'px4_multicopter_mission_geofence_avoid.plan']
    .map((n) => ({ reader: 'plan' as const, name: n, bytes: file(join(F, 'plan', n)) })),
  ...['dronekit_mpmission.txt', 'mavsdk_mission_planner_sample.txt', 'qgc_MissionPlanner.waypoints']
    .map((n) => ({ reader: 'waypoints' as const, name: n, bytes: file(join(F, 'waypoints', n)) })),
  ...['ctrlw_osm4vr_berlin_building_parts.geojson', 'feld_heilbronn_planned_buildings.geojson', 'giswqs_knoxville_osm_buildings.geojson']
    .map((n) => ({ reader: 'site' as const, name: n, bytes: file(join(F, 'geo', n)) })),
  { reader: 'site', name: 'demo.site.geojson', bytes: file(join('assets', 'demo', 'demo.site.geojson')) },
  { reader: 'kml', name: 'qgc_PolygonGood.kml', bytes: file(join(F, 'kml', 'qgc_PolygonGood.kml')) },
  // The only real KML is one bare polygon: the corpus's valid KML (a building and a post with ExtendedData) too.
  { reader: 'kml', name: 'bom-utf8-valid.kml', bytes: file(join(F, 'bad', 'kml', 'bom-utf8-valid.kml')) },
  { reader: 'patrol', name: 'demo.patrol.json', bytes: file(join('assets', 'demo', 'demo.patrol.json')) },
  ...['dronekit_flight_replay_flight.tlog', 'mavometer_px4_test.tlog', 'ardusub_log_tools_small.tlog']
    .map((n) => ({ reader: 'tlog' as const, name: n, bytes: file(join(F, n)).subarray(0, 12 * 1024) })),
];

const tmp = mkdtempSync(join(tmpdir(), 'watchpost-fuzz-readers-'));
let files = 0;
/** Mutated tlogs in which the readers found and reported damage (skipped bytes, a bad CRC, a cut-off tail). */
let tlogsDamaged = 0;

/** A sidecar and a settings.json as Watchpost writes them: seeds for the two formats no fixture has. */
beforeAll(async () => {
  const sidecar: FlightSidecar = {
    format: 'watchpost-flight', version: 1, tlog: '2026-12-03T13-59-10Z_demo.tlog', link_uri: 'tcp://127.0.0.1:5760',
    site_path: '/home/me/demo.site.geojson', patrol_path: '/home/me/demo.patrol.json', started_utc: '2026-12-03T13:59:10.000Z', ended_utc: '2026-12-03T14:10:00.000Z',
    vehicles: [{ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA' }],
    findings: [
      { id: 'f1', t_utc: '2026-12-03T14:01:00.000Z', post: 'P01', kind: 'staffed', lat_deg: 34.752, lon_deg: 113.748, sysid: 1 },
      { id: 'f2', t_utc: '2026-12-03T14:03:30.000Z', post: 'P05', kind: 'crowd', note: '东门 12 people', lat_deg: 34.7501, lon_deg: 113.7449, sysid: 1 },
      { id: 'f3', t_utc: '2026-12-03T14:05:00.000Z', post: 'P02', kind: 'absent', lat_deg: null, lon_deg: null, sysid: null },
    ],
  };
  const sidecarPath = join(tmp, 'seed.json');
  await writeSidecar(sidecarPath, sidecar);
  seeds.push({ reader: 'sidecar', name: 'seed.json', bytes: file(sidecarPath) });
  const dir = mkdtempSync(join(tmp, 'settings-seed-'));
  const store = new SettingsStore(dir);
  await store.load();
  await store.update({ language: 'zh-CN', coord_format: 'dms', last_site_path: '/home/me/demo.site.geojson', last_patrol_path: '/home/me/demo.patrol.json', recent_links: ['serial:///dev/ttyUSB0?baud=57600'] });
  seeds.push({ reader: 'settings', name: SETTINGS_FILE, bytes: file(join(dir, SETTINGS_FILE)) });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// ------------------------------------------------------------------------------------------------ mutations

type ByteMutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; n: number };

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const), at: fc.nat(),
    // Random bytes, or bytes that mean something to a reader: JSON and XML punctuation, tabs and line ends, start bytes.
    bytes: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 64 }),
      fc.array(fc.constantFrom(...Buffer.from('{}[]",:\t\n\r<>/&;!-0123456789eE.'), 0x00, 0xfd, 0xfe, 0xef, 0xbb, 0xbf), { minLength: 1, maxLength: 32 }).map((a) => Uint8Array.from(a))),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 64 }) }),
);

function applyBytes(bytes: Uint8Array, mutations: ByteMutation[]): Uint8Array {
  let b = Buffer.from(bytes);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % (b.length + (m.kind === 'insert' ? 1 : 0));
    if (m.kind === 'flip' && b.length > 0) b[at] ^= m.xor;
    else if (m.kind === 'cut') b = b.subarray(0, at);
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]);
  }
  return new Uint8Array(b);
}

type Path = (string | number)[];
/** Every member and element of a JSON document, as paths (at most `limit`, breadth first: the big sites are long). */
function pathsOf(doc: unknown, limit = 5_000): Path[] {
  const out: Path[] = [];
  const queue: [unknown, Path][] = [[doc, []]];
  for (let i = 0; i < queue.length && out.length < limit; i++) {
    const [v, p] = queue[i];
    if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const path = [...p, Array.isArray(v) ? Number(k) : k];
        out.push(path);
        queue.push([child, path]);
      }
    }
  }
  return out;
}

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

type Structural =
  | { kind: 'retype'; target: number; value: unknown }
  | { kind: 'huge'; target: number; text: string }
  | { kind: 'nest'; target: number; depth: number; objects: boolean }
  | { kind: 'duplicate'; target: number; value: unknown }
  | { kind: 'rename'; target: number; key: string };

const structural: fc.Arbitrary<Structural> = fc.oneof(
  fc.record({ kind: fc.constant('retype' as const), target: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({
    kind: fc.constant('huge' as const), target: fc.nat(),
    text: fc.constantFrom('1e400', '-1e400', '1e309', '1.7976931348623157e308', '-0', '9007199254740993', '1e-400', '123456789012345678901234567890', '4294967296', '-2147483649', '65536', '256'),
  }),
  fc.record({ kind: fc.constant('nest' as const), target: fc.nat(), depth: fc.integer({ min: 50, max: 20_000 }), objects: fc.boolean() }),
  fc.record({ kind: fc.constant('duplicate' as const), target: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  // A member renamed to a name JavaScript objects already have, or to nothing.
  fc.record({ kind: fc.constant('rename' as const), target: fc.nat(), key: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'length', '') }),
);

const MARK = '@@fuzz@@';

/** Empties `obj` and gives it `entries`, in order, as own members (assignment would take "__proto__" for the prototype). */
function refill(obj: Record<string, unknown>, entries: [string, unknown][]): void {
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * The document with the mutations applied in order, as text. What JSON.stringify cannot write — a huge number, deep
 * nesting, a key given twice, a key renamed "__proto__" — goes in as a placeholder and is put into the text last:
 * the text is never parsed again (JSON.parse would keep one of two equal keys, and 20,000 levels would overflow the
 * test's own JSON.stringify).
 */
function applyStructural(doc: unknown, mutations: Structural[]): string {
  const copy = structuredClone(doc);
  /** Placeholder (as JSON text) and what replaces it, in the order made. */
  const raws: [string, string][] = [];
  mutations.forEach((s, i) => {
    const paths = pathsOf(copy);
    if (paths.length === 0) return;
    const path = paths[s.target % paths.length];
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown>;
    const key = path[path.length - 1];
    const mark = `${MARK}${i}`;
    if (s.kind === 'retype') {
      // A value of another type than the one there: a string for a number, a list for an object, …
      const old = kindOf(parent[key]);
      const alternatives: unknown[] = [s.value, String(s.value), [s.value], { v: s.value }, 0, true, null];
      parent[key] = alternatives.find((a) => kindOf(a) !== old);
    } else if (s.kind === 'huge' || s.kind === 'nest') {
      parent[key] = mark;
      const raw = s.kind === 'huge' ? s.text
        : s.objects ? `${'{"a":'.repeat(s.depth)}1${'}'.repeat(s.depth)}` : `${'['.repeat(s.depth)}${']'.repeat(s.depth)}`;
      raws.push([JSON.stringify(mark), raw]);
    } else if (Array.isArray(parent)) {
      parent[key as number] = s.kind === 'duplicate' ? s.value : null; // an array has no keys to repeat or rename: its element is replaced
    } else if (s.kind === 'rename') {
      refill(parent, Object.entries(parent).map(([k, v]) => [k === key ? mark : k, v]));
      raws.push([JSON.stringify(mark), JSON.stringify(s.key)]);
    } else {
      // The same key twice: first a random value, then the real one.
      refill(parent, Object.entries(parent).flatMap(([k, v]): [string, unknown][] => (k === key ? [[mark, s.value], [k, v]] : [[k, v]])));
      raws.push([JSON.stringify(mark), JSON.stringify(key)]);
    }
  });
  let text = JSON.stringify(copy, null, 2);
  // Latest first: a later mutation may have repeated or renamed an earlier one's placeholder key.
  for (const [mark, raw] of raws.reverse()) text = text.replaceAll(mark, () => raw);
  return text;
}

/**
 * Keys given twice in one object, and keys named "__proto__", in JSON text, counted by a scan of its own (JSON.parse
 * keeps one of two equal keys): proof that these mutations reach the readers as text.
 */
function keyCensus(text: string): { twice: number; proto: number } {
  const open: (Set<string> | null)[] = [];
  let twice = 0;
  let proto = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') open.push(new Set());
    else if (c === '[') open.push(null);
    else if (c === '}' || c === ']') open.pop();
    else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      let k = j + 1;
      while (/\s/.test(text[k] ?? '')) k++;
      const keys = open[open.length - 1];
      if (text[k] === ':' && keys) {
        const name = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(name)) twice++;
        keys.add(name);
        if (name === '__proto__') proto++;
      }
      i = j;
    }
  }
  return { twice, proto };
}

/** XML markup a KML reader must take or refuse in words: entities, character references out of range, CDATA,
 *  comments, a DOCTYPE, names JavaScript objects already have, KML elements empty or holding text. */
const XML_SNIPPETS = [
  '&#x110000;', '&#99999999999;', '&#0;', '&#xD800;', '&#;', '&unknown;', '&amp;', '<![CDATA[x]]>', '<![CDATA[', '<?pi x?>', '<!-- c -->', '<!--',
  '<!DOCTYPE x>', '<!DOCTYPE kml [<!ENTITY a "&#x110000;">]>', '<a xmlns:__proto__="x"/>', '<b __proto__="1"/>', '<hasOwnProperty/>', '<toString>1</toString>',
  '<coordinates>1,2</coordinates>', '<Placemark/>', '<Placemark>x</Placemark>', '<Point/>', '<Point>1</Point>', '<Data name="kind"/>', '<Data/>',
  '<ExtendedData>1</ExtendedData>', '<value/>', '<Polygon><outerBoundaryIs/></Polygon>', '<MultiGeometry><Point/></MultiGeometry>', '<a:b:c/>', '</Document>',
];

/** `snippets` inserted right after the tags they name (the n-th ">" of the text, counted round). */
function insertXml(bytes: Uint8Array, snippets: { at: number; snippet: string }[]): Uint8Array {
  let t = Buffer.from(bytes).toString('utf8');
  for (const { at, snippet } of snippets) {
    const ends = [...t.matchAll(/>/g)].map((m) => m.index + 1);
    const i = ends.length === 0 ? 0 : ends[at % ends.length];
    t = t.slice(0, i) + snippet + t.slice(i);
  }
  return new Uint8Array(Buffer.from(t, 'utf8'));
}

// ------------------------------------------------------------------------------------------------ the readers

/** The reader's own error classes: anything else escaping a reader is a crash. */
const OWN: Partial<Record<Reader, new (...args: never[]) => Error>> = {
  plan: MissionFileError, waypoints: MissionFileError, site: SiteFileError, kml: SiteFileError, patrol: PatrolFileError, sidecar: SidecarError,
};

/**
 * Runs the seed's reader on `bytes` (a text reader gets them as its callers read files: UTF-8, bad bytes as U+FFFD).
 * Returns 'valid' or 'error' (the reader's own, naming the file); throws for anything else.
 */
async function read(reader: Reader, name: string, bytes: Uint8Array): Promise<'valid' | 'error'> {
  const text = (): string => Buffer.from(bytes).toString('utf8');
  const own = (err: unknown, named: string): 'error' => {
    const ctor = OWN[reader];
    if (!ctor || !(err instanceof ctor)) throw err;
    if (!err.message.includes(named)) throw new Error(`${reader}: the message does not name ${named}: ${err.message}`);
    return 'error';
  };
  switch (reader) {
    case 'plan':
    case 'waypoints':
      try {
        readMissionFile(text(), name);
        return 'valid';
      } catch (err) {
        return own(err, `${name}: `);
      }
    case 'site':
    case 'kml':
      try {
        readSiteFile(text(), name);
        return 'valid';
      } catch (err) {
        return own(err, `${name}: `);
      }
    case 'patrol':
      try {
        readPatrol(text(), name);
        return 'valid';
      } catch (err) {
        return own(err, `${name}: `);
      }
    case 'sidecar': {
      const path = join(tmp, `${files++}-${name}`);
      writeFileSync(path, bytes);
      try {
        await readSidecar(path);
        return 'valid';
      } catch (err) {
        return own(err, name);
      } finally {
        rmSync(path);
      }
    }
    case 'settings': {
      const dir = join(tmp, `settings-${files++}`);
      const path = join(dir, SETTINGS_FILE);
      mkdirSync(dir);
      writeFileSync(path, bytes);
      try {
        const loaded = await new SettingsStore(dir).load(); // never throws: a damaged file is a problem, and defaults
        for (const p of loaded.problems) expect(p.startsWith(`${path}: `), p).toBe(true);
        return loaded.problems.length === 0 ? 'valid' : 'error';
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    case 'tlog': {
      const path = join(tmp, `${files++}-${name}`);
      writeFileSync(path, bytes);
      try {
        const info = await tlogInfo(path);
        const index = await indexTlog(path, { chunkBytes: 4096 });
        const reader = readTlog(path, { chunkBytes: 1024 });
        let records = 0;
        for await (const _rec of reader) records++;
        // Three passes, three chunk sizes, one answer; every byte a record's, skipped, or the cut-off tail.
        expect([records, index.count, reader.stats.skippedBytes, index.stats.skippedBytes]).toEqual([info.records, info.records, info.skipped_bytes, info.skipped_bytes]);
        expect(info.bytes).toBe(bytes.length);
        expect(info.skipped_bytes + info.partial_tail_bytes).toBeLessThanOrEqual(info.bytes);
        if (info.skipped_bytes + info.partial_tail_bytes + info.bad_crc > 0) tlogsDamaged++;
        return 'valid';
      } finally {
        rmSync(path);
      }
    }
  }
}

/** read() bounded in time: rejects on a hang of an asynchronous reader, and fails one that took too long. */
async function boundedRead(reader: Reader, name: string, bytes: Uint8Array): Promise<'valid' | 'error'> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const got = await Promise.race([
      read(reader, name, bytes),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${reader} ${name}: no answer in ${READ_BOUND_MS} ms`)), READ_BOUND_MS);
      }),
    ]);
    const ms = performance.now() - t0;
    if (ms > READ_BOUND_MS) throw new Error(`${reader} ${name}: ${ms.toFixed(0)} ms`);
    return got;
  } finally {
    clearTimeout(timer);
  }
}

// ------------------------------------------------------------------------------------------------ the properties

const READERS: Reader[] = ['plan', 'waypoints', 'site', 'kml', 'patrol', 'sidecar', 'settings', 'tlog'];
const JSON_READERS: Reader[] = ['plan', 'site', 'patrol', 'sidecar', 'settings'];
/** Runs per reader and kind of mutation (the KML and the tlogs have byte mutations only). */
const RUNS = 300;

describe('the file readers under fuzzing', () => {
  it('every seed reads as valid unmutated (so a mutation is what any error comes from)', async () => {
    for (const r of READERS) expect(seeds.some((s) => s.reader === r), r).toBe(true);
    for (const s of seeds) expect(await boundedRead(s.reader, s.name, s.bytes), s.name).toBe('valid');
  });

  for (const reader of READERS) {
    it(`${reader}: bytes flipped, cut, inserted and deleted: a valid result or its own error naming the file`, async () => {
      const mine = seeds.filter((s) => s.reader === reader);
      const tally = { valid: 0, error: 0 };
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.array(byteMutation, { minLength: 1, maxLength: 4 }), async (pick, mutations) => {
          const seed = mine[pick % mine.length];
          tally[await boundedRead(reader, seed.name, applyBytes(seed.bytes, mutations))]++;
        }),
        { seed: SEED, numRuns: RUNS },
      );
      expect(tally.valid + tally.error).toBe(RUNS);
      // The mutations do reach the readers' checks (a tlog reader never refuses a file: it reports the damage).
      if (reader === 'tlog') expect(tlogsDamaged).toBeGreaterThan(RUNS / 2);
      else expect(tally.error).toBeGreaterThan(0);
    });
  }

  it('kml: XML markup inserted after a tag: a valid result or its own error naming the file', async () => {
    const mine = seeds.filter((s) => s.reader === 'kml');
    const tally = { valid: 0, error: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(fc.record({ at: fc.nat(), snippet: fc.constantFrom(...XML_SNIPPETS) }), { minLength: 1, maxLength: 3 }), async (pick, snippets) => {
        const seed = mine[pick % mine.length];
        tally[await boundedRead('kml', seed.name, insertXml(seed.bytes, snippets))]++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(tally.valid).toBeGreaterThan(0);
    expect(tally.error).toBeGreaterThan(0);
  });

  for (const reader of JSON_READERS) {
    it(`${reader}: a member retyped, a huge number, deep nesting, a key twice: a valid result or its own error naming the file`, async () => {
      // A seed's own keys given twice (one OSM export has some) are not counted as the mutations'.
      const mine = seeds.filter((s) => s.reader === reader)
        .map((s) => ({ ...s, doc: JSON.parse(Buffer.from(s.bytes).toString('utf8')) as unknown, census: keyCensus(Buffer.from(s.bytes).toString('utf8')) }));
      const tally = { valid: 0, error: 0, twice: 0, proto: 0 };
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.array(structural, { minLength: 1, maxLength: 3 }), async (pick, mutations) => {
          const seed = mine[pick % mine.length];
          const text = applyStructural(seed.doc, mutations);
          const census = keyCensus(text);
          if (census.twice > seed.census.twice) tally.twice++;
          if (census.proto > seed.census.proto) tally.proto++;
          tally[await boundedRead(reader, seed.name, new Uint8Array(Buffer.from(text, 'utf8')))]++;
        }),
        { seed: SEED, numRuns: RUNS },
      );
      expect(tally.valid + tally.error).toBe(RUNS);
      expect(tally.error).toBeGreaterThan(0);
      // The keys given twice and the keys renamed "__proto__" are in the text the reader got (not parsed away).
      expect(tally.twice).toBeGreaterThan(RUNS / 20);
      expect(tally.proto).toBeGreaterThan(0);
    });
  }
});
