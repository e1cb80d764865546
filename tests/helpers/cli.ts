// Running the real `watchpost` command in tests: one-shot runs, and `watchpost sim` in the background.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(process.cwd(), 'bin', 'watchpost.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(args: string[], timeout_ms = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`watchpost ${args.join(' ')} did not finish in ${timeout_ms} ms`));
    }, timeout_ms);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const running: ChildProcessWithoutNullStreams[] = [];

/** Stop every simulator started by startSim (call from afterEach). */
export function stopSims(): void {
  for (const c of running.splice(0)) c.kill('SIGTERM');
}

export interface SimReady {
  local_port: number;
  vehicles: number[];
  home: { lat_deg: number; lon_deg: number; alt_m: number };
}

/** Start `watchpost sim … --json` and resolve with its ready object once it listens. */
export function startSim(args: string[]): Promise<SimReady> {
  const child = spawn(process.execPath, [BIN, 'sim', ...args, '--json'], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      try {
        resolve(JSON.parse(out));
      } catch {
        return; // not the whole object yet
      }
    });
    child.on('close', (code) => reject(new Error(`sim exited with ${code} before it was ready: ${out}`)));
  });
}
