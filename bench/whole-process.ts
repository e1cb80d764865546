// Timing a command as a whole process, start to exit, as an operator or a script runs it: wall time, and where
// GNU time (/usr/bin/time) is installed, the process's CPU seconds (user + system) and peak RSS.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ProcessRun {
  seconds: number;
  /** User + system CPU seconds, or null without /usr/bin/time. */
  cpu_s: number | null;
  maxRss_MB: number | null;
  stdout: string;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);
const MARK = 'WATCHPOST-BENCH-RUSAGE';

/** Run `node ...args` once in `cwd`; rejects if it exits with anything but 0. */
export function timeProcess(args: string[], cwd: string): Promise<ProcessRun> {
  const [cmd, argv] = hasGnuTime ? [GNU_TIME, ['-f', `${MARK} %U %S %M`, process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) {
        reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
        return;
      }
      const usage = stderr.split('\n').find((l) => l.startsWith(MARK))?.split(' ').slice(1).map(Number);
      resolve({
        seconds,
        cpu_s: usage ? usage[0] + usage[1] : null,
        maxRss_MB: usage ? usage[2] / 1024 : null,
        stdout,
      });
    });
  });
}

/** The best (lowest) wall time and CPU time of `runs` runs, the highest peak RSS, and the last run's output. */
export async function bestProcess(runs: number, args: string[], cwd: string): Promise<ProcessRun> {
  let best: ProcessRun | null = null;
  for (let i = 0; i < runs; i++) {
    const r = await timeProcess(args, cwd);
    best = best === null ? r : {
      seconds: Math.min(best.seconds, r.seconds),
      cpu_s: r.cpu_s === null || best.cpu_s === null ? null : Math.min(best.cpu_s, r.cpu_s),
      maxRss_MB: r.maxRss_MB === null || best.maxRss_MB === null ? null : Math.max(best.maxRss_MB, r.maxRss_MB),
      stdout: r.stdout,
    };
  }
  if (!best) throw new Error('bestProcess: runs must be at least 1');
  return best;
}
