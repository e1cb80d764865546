// Streaming frame scanner: feed it byte chunks as they arrive, get whole frames out.
// Resynchronises after garbage on the next valid frame; counts what it could not use.
import {
  BAD_CRC, checkFrameAt, frameAt, frameLengthAt, MAGIC_V1, MAGIC_V2, MAX_FRAME_LENGTH, NEED_MORE, UNKNOWN_ID,
  type Frame,
} from './frame';

export interface ScanStats {
  bytes: number;
  frames: number;
  v1: number;
  v2: number;
  signed: number;
  badCrc: number;
  unknown: number;
  skippedBytes: number;
}

export function emptyScanStats(): ScanStats {
  return { bytes: 0, frames: 0, v1: 0, v2: 0, signed: 0, badCrc: 0, unknown: 0, skippedBytes: 0 };
}

export type FrameSink = (frame: Frame) => void;

export class FrameScanner {
  readonly stats: ScanStats = emptyScanStats();
  /** Carry-over: bytes of a frame that has not fully arrived yet. Never longer than one frame. */
  private pending: Uint8Array = new Uint8Array(0);

  /** Scan a chunk; calls `sink` for each complete frame (valid CRC, or an unknown id followed by another frame). */
  push(chunk: Uint8Array, sink: FrameSink): void {
    this.stats.bytes += chunk.length;
    const buf = this.pending.length ? concat(this.pending, chunk) : chunk;
    const pos = this.scan(buf, sink, false);
    this.pending = buf.slice(pos);
  }

  /** End of stream: whatever is left is either an unknown-id frame or garbage. */
  flush(sink: FrameSink): void {
    const buf = this.pending;
    this.pending = new Uint8Array(0);
    this.scan(buf, sink, true);
  }

  private scan(buf: Uint8Array, sink: FrameSink, atEnd: boolean): number {
    const end = buf.length;
    const stats = this.stats;
    let pos = 0;
    while (pos < end) {
      const b = buf[pos];
      if (b !== MAGIC_V1 && b !== MAGIC_V2) {
        pos++;
        stats.skippedBytes++;
        continue;
      }
      const r = checkFrameAt(buf, pos, end);
      if (r > 0) {
        const frame = frameAt(buf, pos, r);
        this.count(frame);
        sink(frame);
        pos += r;
      } else if (r === NEED_MORE) {
        if (!atEnd) return pos;
        // At the end of the stream a start byte whose frame would run past the end is noise (or a
        // cut-off frame): skip it and keep scanning, so frames after a stray start byte are not lost.
        pos++;
        stats.skippedBytes++;
      } else if (r === UNKNOWN_ID) {
        // An id we have no definition for: accept it only if another frame starts right after it,
        // otherwise this start byte was noise.
        const length = frameLengthAt(buf, pos, end);
        const next = pos + length;
        if (next === end && !atEnd) return pos;
        if (next === end || buf[next] === MAGIC_V1 || buf[next] === MAGIC_V2) {
          const frame = frameAt(buf, pos, length, false);
          stats.unknown++;
          this.count(frame);
          sink(frame);
          pos = next;
        } else {
          pos++;
          stats.skippedBytes++;
        }
      } else {
        if (r === BAD_CRC) stats.badCrc++;
        pos++;
        stats.skippedBytes++;
      }
    }
    return pos;
  }

  private count(frame: Frame): void {
    const stats = this.stats;
    stats.frames++;
    if (frame.version === 1) stats.v1++;
    else stats.v2++;
    if (frame.signed) stats.signed++;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  if (a.length > MAX_FRAME_LENGTH * 2) throw new Error('frame scanner: carry-over grew past two frames (internal error)');
  return out;
}
