// The tlog reader on real files in a temporary directory: garbage, cut-off tails, bit flips,
// timestamps going backwards, unknown ids, any chunk size, random bytes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexTlog } from '../../mavlink/tlog/indexer';
import { tlogInfo } from '../../mavlink/tlog/info';
import { readTlog, type TlogRecord } from '../../mavlink/tlog/reader';
import { concatBytes, prng, putTimestamp, randomBytes, sampleFrames, tlogBytes } from '../fixtures/sample-traffic';

let dir = '';
let fileNo = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchpost-tlog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(bytes: Uint8Array): Promise<string> {
  const path = join(dir, `t${fileNo++}.tlog`);
  await writeFile(path, bytes);
  return path;
}

async function readAll(path: string, chunkBytes?: number): Promise<{ recs: TlogRecord[]; reader: ReturnType<typeof readTlog> }> {
  const reader = readTlog(path, { chunkBytes });
  const recs: TlogRecord[] = [];
  for await (const r of reader) recs.push(r);
  return { recs, reader };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const T0 = Date.UTC(2026, 10, 29, 8) * 1000;
const FRAMES = sampleFrames(40, 5);
const TLOG = tlogBytes(FRAMES, T0, 10_000);
/** File offset of each record in TLOG, and the end offset after the last. */
const OFFSETS = FRAMES.reduce<number[]>((acc, f) => (acc.push(acc[acc.length - 1] + 8 + f.length), acc), [0]);

describe('tlog reader', () => {
  it('reads every record back: time, offset and frame bytes', async () => {
    const { recs, reader } = await readAll(await file(TLOG));
    expect(recs.map((r) => hex(r.frame.raw))).toEqual(FRAMES.map(hex));
    expect(recs.map((r) => r.t_us)).toEqual(FRAMES.map((_, i) => T0 + i * 10_000));
    expect(recs.map((r) => r.offset)).toEqual(OFFSETS.slice(0, -1));
    expect(reader.stats).toMatchObject({ bytes: TLOG.length, records: 40, badCrc: 0, skippedBytes: 0, partialTailBytes: 0 });
  });

  it('gives the same records at any chunk size, one byte upward', async () => {
    const path = await file(TLOG);
    const whole = await readAll(path);
    for (const chunk of [1, 2, 3, 7, 13, 64, 289, 1000]) {
      const { recs, reader } = await readAll(path, chunk);
      expect(recs).toEqual(whole.recs);
      expect(reader.stats).toEqual(whole.reader.stats);
    }
  });

  it('skips garbage before, between and after records and counts it', async () => {
    const rand = prng(99);
    const parts: Uint8Array[] = [randomBytes(57, rand)];
    let garbage = 57;
    FRAMES.forEach((f, i) => {
      parts.push(tlogBytes([f], T0 + i * 10_000));
      const g = i % 4 === 0 ? Uint8Array.of(0xfe, 0xff, 0xfd) : randomBytes(Math.floor(rand() * 30), rand);
      parts.push(g);
      garbage += g.length;
    });
    const { recs, reader } = await readAll(await file(concatBytes(parts)), 100);
    expect(recs.map((r) => hex(r.frame.raw))).toEqual(FRAMES.map(hex));
    expect(reader.stats.skippedBytes + reader.stats.partialTailBytes).toBe(garbage);
  });

  it('after skipped bytes, takes a valid frame only behind a plausible timestamp', async () => {
    const bogus = tlogBytes([FRAMES[1]], 0); // a valid frame stamped 1970: not a record after garbage
    const bytes = concatBytes([tlogBytes([FRAMES[0]], T0), Uint8Array.of(1, 2, 3), bogus, tlogBytes([FRAMES[2]], T0 + 5)]);
    const { recs, reader } = await readAll(await file(bytes));
    expect(recs.map((r) => hex(r.frame.raw))).toEqual([hex(FRAMES[0]), hex(FRAMES[2])]);
    expect(reader.stats.skippedBytes).toBe(3 + bogus.length);
    // In step (no bytes skipped) the same record is accepted: the clock may be odd, the framing is not.
    const inStep = await readAll(await file(concatBytes([tlogBytes([FRAMES[0]], T0), bogus])));
    expect(inStep.recs.map((r) => r.t_us)).toEqual([T0, 0]);
  });

  it('at every truncation point yields the whole records and counts the cut one as the partial tail', async () => {
    const end = OFFSETS[10];
    for (let cut = 0; cut <= end; cut++) {
      const { recs, reader } = await readAll(await file(TLOG.subarray(0, cut)));
      const whole = OFFSETS.filter((o) => o > 0 && o <= cut).length;
      expect(recs.length).toBe(whole);
      expect(reader.stats.partialTailBytes).toBe(cut - OFFSETS[whole]);
      expect(reader.stats.skippedBytes).toBe(0);
    }
  });

  it('drops a record whose frame has a flipped bit, as bad CRC, and keeps all the others', async () => {
    for (const k of [0, 7, 39]) {
      const frame = FRAMES[k];
      const payloadStart = frame[0] === 0xfd ? 10 : 6;
      for (let byte = payloadStart; byte < payloadStart + frame[1] + 2; byte += 3) {
        const copy = TLOG.slice();
        copy[OFFSETS[k] + 8 + byte] ^= 0x10;
        const { recs, reader } = await readAll(await file(copy));
        expect(recs.map((r) => hex(r.frame.raw))).toEqual(FRAMES.filter((_, i) => i !== k).map(hex));
        expect(reader.stats.badCrc).toBe(1);
        expect(reader.stats.skippedBytes).toBe(8 + frame.length);
      }
    }
  });

  it('yields records whose time goes backwards, counts the steps, reports earliest and latest', async () => {
    const bytes = TLOG.slice();
    putTimestamp(bytes, OFFSETS[5], T0 - 3_000_000);
    putTimestamp(bytes, OFFSETS[20], T0 + 1_000);
    const path = await file(bytes);
    const { recs, reader } = await readAll(path);
    expect(recs).toHaveLength(40);
    expect(reader.stats.backwardsSteps).toBe(2);
    expect(reader.stats.minT_us).toBe(T0 - 3_000_000);
    expect(reader.stats.maxT_us).toBe(T0 + 39 * 10_000);
    const info = await tlogInfo(path);
    expect(info.backwards_steps).toBe(2);
    expect(info.first_utc).toBe(new Date((T0 - 3_000_000) / 1000).toISOString());
    expect(info.last_utc).toBe(new Date((T0 + 390_000) / 1000).toISOString());
    expect(info.duration_s).toBeCloseTo(3.39, 6);
  });

  it('passes unknown message ids through when the next record follows, and counts them', async () => {
    const unknown = FRAMES.find((f) => f[0] === 0xfd && !(f[2] & 1))?.slice();
    if (!unknown) throw new Error('sample has no unsigned v2 frame');
    unknown.set([0x56, 0x34, 0x12], 7); // message id 0x123456
    const rec = tlogBytes([unknown], T0 + 1);
    const bytes = concatBytes([tlogBytes(FRAMES.slice(0, 2), T0), rec, tlogBytes([FRAMES[2]], T0 + 2), rec]);
    const { recs, reader } = await readAll(await file(bytes), 50);
    expect(recs.map((r) => r.frame.known)).toEqual([true, true, false, true, false]);
    expect(recs.filter((r) => !r.frame.known).map((r) => r.frame.msgid)).toEqual([0x123456, 0x123456]);
    expect(hex(recs[3].frame.raw)).toBe(hex(FRAMES[2]));
    expect(reader.stats.unknown).toBe(2);
    // Followed by garbage instead, the same bytes are not a record.
    const { recs: r2, reader: rd2 } = await readAll(await file(concatBytes([rec, Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9, 9)])));
    expect(r2).toHaveLength(0);
    expect(rd2.stats.unknown).toBe(0);
  });

  it('ends on 1 MB of random bytes, accounting for every byte', async () => {
    const path = await file(randomBytes(1 << 20, prng(7)));
    const { recs, reader } = await readAll(path, 65_536);
    const s = reader.stats;
    const recordBytes = recs.reduce((n, r) => n + 8 + r.frame.raw.length, 0);
    expect(s.bytes).toBe(1 << 20);
    expect(recordBytes + s.skippedBytes + s.partialTailBytes).toBe(s.bytes);
    const index = await indexTlog(path, { chunkBytes: 4096 });
    expect(index.count).toBe(recs.length);
  });

  it('names the file when it cannot be read', async () => {
    await expect(readAll(join(dir, 'missing.tlog'))).rejects.toThrow(/missing\.tlog/);
    await expect(readAll(dir)).rejects.toThrow(/not a regular file/);
    await expect(indexTlog(join(dir, 'missing.tlog'))).rejects.toThrow(/missing\.tlog/);
  });
});
