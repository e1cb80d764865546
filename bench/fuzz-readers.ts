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
// The seeds, the reader dispatch and the mutations' parts are shared with the test: tests/helpers/reader-fuzz.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fillIn, HUGE, JSON_READERS as JSON_READER_LIST, keyCensus, kindOf, loadSeeds, makeRead, MARK, MEANINGFUL, nested, pathsOf, READERS, renameKey, RENAMES,
  repeatKey, tagEnds, withDoc, XML_SNIPPETS, type Reader, type Seed as SeedFile,
} from '../tests/helpers/reader-fuzz';

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

const JSON_READERS = new Set<Reader>(JSON_READER_LIST);
interface Seed extends SeedFile { doc?: unknown; twice?: number }

const tmp = mkdtempSync(join(tmpdir(), 'watchpost-bench-fuzz-readers-'));
const read = makeRead(tmp);
const seedFiles = await loadSeeds(tmp);
/** The seeds per reader; a JSON seed with its document and the keys its own text gives twice. */
const seeds = Object.fromEntries(READERS.map((r) => [r, seedFiles.filter((s) => s.reader === r).map((s): Seed => {
  if (!JSON_READERS.has(r)) return s;
  const { census, ...seed } = withDoc(s); // one OSM export has keys twice of its own
  return { ...seed, twice: census.twice };
})])) as Record<Reader, Seed[]>;

// ------------------------------------------------------------------------------------------------ mutations

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
  const text = (): Buffer => Buffer.from(fillIn(copy, raws));
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
      repeatKey(parent, key, mark, randomJson());
      raws.push([JSON.stringify(mark), JSON.stringify(key)]);
    } else if (op === 2 && !Array.isArray(parent) && typeof key === 'string') {
      // Renamed to a name JavaScript objects already have, or to nothing.
      renameKey(parent, key, mark);
      raws.push([JSON.stringify(mark), JSON.stringify(pick(RENAMES))]);
    } else if (op === 3) {
      parent[key] = mark;
      raws.push([JSON.stringify(mark), pick(HUGE)]);
      return text();
    } else if (op === 4) {
      parent[key] = mark;
      const d = 50 + int(20_000);
      raws.push([JSON.stringify(mark), nested(d, rand() < 0.5)]);
      return text();
    }
  }
  return text();
}

/** XML markup (XML_SNIPPETS) inserted into the KML after a tag (as tests/unit/fuzz-readers.test.ts). */
function mutateXml(bytes: Buffer): Buffer {
  let t = bytes.toString('utf8');
  for (let n = 1 + int(3); n > 0; n--) {
    const ends = tagEnds(t);
    const i = ends.length === 0 ? 0 : pick(ends);
    t = t.slice(0, i) + pick(XML_SNIPPETS) + t.slice(i);
  }
  return Buffer.from(t, 'utf8');
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
    if (structural && seed.doc !== undefined && keyCensus(bytes.toString('utf8')).twice > (seed.twice ?? 0)) row.keys_twice++;
    const t = performance.now();
    try {
      row[(await read(reader, seed.name, bytes)).result === 'valid' ? 'valid' : 'errors']++;
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
