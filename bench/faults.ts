// `npm run bench:faults`: the fault campaign of issue 13, point 3. Runs its parts and prints one markdown table per
// part; keeps them in bench/FAULTS-RESULTS.md (a run of some parts only, or --quick, writes nothing there unless
// --out is given):
//   mission   ≥ 200 mission uploads with verify over links with 0–40 % loss, duplication, reordering and 0–500 ms
//             latency, each classified by what the vehicle really holds (bench/faults-mission.ts);
//   recorder  `watchpost record` (a real child process) killed with SIGKILL 50 times mid-flight; every tlog read
//             back with the project's reader (bench/faults-recorder.ts);
//   links     the app's link (LinkService: recording, findings) dropped and restored 50 times mid-flight
//             (bench/faults-links.ts);
//   long      an 8-hour recording at the app's telemetry rate in simulated time, memory sampled (bench/faults-long.ts).
// Options: --only mission|recorder|links|long (comma-separated), --quick (a few runs each, a smoke check),
// --seed N (fault-injection and kill-time seed, default 1), --out FILE.
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PartOptions, PartReport } from './faults-mission';

const PARTS = ['mission', 'recorder', 'links', 'long'] as const;
type Part = (typeof PARTS)[number];

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = (arg('--only') ?? PARTS.join(',')).split(',').map((s) => s.trim());
for (const p of only) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part "${p}"; parts: ${PARTS.join(', ')}`);
const quick = args.includes('--quick');
const seed = Number(arg('--seed') ?? 1);
if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed: an integer ≥ 0, got ${arg('--seed')}`);
const everything = only.length === PARTS.length && !quick;
const outPath = arg('--out') ?? (everything ? fileURLToPath(new URL('./FAULTS-RESULTS.md', import.meta.url)) : undefined);

async function load(part: Part): Promise<(o: PartOptions) => Promise<PartReport>> {
  switch (part) {
    case 'mission': return (await import('./faults-mission')).runMission;
    case 'recorder': return (await import('./faults-recorder')).runRecorder;
    case 'links': return (await import('./faults-links')).runLinks;
    case 'long': return (await import('./faults-long')).runLong;
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'watchpost-faults-'));
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const sections: string[] = [];
  const timings: string[] = [];
  const started = performance.now();
  try {
    for (const part of PARTS.filter((p) => only.includes(p))) {
      log(`== ${part}${quick ? ' (quick)' : ''}`);
      const run = await load(part);
      const report = await run({ quick, seed, tmp: join(tmp, part), log });
      const section = `## ${report.title}\n\n${report.table}\n\n${report.notes.map((n) => `- ${n}`).join('\n')}\n`;
      process.stdout.write(`\n${section}`);
      sections.push(section);
      timings.push(`| ${part} | ${report.seconds.toFixed(0)} |`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const total = (performance.now() - started) / 1000;
  const timing = ['| part | run time s |', '|---|---:|', ...timings, `| all | ${total.toFixed(0)} |`].join('\n');
  process.stdout.write(`\n${timing}\n`);
  if (outPath) {
    const head = [
      '# Fault campaign (issue 13, point 3)',
      '',
      `Run with \`npm run bench:faults\`${quick ? ' -- --quick' : ''}. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ${new Date().toISOString().slice(0, 16)}Z; seed ${seed}.`,
      '',
    ].join('\n');
    await writeFile(outPath, `${head}\n${sections.join('\n')}\n## Run time\n\n${timing}\n`);
    log(`written: ${outPath}`);
  }
}

await main();
