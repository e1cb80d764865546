// Every file reader fed mutations of the real fixtures (issue 13, point 2), with fast-check (seeded, bounded; the
// long run is bench/fuzz-readers.ts): bytes flipped, the file cut at a random point, runs of bytes inserted or
// deleted, markup inserted into the KML, and for the JSON formats structural mutations (a member replaced by a JSON value of another type, a huge
// number, deep nesting, a key given twice, a key renamed __proto__ or the like; all but the retype are put into the
// text last, never parsed again, and a key census of the text checks that keys given twice and "__proto__" keys
// reach the readers). Property: each read ends within a time bound in either a valid result or
// the reader's own error (MissionFileError, SiteFileError, PatrolFileError, SidecarError; a settings problem), whose
// message names the file; never another exception (TypeError, RangeError, …), never a hang.
// Seeds, reader dispatch and the mutations' parts: tests/helpers/reader-fuzz.ts (shared with the bench). Seeds: the .plan and QGC WPL 110 files, the site GeoJSON and KML of tests/fixtures (SOURCES.md), the demo site and
// patrol of assets/demo, the three fixture tlogs (their first 12 KiB), the bad-file corpus's valid KML (the real one
// is a bare polygon), and a sidecar and a settings.json written by Watchpost's own writers (no fixture has one).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillIn, HUGE, JSON_READERS, keyCensus, kindOf, loadSeeds, makeRead, MARK, MEANINGFUL, nested, pathsOf, READERS, renameKey, RENAMES, repeatKey,
  tagEnds, withDoc, XML_SNIPPETS, type Reader, type Seed,
} from '../helpers/reader-fuzz';

/** Longest one read may take: the largest seed (400 KB of GeoJSON) reads in ~60 ms cold. */
const READ_BOUND_MS = 3_000;
const SEED = 13;

const tmp = mkdtempSync(join(tmpdir(), 'watchpost-fuzz-readers-'));
const read = makeRead(tmp);
const seeds: Seed[] = [];
/** Mutated tlogs in which the readers found and reported damage (skipped bytes, a bad CRC, a cut-off tail). */
let tlogsDamaged = 0;

beforeAll(async () => {
  seeds.push(...await loadSeeds(tmp));
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
      fc.array(fc.constantFrom(...MEANINGFUL), { minLength: 1, maxLength: 32 }).map((a) => Uint8Array.from(a))),
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
    text: fc.constantFrom(...HUGE),
  }),
  fc.record({ kind: fc.constant('nest' as const), target: fc.nat(), depth: fc.integer({ min: 50, max: 20_000 }), objects: fc.boolean() }),
  fc.record({ kind: fc.constant('duplicate' as const), target: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  // A member renamed to a name JavaScript objects already have, or to nothing.
  fc.record({ kind: fc.constant('rename' as const), target: fc.nat(), key: fc.constantFrom(...RENAMES) }),
);

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
      raws.push([JSON.stringify(mark), s.kind === 'huge' ? s.text : nested(s.depth, s.objects)]);
    } else if (Array.isArray(parent)) {
      parent[key as number] = s.kind === 'duplicate' ? s.value : null; // an array has no keys to repeat or rename: its element is replaced
    } else if (s.kind === 'rename') {
      renameKey(parent, key as string, mark);
      raws.push([JSON.stringify(mark), JSON.stringify(s.key)]);
    } else {
      // The same key twice: first a random value, then the real one.
      repeatKey(parent, key as string, mark, s.value);
      raws.push([JSON.stringify(mark), JSON.stringify(key)]);
    }
  });
  return fillIn(copy, raws);
}

/** `snippets` inserted right after the tags they name (the n-th ">" of the text, counted round). */
function insertXml(bytes: Uint8Array, snippets: { at: number; snippet: string }[]): Uint8Array {
  let t = Buffer.from(bytes).toString('utf8');
  for (const { at, snippet } of snippets) {
    const ends = tagEnds(t);
    const i = ends.length === 0 ? 0 : ends[at % ends.length];
    t = t.slice(0, i) + snippet + t.slice(i);
  }
  return new Uint8Array(Buffer.from(t, 'utf8'));
}

// ------------------------------------------------------------------------------------------------ the readers

/**
 * read() bounded in time: rejects on a hang of an asynchronous reader, and fails one that took too long. A tlog the
 * readers agreed on must account for its bytes; one with damage found is counted.
 */
async function boundedRead(reader: Reader, name: string, bytes: Uint8Array): Promise<'valid' | 'error'> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const { result, tlog } = await Promise.race([
      read(reader, name, bytes),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${reader} ${name}: no answer in ${READ_BOUND_MS} ms`)), READ_BOUND_MS);
      }),
    ]);
    const ms = performance.now() - t0;
    if (ms > READ_BOUND_MS) throw new Error(`${reader} ${name}: ${ms.toFixed(0)} ms`);
    if (tlog) {
      expect(tlog.skipped_bytes + tlog.partial_tail_bytes).toBeLessThanOrEqual(tlog.bytes);
      if (tlog.skipped_bytes + tlog.partial_tail_bytes + tlog.bad_crc > 0) tlogsDamaged++;
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

// ------------------------------------------------------------------------------------------------ the properties

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
      const mine = seeds.filter((s) => s.reader === reader).map(withDoc);
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
