// A pair of connected pseudo-terminals from socat, reachable as DIR/a and DIR/b.
//   const pair = await startSocatPair();          // fresh temp dir
//   ... serial:${pair.a}  <->  serial:${pair.b} ...
//   await pair.stop();                            // "unplug" (symlinks disappear)
//   await pair.start();                           // "plug back in" with the same paths
//   await pair.dispose();                         // stop and remove the temp dir
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOCAT = '/usr/bin/socat';
const READY_TIMEOUT_MS = 5000;
const POLL_MS = 10;

export interface SocatPair {
  readonly dir: string;
  /** Path of one end (a symlink to /dev/pts/N while socat runs). */
  readonly a: string;
  readonly b: string;
  readonly running: boolean;
  /** (Re)start socat with the same link paths; resolves once both symlinks exist. */
  start(): Promise<void>;
  /** Kill socat (SIGTERM) and wait until it exited and both symlinks are gone. */
  stop(): Promise<void>;
  /** stop() and remove the temp dir. */
  dispose(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startSocatPair(dir: string = mkdtempSync(join(tmpdir(), 'watchpost-pty-'))): Promise<SocatPair> {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stderr = '';

  async function start(): Promise<void> {
    if (child) throw new Error(`socat for ${dir} is already running`);
    stderr = '';
    const proc = spawn(SOCAT, ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = proc;
    let hasExited = false;
    exited = new Promise((resolve) => {
      proc.once('exit', () => {
        hasExited = true;
        if (child === proc) child = undefined;
        resolve();
      });
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.once('error', (err) => {
      stderr += `spawn failed: ${err.message}\n`;
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(existsSync(a) && existsSync(b))) {
      if (hasExited) throw new Error(`socat exited before creating ${a} and ${b}:\n${stderr}`);
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`socat did not create ${a} and ${b} within ${READY_TIMEOUT_MS} ms:\n${stderr}`);
      }
      await sleep(POLL_MS);
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
    // socat unlinks its symlinks on SIGTERM; make sure before anyone restarts it with the same paths.
    rmSync(a, { force: true });
    rmSync(b, { force: true });
  }

  async function dispose(): Promise<void> {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }

  await start();
  return {
    dir,
    a,
    b,
    get running() {
      return child !== undefined;
    },
    start,
    stop,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
