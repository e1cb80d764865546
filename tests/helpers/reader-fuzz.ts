// What the two fuzzing runs of the file readers share (issue 13, point 2): tests/unit/fuzz-readers.test.ts (fast-check,
// bounded, in CI) and bench/fuzz-readers.ts (a seeded long run). The seeds, the reader dispatch with its error-class
// table, the JSON key census, the JSON and XML building blocks of the mutations. No vitest here: the bench runs outside
// it, so a check that fails throws an Error.
// Seeds: the .plan and QGC WPL 110 files, the site GeoJSON and KML of tests/fixtures (SOURCES.md), the demo site and
// patrol of assets/demo, the three fixture tlogs (their first 12 KiB), the bad-file corpus's valid KML (the real one
// is a bare polygon), and a sidecar and a settings.json written by Watchpost's own writers (no fixture has one).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MissionFileError } from '../../patrol/formats/errors';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { readSiteFile } from '../../patrol/site/read-site-file';
import { SiteFileError } from '../../patrol/site/site-errors';
import { PatrolFileError, readPatrol } from '../../patrol/patrol/read-patrol';
import { readSidecar, SidecarError, writeSidecar, type FlightSidecar } from '../../electron/services/flight-sidecar';
import { SettingsStore, SETTINGS_FILE } from '../../electron/services/settings-store';
import { tlogInfo, type TlogInfo } from '../../mavlink/tlog/info';
import { indexTlog } from '../../mavlink/tlog/indexer';
import { readTlog } from '../../mavlink/tlog/reader';

export type Reader = 'plan' | 'waypoints' | 'site' | 'kml' | 'patrol' | 'sidecar' | 'settings' | 'tlog';
export const READERS: Reader[] = ['plan', 'waypoints', 'site', 'kml', 'patrol', 'sidecar', 'settings', 'tlog'];
export const JSON_READERS: Reader[] = ['plan', 'site', 'patrol', 'sidecar', 'settings'];

export interface Seed {
  reader: Reader;
  /** The file name the reader is given (and must name in its error). */
  name: string;
  bytes: Buffer;
}

// ------------------------------------------------------------------------------------------------ the seeds

const F = join('tests', 'fixtures');

/**
 * Every seed, per reader in a fixed order: the fixtures, then a sidecar and a settings.json written by Watchpost's
 * own writers into `tmp` (the seeds for the two formats no fixture has).
 */
export async function loadSeeds(tmp: string): Promise<Seed[]> {
  const seeds: Seed[] = [
    ...['mavsdk_qgroundcontrol_sample.plan', 'mavsdk_qgroundcontrol_sample_with_survey.plan', 'mavsdk_qgroundcontrol_sample_with_structured_scan.plan',
      'mavsdk_qgroundcontrol_sample_with_digicam_control.plan', 'px4_multicopter_mission_geofence_avoid.plan']
      .map((n) => ({ reader: 'plan' as const, name: n, bytes: readFileSync(join(F, 'plan', n)) })),
    ...['dronekit_mpmission.txt', 'mavsdk_mission_planner_sample.txt', 'qgc_MissionPlanner.waypoints']
      .map((n) => ({ reader: 'waypoints' as const, name: n, bytes: readFileSync(join(F, 'waypoints', n)) })),
    ...['ctrlw_osm4vr_berlin_building_parts.geojson', 'feld_heilbronn_planned_buildings.geojson', 'giswqs_knoxville_osm_buildings.geojson']
      .map((n) => ({ reader: 'site' as const, name: n, bytes: readFileSync(join(F, 'geo', n)) })),
    { reader: 'site', name: 'demo.site.geojson', bytes: readFileSync(join('assets', 'demo', 'demo.site.geojson')) },
    { reader: 'kml', name: 'qgc_PolygonGood.kml', bytes: readFileSync(join(F, 'kml', 'qgc_PolygonGood.kml')) },
    // The only real KML is one bare polygon: the corpus's valid KML (a building and a post with ExtendedData) too.
    { reader: 'kml', name: 'bom-utf8-valid.kml', bytes: readFileSync(join(F, 'bad', 'kml', 'bom-utf8-valid.kml')) },
    { reader: 'patrol', name: 'demo.patrol.json', bytes: readFileSync(join('assets', 'demo', 'demo.patrol.json')) },
    ...['dronekit_flight_replay_flight.tlog', 'mavometer_px4_test.tlog', 'ardusub_log_tools_small.tlog']
      .map((n) => ({ reader: 'tlog' as const, name: n, bytes: readFileSync(join(F, n)).subarray(0, 12 * 1024) })),
  ];
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
  seeds.push({ reader: 'sidecar', name: 'seed.json', bytes: readFileSync(sidecarPath) });
  const dir = mkdtempSync(join(tmp, 'settings-seed-'));
  const store = new SettingsStore(dir);
  await store.load();
  await store.update({ language: 'zh-CN', coord_format: 'dms', last_site_path: '/home/me/demo.site.geojson', last_patrol_path: '/home/me/demo.patrol.json', recent_links: ['serial:///dev/ttyUSB0?baud=57600'] });
  seeds.push({ reader: 'settings', name: SETTINGS_FILE, bytes: readFileSync(join(dir, SETTINGS_FILE)) });
  return seeds;
}

/** A JSON seed with its document, and the census of its own text (one OSM export has keys twice of its own). */
export function withDoc<S extends Seed>(seed: S): S & { doc: unknown; census: KeyCensus } {
  const text = seed.bytes.toString('utf8');
  return { ...seed, doc: JSON.parse(text) as unknown, census: keyCensus(text) };
}

// ------------------------------------------------------------------------------------------------ mutation parts

/** Bytes that mean something to a reader: JSON and XML punctuation, tabs and line ends, start bytes. */
export const MEANINGFUL = [...Buffer.from('{}[]",:\t\n\r<>/&;!-0123456789eE.'), 0x00, 0xfd, 0xfe, 0xef, 0xbb, 0xbf];

/** Numbers a JSON reader must take or refuse in words: out of range, past 2^53, at the edges of integer types. */
export const HUGE = ['1e400', '-1e400', '1e309', '1.7976931348623157e308', '-0', '9007199254740993', '1e-400', '123456789012345678901234567890', '4294967296', '-2147483649', '65536', '256'];

/** What a member is renamed to: a name JavaScript objects already have, or nothing. */
export const RENAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'length', ''];

/** `depth` levels of nesting, as JSON text: objects (`{"a":…}` around a 1) or arrays. */
export const nested = (depth: number, objects: boolean): string =>
  (objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`);

/** The placeholder a mutation puts into a document for what JSON.stringify cannot write (numbered per mutation). */
export const MARK = '@@fuzz@@';

export type Path = (string | number)[];

/** Every member and element of a JSON document, as paths (at most `limit`, breadth first: the big sites are long). */
export function pathsOf(doc: unknown, limit = 5_000): Path[] {
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

export const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Empties `obj` and gives it `entries`, in order, as own members (assignment would take "__proto__" for the prototype). */
export function refill(obj: Record<string, unknown>, entries: [string, unknown][]): void {
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** The member `key` of `obj` given twice: first as `mark` holding `value`, then the real one (`mark` is later replaced by the key). */
export function repeatKey(obj: Record<string, unknown>, key: string, mark: string, value: unknown): void {
  refill(obj, Object.entries(obj).flatMap(([k, v]): [string, unknown][] => (k === key ? [[mark, value], [k, v]] : [[k, v]])));
}

/** The member `key` of `obj` renamed `mark` (later replaced by the new name), in its place. */
export function renameKey(obj: Record<string, unknown>, key: string, mark: string): void {
  refill(obj, Object.entries(obj).map(([k, v]) => [k === key ? mark : k, v]));
}

/**
 * `doc` as JSON text with each placeholder (as JSON text) replaced by its raw text. Latest first: a later mutation may
 * have repeated or renamed an earlier one's placeholder key. The text is never parsed again.
 */
export function fillIn(doc: unknown, raws: [string, string][]): string {
  let text = JSON.stringify(doc, null, 2);
  for (const [mark, raw] of [...raws].reverse()) text = text.replaceAll(mark, () => raw);
  return text;
}

export interface KeyCensus {
  twice: number;
  proto: number;
}

/**
 * Keys given twice in one object, and keys named "__proto__", in JSON text, counted by a scan of its own (JSON.parse
 * keeps one of two equal keys): proof that these mutations reach the readers as text.
 */
export function keyCensus(text: string): KeyCensus {
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
export const XML_SNIPPETS = [
  '&#x110000;', '&#99999999999;', '&#0;', '&#xD800;', '&#;', '&unknown;', '&amp;', '<![CDATA[x]]>', '<![CDATA[', '<?pi x?>', '<!-- c -->', '<!--',
  '<!DOCTYPE x>', '<!DOCTYPE kml [<!ENTITY a "&#x110000;">]>', '<a xmlns:__proto__="x"/>', '<b __proto__="1"/>', '<hasOwnProperty/>', '<toString>1</toString>',
  '<coordinates>1,2</coordinates>', '<Placemark/>', '<Placemark>x</Placemark>', '<Point/>', '<Point>1</Point>', '<Data name="kind"/>', '<Data/>',
  '<ExtendedData>1</ExtendedData>', '<value/>', '<Polygon><outerBoundaryIs/></Polygon>', '<MultiGeometry><Point/></MultiGeometry>', '<a:b:c/>', '</Document>',
];

/** Where markup can go in XML text: right after each tag (the index after each ">"). */
export const tagEnds = (text: string): number[] => [...text.matchAll(/>/g)].map((m) => m.index + 1);

// ------------------------------------------------------------------------------------------------ the readers

/** The reader's own error classes: anything else escaping a reader is a crash. */
export const OWN: Partial<Record<Reader, new (...args: never[]) => Error>> = {
  plan: MissionFileError, waypoints: MissionFileError, site: SiteFileError, kml: SiteFileError, patrol: PatrolFileError, sidecar: SidecarError,
};

export interface Reading {
  /** A valid result, or the reader's own error naming the file (for the settings store: a problem naming it). */
  result: 'valid' | 'error';
  /** A tlog's info, on which the three tlog readers agreed (the damage they found: skipped bytes, bad CRCs, a cut-off tail). */
  tlog?: TlogInfo;
}

/**
 * The reader dispatch, its files written into `tmp`: runs a reader on `bytes` (a text reader gets them as its callers
 * read files: UTF-8, bad bytes as U+FFFD; the sidecar, settings and tlog readers get a file). Resolves to a valid
 * result or the reader's own error naming the file; throws anything else, and an Error if the own error does not name
 * the file, a settings problem does not, or the three tlog readers (three chunk sizes) disagree.
 */
export function makeRead(tmp: string): (reader: Reader, name: string, bytes: Uint8Array) => Promise<Reading> {
  let files = 0;
  return async (reader, name, bytes) => {
    const text = (): string => Buffer.from(bytes).toString('utf8');
    const own = (err: unknown, named: string): Reading => {
      const ctor = OWN[reader];
      if (!ctor || !(err instanceof ctor)) throw err;
      if (!err.message.includes(named)) throw new Error(`the message does not name ${named}: ${err.message.slice(0, 200)}`);
      return { result: 'error' };
    };
    switch (reader) {
      case 'plan':
      case 'waypoints':
        try {
          readMissionFile(text(), name);
          return { result: 'valid' };
        } catch (err) {
          return own(err, `${name}: `);
        }
      case 'site':
      case 'kml':
        try {
          readSiteFile(text(), name);
          return { result: 'valid' };
        } catch (err) {
          return own(err, `${name}: `);
        }
      case 'patrol':
        try {
          readPatrol(text(), name);
          return { result: 'valid' };
        } catch (err) {
          return own(err, `${name}: `);
        }
      case 'sidecar': {
        const path = join(tmp, `${files++}-${name}`);
        writeFileSync(path, bytes);
        try {
          await readSidecar(path);
          return { result: 'valid' };
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
          for (const p of loaded.problems) if (!p.startsWith(`${path}: `)) throw new Error(`a settings problem that does not name the file: ${p.slice(0, 200)}`);
          return { result: loaded.problems.length === 0 ? 'valid' : 'error' };
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
          const r = readTlog(path, { chunkBytes: 1024 });
          let records = 0;
          for await (const _rec of r) records++;
          // Three passes, three chunk sizes, one answer.
          if (records !== info.records || index.count !== info.records || r.stats.skippedBytes !== info.skipped_bytes || index.stats.skippedBytes !== info.skipped_bytes || info.bytes !== bytes.length) {
            throw new Error(`the tlog readers disagree: info ${info.records}/${info.skipped_bytes}, reader ${records}/${r.stats.skippedBytes}, index ${index.count}/${index.stats.skippedBytes}`);
          }
          return { result: 'valid', tlog: info };
        } finally {
          rmSync(path);
        }
      }
    }
  };
}
