// serial:PATH[:BAUD] — a telemetry radio (57600 baud by default) through serialport 13.
// If the port vanishes (radio unplugged, pty master gone) it tries to reopen the same path every
// serialRetry_ms until it comes back, then carries on.
import { SerialPort } from 'serialport';
import type { LinkKind } from './link';
import { LinkBase, errorText, type LinkOptions } from './link-base';
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
    this.attach(port);
    this.setState('open', `${this.target.path} open at ${this.target.baudRate} baud`);
  }

  write(bytes: Uint8Array): void {
    const port = this.port;
    if (!port || this.state !== 'open' || !port.isOpen) {
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
    await this.reopening;
    const port = this.port;
    this.port = undefined;
    if (port) await closePort(port);
  }

  private attach(port: SerialPort): void {
    this.port = port;
    let lastError = '';
    port.on('error', (err: Error) => {
      lastError = errorText(err);
    });
    port.on('data', (chunk: Buffer) => this.deliver(chunk));
    port.on('close', (err: Error | null) => {
      if (this.port !== port || this.closing) return;
      this.port = undefined;
      const why = err ? errorText(err) : lastError || 'closed';
      this.setState('reconnecting', `serial port ${this.target.path} lost: ${why}; reopening every ${this.retry_ms} ms`);
      this.scheduleReopen();
    });
  }

  private scheduleReopen(): void {
    if (this.closing) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.reopening = openPort(this.target.path, this.target.baudRate).then(
        (port) => {
          this.reopening = undefined;
          if (this.closing) return closePort(port);
          this.counters.reconnects += 1;
          this.attach(port);
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
