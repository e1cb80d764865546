// `npm run bench:fuzz-readers`: the long fuzzing run of every file reader (issue 13, point 2; the bounded, seeded
// fast-check version that runs in CI is tests/unit/fuzz-readers.test.ts). Mutations of the real fixtures — the
// .plan and QGC WPL 110 files, the site GeoJSON and KML of tests/fixtures, the demo site and patrol, the first
// 12 KiB of the three fixture tlogs, the bad-file corpus's valid KML, and a sidecar and a settings.json written by
// Watchpost's own writers — from a seeded generator: bytes flipped, the file cut, runs of bytes inserted or deleted,
// XML markup inserted into the KML, and for the JSON formats a member retyped, a huge number, deep nesting (to
// 20,000 levels), a key given twice or renamed (__proto__, constructor, …).
// Each read must end in a valid result or the reader's own error naming the file; anything else is counted as an
// exception (and the first few are printed). Prints a table per reader — mutations, valid results, clear errors,
// exceptions, the slowest read, heap before and after — and writes it into bench/FUZZ-RESULTS.md (its own section,
// the rest of the file kept). Options: --mutations N (default 120,000, spread evenly over the readers), --seed N.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissionFileError } from '../patrol/formats/errors';
import { readMissionFile } from '../patrol/formats/mission-file';
import { readSiteFile } from '../patrol/site/read-site-file';
import { SiteFileError } from '../patrol/site/site-errors';
import { PatrolFileError, readPatrol } from '../patrol/patrol/read-patrol';
import { readSidecar, SidecarError, writeSidecar } from '../electron/services/flight-sidecar';
import { SettingsStore, SETTINGS_FILE } from '../electron/services/settings-store';
import { tlogInfo } from '../mavlink/tlog/info';
import { indexTlog } from '../mavlink/tlog/indexer';
import { readTlog } from '../mavlink/tlog/reader';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const TOTAL = opt('--mutations', 120_000);
const SEED = opt('--seed', 1);
let state = SEED >>> 0 || 1;
/** xorshift32: the same run for the same seed. */
const rand = (): number => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(a: readonly T[]): T => a[int(a.length)];

type Reader = 'plan' | 'waypoints' | 'site' | 'kml' | 'patrol' | 'sidecar' | 'settings' | 'tlog';
const READERS: Reader[] = ['plan', 'waypoints', 'site', 'kml', 'patrol', 'sidecar', 'settings', 'tlog'];
const JSON_READERS = new Set<Reader>(['plan', 'site', 'patrol', 'sidecar', 'settings']);
interface Seed { name: string; bytes: Buffer; doc?: unknown; twice?: number }

const tmp = mkdtempSync(join(tmpdir(), 'watchpost-bench-fuzz-readers-'));
const F = 'tests/fixtures';
const seeds: Record<Reader, Seed[]> = {
  plan: ['mavsdk_qgroundcontrol_sample.plan', 'mavsdk_qgroundcontrol_sample_with_survey.plan', 'mavsdk_qgroundcontrol_sample_with_structured_scan.plan',
    'mavsdk_qgroundcontrol_sample_with_digicam_control.plan', 'px4_multicopter_mission_geofence_avoid.plan'].map((n) => ({ name: n, bytes: readFileSync(`${F}/plan/${n}`) })),
  waypoints: ['dronekit_mpmission.txt', 'mavsdk_mission_planner_sample.txt', 'qgc_MissionPlanner.waypoints'].map((n) => ({ name: n, bytes: readFileSync(`${F}/waypoints/${n}`) })),
  site: [...['ctrlw_osm4vr_berlin_building_parts.geojson', 'feld_heilbronn_planned_buildings.geojson', 'giswqs_knoxville_osm_buildings.geojson'].map((n) => ({ name: n, bytes: readFileSync(`${F}/geo/${n}`) })),
    { name: 'demo.site.geojson', bytes: readFileSync('assets/demo/demo.site.geojson') }],
  kml: [{ name: 'qgc_PolygonGood.kml', bytes: readFileSync(`${F}/kml/qgc_PolygonGood.kml`) }, { name: 'bom-utf8-valid.kml', bytes: readFileSync(`${F}/bad/kml/bom-utf8-valid.kml`) }],
  patrol: [{ name: 'demo.patrol.json', bytes: readFileSync('assets/demo/demo.patrol.json') }],
  sidecar: [],
  settings: [],
  tlog: ['dronekit_flight_replay_flight.tlog', 'mavometer_px4_test.tlog', 'ardusub_log_tools_small.tlog'].map((n) => ({ name: n, bytes: readFileSync(`${F}/${n}`).subarray(0, 12 * 1024) })),
};
{
  const path = join(tmp, 'seed.json');
  await writeSidecar(path, {
    format: 'watchpost-flight', version: 1, tlog: '2026-12-03T13-59-10Z_demo.tlog', link_uri: 'tcp://127.0.0.1:5760',
    site_path: '/home/me/demo.site.geojson', patrol_path: '/home/me/demo.patrol.json', started_utc: '2026-12-03T13:59:10.000Z', ended_utc: '2026-12-03T14:10:00.000Z',
    vehicles: [{ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA' }],
    findings: [
      { id: 'f1', t_utc: '2026-12-03T14:01:00.000Z', post: 'P01', kind: 'staffed', lat_deg: 34.752, lon_deg: 113.748, sysid: 1 },
      { id: 'f2', t_utc: '2026-12-03T14:03:30.000Z', post: 'P05', kind: 'crowd', note: '东门 12 people', lat_deg: 34.7501, lon_deg: 113.7449, sysid: 1 },
      { id: 'f3', t_utc: '2026-12-03T14:05:00.000Z', post: 'P02', kind: 'absent', lat_deg: null, lon_deg: null, sysid: null },
    ],
  });
  seeds.sidecar.push({ name: 'seed.json', bytes: readFileSync(path) });
  const dir = mkdtempSync(join(tmp, 'settings-seed-'));
  const store = new SettingsStore(dir);
  await store.load();
  await store.update({ language: 'zh-CN', coord_format: 'dms', last_site_path: '/home/me/demo.site.geojson', last_patrol_path: '/home/me/demo.patrol.json', recent_links: ['serial:///dev/ttyUSB0?baud=57600'] });
  seeds.settings.push({ name: SETTINGS_FILE, bytes: readFileSync(join(dir, SETTINGS_FILE)) });
}
for (const r of JSON_READERS) {
  for (const s of seeds[r]) {
    s.doc = JSON.parse(s.bytes.toString('utf8')) as unknown;
    s.twice = keysTwice(s.bytes.toString('utf8')); // one OSM export has keys twice of its own
  }
}

// ------------------------------------------------------------------------------------------------ mutations

const MEANINGFUL = [...Buffer.from('{}[]",:\t\n\r<>/&;!-0123456789eE.'), 0x00, 0xfd, 0xfe, 0xef, 0xbb, 0xbf];

function mutateBytes(bytes: Buffer): Buffer {
  let b = bytes;
  for (let n = 1 + int(4); n > 0; n--) {
    const at = int(b.length + 1);
    switch (int(4)) {
      case 0:
        if (b.length > 0) {
          b = Buffer.from(b);
          b[Math.min(at, b.length - 1)] ^= 1 + int(255);
        }
        break;
      case 1:
        b = b.subarray(0, at);
        break;
      case 2: {
        const run = Buffer.alloc(1 + int(64));
        const meaningful = rand() < 0.5;
        for (let i = 0; i < run.length; i++) run[i] = meaningful ? pick(MEANINGFUL) : int(256);
        b = Buffer.concat([b.subarray(0, at), run, b.subarray(at)]);
        break;
      }
      default:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(64))]);
    }
  }
  return b;
}

type Path = (string | number)[];
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
function randomJson(depth = 0): unknown {
  switch (int(depth > 2 ? 5 : 7)) {
    case 0: return null;
    case 1: return rand() < 0.5;
    case 2: return pick([0, -1, 1.5, 1e6, -273.15, 255, 65535, 2 ** 31]);
    case 3: return pick(['', 'x', 'P01', 'B04', 'facade', 'staffed', '2026-12-03T14:01:00Z', '08:00', 'zh-CN', '中文', 'a'.repeat(300)]);
    case 4: return 1 + int(3);
    case 5: return Array.from({ length: int(4) }, () => randomJson(depth + 1));
    default: return Object.fromEntries(Array.from({ length: int(4) }, (_, i) => [pick(['kind', 'id', 'type', 'name', 'version', `k${i}`]), randomJson(depth + 1)]));
  }
}
const HUGE = ['1e400', '-1e400', '1e309', '1.7976931348623157e308', '-0', '9007199254740993', '1e-400', '123456789012345678901234567890', '4294967296', '-2147483649', '65536', '256'];
const MARK = '@@fuzz@@';

/** Empties `obj` and gives it `entries`, in order, as own members (assignment would take "__proto__" for the prototype). */
function refill(obj: Record<string, unknown>, entries: [string, unknown][]): void {
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * Keys given twice in one object in JSON text, counted by a scan of its own (JSON.parse keeps one of two equal keys):
 * proof that the mutation reaches the reader (as tests/unit/fuzz-readers.test.ts).
 */
function keysTwice(text: string): number {
  const open: (Set<string> | null)[] = [];
  let twice = 0;
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
      }
      i = j;
    }
  }
  return twice;
}

/**
 * One structural mutation of a JSON document, as text: retype, huge number, deep nesting, a key twice or renamed.
 * All but the retype go in as placeholders put into the text at the end (each its own: every key given twice or
 * renamed reaches the reader); the text is never parsed again (JSON.parse would keep one of two equal keys).
 */
function mutateJson(doc: unknown): Buffer {
  const copy = structuredClone(doc);
  const paths = pathsOf(copy);
  /** Placeholder (as JSON text) and what replaces it, in the order made. */
  const raws: [string, string][] = [];
  const text = (): Buffer => {
    let t = JSON.stringify(copy, null, 2);
    // Latest first: a later mutation may have repeated or renamed an earlier one's placeholder key.
    for (const [mark, raw] of raws.reverse()) t = t.replaceAll(mark, () => raw);
    return Buffer.from(t);
  };
  // Up to two retypes or repeated keys, then maybe one huge number or deep nesting (written as raw text).
  for (let n = int(3); n >= 0; n--) {
    const path = pick(paths);
    // A path an earlier mutation replaced leads nowhere: undefined, passed along.
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), copy) as Record<string | number, unknown> | undefined;
    if (parent === null || typeof parent !== 'object') continue;
    const key = path[path.length - 1];
    const mark = `${MARK}${n}`;
    const op = n === 0 ? int(5) : int(3);
    if (op === 0) {
      const old = kindOf(parent[key]);
      let v = randomJson();
      for (let tries = 0; kindOf(v) === old && tries < 10; tries++) v = randomJson();
      parent[key] = v;
    } else if (op === 1 && !Array.isArray(parent) && typeof key === 'string' && Object.hasOwn(parent, key)) {
      // The same key twice: first a random value, then the real one.
      refill(parent, Object.entries(parent).flatMap(([k, v]): [string, unknown][] => (k === key ? [[mark, randomJson()], [k, v]] : [[k, v]])));
      raws.push([JSON.stringify(mark), JSON.stringify(key)]);
    } else if (op === 2 && !Array.isArray(parent) && typeof key === 'string') {
      // Renamed to a name JavaScript objects already have, or to nothing.
      refill(parent, Object.entries(parent).map(([k, v]) => [k === key ? mark : k, v]));
      raws.push([JSON.stringify(mark), JSON.stringify(pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'length', '']))]);
    } else if (op === 3) {
      parent[key] = mark;
      raws.push([JSON.stringify(mark), pick(HUGE)]);
      return text();
    } else if (op === 4) {
      parent[key] = mark;
      const d = 50 + int(20_000);
      raws.push([JSON.stringify(mark), rand() < 0.5 ? `${'{"a":'.repeat(d)}1${'}'.repeat(d)}` : `${'['.repeat(d)}${']'.repeat(d)}`]);
      return text();
    }
  }
  return text();
}

/** XML markup inserted into the KML after a tag (as tests/unit/fuzz-readers.test.ts). */
const XML_SNIPPETS = [
  '&#x110000;', '&#99999999999;', '&#0;', '&#xD800;', '&#;', '&unknown;', '&amp;', '<![CDATA[x]]>', '<![CDATA[', '<?pi x?>', '<!-- c -->', '<!--',
  '<!DOCTYPE x>', '<!DOCTYPE kml [<!ENTITY a "&#x110000;">]>', '<a xmlns:__proto__="x"/>', '<b __proto__="1"/>', '<hasOwnProperty/>', '<toString>1</toString>',
  '<coordinates>1,2</coordinates>', '<Placemark/>', '<Placemark>x</Placemark>', '<Point/>', '<Point>1</Point>', '<Data name="kind"/>', '<Data/>',
  '<ExtendedData>1</ExtendedData>', '<value/>', '<Polygon><outerBoundaryIs/></Polygon>', '<MultiGeometry><Point/></MultiGeometry>', '<a:b:c/>', '</Document>',
];
function mutateXml(bytes: Buffer): Buffer {
  let t = bytes.toString('utf8');
  for (let n = 1 + int(3); n > 0; n--) {
    const ends = [...t.matchAll(/>/g)].map((m) => m.index + 1);
    const i = ends.length === 0 ? 0 : pick(ends);
    t = t.slice(0, i) + pick(XML_SNIPPETS) + t.slice(i);
  }
  return Buffer.from(t, 'utf8');
}

// ------------------------------------------------------------------------------------------------ the readers

const OWN: Partial<Record<Reader, new (...a: never[]) => Error>> = {
  plan: MissionFileError, waypoints: MissionFileError, site: SiteFileError, kml: SiteFileError, patrol: PatrolFileError, sidecar: SidecarError,
};
let files = 0;

/** 'valid' or 'error' (the reader's own, naming the file); throws anything else. */
async function read(reader: Reader, name: string, bytes: Buffer): Promise<'valid' | 'error'> {
  const own = (err: unknown, named: string): 'error' => {
    const ctor = OWN[reader];
    if (!ctor || !(err instanceof ctor)) throw err;
    if (!err.message.includes(named)) throw new Error(`the message does not name ${named}: ${err.message.slice(0, 200)}`);
    return 'error';
  };
  const text = bytes.toString('utf8');
  try {
    if (reader === 'plan' || reader === 'waypoints') readMissionFile(text, name);
    else if (reader === 'site' || reader === 'kml') readSiteFile(text, name);
    else if (reader === 'patrol') readPatrol(text, name);
    if (OWN[reader] && reader !== 'sidecar') return 'valid';
  } catch (err) {
    return own(err, `${name}: `);
  }
  if (reader === 'sidecar') {
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
  if (reader === 'settings') {
    const dir = join(tmp, `settings-${files++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, SETTINGS_FILE), bytes);
    try {
      const loaded = await new SettingsStore(dir).load();
      for (const p of loaded.problems) if (!p.startsWith(`${join(dir, SETTINGS_FILE)}: `)) throw new Error(`a settings problem that does not name the file: ${p.slice(0, 200)}`);
      return loaded.problems.length === 0 ? 'valid' : 'error';
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // tlog: three readers, three chunk sizes, one answer.
  const path = join(tmp, `${files++}-${name}`);
  writeFileSync(path, bytes);
  try {
    const info = await tlogInfo(path);
    const index = await indexTlog(path, { chunkBytes: 4096 });
    const r = readTlog(path, { chunkBytes: 1024 });
    let records = 0;
    for await (const _rec of r) records++;
    if (records !== info.records || index.count !== info.records || r.stats.skippedBytes !== info.skipped_bytes || index.stats.skippedBytes !== info.skipped_bytes || info.bytes !== bytes.length) {
      throw new Error(`the tlog readers disagree: info ${info.records}/${info.skipped_bytes}, reader ${records}/${r.stats.skippedBytes}, index ${index.count}/${index.stats.skippedBytes}`);
    }
    return 'valid';
  } finally {
    rmSync(path);
  }
}

// ------------------------------------------------------------------------------------------------ the run

/** keys_twice: JSON texts handed to the reader with more keys given twice than the seed has (the mutation got through). */
interface Row { mutations: number; valid: number; errors: number; exceptions: number; keys_twice: number; worst_ms: number; heapBefore_MB: number; heapAfter_MB: number }
const heap = (): number => process.memoryUsage().heapUsed / 1e6;
const rows = new Map<Reader, Row>();
const firstExceptions: string[] = [];
const perReader = Math.ceil(TOTAL / READERS.length);
const t0 = performance.now();
for (const reader of READERS) {
  global.gc?.();
  const row: Row = { mutations: 0, valid: 0, errors: 0, exceptions: 0, keys_twice: 0, worst_ms: 0, heapBefore_MB: heap(), heapAfter_MB: 0 };
  for (let n = 0; n < perReader; n++) {
    const seed = pick(seeds[reader]);
    const structural = rand() < 0.5;
    const bytes = structural && seed.doc !== undefined ? mutateJson(seed.doc) : structural && reader === 'kml' ? mutateXml(seed.bytes) : mutateBytes(seed.bytes);
    if (structural && seed.doc !== undefined && keysTwice(bytes.toString('utf8')) > (seed.twice ?? 0)) row.keys_twice++;
    const t = performance.now();
    try {
      row[(await read(reader, seed.name, bytes)) === 'valid' ? 'valid' : 'errors']++;
    } catch (err) {
      row.exceptions++;
      if (firstExceptions.length < 10) {
        const keep = join('bench', 'out', `fuzz-readers-exception-${firstExceptions.length}-${seed.name}`);
        mkdirSync(join('bench', 'out'), { recursive: true });
        writeFileSync(keep, bytes);
        firstExceptions.push(`${reader} (${seed.name}, kept as ${keep}): ${(err as Error).name}: ${(err as Error).message.slice(0, 300)}`);
      }
    }
    row.worst_ms = Math.max(row.worst_ms, performance.now() - t);
    row.mutations++;
  }
  global.gc?.();
  row.heapAfter_MB = heap();
  rows.set(reader, row);
  process.stderr.write(`${reader}: ${row.mutations} mutations, ${row.exceptions} exceptions\n`);
}
const seconds = (performance.now() - t0) / 1000;
rmSync(tmp, { recursive: true, force: true });

const total = [...rows.values()];
const sum = (k: keyof Row): number => total.reduce((n, r) => n + r[k], 0);
const fmt = (n: number): string => n.toLocaleString('en');
const exceptions = sum('exceptions');
const worst = Math.max(...total.map((r) => r.worst_ms));
const ok = exceptions === 0 && worst < 5_000 && [...rows].every(([reader, r]) => !JSON_READERS.has(reader) || r.keys_twice > 0);
const table = [
  `File reader fuzzing, seed ${SEED}, ${new Date().toISOString().slice(0, 10)} (node ${process.version}), ${seconds.toFixed(0)} s:`,
  '',
  '| reader | mutations | valid results | clear errors | exceptions | keys twice | worst ms | heap before / after |',
  '|---|---|---|---|---|---|---|---|',
  ...[...rows].map(([reader, r]) => `| ${reader} | ${fmt(r.mutations)} | ${fmt(r.valid)} | ${fmt(r.errors)} | ${r.exceptions} | ${JSON_READERS.has(reader) ? fmt(r.keys_twice) : '-'} | ${r.worst_ms.toFixed(1)} | ${r.heapBefore_MB.toFixed(0)} / ${r.heapAfter_MB.toFixed(0)} MB |`),
  `| all | ${fmt(sum('mutations'))} | ${fmt(sum('valid'))} | ${fmt(sum('errors'))} | ${exceptions} | ${fmt(sum('keys_twice'))} | ${worst.toFixed(1)} | |`,
  '',
  'Targets: 0 exceptions (a read ends in a valid result or the reader\'s own error naming the file), no read near 5 s (no hang), heap flat;',
  'keys twice: JSON texts read with a key given twice by a mutation (counted in the text: JSON.parse would keep one), more than 0 for every JSON reader.',
  ...(firstExceptions.length > 0 ? ['', 'First exceptions:', '', ...firstExceptions.map((e) => `- ${e}`)] : []),
  '',
  ok ? 'All targets met.' : 'TARGETS MISSED.',
].join('\n');
process.stdout.write(`${table}\n`);

// Its own section of bench/FUZZ-RESULTS.md, replaced on each full run; the frame scanner's section is kept.
if (TOTAL >= 100_000) {
  const RESULTS = 'bench/FUZZ-RESULTS.md';
  const HEADING = '## File readers (`npm run bench:fuzz-readers`)';
  const before = readFileSync(RESULTS, 'utf8');
  const at = before.indexOf(HEADING);
  const kept = (at >= 0 ? before.slice(0, at) : before).trimEnd();
  writeFileSync(RESULTS, `${kept}\n\n${HEADING}\n\n${table}\n`);
}
process.exit(ok ? 0 : 1);
