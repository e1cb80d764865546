// Browser mode from a test: the server on 127.0.0.1 port 0 over a temporary data folder, and the `ws` package
// as the page (same Origin, the run's token). Everything opened here is closed and removed by closeAll().
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import WebSocket, { type ClientOptions } from 'ws';
import type { ApiCalls, ApiMethod, ApiResult, Settings } from '../../electron/api';
import { startBrowserServer, type BrowserServer } from '../../electron/browser/server';
import { createAppServices, type AppServicesOptions } from '../../electron/services/app-services';

export const ASSETS = join(process.cwd(), 'assets');
export const INDEX_HTML = '<!doctype html><title>watchpost test page</title>\n';

const servers: BrowserServer[] = [];
const sockets: WebSocket[] = [];
const dirs: string[] = [];

/** For afterEach: closes sockets and servers, removes the temporary folders. */
export async function closeAll(): Promise<void> {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'watchpost-browser-'));
  dirs.push(d);
  return d;
}

export const settingsOf = (dataDir: string): Settings & { version: number } => JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'));

function rendererDir(): string {
  const dir = temp();
  writeFileSync(join(dir, 'index.html'), INDEX_HTML);
  return dir;
}

export async function serve(dataDir: string, opts: Partial<Pick<AppServicesOptions, 'listSerialPorts' | 'flightsDir'>> = {}): Promise<BrowserServer> {
  const services = await createAppServices({ dataDir, assetsDir: ASSETS, mode: 'browser', version: '0.0.0-test', ...opts });
  const server = await startBrowserServer({ handlers: services.handlers, rendererDir: rendererDir() });
  services.connectEvents((event, payload) => server.emit(event, payload));
  // Closing the test's server also ends its links and simulators.
  const close = server.close.bind(server);
  server.close = async () => {
    await services.close();
    await close();
  };
  servers.push(server);
  return server;
}

/** The API socket's URL for a page at `url` (which carries the run's token). */
export function apiUrl(url: string): string {
  const u = new URL(url);
  return `ws://${u.host}/api?token=${u.searchParams.get('token') ?? ''}`;
}

/** Opens the API socket as a page served by `url` would (same Origin, its token). */
export function connect(url: string, opts: ClientOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(apiUrl(url), { origin: new URL(url).origin, ...opts });
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The HTTP status of a refused upgrade. */
export function refusal(wsUrl: string, opts: ClientOptions): Promise<number> {
  const ws = new WebSocket(wsUrl, opts);
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? -1));
    ws.once('open', () => reject(new Error(`${wsUrl} was accepted`)));
    ws.once('error', reject);
  });
}

export type Reply = { id: number | null } & ApiResult<unknown>;

export function nextMessage(ws: WebSocket): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      ws.off('close', onClose);
      resolve(JSON.parse(String(data)));
    };
    const onClose = (code: number) => {
      ws.off('message', onMessage);
      reject(new Error(`socket closed (${code})`));
    };
    ws.once('message', onMessage);
    ws.once('close', onClose);
  });
}

/** The reply to call `id`, passing over event messages (`{event, payload}`) and the replies to other calls under
 *  way (calls may overlap, as the page's do). */
function replyTo(ws: WebSocket, id: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as Reply & { event?: string };
      if (m.event !== undefined || m.id !== id) return;
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(m);
    };
    const onClose = (code: number) => {
      ws.off('message', onMessage);
      reject(new Error(`socket closed (${code}) before the reply to call ${id}`));
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
  });
}

/** Every event `name` the page receives, as it comes. */
export function events<T>(ws: WebSocket, name: string): { all: Array<{ t_ms: number; payload: T }>; stop: () => void } {
  const all: Array<{ t_ms: number; payload: T }> = [];
  const onMessage = (data: WebSocket.RawData) => {
    const m = JSON.parse(String(data)) as { event?: string; payload?: T };
    if (m.event === name) all.push({ t_ms: Date.now(), payload: m.payload as T });
  };
  ws.on('message', onMessage);
  return { all, stop: () => ws.off('message', onMessage) };
}

let lastId = 0;
export async function call(ws: WebSocket, method: string, args: unknown): Promise<Reply> {
  const id = ++lastId;
  const answer = replyTo(ws, id);
  ws.send(JSON.stringify({ id, method, args }));
  const reply = await answer;
  expect(reply.id).toBe(id);
  return reply;
}

export async function ok<M extends ApiMethod>(ws: WebSocket, method: M, ...args: ApiCalls[M]['args']): Promise<ApiCalls[M]['value']> {
  const reply = await call(ws, method, args);
  if (!reply.ok) throw new Error(`${method} answered an error: ${reply.error}`);
  return reply.value as ApiCalls[M]['value'];
}

export async function failure(ws: WebSocket, method: string, args: unknown): Promise<string> {
  const reply = await call(ws, method, args);
  if (reply.ok) throw new Error(`${method} ${JSON.stringify(args)} was accepted: ${JSON.stringify(reply.value)}`);
  return reply.error;
}

export async function page(dataDir: string): Promise<WebSocket> {
  return connect((await serve(dataDir)).url);
}

/** Polls `get` every 50 ms until it gives a value; rejects naming `what` after `timeout_ms`. */
export async function until<T>(what: string, get: () => T | undefined, timeout_ms = 10_000): Promise<T> {
  const end = Date.now() + timeout_ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
