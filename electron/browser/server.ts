// Browser mode: the built renderer over HTTP and electron/api.ts over a WebSocket at /api, on 127.0.0.1 by default.
// The same ApiHandlers as the desktop app's IPC. Only a page served by this server may open the WebSocket (the
// Origin must match), so another web site open in the same browser cannot read files through it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { WS_PATH, type ApiEvent } from '../api';
import type { ApiHandlers } from '../services/api-handlers';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** One call from the page: `{ "id": 1, "method": "openFile", "args": ["/path"] }`. */
const requestSchema = z.strictObject({ id: z.number().int().nonnegative(), method: z.string(), args: z.array(z.unknown()) });
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface BrowserServerOptions {
  handlers: ApiHandlers;
  /** The built renderer (index.html and assets/). */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface BrowserServer {
  url: string;
  /** Sends an event to every open page. */
  emit(event: ApiEvent, payload: unknown): void;
  close(): Promise<void>;
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end('bad URL');
    return;
  }
  const rel = normalize(pathname === '/' ? '/index.html' : pathname);
  const file = join(root, rel);
  if (!file.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  const found = await stat(file).then((s) => s.isFile(), () => false);
  const target = found ? file : join(root, 'index.html'); // the app has one page
  const body = await readFile(target).catch(() => null);
  if (body === null) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
    return;
  }
  res.writeHead(200, { 'content-type': MIME[extname(target)] ?? 'application/octet-stream', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function reply(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const root = normalize(opts.rendererDir);
  const index = await stat(join(root, 'index.html')).catch(() => null);
  if (!index) throw new Error(`browser mode: ${join(root, 'index.html')} is missing: build the UI first (npm run build:ui)`);

  const server: Server = createServer((req, res) => {
    serveFile(root, req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`error: ${err.message}`);
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let origin = '';
  let port = 0;
  // The page must come from this server, reached by a loopback name or the address it listens on (a DNS name
  // pointing here from outside — DNS rebinding — is refused).
  const sameOrigin = (req: IncomingMessage): boolean => {
    const hostHeader = req.headers.host ?? '';
    const names = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, origin.slice('http://'.length)]);
    return names.has(hostHeader) && req.headers.origin === `http://${hostHeader}`;
  };

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== WS_PATH || !sameOrigin(req)) {
      socket.end(`HTTP/1.1 ${path !== WS_PATH ? '404 Not Found' : '403 Forbidden'}\r\nconnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws) => {
    ws.on('error', () => ws.terminate()); // e.g. a message over maxPayload: the socket closes with 1009
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        reply(ws, { id: null, ok: false, error: 'api message: a binary frame; calls are JSON text' });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch (err) {
        reply(ws, { id: null, ok: false, error: `api message: not JSON (${(err as Error).message})` });
        return;
      }
      const req = requestSchema.safeParse(json);
      if (!req.success) {
        const issue = req.error.issues[0];
        const idGuess = json !== null && typeof json === 'object' && typeof (json as { id?: unknown }).id === 'number' ? (json as { id: number }).id : null;
        reply(ws, { id: idGuess, ok: false, error: `api message: ${issue.path.join('.') || '(top level)'}: ${issue.message}` });
        return;
      }
      const { id, method, args } = req.data;
      opts.handlers.dispatch(method, args).then((result) => reply(ws, { id, ...result }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  origin = `http://${host}:${addr.port}`;
  port = addr.port;

  return {
    url: `${origin}/`,
    emit(event, payload) {
      const text = JSON.stringify({ event, payload });
      for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
