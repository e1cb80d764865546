// The tlog writer on real files: append never truncates, data shows up within the flush interval
// without close, records round-trip through the reader, bad paths and write errors are reported.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTlog, type TlogRecord } from '../../mavlink/tlog/reader';
import { TlogWriter } from '../../mavlink/tlog/writer';
import { sampleFrames, tlogBytes } from '../fixtures/sample-traffic';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const T0 = Date.UTC(2026, 10, 29, 9) * 1000;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchpost-writer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function records(path: string): Promise<TlogRecord[]> {
  const out: TlogRecord[] = [];
  for await (const r of readTlog(path)) out.push(r);
  return out;
}

describe('TlogWriter', () => {
  it('round-trips frames and timestamps through the reader, in order, across many flushes', async () => {
    const path = join(dir, 'roundtrip.tlog');
    const frames = sampleFrames(5000, 3);
    const writer = await TlogWriter.open(path, { flushAt_bytes: 1000 });
    frames.forEach((f, i) => writer.write(f, T0 + i * 1000));
    const stats = await writer.close();
    expect(stats).toMatchObject({ records: 5000, errors: 0, lastError: null });
    expect(stats.flushes).toBeGreaterThan(100);
    const back = await records(path);
    expect(back.map((r) => hex(r.frame.raw))).toEqual(frames.map(hex));
    expect(back.map((r) => r.t_us)).toEqual(frames.map((_, i) => T0 + i * 1000));
    // Byte for byte what the tlog format says.
    const frac = join(dir, 'fractional.tlog');
    const w2 = await TlogWriter.open(frac);
    w2.write(frames[0], T0 + 0.6); // e.g. performance-clock milliseconds × 1000
    await w2.close();
    expect((await records(frac))[0].t_us).toBe(T0 + 1);
    expect(hex(await readFile(path))).toBe(hex(tlogBytes(frames, T0, 1000)));
  });

  it('appends to an existing file and keeps every byte of it', async () => {
    const path = join(dir, 'existing.tlog');
    await copyFile(fixture('mavometer_px4_test.tlog'), path);
    const before = await readFile(path);
    const frames = sampleFrames(10, 4);
    const writer = await TlogWriter.open(path);
    frames.forEach((f) => writer.write(f));
    await writer.close();
    const after = await readFile(path);
    expect(hex(after.subarray(0, before.length))).toBe(hex(before));
    expect(after.length).toBe(before.length + frames.reduce((n, f) => n + 8 + f.length, 0));
    const back = await records(path);
    expect(back.slice(-10).map((r) => hex(r.frame.raw))).toEqual(frames.map(hex));
    const now_us = Date.now() * 1000;
    expect(Math.abs(back[back.length - 1].t_us - now_us)).toBeLessThan(60e6);
  });

  it('makes data readable by another reader within the flush interval, without close', async () => {
    const path = join(dir, 'live.tlog');
    const writer = await TlogWriter.open(path);
    const started = Date.now();
    writer.write(sampleFrames(1, 9)[0], T0);
    expect((await stat(path)).size).toBe(0); // buffered, not yet written
    let seen_ms = -1;
    while (Date.now() - started < 600) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if ((await records(path)).length === 1) {
        seen_ms = Date.now() - started;
        break;
      }
    }
    // The default interval is 100 ms: buffered until then (not written at once), on disk soon after.
    expect(seen_ms).toBeGreaterThanOrEqual(80);
    expect(seen_ms).toBeLessThanOrEqual(300);
    await writer.close();
  });

  it('refuses a directory with a clear error, and a write after close', async () => {
    await expect(TlogWriter.open(dir)).rejects.toThrow(/not a regular file \(a directory\)/);
    await expect(TlogWriter.open(join(dir, 'no-such-dir', 'x.tlog'))).rejects.toThrow(/cannot open .*x\.tlog/);
    const writer = await TlogWriter.open(join(dir, 'closed.tlog'));
    expect(() => writer.write(new Uint8Array(12), -5)).toThrow(/non-negative number of µs, got -5/);
    expect(() => writer.write(new Uint8Array(12), Number.NaN)).toThrow(/got NaN/);
    expect((await writer.close()).records).toBe(0);
    expect(() => writer.write(new Uint8Array(12))).toThrow(/write after close/);
  });

  it('reports write failures through onError and stats instead of throwing', async () => {
    const path = join(dir, 'full.tlog');
    const child = fileURLToPath(new URL('../fixtures/tlog-writer-child.ts', import.meta.url));
    // ulimit -f 2: the file may not grow past 2 KiB, so the kernel fails the write with EFBIG.
    const { stdout } = await promisify(execFile)('bash', ['-c', 'ulimit -f 2 && exec node --import tsx "$0" "$1"', child, path], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    const { errors, stats } = JSON.parse(stdout) as { errors: string[]; stats: { errors: number; records: number; lastError: string } };
    expect(stats.records).toBe(201);
    expect(stats.errors).toBe(errors.length);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]).toMatch(/write to .*full\.tlog failed: EFBIG/);
    expect((await stat(path)).size).toBe(2048);
  });
});

describe('TlogWriter.close', () => {
  it('flushes, then fsyncs the file before closing it', async () => {
    const { open } = await import('node:fs/promises');
    const { vi } = await import('vitest');
    const probe = await open(fixture('mavometer_px4_test.tlog'), 'r');
    const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const path = join(dir, 'fsync.tlog');
    const w = await TlogWriter.open(path);
    const frames = sampleFrames(5, 1);
    frames.forEach((f, i) => w.write(f, T0 + i));
    const sync = vi.spyOn(proto, 'sync');
    try {
      await w.close();
      expect(sync).toHaveBeenCalledTimes(1);
      // The sync came after the last bytes were written: the file already holds every record.
      expect((await stat(path)).size).toBe(frames.reduce((n, f) => n + 8 + f.length, 0));
    } finally {
      sync.mockRestore();
    }
  });
});
