// A real XYZ tile server on 127.0.0.1 for tests: serves makeTilePng(z, x, y) at /{z}/{x}/{y}.png and logs every
// request; it can be slow, fail a tile's first tries, fail for good, have no tile (404), answer HTML, or never
// answer. stop() closes open connections too, so a stopped server refuses connections like a network that is down.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { makeTilePng } from './tile-png';

export interface TileServerOptions {
  /** Wait this long before answering. */
  delay_ms?: number;
  /** Answer 500 to the first N requests for each tile, then serve it. */
  failTimes?: number;
  /** 404 for these tiles. */
  missing?: (z: number, x: number, y: number) => boolean;
  /** 500 for these tiles, always. */
  fail?: (z: number, x: number, y: number) => boolean;
  /** An HTML page with status 200 for these tiles (a provider's error page). */
  html?: (z: number, x: number, y: number) => boolean;
  /** Never answer. */
  hang?: boolean;
}

export interface TileRequest {
  path: string;
  userAgent: string;
  t_ms: number;
}

export interface TileServer {
  template: string;
  requests: TileRequest[];
  set(opts: TileServerOptions): void;
  hits(z: number, x: number, y: number): number;
  stop(): Promise<void>;
}

export async function startTileServer(initial: TileServerOptions = {}): Promise<TileServer> {
  let opts: TileServerOptions = { ...initial };
  const requests: TileRequest[] = [];
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('not a tile path');
      return;
    }
    const [z, x, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const n = (counts.get(`${z}/${x}/${y}`) ?? 0) + 1;
    counts.set(`${z}/${x}/${y}`, n);
    if (opts.missing?.(z, x, y)) res.writeHead(404, { 'content-type': 'text/plain' }).end('no such tile');
    else if (opts.fail?.(z, x, y) || n <= (opts.failTimes ?? 0)) res.writeHead(500, { 'content-type': 'text/plain' }).end('tile server error');
    else if (opts.html?.(z, x, y)) res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Access blocked</body></html>');
    else res.writeHead(200, { 'content-type': 'image/png' }).end(makeTilePng(z, x, y));
  };

  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', userAgent: req.headers['user-agent'] ?? '', t_ms: performance.now() });
    if (opts.hang) return;
    const delay_ms = opts.delay_ms ?? 0;
    if (delay_ms > 0) setTimeout(() => answer(req, res), delay_ms);
    else answer(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    requests,
    set: (next) => {
      opts = { ...opts, ...next };
    },
    hits: (z, x, y) => counts.get(`${z}/${x}/${y}`) ?? 0,
    // Stopping twice is fine (a test stops it midway, the cleanup again).
    stop: () => new Promise<void>((resolve, reject) => {
      if (!server.listening) return resolve();
      server.close((err) => (err ? reject(err) : resolve()));
      // Keep-alive connections would keep serving (and close() waiting): cut them.
      for (const s of sockets) s.destroy();
    }),
  };
}
