// serial:PATH[:BAUD] — a telemetry radio (57600 baud by default) through serialport 13.
// If the port vanishes (radio unplugged, pty master gone) it tries to reopen the same path every
// serialRetry_ms until it comes back, then carries on.
//
// Not every vanishing shows up as a read error: a pty whose master side closed before any byte
// crossed it reads as end-of-file forever, and serialport 13 silently retries such reads. So while
// open, a watchdog also checks every serialRetry_ms that PATH still names the device we opened
// (a USB adapter's node disappears; socat's symlink goes away or points to a new /dev/pts/N).
import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import type { LinkKind } from './link';
import { LinkBase, MAX_QUEUED_BYTES, errorText, type LinkOptions } from './link-base';
import type { SerialLinkUri } from './uri';

const DEFAULT_SERIAL_RETRY_MS = 500;

function openPort(path: string, baudRate: number): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    let port: SerialPort;
    try {
      port = new SerialPort({ path, baudRate, autoOpen: false });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}

/** What PATH resolves to: device and inode numbers, or undefined where it cannot be stat'ed (e.g. COM3). */
async function identify(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return `${info.dev}:${info.ino}:${info.rdev}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    return undefined;
  }
}

function closePort(port: SerialPort): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  return new Promise((resolve) => {
    // A close error (e.g. the device already gone) leaves nothing to release either way.
    port.close(() => resolve());
  });
}

export class SerialLink extends LinkBase {
  readonly kind: LinkKind = 'serial';
  private port: SerialPort | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  /** A reopen attempt in flight; close() waits for it so no port is left open behind it. */
  private reopening: Promise<void> | undefined;
  private readonly retry_ms: number;

  constructor(
    uri: string,
    private readonly target: SerialLinkUri,
    opts: LinkOptions = {},
  ) {
    super(uri);
    this.retry_ms = opts.serialRetry_ms ?? DEFAULT_SERIAL_RETRY_MS;
  }

  protected async doOpen(): Promise<void> {
    let port: SerialPort;
    try {
      port = await openPort(this.target.path, this.target.baudRate);
    } catch (err) {
      throw new Error(`cannot open serial port ${this.target.path} at ${this.target.baudRate} baud: ${errorText(err)}`, { cause: err });
    }
    // If it vanished again already, the link is 'reconnecting' and will come back by itself.
    if (!(await this.attach(port))) return;
    this.setState('open', `${this.target.path} open at ${this.target.baudRate} baud`);
  }

  write(bytes: Uint8Array): void {
    const port = this.port;
    if (!port || this.state !== 'open' || !port.isOpen || port.writableLength > MAX_QUEUED_BYTES) {
      this.counters.droppedWrites += 1;
      return;
    }
    this.counters.bytesOut += bytes.length;
    port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) => {
      // The port's 'close' (disconnect) handler takes care of reconnecting; just say why.
      if (err) this.notify(`write to ${this.target.path} failed: ${errorText(err)}`);
    });
  }

  protected async doClose(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
    await this.reopening;
    const port = this.port;
    this.port = undefined;
    if (port) await closePort(port);
  }

  /** Take the port into use; resolves false if it was already lost again meanwhile. */
  private async attach(port: SerialPort): Promise<boolean> {
    this.port = port;
    let lastError = '';
    port.on('error', (err: Error) => {
      lastError = errorText(err);
    });
    port.on('data', (chunk: Buffer) => this.deliver(chunk));
    port.on('close', (err: Error | null) => this.lost(port, err ? errorText(err) : lastError || 'closed'));
    const identity = await identify(this.target.path);
    if (this.port !== port) return false;
    if (identity !== undefined && identity !== 'missing') this.watch(port, identity);
    return true;
  }

  /** The port went away: forget it, say why, and start trying to reopen the path. */
  private lost(port: SerialPort, why: string): void {
    if (this.port !== port || this.closing) return;
    this.port = undefined;
    clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
    // Ends serialport's read loop on a hung-up pty; harmless when the port already closed itself.
    void closePort(port);
    this.setState('reconnecting', `serial port ${this.target.path} lost: ${why}; reopening every ${this.retry_ms} ms`);
    this.scheduleReopen();
  }

  private watch(port: SerialPort, identity: string): void {
    this.watchTimer = setTimeout(() => {
      this.watchTimer = undefined;
      void identify(this.target.path).then((now) => {
        if (this.port !== port || this.closing) return;
        if (now === 'missing') this.lost(port, 'device path disappeared');
        else if (now !== undefined && now !== identity) this.lost(port, 'device path now names another device');
        else this.watch(port, identity);
      });
    }, this.retry_ms);
  }

  private scheduleReopen(): void {
    if (this.closing) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.reopening = openPort(this.target.path, this.target.baudRate).then(
        async (port) => {
          this.reopening = undefined;
          if (this.closing) return closePort(port);
          this.counters.reconnects += 1;
          if (!(await this.attach(port))) return;
          this.setState('open', `${this.target.path} reopened at ${this.target.baudRate} baud`);
        },
        (err: unknown) => {
          this.reopening = undefined;
          if (this.closing) return;
          const detail = `reopen ${this.target.path} failed: ${errorText(err)}; retrying in ${this.retry_ms} ms`;
          if (detail !== this.detail) this.setState('reconnecting', detail);
          this.scheduleReopen();
        },
      );
    }, this.retry_ms);
  }
}
