// Append `8-byte big-endian µs timestamp + raw frame` records to a .tlog file. Never truncates:
// the file is opened in append mode, so recording into an existing flight continues it.
import { open, stat } from 'node:fs/promises';

export interface TlogWriterOptions {
  /**
   * Longest time a written record may sit in memory before it is flushed. Default 100 ms: with the quiet gaps
   * between telemetry bursts a kill -9 then loses under 200 ms of flight (bench:faults, recorder part; at 200 ms
   * 12 of 50 kills lost more, up to 294 ms).
   */
  flushInterval_ms?: number;
  /** Flush as soon as this many bytes are buffered. Default 64 KiB. */
  flushAt_bytes?: number;
  /** Called once per failed write or sync; the writer keeps going with later records. */
  onError?: (err: Error) => void;
}

export interface TlogWriterStats {
  /** Records accepted by write(). */
  records: number;
  /** Bytes written to the file by this writer. */
  bytesWritten: number;
  flushes: number;
  errors: number;
  lastError: string | null;
}

type Handle = Awaited<ReturnType<typeof open>>;

export class TlogWriter {
  readonly stats: TlogWriterStats = { records: 0, bytesWritten: 0, flushes: 0, errors: 0, lastError: null };
  private buf: Buffer;
  private used = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Every flush is chained on this, so writes reach the file in the order they were made. */
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly interval_ms: number;
  private readonly flushAt: number;
  private readonly onError: ((err: Error) => void) | undefined;

  private constructor(readonly path: string, private readonly fh: Handle, opts: TlogWriterOptions) {
    this.interval_ms = opts.flushInterval_ms ?? 100;
    this.flushAt = opts.flushAt_bytes ?? 64 * 1024;
    this.onError = opts.onError;
    this.buf = Buffer.allocUnsafe(this.flushAt + 512);
  }

  /** Open `path` for appending (created if missing). Rejects with a clear Error for a directory, device, etc. */
  static async open(path: string, opts: TlogWriterOptions = {}): Promise<TlogWriter> {
    const existing = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw new Error(`tlog writer: cannot use ${path}: ${err.message}`, { cause: err });
    });
    if (existing && !existing.isFile()) {
      throw new Error(`tlog writer: ${path} exists and is not a regular file (${existing.isDirectory() ? 'a directory' : 'a special file'})`);
    }
    let fh: Handle;
    try {
      fh = await open(path, 'a');
    } catch (err) {
      throw new Error(`tlog writer: cannot open ${path} for appending: ${(err as Error).message}`, { cause: err });
    }
    if (!(await fh.stat()).isFile()) {
      await fh.close();
      throw new Error(`tlog writer: ${path} is not a regular file`);
    }
    return new TlogWriter(path, fh, opts);
  }

  /** Buffer one record: the frame `raw` (copied) stamped with `t_us` (µs since the epoch, rounded). */
  write(raw: Uint8Array, t_us: number = Date.now() * 1000): void {
    if (this.closed) throw new Error(`tlog writer: write after close (${this.path})`);
    t_us = Math.round(t_us);
    if (!Number.isSafeInteger(t_us) || t_us < 0) {
      throw new RangeError(`tlog writer: timestamp must be a non-negative number of µs, got ${t_us}`);
    }
    const need = 8 + raw.length;
    if (this.used + need > this.buf.length) {
      this.startFlush();
      if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need);
    }
    const b = this.buf;
    const at = this.used;
    b.writeUInt32BE(Math.floor(t_us / 4294967296), at);
    b.writeUInt32BE(t_us % 4294967296, at + 4);
    b.set(raw, at + 8);
    this.used += need;
    this.stats.records++;
    if (this.used >= this.flushAt) this.startFlush();
    else if (this.timer === null) this.timer = setTimeout(() => this.startFlush(), this.interval_ms);
  }

  /** Resolves once everything written so far is in the file (not necessarily on disk). */
  flush(): Promise<void> {
    this.startFlush();
    return this.chain;
  }

  /** Flush, fsync and close. Errors go to stats/onError; resolves with the final stats. */
  async close(): Promise<TlogWriterStats> {
    if (this.closed) {
      await this.chain;
      return this.stats;
    }
    this.startFlush();
    this.closed = true;
    await this.chain;
    await this.fh.sync().catch((err: Error) => this.fail('fsync', err));
    await this.fh.close().catch((err: Error) => this.fail('close', err));
    return this.stats;
  }

  private startFlush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.used === 0) return;
    const data = this.buf.subarray(0, this.used);
    this.buf = Buffer.allocUnsafe(this.flushAt + 512);
    this.used = 0;
    this.chain = this.chain.then(() => this.writeAll(data));
  }

  private async writeAll(data: Buffer): Promise<void> {
    try {
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await this.fh.write(data, done, data.length - done);
        done += bytesWritten;
        this.stats.bytesWritten += bytesWritten;
      }
      this.stats.flushes++;
    } catch (err) {
      this.fail('write', err as Error);
    }
  }

  private fail(what: string, err: Error): void {
    const e = new Error(`tlog writer: ${what} to ${this.path} failed: ${err.message}`, { cause: err });
    this.stats.errors++;
    this.stats.lastError = e.message;
    if (!this.onError) return;
    try {
      this.onError(e);
    } catch (listenerErr) {
      // A throwing listener must not break the write chain (timer flushes have no one to reject to).
      this.stats.lastError = `${e.message}; onError threw: ${(listenerErr as Error).message}`;
    }
  }
}
