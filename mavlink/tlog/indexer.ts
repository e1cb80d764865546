// One pass over a tlog, no decoding: where each record is, when, and which message — the replay index.
import { MAGIC_V2 } from '../frame';
import { DEFAULT_CHUNK_BYTES, windows } from './chunked-file';
import { RecordWalker, TIMESTAMP_BYTES, type TlogStats } from './record-walker';
import { stat } from 'node:fs/promises';

/** Columnar index of a tlog: entry i is the i-th accepted record. */
export interface TlogIndex {
  count: number;
  /** Byte offset of each record (its timestamp) in the file; the frame starts 8 bytes later. */
  offset: Float64Array;
  /** Microseconds since the Unix epoch. */
  t_us: Float64Array;
  msgid: Uint32Array;
  sysid: Uint8Array;
  compid: Uint8Array;
  stats: TlogStats;
}

export interface TlogIndexOptions {
  chunkBytes?: number;
}

class Columns {
  count = 0;
  offset: Float64Array;
  t_us: Float64Array;
  msgid: Uint32Array;
  sysid: Uint8Array;
  compid: Uint8Array;

  constructor(capacity: number) {
    this.offset = new Float64Array(capacity);
    this.t_us = new Float64Array(capacity);
    this.msgid = new Uint32Array(capacity);
    this.sysid = new Uint8Array(capacity);
    this.compid = new Uint8Array(capacity);
  }

  grow(): void {
    const capacity = Math.ceil(this.offset.length * 1.5) + 1024;
    this.offset = copyInto(new Float64Array(capacity), this.offset);
    this.t_us = copyInto(new Float64Array(capacity), this.t_us);
    this.msgid = copyInto(new Uint32Array(capacity), this.msgid);
    this.sysid = copyInto(new Uint8Array(capacity), this.sysid);
    this.compid = copyInto(new Uint8Array(capacity), this.compid);
  }
}

function copyInto<T extends Float64Array | Uint32Array | Uint8Array>(into: T, from: T): T {
  into.set(from);
  return into;
}

/** Index every record of the tlog at `path` (see RecordWalker for what counts as a record). */
export async function indexTlog(path: string, opts: TlogIndexOptions = {}): Promise<TlogIndex> {
  let size = 0;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new Error(`tlog: cannot index ${path}: ${(err as Error).message}`, { cause: err });
  }
  // An average record is ~40 bytes; start there and grow if the file is denser.
  const cols = new Columns(Math.ceil(size / 32) + 16);
  const walker = new RecordWalker();
  let base = 0;
  const sink = (buf: Uint8Array, pos: number, _length: number, t_us: number): void => {
    if (cols.count === cols.offset.length) cols.grow();
    const i = cols.count++;
    const f = pos + TIMESTAMP_BYTES;
    cols.offset[i] = base + pos;
    cols.t_us[i] = t_us;
    if (buf[f] === MAGIC_V2) {
      cols.msgid[i] = buf[f + 7] | (buf[f + 8] << 8) | (buf[f + 9] << 16);
      cols.sysid[i] = buf[f + 5];
      cols.compid[i] = buf[f + 6];
    } else {
      cols.msgid[i] = buf[f + 5];
      cols.sysid[i] = buf[f + 3];
      cols.compid[i] = buf[f + 4];
    }
  };
  for await (const w of windows(path, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES)) {
    base = w.base;
    w.consumed = walker.walk(w.buf, 0, w.end, w.atEnd, sink);
    walker.stats.bytes = w.base + w.end;
  }
  const n = cols.count;
  return {
    count: n,
    offset: cols.offset.slice(0, n),
    t_us: cols.t_us.slice(0, n),
    msgid: cols.msgid.slice(0, n),
    sysid: cols.sysid.slice(0, n),
    compid: cols.compid.slice(0, n),
    stats: walker.stats,
  };
}
