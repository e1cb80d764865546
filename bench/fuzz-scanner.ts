// `npm run bench:fuzz`: the long fuzzing run of the frame scanner (issue 13, point 2). Ten million real frames
// (from the fixture tlogs: MAVLink 1 and 2, three autopilots), a share of them with bytes flipped and stretches of
// garbage between them, fed in random chunks from a seeded generator. Counts: no exception; frames untouched by the
// damage that were lost (allowed: the one right after damage or garbage, "resync within one frame"); memory before,
// during and after; the longest single push (no hang). Prints a table and keeps it in bench/FUZZ-RESULTS.md.
// Options: --frames N (default 10,000,000), --seed N.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { FrameScanner } from '../mavlink/frame-scanner';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const TOTAL = opt('--frames', 10_000_000);
let state = opt('--seed', 1) >>> 0 || 1;
/** xorshift32: the same run for the same seed. */
const rand = (): number => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};

const REAL: Uint8Array[] = [];
for (const f of ['dronekit_flight_replay_flight.tlog', 'mavometer_px4_test.tlog', 'ardusub_log_tools_small.tlog']) {
  const s = new FrameScanner();
  s.push(readFileSync(`tests/fixtures/${f}`), (fr) => fr.known && REAL.push(new Uint8Array(fr.raw))); // a copy: Buffer.slice would be a view
}

const DAMAGE = Number(process.env.FUZZ_DAMAGE ?? 0.02); // a frame with one byte flipped
const GARBAGE = Number(process.env.FUZZ_GARBAGE ?? 0.01); // a stretch of random bytes before a frame
const CHUNK_BYTES = 1 << 16;

const scanner = new FrameScanner();
const key = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
/** Frames sent untouched, and whether damage or garbage came right before each (so its loss is allowed). */
const expected: { key: string; excused: boolean }[] = [];
let expectHead = 0;
let lostUnexcused = 0;
let lostExcused = 0;
let extra = 0;
let out = 0;
const sink = (fr: { raw: Uint8Array }): void => {
  out++;
  const k = key(fr.raw);
  // Frames come out in order: skip over expected frames that never came (lost), up to a bounded look-ahead (64 frames).
  for (let look = expectHead; look < Math.min(expected.length, expectHead + 64); look++) {
    if (expected[look].key === k) {
      for (let m = expectHead; m < look; m++) {
        if (expected[m].excused) lostExcused++;
        else lostUnexcused++;
      }
      expectHead = look + 1;
      if (expectHead > 100_000) {
        expected.splice(0, expectHead);
        expectHead = 0;
      }
      return;
    }
  }
  extra++; // a damaged frame whose flip still passed (an unknown id), or a valid frame inside garbage
};

const heap = (): number => process.memoryUsage().heapUsed / 1e6;
const rss = (): number => process.memoryUsage().rss / 1e6;
global.gc?.();
const heapStart_MB = heap();
/** Live heap after a full collection, sampled every million frames (without the collection it mostly measures garbage). */
let heapMax_MB = 0;
let rssMax_MB = rss();
let longestPush_ms = 0;
let bytes = 0;
let damaged = 0;
let garbageStretches = 0;
const t0 = performance.now();
let chunk = new Uint8Array(CHUNK_BYTES);
let fill = 0;
let excuseNext = false;
const push = (): void => {
  const t = performance.now();
  scanner.push(chunk.subarray(0, fill), sink);
  longestPush_ms = Math.max(longestPush_ms, performance.now() - t);
  bytes += fill;
  chunk = new Uint8Array(CHUNK_BYTES);
  fill = 0;
};
const write = (b: Uint8Array): void => {
  if (fill + b.length > CHUNK_BYTES) push();
  chunk.set(b, fill);
  fill += b.length;
};

for (let n = 0; n < TOTAL; n++) {
  if (rand() < GARBAGE) {
    const g = new Uint8Array(1 + Math.floor(rand() * 300));
    for (let i = 0; i < g.length; i++) g[i] = rand() < 0.1 ? (rand() < 0.5 ? 0xfd : 0xfe) : Math.floor(rand() * 256);
    write(g);
    garbageStretches++;
    excuseNext = true;
  }
  const frame = REAL[Math.floor(rand() * REAL.length)];
  if (rand() < DAMAGE) {
    const bad = new Uint8Array(frame);
    bad[Math.floor(rand() * bad.length)] ^= 1 + Math.floor(rand() * 255);
    write(bad);
    damaged++;
    excuseNext = true;
  } else {
    expected.push({ key: key(frame), excused: excuseNext });
    excuseNext = false;
    write(frame);
  }
  if (n > 0 && n % 1_000_000 === 0) {
    global.gc?.();
    heapMax_MB = Math.max(heapMax_MB, heap());
  }
  if ((n & 0xffff) === 0) rssMax_MB = Math.max(rssMax_MB, rss());
}
push();
scanner.flush(sink);
for (let m = expectHead; m < expected.length; m++) {
  if (expected[m].excused) lostExcused++;
  else lostUnexcused++;
}
const seconds = (performance.now() - t0) / 1000;
global.gc?.();
const heapEnd_MB = heap();

const rows: [string, string, string][] = [
  ['frames fed', TOTAL.toLocaleString('en'), '≥ 10,000,000'],
  ['of them damaged (a byte flipped)', damaged.toLocaleString('en'), ''],
  ['stretches of garbage', garbageStretches.toLocaleString('en'), ''],
  ['bytes', `${(bytes / 1e6).toFixed(0)} MB`, ''],
  ['exceptions', '0', '0'],
  ['untouched frames lost, not right after damage or garbage', lostUnexcused.toLocaleString('en'), '0'],
  ['untouched frames lost right after damage or garbage (resync)', lostExcused.toLocaleString('en'), `≤ ${(damaged + garbageStretches).toLocaleString('en')} (one each)`],
  ['frames out', out.toLocaleString('en'), ''],
  ['frames out that were not sent as such', extra.toLocaleString('en'), ''],
  ['live heap after a full collection: start / largest every 1 M frames / end', `${heapStart_MB.toFixed(0)} / ${heapMax_MB.toFixed(0)} / ${heapEnd_MB.toFixed(0)} MB`, 'flat'],
  ['peak RSS', `${rssMax_MB.toFixed(0)} MB`, ''],
  ['longest push of 64 KiB', `${longestPush_ms.toFixed(1)} ms`, 'no hang'],
  ['throughput', `${(bytes / 1e6 / seconds).toFixed(0)} MB/s (${(TOTAL / seconds / 1e6).toFixed(2)} M frames/s)`, ''],
];
const ok = lostUnexcused === 0 && lostExcused <= damaged + garbageStretches && heapEnd_MB < heapStart_MB + 50 && heapMax_MB < heapStart_MB + 50;
const table = [
  `Frame scanner fuzzing, seed ${opt('--seed', 1)}, ${new Date().toISOString().slice(0, 10)} (node ${process.version}):`,
  '',
  '| measure | value | target |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  ok ? 'All targets met.' : 'TARGETS MISSED.',
].join('\n');
process.stdout.write(`${table}\n`);
// The frame scanner's part of bench/FUZZ-RESULTS.md, replaced on each full run; the file readers' section
// (bench/fuzz-readers.ts) after it is kept.
if (TOTAL >= 10_000_000) {
  const RESULTS = 'bench/FUZZ-RESULTS.md';
  const before = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const at = before.indexOf('\n## File readers');
  const rest = at >= 0 ? `\n${before.slice(at).trimStart()}` : '';
  writeFileSync(RESULTS, `# Fuzzing results\n\n\`npm run bench:fuzz\`\n\n${table}\n${rest}`);
}
process.exit(ok ? 0 : 1);
