// TCP links.
//   tcp:HOST:PORT   — client; reconnects by itself after a drop (backoff) until close().
//   tcpin:HOST:PORT — server; accepts several clients; bytes from any client are delivered and
//                     write() goes to every connected client.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { LinkKind } from './link';
import { LinkBase, MAX_QUEUED_BYTES, errorText, type LinkOptions } from './link-base';
import { formatHostPort, socketHost, type NetLinkUri } from './uri';

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_RECONNECT_MIN_MS = 200;
const DEFAULT_RECONNECT_MAX_MS = 2000;
const CLOSE_GRACE_MS = 1000;
const KEEPALIVE_MS = 2000;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

/** End a socket politely (flushing queued writes), destroy it if it lingers; resolves on 'close'. */
function endSocket(socket: Socket): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}

function prepare(socket: Socket): void {
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEPALIVE_MS);
}

export class TcpClientLink extends LinkBase {
  readonly kind: LinkKind = 'tcp';
  private socket: Socket | undefined;
  private attempt: Socket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly connectTimeout_ms: number;
  private readonly reconnectMin_ms: number;
  private readonly reconnectMax_ms: number;
  private readonly idleTimeout_ms: number;
  private readonly where: string;

  constructor(
    uri: string,
    private readonly target: NetLinkUri,
    opts: LinkOptions = {},
  ) {
    super(uri);
    this.connectTimeout_ms = opts.connectTimeout_ms ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.reconnectMin_ms = opts.reconnectMin_ms ?? DEFAULT_RECONNECT_MIN_MS;
    this.reconnectMax_ms = Math.max(this.reconnectMin_ms, opts.reconnectMax_ms ?? DEFAULT_RECONNECT_MAX_MS);
    this.idleTimeout_ms = opts.idleTimeout_ms ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.where = formatHostPort(target.host, target.port);
  }

  /** The local port of the current connection. */
  get localPort(): number | undefined {
    return this.socket?.localPort;
  }

  protected async doOpen(): Promise<void> {
    if (this.target.port === 0) throw new Error('tcp needs a server port 1..65535, not 0');
    let socket: Socket;
    try {
      socket = await this.connectOnce();
    } catch (err) {
      throw new Error(`cannot connect to ${this.where}: ${errorText(err)}`, { cause: err });
    }
    this.attach(socket);
    this.setState('open', `connected to ${this.where}`);
  }

  write(bytes: Uint8Array): void {
    const socket = this.socket;
    if (!socket || this.state !== 'open' || !socket.writable || socket.writableLength > MAX_QUEUED_BYTES) {
      this.counters.droppedWrites += 1;
      return;
    }
    this.counters.bytesOut += bytes.length;
    socket.write(bytes);
  }

  protected override abortOpen(): void {
    this.attempt?.destroy();
  }

  protected async doClose(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.attempt?.destroy();
    this.attempt = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await endSocket(socket);
  }

  private connectOnce(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: socketHost(this.target.host), port: this.target.port });
      this.attempt = socket;
      const timer = setTimeout(() => {
        socket.destroy(new Error(`timed out after ${this.connectTimeout_ms} ms`));
      }, this.connectTimeout_ms);
      const settle = (): void => {
        clearTimeout(timer);
        socket.off('connect', onConnect);
        socket.off('error', onError);
        socket.off('close', onClose);
        if (this.attempt === socket) this.attempt = undefined;
      };
      const onConnect = (): void => {
        settle();
        resolve(socket);
      };
      const onError = (err: Error): void => {
        settle();
        socket.destroy();
        reject(err);
      };
      // Destroyed without an error: close() was called while connecting.
      const onClose = (): void => {
        settle();
        reject(new Error('link closed while connecting'));
      };
      socket.once('connect', onConnect);
      socket.once('error', onError);
      socket.once('close', onClose);
    });
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    prepare(socket);
    let lastError = '';
    // Receive-side idle watchdog (socket.setTimeout would count our own heartbeats as activity).
    const idle =
      this.idleTimeout_ms > 0
        ? setTimeout(() => {
            lastError = `nothing received for ${this.idleTimeout_ms} ms`;
            socket.destroy();
          }, this.idleTimeout_ms)
        : undefined;
    socket.on('data', (chunk: Buffer) => {
      idle?.refresh();
      this.deliver(chunk);
    });
    socket.on('error', (err) => {
      lastError = errorText(err);
    });
    socket.on('close', () => {
      clearTimeout(idle);
      if (this.socket !== socket || this.closing) return;
      this.socket = undefined;
      this.setState('reconnecting', `connection to ${this.where} lost${lastError ? `: ${lastError}` : ''}`);
      this.scheduleReconnect(this.reconnectMin_ms);
    });
  }

  private scheduleReconnect(delay_ms: number): void {
    if (this.closing) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connectOnce().then(
        (socket) => {
          if (this.closing) {
            socket.destroy();
            return;
          }
          this.counters.reconnects += 1;
          this.attach(socket);
          this.setState('open', `reconnected to ${this.where}`);
        },
        (err: unknown) => {
          if (this.closing) return;
          const next_ms = Math.min(delay_ms * 2, this.reconnectMax_ms);
          this.setState('reconnecting', `reconnect to ${this.where} failed: ${errorText(err)}; retrying in ${next_ms} ms`);
          this.scheduleReconnect(next_ms);
        },
      );
    }, delay_ms);
  }
}

export class TcpServerLink extends LinkBase {
  /** Numbers the accepted clients: each is its own byte stream (see Link.onData's source). */
  private clientSerial = 0;
  readonly kind: LinkKind = 'tcpin';
  private server: Server | undefined;
  private readonly clients = new Set<Socket>();

  constructor(
    uri: string,
    private readonly target: NetLinkUri,
  ) {
    super(uri);
  }

  /** The listening port after open (useful when the URI asked for port 0). */
  get localPort(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  protected async doOpen(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    const host = socketHost(this.target.host);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: this.target.port }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      server.close();
      throw new Error(`cannot listen on TCP ${formatHostPort(this.target.host, this.target.port)}: ${errorText(err)}`, { cause: err });
    }
    server.on('error', (err) => this.notify(`TCP server error: ${errorText(err)}`));
    this.server = server;
    this.setState('open', `listening on TCP ${formatHostPort(this.target.host, this.localPort ?? this.target.port)}`);
  }

  /** Sends to every connected client (bytesOut counts each copy); dropped and counted when nobody is connected
   *  or, per client, when that client is not reading (MAX_QUEUED_BYTES). */
  write(bytes: Uint8Array): void {
    if (this.state !== 'open' || this.clients.size === 0) {
      this.counters.droppedWrites += 1;
      return;
    }
    for (const client of this.clients) {
      if (!client.writable || client.writableLength > MAX_QUEUED_BYTES) {
        this.counters.droppedWrites += 1;
        continue;
      }
      this.counters.bytesOut += bytes.length;
      client.write(bytes);
    }
  }

  protected async doClose(): Promise<void> {
    const server = this.server;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const client of this.clients) client.destroy();
    this.clients.clear();
    await closed;
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    prepare(socket);
    const who = formatHostPort(socket.remoteAddress ?? '?', socket.remotePort ?? 0);
    this.clients.add(socket);
    let lastError = '';
    const source = ++this.clientSerial;
    socket.on('data', (chunk: Buffer) => this.deliver(chunk, source));
    socket.on('error', (err) => {
      lastError = errorText(err);
    });
    socket.on('close', () => {
      if (!this.clients.delete(socket)) return;
      this.notify(`client ${who} left${lastError ? ` (${lastError})` : ''}; ${this.clients.size} connected`);
    });
    this.notify(`client ${who} connected; ${this.clients.size} connected`);
  }
}
