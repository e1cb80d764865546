// FrameScanner robustness: garbage, random bytes, truncation, bit flips, chunking, unknown ids.
import { describe, expect, it } from 'vitest';
import { FrameScanner } from '../../mavlink/frame-scanner';
import type { Frame } from '../../mavlink/frame';
import { concatBytes, prng, randomBytes, sampleFrames, signedFrame, sampleMessage } from '../fixtures/sample-traffic';

function scanAll(chunks: Uint8Array[]): { frames: Frame[]; scanner: FrameScanner } {
  const scanner = new FrameScanner();
  const frames: Frame[] = [];
  for (const c of chunks) scanner.push(c, (f) => frames.push(f));
  scanner.flush((f) => frames.push(f));
  return { frames, scanner };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const raws = (frames: Frame[]): string[] => frames.map((f) => hex(f.raw));

/** Frames of every flavour: v2 (some trimmed), v1, signed v2. */
const FRAMES = sampleFrames(46, 7);
const STREAM = concatBytes(FRAMES);
const EXPECTED = FRAMES.map(hex);

describe('FrameScanner', () => {
  it('reads v1, v2 and signed v2 frames back byte for byte and counts them', () => {
    const { frames, scanner } = scanAll([STREAM]);
    expect(raws(frames)).toEqual(EXPECTED);
    const v1 = FRAMES.filter((f) => f[0] === 0xfe).length;
    const signed = FRAMES.filter((f) => f[0] === 0xfd && f[2] & 1).length;
    expect(v1).toBeGreaterThan(0);
    expect(signed).toBeGreaterThan(0);
    expect(scanner.stats).toMatchObject({ frames: FRAMES.length, v1, v2: FRAMES.length - v1, signed, badCrc: 0, skippedBytes: 0 });
    expect(frames.filter((f) => f.signed)).toHaveLength(signed);
  });

  it('resynchronises after garbage before, between and after frames', () => {
    const rand = prng(11);
    // Stray start bytes claiming long frames are the hard case: the scanner must not wait past the end.
    const tricky = [Uint8Array.of(0xfe, 0xff), Uint8Array.of(0xfd, 0x00, 0x00), Uint8Array.of(0xfd, 0xff, 0x01, 0, 0)];
    const parts: Uint8Array[] = [randomBytes(333, rand)];
    FRAMES.forEach((f, i) => {
      parts.push(f);
      parts.push(i % 3 === 0 ? tricky[i % tricky.length] : randomBytes(1 + Math.floor(rand() * 40), rand));
    });
    parts.push(Uint8Array.of(0xfe, 0xff, 0x01));
    const { frames, scanner } = scanAll([concatBytes(parts)]);
    expect(raws(frames)).toEqual(EXPECTED);
    const garbage = parts.reduce((n, p) => n + p.length, 0) - STREAM.length;
    expect(scanner.stats.skippedBytes).toBe(garbage);
  });

  it('does not lose the last frames of a stream behind a stray start byte claiming a long frame', () => {
    for (const stray of [Uint8Array.of(0xfe, 0xff), Uint8Array.of(0xfd, 0xf0, 0x00)]) {
      const { frames, scanner } = scanAll([concatBytes([stray, FRAMES[0], FRAMES[1]])]);
      expect(raws(frames)).toEqual(EXPECTED.slice(0, 2));
      expect(scanner.stats.skippedBytes).toBe(stray.length);
    }
  });

  it('ends on 1 MB of random bytes without throwing, every byte a frame byte or skipped', () => {
    const data = randomBytes(1 << 20, prng(2026));
    const { frames, scanner } = scanAll([data.subarray(0, 300_001), data.subarray(300_001)]);
    const frameBytes = frames.reduce((n, f) => n + f.raw.length, 0);
    expect(scanner.stats.bytes).toBe(data.length);
    expect(frameBytes + scanner.stats.skippedBytes).toBe(data.length);
    expect(scanner.stats.badCrc).toBeGreaterThan(100);
  });

  it('at every truncation point yields exactly the frames wholly before the cut', () => {
    const ends: number[] = [];
    FRAMES.slice(0, 12).reduce((at, f) => (ends.push(at + f.length), at + f.length), 0);
    const stream = STREAM.subarray(0, ends[ends.length - 1]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const { frames, scanner } = scanAll([stream.subarray(0, cut)]);
      const whole = ends.filter((e) => e <= cut).length;
      expect(raws(frames)).toEqual(EXPECTED.slice(0, whole));
      expect(scanner.stats.skippedBytes).toBe(cut - (whole ? ends[whole - 1] : 0));
    }
  });

  it('rejects a frame with any bit flipped and still delivers every other frame', () => {
    const frames = FRAMES.slice(0, 8);
    const expected = frames.map(hex);
    let cases = 0;
    frames.forEach((frame, k) => {
      const v2 = frame[0] === 0xfd;
      const crcEnd = (v2 ? 10 : 6) + frame[1] + 2;
      for (let byte = 1; byte < crcEnd; byte++) {
        for (let bit = 0; bit < 8; bit++) {
          const copy = frames.map((f) => f.slice());
          copy[k][byte] ^= 1 << bit;
          const { frames: out, scanner } = scanAll([concatBytes(copy)]);
          const others = out.filter((f) => f.known).map((f) => hex(f.raw));
          expect(others).toEqual(expected.filter((_, i) => i !== k));
          // The damaged frame never passes as a known message; if its id became unknown it can only
          // come through flagged unknown (no CRC to check).
          const unknown = out.filter((f) => !f.known);
          expect(unknown.length).toBe(scanner.stats.unknown);
          const headerShape = byte === 1 || (v2 && byte === 2);
          const idBytes = v2 ? byte >= 7 && byte <= 9 : byte === 5;
          // A flipped id byte may name a message whose length does not fit: that is noise, not a bad CRC.
          if (!headerShape && !idBytes) expect(scanner.stats.badCrc).toBeGreaterThanOrEqual(1);
          cases++;
        }
      }
    });
    expect(cases).toBeGreaterThan(1000);
  });

  it('gives the same frames whatever the chunking, down to one byte at a time', () => {
    const stream = STREAM.subarray(0, 700);
    const whole = raws(scanAll([stream]).frames);
    expect(whole.length).toBeGreaterThan(10);
    for (let split = 0; split <= stream.length; split++) {
      expect(raws(scanAll([stream.subarray(0, split), stream.subarray(split)]).frames)).toEqual(whole);
    }
    const bytes = Array.from(stream, (b) => Uint8Array.of(b));
    expect(raws(scanAll(bytes).frames)).toEqual(whole);
  });

  it('counts unknown message ids and passes them on only when a frame follows', () => {
    const unknownFrame = signedFrame(sampleMessage(1, 5), 9).slice();
    // Rewrite it as an unsigned v2 frame with message id 0xABCDEF (not in any dialect).
    const body = unknownFrame.subarray(0, unknownFrame.length - 13);
    body[2] = 0;
    body[7] = 0xef;
    body[8] = 0xcd;
    body[9] = 0xab;
    const next = FRAMES[0];
    const followed = scanAll([concatBytes([body, next])]);
    expect(followed.frames.map((f) => f.known)).toEqual([false, true]);
    expect(followed.frames[0].msgid).toBe(0xabcdef);
    expect(followed.scanner.stats.unknown).toBe(1);
    // With nothing after it to vouch for it, the last bytes of a stream are not taken as an unknown frame.
    const atEnd = scanAll([body]);
    expect(atEnd.frames).toHaveLength(0);
    expect(atEnd.scanner.stats.unknown).toBe(0);
    expect(atEnd.scanner.stats.skippedBytes).toBe(body.length);
    const thenGarbage = scanAll([concatBytes([body, Uint8Array.of(1, 2, 3), next])]);
    expect(thenGarbage.frames.map((f) => f.known)).toEqual([true]);
    expect(thenGarbage.scanner.stats.unknown).toBe(0);
  });
});

describe('FrameScanner against noise that imitates frames', () => {
  it('a stray start byte announcing a long frame does not hold back the frames after it', () => {
    const scanner = new FrameScanner();
    const out: string[] = [];
    scanner.push(Uint8Array.of(0xfe, 0xff), (f) => out.push(hex(f.raw)));
    for (const frame of FRAMES.slice(0, 3)) scanner.push(frame, (f) => out.push(hex(f.raw)));
    expect(out).toEqual(FRAMES.slice(0, 3).map(hex));
  });

  it('repeated FD FF 01 noise yields no phantom unknown-id frames', () => {
    const noise = new Uint8Array(300_000);
    for (let i = 0; i < noise.length; i++) noise[i] = [0xfd, 0xff, 0x01][i % 3];
    const { frames, scanner } = scanAll([noise]);
    expect(frames).toHaveLength(0);
    expect(scanner.stats.unknown).toBe(0);
    expect(scanner.stats.skippedBytes).toBe(noise.length);
  });

  it('start bytes whose length cannot fit the message are not counted as bad CRCs', () => {
    const { scanner } = scanAll([new Uint8Array(100_000).fill(0xfe)]);
    expect(scanner.stats.frames).toBe(0);
    expect(scanner.stats.badCrc).toBe(0);
  });
});
