// `npm run bench`: generate a tlog of ≥ 1,000,000 packets, then index it and decode every frame,
// with Watchpost and with node-mavlink's own pipeline, each task in its own process on the same
// file; then `watchpost tlog info` against the same with node-mavlink as whole processes (start to
// exit), and the command line's start-up against node alone. Prints markdown tables and keeps them
// in bench/RESULTS.md.
import { execFile } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateTlog } from './generate';
import type { TaskName } from './tasks';
import { bestProcess, timeProcess, type ProcessRun } from './whole-process';

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
const ratio = (a: number | null, b: number | null): string => (a === null || b === null ? '—' : `${(a / b).toFixed(1)}×`);
const mb = (r: ProcessRun): string => (r.maxRss_MB === null ? '—' : r.maxRss_MB.toFixed(0));
const ROOT = here('..');
const FIXTURE = 'tests/fixtures/mavometer_px4_test.tlog';
const cli = (...args: string[]): string[] => ['bin/watchpost.js', ...args];

/** `tlog info` as a whole process, against node-mavlink's pipeline doing the same as a whole process. */
async function wholeProcessInfo(path: string): Promise<{ row: string; speedup: number }> {
  // The first run compiles the command line if its sources changed: not timed.
  await timeProcess(cli('--version'), ROOT);
  process.stderr.write('tlog info, whole process: node-mavlink…\n');
  const theirs = await bestProcess(2, ['bench/node-mavlink-info.mjs', path], ROOT);
  process.stderr.write('tlog info, whole process: watchpost…\n');
  const ours = await bestProcess(10, cli('tlog', 'info', path, '--json'), ROOT);
  const records = (r: ProcessRun): number => (JSON.parse(r.stdout) as { records: number }).records;
  const speedup = theirs.seconds / ours.seconds;
  const row =
    `| \`tlog info FILE --json\`, whole process (start to exit) | ${fmt(theirs.seconds)} | ${fmt(ours.seconds)} | **${speedup.toFixed(1)}×** | ` +
    `${ratio(theirs.cpu_s, ours.cpu_s)} | ${count(records(theirs))} / ${count(records(ours))} | ${mb(theirs)} / ${mb(ours)} |`;
  return { row, speedup };
}

/** The command line's start-up: commands as whole processes against `node -e 0` (node alone), same run. */
async function startup(): Promise<string> {
  process.stderr.write('start-up: node alone and watchpost…\n');
  const node = await bestProcess(20, ['-e', '0'], ROOT);
  const rows = [`| \`node -e 0\` (node alone) | ${fmt(node.seconds)} | — |`];
  const fixtureRecords = (JSON.parse((await timeProcess(cli('tlog', 'info', FIXTURE, '--json'), ROOT)).stdout) as { records: number }).records;
  for (const [label, args] of [
    ['`watchpost --version`', ['--version']],
    ['`watchpost --help`', ['--help']],
    ['`watchpost tlog info --help`', ['tlog', 'info', '--help']],
    [`\`watchpost tlog info FILE --json\`, ${count(fixtureRecords)} records (${FIXTURE})`, ['tlog', 'info', FIXTURE, '--json']],
  ] as const) {
    const r = await bestProcess(20, cli(...args), ROOT);
    rows.push(`| ${label} | ${fmt(r.seconds)} | +${((r.seconds - node.seconds) * 1000).toFixed(0)} |`);
  }
  return ['| whole process, start to exit | s | over node alone, ms |', '|---|---:|---:|', ...rows].join('\n');
}

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
  const info = await wholeProcessInfo(path);
  speedups.info = info.speedup;
  rows.push(info.row);
  const table = [
    '| task | node-mavlink s | watchpost s | speed-up | CPU-time speed-up | packets (node-mavlink / watchpost) | peak RSS MB (node-mavlink / watchpost) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
  const startupTable = await startup();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const notes = [
    `File: ${count(packets)} generated packets (${(bytes / 1048576).toFixed(1)} MiB; HEARTBEAT, GLOBAL_POSITION_INT, ATTITUDE, VFR_HUD, SYS_STATUS, GPS_RAW_INT, BATTERY_STATUS, STATUSTEXT from sysids 1, 2, 3 (MAVLink 1) and 255; 1 in 97 signed).`,
    `Machine: ${cpus().length} × ${cpu}, Node ${process.version}; ${new Date().toISOString().slice(0, 16)}Z. Each task runs in its own process; time is the best of 2 runs for node-mavlink and of 5 for watchpost (its runs are short, so a single one is more exposed to other load); the machine is shared, so expect noise.`,
    'node-mavlink = `fs.createReadStream` → `MavLinkTLogPacketSplitter` → `MavLinkPacketParser`; indexing collects `header.timestamp`, `header.msgid` and a running offset into typed arrays; decoding adds `protocol.data(payload, REGISTRY[msgid])`.',
    'watchpost = `indexTlog()` (one pass, no decoding, columnar typed arrays) and `readTlog().batches()` + `decodeFrame()`.',
    'Whole process (start to exit, as an operator or a script runs it) = `node bench/node-mavlink-info.mjs FILE` (what `tlog info` reports — records, MAVLink 1 / 2 / signed frames, messages by name, systems with their HEARTBEAT — by node-mavlink\'s pipeline, plain JavaScript) against `node bin/watchpost.js tlog info FILE --json` (the compiled command line); best of 2 and of 10 runs; CPU time and peak RSS from GNU time.',
    'node-mavlink reads fewer packets: at each read-chunk boundary its tlog splitter keeps the leftover from the start byte on (dropping the timestamp), then refuses a start byte within the first 8 bytes of its buffer, losing that packet and often the next (fed the same bytes as one chunk, it loses none).',
    'Speed-up is wall time; CPU-time speed-up compares user + system CPU seconds of the same runs (all threads), which other load on the machine disturbs less.',
    `Peak RSS of the in-process tasks includes about ${base.maxRss_MB.toFixed(0)} MB of Node + tsx + modules (an idle task's peak).`,
    'Targets: ≥ 20× for indexing, ≥ 5× for decoding, ≥ 15× for `tlog info` as a whole process.',
  ];
  const startupNotes = [
    'Start-up: each command as a whole process, best of 20 runs, in the same run as node alone; the command line runs compiled JavaScript (bin/watchpost.js checks its build stamp, then loads the commands\' definitions, and a command\'s own code only when it runs).',
    'Target: well under 0.2 s for any command.',
  ];
  const out = `${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n\n${startupTable}\n\n${startupNotes.map((n) => `- ${n}`).join('\n')}\n`;
  process.stdout.write(`\n${out}`);
  await writeFile(here('./RESULTS.md'), `# Benchmark: Watchpost vs node-mavlink on a tlog\n\nRun with \`npm run bench\` (\`--reuse\` keeps the generated file, \`--packets N\`).\n\n${out}`);
  if (speedups.index < 20 || speedups.decode < 5 || speedups.info < 15) process.stderr.write('below target on this run\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
