// The frame scanner fed mutations of real traffic (issue 13, point 2), with fast-check (seeded, bounded; the long
// run of ten million frames is `npm run bench:fuzz`): real frames from the fixture tlogs, with garbage between them,
// bytes flipped, cut into random chunks. Never an exception; every frame out is one that went in (or a valid frame
// the garbage happened to hold); every frame left untouched comes out, except at most the one right after a
// stretch of garbage; the chunking never changes the output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FrameScanner } from '../../mavlink/frame-scanner';
import type { Frame } from '../../mavlink/frame';

const FIXTURES = ['dronekit_flight_replay_flight.tlog', 'mavometer_px4_test.tlog', 'ardusub_log_tools_small.tlog'];

/** Known, CRC-checked frames of the fixtures (v1 and v2, several autopilots). */
const REAL: Uint8Array[] = (() => {
  const out: Uint8Array[] = [];
  for (const f of FIXTURES) {
    const s = new FrameScanner();
    let n = 0;
    s.push(readFileSync(join('tests', 'fixtures', f)), (fr) => {
      if (fr.known && n++ < 1500) out.push(new Uint8Array(fr.raw)); // a copy (Buffer.slice is a view)
    });
  }
  return out;
})();

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function scan(chunks: Uint8Array[]): Frame[] {
  const s = new FrameScanner();
  const got: Frame[] = [];
  for (const c of chunks) s.push(c, (f) => got.push(f));
  s.flush((f) => got.push(f));
  return got;
}

/** Cuts a stream at the given fractions. */
function chunked(stream: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * stream.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const a of [...at, stream.length]) {
    out.push(stream.subarray(prev, a));
    prev = a;
  }
  return out;
}

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: REAL.length - 1 }).map((i) => ({ kind: 'frame' as const, bytes: REAL[i] })) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => ({ kind: 'garbage' as const, bytes })) },
  // Garbage that looks like the start of a frame: the start bytes, a length, ids.
  { weight: 1, arbitrary: fc.array(fc.constantFrom(0xfd, 0xfe, 0x00, 0xff, 0x09, 0x1c), { minLength: 1, maxLength: 40 }).map((a) => ({ kind: 'garbage' as const, bytes: Uint8Array.from(a) })) },
);

describe('the frame scanner under fuzzing', () => {
  it('the real frames: MAVLink 1 and 2, from three autopilots', () => {
    expect(REAL.length).toBe(4500);
    expect(REAL.filter((f) => f[0] === 0xfe).length).toBeGreaterThan(1000);
    expect(REAL.filter((f) => f[0] === 0xfd).length).toBeGreaterThan(1000);
  });

  it('real frames with garbage between them, in random chunks: nothing thrown, the frames come out, at most one lost after each stretch of garbage', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 40 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (pieces, cuts) => {
        const stream = concat(pieces.map((p) => p.bytes));
        const got = scan(chunked(stream, cuts)).map((f) => hex(f.raw));
        const sent = pieces.filter((p) => p.kind === 'frame').map((p) => hex(p.bytes));
        // Every real frame out is in order; each one missing must directly follow garbage.
        let g = 0;
        let lostAfterGarbage = 0;
        let afterGarbage = false;
        for (const p of pieces) {
          if (p.kind === 'garbage') {
            afterGarbage = true;
            continue;
          }
          const want = hex(p.bytes);
          const at = got.indexOf(want, g);
          if (at >= 0) g = at + 1;
          else {
            expect(afterGarbage, `frame ${want.slice(0, 24)}… lost without garbage before it`).toBe(true);
            lostAfterGarbage++;
          }
          afterGarbage = false;
        }
        expect(lostAfterGarbage).toBeLessThanOrEqual(pieces.filter((p) => p.kind === 'garbage').length);
        // Whatever else came out was a valid frame inside the garbage (CRC-checked), never a piece of a real one.
        expect(got.length).toBeLessThanOrEqual(sent.length + pieces.filter((p) => p.kind === 'garbage').length * 10);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('the chunking never changes what comes out', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 30 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }), (pieces, cuts) => {
        const stream = concat(pieces.map((p) => p.bytes));
        expect(scan(chunked(stream, cuts)).map((f) => hex(f.raw))).toEqual(scan([stream]).map((f) => hex(f.raw)));
      }),
      { numRuns: 300, seed: 43 },
    );
  });

  it('bytes flipped in a run of real frames: nothing thrown; every untouched frame comes out unless it directly follows a damaged one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: REAL.length - 1 }), { minLength: 2, maxLength: 40 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }),
        (ids, flips) => {
          const frames = ids.map((i) => new Uint8Array(REAL[i]));
          const stream = concat(frames);
          const starts: number[] = [];
          let o = 0;
          for (const f of frames) {
            starts.push(o);
            o += f.length;
          }
          const damaged = new Set<number>();
          for (const [where, xor] of flips) {
            const at = Math.min(stream.length - 1, Math.floor(where * stream.length));
            stream[at] ^= xor;
            let k = starts.length - 1;
            while (starts[k] > at) k--;
            damaged.add(k);
          }
          const got = new Set(scan([stream]).map((f) => hex(f.raw)));
          frames.forEach((f, k) => {
            if (damaged.has(k) || damaged.has(k - 1)) return;
            expect(got.has(hex(f)), `untouched frame ${k} lost`).toBe(true);
          });
        },
      ),
      { numRuns: 300, seed: 44 },
    );
  });
});
