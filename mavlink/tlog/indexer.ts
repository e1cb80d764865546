// One pass over a tlog, no decoding: where each record is, when, and which message — the replay index.
import { MAGIC_V1, MAGIC_V2 } from '../frame';
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
  offset = new Float64Array(0);
  t_us = new Float64Array(0);
  msgid = new Uint32Array(0);
  sysid = new Uint8Array(0);
  compid = new Uint8Array(0);

  /** Make room for `capacity` entries, keeping those already stored. */
  reserve(capacity: number): void {
    if (capacity <= this.offset.length) return;
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
  const cols = new Columns();
  const walker = new RecordWalker();
  let base = 0;
  const sink = (buf: Uint8Array, pos: number, _length: number, t_us: number): void => {
    if (cols.count === cols.offset.length) cols.reserve(Math.ceil(cols.count * 1.25) + 4096);
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
    if (cols.offset.length === 0) cols.reserve(estimateRecords(w.buf, w.start, w.end, size));
    w.consumed = walker.walk(w.buf, w.start, w.end, w.atEnd, sink);
    walker.stats.bytes = w.base + w.end;
  }
  const n = cols.count;
  // Views, not copies: the capacity was sized from the file, so little is left over.
  return {
    count: n,
    offset: cols.offset.subarray(0, n),
    t_us: cols.t_us.subarray(0, n),
    msgid: cols.msgid.subarray(0, n),
    sysid: cols.sysid.subarray(0, n),
    compid: cols.compid.subarray(0, n),
    stats: walker.stats,
  };
}

/** Records the file should hold, judged from the sizes of the first window's records (+5 %). */
function estimateRecords(buf: Uint8Array, start: number, end: number, fileBytes: number): number {
  let pos = start;
  let n = 0;
  while (pos + 8 + 6 < end && n < 4096) {
    const f = pos + 8;
    if (buf[f] === MAGIC_V2) pos = f + 12 + buf[f + 1] + (buf[f + 2] & 1 ? 13 : 0);
    else if (buf[f] === MAGIC_V1) pos = f + 8 + buf[f + 1];
    else break;
    n++;
  }
  const perRecord = n > 16 ? (pos - start) / n : 32;
  return Math.ceil((fileBytes / perRecord) * 1.05) + 1024;
}
