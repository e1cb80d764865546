// `npm run bench`: generate a tlog of ≥ 1,000,000 packets, then index it and decode every frame,
// with Watchpost and with node-mavlink's own pipeline, each task in its own process on the same
// file. Prints a markdown table and keeps it in bench/RESULTS.md.
import { execFile } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateTlog } from './generate';
import type { TaskName } from './tasks';

interface Measured {
  name: TaskName;
  seconds: number;
  cpu_s: number;
  packets: number;
  checksum: number;
  maxRss_MB: number;
}

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const args = process.argv.slice(2);
const packets = Number(args[args.indexOf('--packets') + 1] ?? '') || 1_000_000;
const reuse = args.includes('--reuse');

async function measure(name: TaskName, path: string, repeat: number): Promise<Measured> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', here('./task-child.ts'), name, path, String(repeat)], {
    cwd: here('..'),
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as Measured;
}

const fmt = (s: number): string => s.toFixed(s < 1 ? 3 : 2);
const count = (n: number): string => n.toLocaleString('en-US');

async function main(): Promise<void> {
  await mkdir(here('./out'), { recursive: true });
  const path = here(`./out/bench-${packets}.tlog`);
  const existing = reuse ? await stat(path).catch(() => null) : null;
  let bytes = existing?.size ?? 0;
  if (!existing) {
    const t0 = Date.now();
    bytes = (await generateTlog(path, packets)).bytes;
    process.stderr.write(`generated ${count(packets)} packets, ${(bytes / 1048576).toFixed(1)} MiB in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const base = await measure('baseline', path, 1);
  const rows: string[] = [];
  const speedups: Record<string, number> = {};
  for (const [task, label] of [['index', 'index frames (offset, time, id)'], ['decode', 'decode every frame into objects']] as const) {
    process.stderr.write(`${task}: node-mavlink…\n`);
    const theirs = await measure(`${task}-node-mavlink`, path, 2);
    process.stderr.write(`${task}: watchpost…\n`);
    const ours = await measure(`${task}-watchpost`, path, 5);
    speedups[task] = theirs.seconds / ours.seconds;
    rows.push(
      `| ${label} | ${fmt(theirs.seconds)} | ${fmt(ours.seconds)} | **${speedups[task].toFixed(1)}×** | ` +
        `${(theirs.cpu_s / ours.cpu_s).toFixed(1)}× | ` +
        `${count(theirs.packets)} / ${count(ours.packets)} | ${theirs.maxRss_MB.toFixed(0)} / ${ours.maxRss_MB.toFixed(0)} |`,
    );
  }
  const table = [
    '| task | node-mavlink s | watchpost s | speed-up | CPU-time speed-up | packets (node-mavlink / watchpost) | peak RSS MB (node-mavlink / watchpost) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const notes = [
    `File: ${count(packets)} generated packets (${(bytes / 1048576).toFixed(1)} MiB; HEARTBEAT, GLOBAL_POSITION_INT, ATTITUDE, VFR_HUD, SYS_STATUS, GPS_RAW_INT, BATTERY_STATUS, STATUSTEXT from sysids 1, 2, 3 (MAVLink 1) and 255; 1 in 97 signed).`,
    `Machine: ${cpus().length} × ${cpu}, Node ${process.version}; ${new Date().toISOString().slice(0, 16)}Z. Each task runs in its own process; time is the best of 2 runs for node-mavlink and of 5 for watchpost (its runs are short, so a single one is more exposed to other load); the machine is shared, so expect noise.`,
    'node-mavlink = `fs.createReadStream` → `MavLinkTLogPacketSplitter` → `MavLinkPacketParser`; indexing collects `header.timestamp`, `header.msgid` and a running offset into typed arrays; decoding adds `protocol.data(payload, REGISTRY[msgid])`.',
    'watchpost = `indexTlog()` (one pass, no decoding, columnar typed arrays) and `readTlog().batches()` + `decodeFrame()`.',
    'node-mavlink reads fewer packets: at each read-chunk boundary its tlog splitter keeps the leftover from the start byte on (dropping the timestamp), then refuses a start byte within the first 8 bytes of its buffer, losing that packet and often the next (fed the same bytes as one chunk, it loses none).',
    'Speed-up is wall time; CPU-time speed-up compares user + system CPU seconds of the same runs (all threads), which other load on the machine disturbs less.',
    `Peak RSS includes about ${base.maxRss_MB.toFixed(0)} MB of Node + tsx + modules (an idle task's peak).`,
    'Targets: ≥ 20× for indexing, ≥ 5× for decoding.',
  ];
  const out = `${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
  process.stdout.write(`\n${out}`);
  await writeFile(here('./RESULTS.md'), `# Benchmark: Watchpost vs node-mavlink on a tlog\n\nRun with \`npm run bench\` (\`--reuse\` keeps the generated file, \`--packets N\`).\n\n${out}`);
  if (speedups.index < 20 || speedups.decode < 5) process.stderr.write('below target on this run\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
