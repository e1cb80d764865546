// Browser mode: the built renderer over HTTP and electron/api.ts over a WebSocket at /api, on loopback only.
// The same ApiHandlers as the desktop app's IPC. The WebSocket needs the run's token (in the printed URL) and a
// page served by this server (Origin and Host checked), so neither another web site open in the same browser
// (nor one reached by DNS rebinding) nor another local program can read files through it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { TILE_ROUTE, WS_PATH, type ApiEvent } from '../api';
import type { TileSourceResult } from '../services/tiles/tile-source';
import { parseTilePath, tileAnswer, type TileRequest } from '../services/tile-route';
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
  /** The map's tiles (cache first): served at /tiles/LAYER/Z/X/Y?token=… */
  tiles?: (layer: string, z: number, x: number, y: number) => Promise<TileSourceResult>;
}

/** A tile for the page's map: the cache's or the provider's; a tile that cannot be had is a short text answer. */
async function serveTile(t: TileRequest, tiles: NonNullable<BrowserServerOptions['tiles']>, res: ServerResponse): Promise<void> {
  const a = tileAnswer(t, await tiles(t.layer, t.z, t.x, t.y));
  res.writeHead(a.status, a.headers).end(a.body);
}

export interface BrowserServer {
  /** The page, with the run's token: `http://127.0.0.1:5170/?token=…`. */
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
  res.writeHead(200, { 'content-type': MIME[extname(target)] ?? 'application/octet-stream', ...SECURITY_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** No framing by other sites (the framed page would pass the Origin check), no sniffing, the page's CSP again. */
const SECURITY_HEADERS = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; script-src 'self'; img-src 'self' data: watchpost-tiles:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function reply(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const host = opts.host ?? '127.0.0.1';
  // The API reads any file the user can: it is not offered to the network.
  if (!LOOPBACK.has(host)) throw new Error(`browser mode: --host ${host}: only a loopback address (127.0.0.1, ::1, localhost); the API reads files`);
  const root = normalize(opts.rendererDir);
  const index = await stat(join(root, 'index.html')).catch(() => null);
  if (!index) throw new Error(`browser mode: ${join(root, 'index.html')} is missing: build the UI first (npm run build:ui)`);

  const server: Server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
    } catch {
      res.writeHead(400).end('bad URL');
      return;
    }
    const tile = url.pathname.startsWith(`${TILE_ROUTE}/`) ? parseTilePath(url.pathname) : null;
    const handled = url.pathname.startsWith(`${TILE_ROUTE}/`)
      // The run's token here too: another web page open in the browser must not read where the operator flew.
      ? !tile || !opts.tiles ? Promise.resolve(void res.writeHead(404, { 'content-type': 'text/plain' }).end('not a tile: /tiles/LAYER/Z/X/Y'))
        : !sameToken(url.searchParams.get('token')) ? Promise.resolve(void res.writeHead(403, { 'content-type': 'text/plain' }).end('tiles need the run\'s token'))
        : serveTile(tile, opts.tiles, res)
      : serveFile(root, req, res);
    handled.catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`error: ${err.message}`);
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // A secret per run, in the URL the server prints: another local program or user cannot call the API without it.
  const token = randomBytes(16).toString('hex');
  let origin = '';
  let port = 0;
  // The page must come from this server, reached by a loopback name or the address it listens on (a DNS name
  // pointing here from outside — DNS rebinding — is refused).
  const sameOrigin = (req: IncomingMessage): boolean => {
    const hostHeader = req.headers.host ?? '';
    const names = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, origin.slice('http://'.length)]);
    return names.has(hostHeader) && req.headers.origin === `http://${hostHeader}`;
  };

  const sameToken = (given: string | null): boolean => given !== null && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  server.on('upgrade', (req, socket, head) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      return;
    }
    const status = url.pathname !== WS_PATH ? '404 Not Found' : !sameOrigin(req) || !sameToken(url.searchParams.get('token')) ? '403 Forbidden' : null;
    if (status) {
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
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
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`browser mode: port ${opts.port} is in use: choose another --port, or --port 0 for any free one`) : err),
    );
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  origin = `http://${shown}:${addr.port}`;
  port = addr.port;

  return {
    url: `${origin}/?token=${token}`,
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
