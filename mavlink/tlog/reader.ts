// Stream the records of a .tlog file in constant memory, decoding nothing but the frame boundaries.
import { frameAt, type Frame } from '../frame';
import { windows } from './chunked-file';
import { RecordWalker, TIMESTAMP_BYTES, emptyTlogStats, type TlogStats } from './record-walker';

export interface TlogRecord {
  /** Microseconds since the Unix epoch, as recorded. */
  t_us: number;
  /** Byte offset of the record (its timestamp) in the file. */
  offset: number;
  frame: Frame;
}

/**
 * Bytes per read. Small on purpose: a chunk's records are alive together, and batches of a few
 * thousand die young in V8's nursery while batches of ~30,000 get promoted (5x slower overall).
 */
export const READER_CHUNK_BYTES = 64 * 1024;

export interface TlogReadOptions {
  /** Bytes read per file read; memory use is about this much. */
  chunkBytes?: number;
}

/**
 * A tlog file's records, in file order: `for await (const rec of readTlog(path))`. Stats fill in as
 * the file is read (final once the iteration ends); each iteration re-reads the file from the start.
 */
export class TlogReader implements AsyncIterable<TlogRecord> {
  private walker = new RecordWalker();
  private readonly chunkBytes: number;

  constructor(readonly path: string, opts: TlogReadOptions = {}) {
    this.chunkBytes = opts.chunkBytes ?? READER_CHUNK_BYTES;
  }

  get stats(): TlogStats {
    return this.walker.stats;
  }

  /** Records one chunk's worth at a time (cheaper than one await per record). */
  async *batches(): AsyncGenerator<TlogRecord[]> {
    const walker = new RecordWalker();
    this.walker = walker;
    let batch: TlogRecord[] = [];
    let base = 0;
    const sink = (buf: Uint8Array, pos: number, length: number, t_us: number, known: boolean): void => {
      batch.push({ t_us, offset: base + pos, frame: frameAt(buf, pos + TIMESTAMP_BYTES, length, known) });
    };
    for await (const w of windows(this.path, this.chunkBytes)) {
      base = w.base;
      w.consumed = walker.walk(w.buf, w.start, w.end, w.atEnd, sink);
      walker.stats.bytes = w.base + w.end;
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<TlogRecord> {
    for await (const batch of this.batches()) yield* batch;
  }
}

export function readTlog(path: string, opts: TlogReadOptions = {}): TlogReader {
  return new TlogReader(path, opts);
}

export { emptyTlogStats, type TlogStats };
