// Helpers of `npm run bench:fly` (bench/fly-five.ts): the browser-mode API as a page speaks it (a WebSocket with the
// run's token and the page's Origin), the `watchpost` command as a child process, a process's CPU time from /proc,
// and a raw TCP listener on the simulator's port that counts the telemetry on the link and can ask for more.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { common } from 'node-mavlink';
import WebSocket from 'ws';
import type { ApiCalls, ApiEvent, ApiEvents, ApiMethod } from '../electron/api';
import { FrameEncoder } from '../mavlink/encoder';
import { FrameScanner } from '../mavlink/frame-scanner';
import { messageName } from '../mavlink/registry';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = `${ROOT}bin/watchpost.js`;

/** Rejects with "timed out after N s: what" unless `p` settles first. */
export function within<T>(what: string, p: Promise<T>, timeout_ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${(timeout_ms / 1000).toFixed(0)} s: ${what}`)), timeout_ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `get` every 100 ms until it gives a value; rejects naming `what` after `timeout_ms`. */
export async function until<T>(what: string, get: () => T | undefined | Promise<T | undefined>, timeout_ms: number): Promise<T> {
  const end = Date.now() + timeout_ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${(timeout_ms / 1000).toFixed(0)} s waiting for ${what}`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// `watchpost …` in the background

export interface Child<T> {
  ready: T;
  child: ChildProcessWithoutNullStreams;
  /** Everything the command wrote on stderr so far. */
  stderr(): string;
  /** SIGTERM, then SIGKILL after `grace_ms`; resolves with the exit code (null when killed). */
  stop(grace_ms?: number): Promise<number | null>;
}

/** Starts `node [nodeArgs] bin/watchpost.js args…` and resolves with the one JSON object it prints when ready. */
export function startCommand<T>(args: string[], timeout_ms: number, nodeArgs: string[] = []): Promise<Child<T>> {
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    exitCode = code;
    resolve(code);
  }));
  child.stderr.on('data', (d) => (err += d));
  const stop = async (grace_ms = 5000): Promise<number | null> => {
    if (exitCode !== undefined) return exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), grace_ms);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`watchpost ${args[0]} was not ready in ${timeout_ms / 1000} s; stderr: ${err.trim() || '(nothing)'}`));
    }, timeout_ms);
    const onData = (d: Buffer): void => {
      out += d;
      let ready: T;
      try {
        ready = JSON.parse(out) as T;
      } catch {
        return; // not the whole object yet
      }
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume(); // nothing more is expected; never let a full pipe block the child
      resolve({ ready, child, stderr: () => err, stop });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`watchpost ${args[0]} exited with ${code} before it was ready: ${out}${err}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// CPU and memory of a process, from /proc (Linux)

const CLK_TCK = 100; // USER_HZ: 100 on every Linux the project runs on (getconf CLK_TCK)

/** User + system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
  return (Number(rest[11]) + Number(rest[12])) / CLK_TCK; // utime (14th), stime (15th)
}

/** CPU seconds the whole machine has been busy (all cores: everything but idle and iowait), from /proc/stat. */
export function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
  return (total - f[3] - f[4]) / CLK_TCK;
}

/** VmRSS and VmHWM (peak), MB. */
export function memoryMB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** `pid` and all its descendants (e.g. Chromium's browser, renderer, GPU and utility processes). */
export function processTree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      continue; // the process ended while listing
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of parent) if (pp === tree[i]) tree.push(p);
  return tree;
}

/** CPU seconds of a process tree so far, each process by pid (processes that end between samples drop out). */
export function treeCpu(pid: number): Map<number, number> {
  const m = new Map<number, number>();
  for (const p of processTree(pid)) {
    try {
      m.set(p, cpuSeconds(p));
    } catch {
      continue; // ended meanwhile
    }
  }
  return m;
}

/** CPU seconds used between two treeCpu samples (processes present in both, plus new ones from zero). */
export function treeCpuDelta(a: Map<number, number>, b: Map<number, number>): number {
  let s = 0;
  for (const [p, t] of b) s += t - (a.get(p) ?? 0);
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// The browser-mode API as a page speaks it

type Reply = { id: number | null; ok: true; value: unknown } | { id: number | null; ok: false; error: string };

export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: Reply) => void>();
  private readonly listeners = new Map<string, Array<(payload: unknown, bytes: number) => void>>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      const m = JSON.parse(text) as Reply & { event?: string; payload?: unknown };
      if (m.event !== undefined) {
        for (const cb of this.listeners.get(m.event) ?? []) cb(m.payload, text.length);
        return;
      }
      if (m.id === null) throw new Error(`browser-mode API: ${m.ok ? 'a reply without id' : m.error}`);
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    });
    ws.on('close', () => {
      for (const resolve of this.pending.values()) resolve({ id: null, ok: false, error: 'the API socket closed' });
      this.pending.clear();
    });
  }

  /** Opens the API socket as the page at `url` (with the run's token) would. */
  static connect(url: string): Promise<ApiClient> {
    const u = new URL(url);
    const ws = new WebSocket(`ws://${u.host}/api?token=${u.searchParams.get('token') ?? ''}`, { origin: u.origin });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ApiClient(ws)));
      ws.once('error', (err) => reject(new Error(`browser-mode API at ${u.host}: ${err.message}`)));
    });
  }

  /** Calls `method`; rejects with the API's error (named with the method) or after `timeout_ms`. */
  call<M extends ApiMethod>(method: M, args: ApiCalls[M]['args'], timeout_ms = 30_000): Promise<ApiCalls[M]['value']> {
    const id = this.nextId++;
    const answer = new Promise<Reply>((resolve) => this.pending.set(id, resolve));
    this.ws.send(JSON.stringify({ id, method, args }));
    return within(`the API's answer to ${method}`, answer, timeout_ms).then((r) => {
      if (!r.ok) throw new Error(`${method}: ${r.error}`);
      return r.value as ApiCalls[M]['value'];
    });
  }

  /** Every `event` as it comes, with the size of its JSON text; returns the unsubscribe function. */
  on<E extends ApiEvent>(event: E, cb: (payload: ApiEvents[E], bytes: number) => void): () => void {
    const list = this.listeners.get(event) ?? [];
    const f = cb as (payload: unknown, bytes: number) => void;
    list.push(f);
    this.listeners.set(event, list);
    return () => list.splice(list.indexOf(f), 1);
  }

  close(): void {
    this.ws.terminate();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A second client on the simulator's TCP server: counts every frame the vehicles send (the sim's tcpin link
// sends to every client), and can ask the vehicles for more telemetry with REQUEST_DATA_STREAM.

export class LinkProbe {
  /** Frames counted since the last reset, by "sysid:msgid". */
  private counts = new Map<string, number>();
  private since_ms = Date.now();
  private readonly scanner = new FrameScanner();
  private readonly encoder = new FrameEncoder({ sysid: 254, compid: 191 });

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.scanner.push(chunk, (f) => {
      const k = `${f.sysid}:${f.msgid}`;
      this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    }));
  }

  static open(port: number): Promise<LinkProbe> {
    const socket = connect({ host: '127.0.0.1', port });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new LinkProbe(socket)));
      socket.once('error', (err) => reject(new Error(`link probe on 127.0.0.1:${port}: ${err.message}`)));
    });
  }

  reset(): void {
    this.counts = new Map();
    this.since_ms = Date.now();
  }

  /** Messages per second since the last reset: per vehicle (all messages), and per message name (mean of the vehicles). */
  rates(sysids: number[]): { per_vehicle: Map<number, number>; per_message: Map<string, number> } {
    const s = (Date.now() - this.since_ms) / 1000;
    const per_vehicle = new Map<number, number>(sysids.map((id) => [id, 0]));
    const per_message = new Map<string, number>();
    for (const [k, n] of this.counts) {
      const [sysid, msgid] = k.split(':').map(Number);
      if (!per_vehicle.has(sysid)) continue; // our own GCS's frames are not sent back; anything else is not a vehicle
      per_vehicle.set(sysid, (per_vehicle.get(sysid) ?? 0) + n / s);
      const name = messageName(msgid);
      per_message.set(name, (per_message.get(name) ?? 0) + n / s / sysids.length);
    }
    return { per_vehicle, per_message };
  }

  /** REQUEST_DATA_STREAM (all stream groups, start) at `rate_hz` to each vehicle. */
  requestAllStreams(sysids: number[], rate_hz: number): void {
    for (const sysid of sysids) {
      const m = new common.RequestDataStream();
      m.targetSystem = sysid;
      m.targetComponent = 1;
      m.reqStreamId = common.MavDataStream.ALL;
      m.reqMessageRate = rate_hz;
      m.startStop = 1;
      this.socket.write(this.encoder.encode(m));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
