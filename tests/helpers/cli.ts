// Running the real `watchpost` command in tests: one-shot runs, and `watchpost sim` in the background.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(process.cwd(), 'bin', 'watchpost.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Options for node itself, before the script (e.g. --import). */
  nodeArgs?: string[];
}

export function run(args: string[], timeout_ms = 60_000, opts: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
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

/**
 * The one JSON object a `watchpost … --json` command prints when it is ready (it may come in several chunks);
 * rejects if the command exits first, or after `timeout_ms` (then the command is killed).
 */
export function readyObject<T>(child: ChildProcessWithoutNullStreams, what: string, timeout_ms?: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = timeout_ms === undefined ? undefined : setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} was not ready in ${timeout_ms} ms: ${err}`));
    }, timeout_ms);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      try {
        resolve(JSON.parse(out));
      } catch {
        return; // not the whole object yet
      }
      clearTimeout(timer);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before it was ready: ${out}${err}`));
    });
  });
}

/** Start `watchpost sim … --json` and resolve with its ready object once it listens. */
export function startSim(args: string[]): Promise<SimReady> {
  const child = spawn(process.execPath, [BIN, 'sim', ...args, '--json'], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  return readyObject<SimReady>(child, 'sim');
}
