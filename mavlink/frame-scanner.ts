// Streaming frame scanner: feed it byte chunks as they arrive, get whole frames out.
// Resynchronises after garbage on the next valid frame; counts what it could not use.
import {
  BAD_CRC, checkFrameAt, frameAt, frameLengthAt, MAGIC_V1, MAGIC_V2, MAX_FRAME_LENGTH, msgidAt, NEED_MORE, UNKNOWN_ID,
  type Frame,
} from './frame';
import { PAYLOAD_LENGTH } from './wire-table';

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
  /** Carry-over per byte stream (see Link.onData's source): bytes of a frame that has not fully arrived yet. */
  private readonly pendingBySource = new Map<number, Uint8Array>();

  /**
   * Scan a chunk; calls `sink` for each complete frame (valid CRC, or an unknown id followed by a valid frame).
   * Chunks from different `source` streams (e.g. two TCP clients) are never joined into one frame.
   */
  push(chunk: Uint8Array, sink: FrameSink, source = 0): void {
    this.stats.bytes += chunk.length;
    const pending = this.pendingBySource.get(source);
    const buf = pending ? concat(pending, chunk) : chunk;
    let pos = this.scan(buf, sink, false);
    if (buf.length - pos > MAX_CARRY) {
      // Cannot happen with the rules above; never hold more than two frames' worth, whatever the input.
      this.stats.skippedBytes += buf.length - pos - MAX_CARRY;
      pos = buf.length - MAX_CARRY;
    }
    if (pos < buf.length) this.pendingBySource.set(source, buf.slice(pos));
    else this.pendingBySource.delete(source);
  }

  /** End of stream: whatever is left is either an unknown-id frame or garbage. */
  flush(sink: FrameSink): void {
    const buffers = [...this.pendingBySource.values()];
    this.pendingBySource.clear();
    for (const buf of buffers) this.scan(buf, sink, true);
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
        // Wait for the rest of the frame, unless a whole valid frame already follows: then this start byte was
        // noise announcing a long frame, and waiting would hold back good frames (a stray 0xFE 0xFF on a
        // heartbeat-only link would delay the next 13 heartbeats).
        if (!atEnd && !validFrameAfter(buf, pos + 1, end)) return pos;
        // At the end of the stream a start byte whose frame would run past the end is noise (or a
        // cut-off frame): skip it and keep scanning, so frames after a stray start byte are not lost.
        pos++;
        stats.skippedBytes++;
      } else if (r === UNKNOWN_ID) {
        // An id we have no definition for (so no CRC check): accept it only if a valid frame follows right
        // after it; otherwise this start byte was noise.
        const length = frameLengthAt(buf, pos, end);
        const next = pos + length;
        const after = next < end ? checkFrameAt(buf, next, end) : NEED_MORE;
        if (after === NEED_MORE && !atEnd) return pos;
        // A frame whose id we cannot check must not swallow a checked one: garbage announcing a long unknown frame
        // would otherwise hide the real frames inside its span whenever its end happened to fall on a frame start.
        if (after > 0 && !validFrameAfter(buf, pos + 1, Math.min(next, end))) {
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
        // Count a CRC failure only where the length fits the message: a random start byte is noise, not a bad frame.
        if (r === BAD_CRC && plausibleLength(buf, pos)) stats.badCrc++;
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

/** Carry-over is at most an unknown-id frame and the frame after it. */
const MAX_CARRY = MAX_FRAME_LENGTH * 2;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function validFrameAfter(buf: Uint8Array, from: number, end: number): boolean {
  for (let p = from; p < end; p++) {
    const b = buf[p];
    if ((b === MAGIC_V1 || b === MAGIC_V2) && checkFrameAt(buf, p, end) > 0) return true;
  }
  return false;
}

function plausibleLength(buf: Uint8Array, pos: number): boolean {
  const msgid = msgidAt(buf, pos);
  return msgid < PAYLOAD_LENGTH.length && buf[pos + 1] <= PAYLOAD_LENGTH[msgid];
}
