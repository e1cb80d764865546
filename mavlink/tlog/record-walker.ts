// The tlog record walker: finds `8-byte big-endian µs timestamp + MAVLink frame` records in a byte
// buffer, resynchronising after garbage. Shared by the streaming reader and the replay indexer; it
// allocates nothing per record (the sink gets positions into the caller's buffer).
import { frameCrc } from '../crc';
import {
  BAD_CRC, checkFrameAt, frameLengthAt, IFLAG_SIGNED, MAGIC_V1, MAGIC_V2, NEED_MORE, SIGNATURE_LENGTH, UNKNOWN_ID,
  V1_HEADER, V2_HEADER,
} from '../frame';
import { CRC_EXTRA } from '../wire-table';

export const TIMESTAMP_BYTES = 8;
/** Most bytes the walker may leave unconsumed: two longest records (it may look one record ahead). */
export const MAX_CARRY_BYTES = 1024;

/** What reading a tlog found besides its records. Times are µs since the Unix epoch (-1: none yet). */
export interface TlogStats {
  /** Bytes read from the file. */
  bytes: number;
  /** Records accepted (valid frames plus frames of unknown message id). */
  records: number;
  v1: number;
  v2: number;
  signed: number;
  /** Record-aligned frames of a known id whose CRC did not match (not yielded). */
  badCrc: number;
  /** Records whose message id is not in minimal/common/standard/ardupilotmega (yielded, CRC unchecked). */
  unknown: number;
  /** Bytes passed over while resynchronising, including rejected records. */
  skippedBytes: number;
  /** Bytes of a last record cut off by the end of the file (counted, not yielded). */
  partialTailBytes: number;
  /** Records whose timestamp is earlier than the previous record's (they are still yielded). */
  backwardsSteps: number;
  firstT_us: number;
  lastT_us: number;
  minT_us: number;
  maxT_us: number;
}

export function emptyTlogStats(): TlogStats {
  return {
    bytes: 0, records: 0, v1: 0, v2: 0, signed: 0, badCrc: 0, unknown: 0, skippedBytes: 0,
    partialTailBytes: 0, backwardsSteps: 0, firstT_us: -1, lastT_us: -1, minT_us: -1, maxT_us: -1,
  };
}

/**
 * Receives each accepted record: `pos` is where its timestamp starts in `buf`, the frame is
 * buf[pos + 8, pos + 8 + frameLength). `known` is false for an unknown message id.
 */
export type RecordSink = (buf: Uint8Array, pos: number, frameLength: number, t_us: number, known: boolean) => void;

/** The start bytes as module constants: the scan past garbage reads them per byte (an imported binding may be a getter). */
const START_V1 = MAGIC_V1;
const START_V2 = MAGIC_V2;

const US_2000 = Date.UTC(2000, 0, 1) * 1000;
const US_2100 = Date.UTC(2100, 0, 1) * 1000;
const US_PER_DAY = 86_400 * 1e6;

/** The 8-byte big-endian timestamp at buf[pos] as a number of µs (exact below 2^53). */
export function readTimestamp(buf: Uint8Array, pos: number): number {
  const hi = ((buf[pos] << 24) | (buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3]) >>> 0;
  const lo = ((buf[pos + 4] << 24) | (buf[pos + 5] << 16) | (buf[pos + 6] << 8) | buf[pos + 7]) >>> 0;
  return hi * 4294967296 + lo;
}

/**
 * Walks records across successive buffers. Rules, at a candidate position p:
 * - aligned (p is the file start or right after an accepted record): accept if a valid frame starts at p+8;
 * - resynchronising (after skipped bytes): also require a plausible timestamp, i.e. within a day of
 *   the last accepted record or between 2000 and 2100;
 * - a frame of unknown id is accepted only if the next record's frame start byte follows it (or the file ends);
 * - a known id with a bad CRC is counted; if a valid record follows it exactly, the whole record is
 *   skipped at once, otherwise one byte is skipped and the walk resynchronises;
 * - at the end of the file an aligned record cut short is the partial tail.
 */
export class RecordWalker {
  readonly stats: TlogStats = emptyTlogStats();
  private aligned = true;

  /**
   * Walk buf[pos, end). Returns the position of the first byte not yet consumed (a record that
   * needs more bytes); with `atEnd` everything is consumed and `end` is returned.
   */
  walk(buf: Uint8Array, pos: number, end: number, atEnd: boolean, sink: RecordSink): number {
    const stats = this.stats;
    while (pos < end) {
      if (this.aligned && stats.records > 0) {
        pos = this.run(buf, pos, end, sink);
        if (pos >= end) break;
      }
      const fpos = pos + TIMESTAMP_BYTES;
      if (fpos >= end) {
        if (!atEnd) return pos;
        this.tail(end - pos);
        return end;
      }
      const magic = buf[fpos];
      if (magic !== MAGIC_V2 && magic !== MAGIC_V1) {
        // No start byte where the frame would be: every position up to the next start byte is passed over the
        // same way, so jump there at once (a tight scan: a GiB of zeros took minutes one byte per turn of the loop).
        let q = fpos + 1;
        while (q < end && buf[q] !== START_V2 && buf[q] !== START_V1) q++;
        stats.skippedBytes += q - fpos;
        pos = q - TIMESTAMP_BYTES;
        this.aligned = false;
        continue;
      }
      const r = checkFrameAt(buf, fpos, end);
      if (r > 0) {
        const t = readTimestamp(buf, pos);
        if (this.aligned || this.plausible(t)) {
          this.accept(buf, pos, r, t, true, sink);
          pos = fpos + r;
          continue;
        }
      } else if (r === NEED_MORE) {
        if (!atEnd) return pos;
        if (this.aligned || this.plausible(readTimestamp(buf, pos))) {
          this.tail(end - pos);
          return end;
        }
      } else if (r === UNKNOWN_ID) {
        const length = frameLengthAt(buf, fpos, end);
        const next = fpos + length;
        if (next + TIMESTAMP_BYTES >= end && !atEnd) return pos;
        const followed = next + TIMESTAMP_BYTES >= end || isStart(buf[next + TIMESTAMP_BYTES]);
        const t = readTimestamp(buf, pos);
        if (followed && (this.aligned || this.plausible(t))) {
          stats.unknown++;
          this.accept(buf, pos, length, t, false, sink);
          pos = next;
          continue;
        }
      } else if (r === BAD_CRC && (this.aligned || this.plausible(readTimestamp(buf, pos)))) {
        const next = fpos + frameLengthAt(buf, fpos, end);
        const after = next === end ? NEED_MORE : checkFrameAt(buf, next + TIMESTAMP_BYTES, end);
        if (after === NEED_MORE && !atEnd) return pos;
        stats.badCrc++;
        if (after > 0 || after === NEED_MORE) {
          // A whole record with a damaged frame (or one from another dialect), then a good record.
          stats.skippedBytes += next - pos;
          pos = next;
          this.aligned = true;
          continue;
        }
      }
      pos++;
      stats.skippedBytes++;
      this.aligned = false;
    }
    return pos;
  }

  /**
   * The common case, kept tight: consecutive in-step records whose frames check out (the same test
   * as checkFrameAt, inlined). Stops, leaving the record to the general path, at anything else.
   */
  private run(buf: Uint8Array, pos: number, end: number, sink: RecordSink): number {
    const stats = this.stats;
    let last = stats.lastT_us;
    let min = stats.minT_us;
    let max = stats.maxT_us;
    let records = 0;
    let v1 = 0;
    let signed = 0;
    let backwards = 0;
    const known = CRC_EXTRA.length;
    for (;;) {
      const f = pos + TIMESTAMP_BYTES;
      if (f + V2_HEADER > end) break;
      const magic = buf[f];
      const len = buf[f + 1];
      let header: number;
      let total: number;
      let msgid: number;
      let flags = 0;
      if (magic === MAGIC_V2) {
        flags = buf[f + 2];
        if (flags > IFLAG_SIGNED) break;
        header = V2_HEADER;
        total = V2_HEADER + len + 2 + (flags === IFLAG_SIGNED ? SIGNATURE_LENGTH : 0);
        msgid = buf[f + 7] | (buf[f + 8] << 8) | (buf[f + 9] << 16);
      } else if (magic === MAGIC_V1) {
        header = V1_HEADER;
        total = V1_HEADER + len + 2;
        msgid = buf[f + 5];
      } else break;
      const extra = msgid < known ? CRC_EXTRA[msgid] : -1;
      if (f + total > end || extra < 0) break;
      const crcAt = f + header + len;
      const crc = frameCrc(buf, f + 1, crcAt, extra);
      if ((crc & 0xff) !== buf[crcAt] || crc >>> 8 !== buf[crcAt + 1]) break;
      if (magic === MAGIC_V1) v1++;
      signed += flags;
      const t = readTimestamp(buf, pos);
      if (t < last) backwards++;
      if (t < min) min = t;
      if (t > max) max = t;
      last = t;
      records++;
      sink(buf, pos, total, t, true);
      pos = f + total;
    }
    stats.records += records;
    stats.v1 += v1;
    stats.v2 += records - v1;
    stats.signed += signed;
    stats.backwardsSteps += backwards;
    stats.lastT_us = last;
    stats.minT_us = min;
    stats.maxT_us = max;
    return pos;
  }

  private plausible(t_us: number): boolean {
    const last = this.stats.lastT_us;
    return (t_us >= US_2000 && t_us < US_2100) || (last >= 0 && Math.abs(t_us - last) <= US_PER_DAY);
  }

  private tail(bytes: number): void {
    if (this.aligned) this.stats.partialTailBytes += bytes;
    else this.stats.skippedBytes += bytes;
  }

  private accept(buf: Uint8Array, pos: number, length: number, t: number, known: boolean, sink: RecordSink): void {
    const stats = this.stats;
    const fpos = pos + TIMESTAMP_BYTES;
    stats.records++;
    if (buf[fpos] === MAGIC_V1) stats.v1++;
    else {
      stats.v2++;
      if (buf[fpos + 2] & 1) stats.signed++;
    }
    if (stats.firstT_us < 0) {
      stats.firstT_us = t;
      stats.minT_us = t;
      stats.maxT_us = t;
    } else {
      if (t < stats.lastT_us) stats.backwardsSteps++;
      if (t < stats.minT_us) stats.minT_us = t;
      if (t > stats.maxT_us) stats.maxT_us = t;
    }
    stats.lastT_us = t;
    this.aligned = true;
    sink(buf, pos, length, t, known);
  }
}

function isStart(b: number): boolean {
  return b === MAGIC_V1 || b === MAGIC_V2;
}
