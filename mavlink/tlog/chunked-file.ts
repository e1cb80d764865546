// Read a file in fixed-size chunks into one reusable buffer, keeping the unconsumed tail of each
// window in front of the next: memory stays constant whatever the file's size.
import { open } from 'node:fs/promises';
import { MAX_CARRY_BYTES } from './record-walker';

export const DEFAULT_CHUNK_BYTES = 1 << 20;

/** One filled window buf[start, end) of the file; `base` is the file offset of buf[0]. */
export interface Window {
  buf: Uint8Array;
  start: number;
  end: number;
  base: number;
  /** True for the last window: nothing more will be read. */
  atEnd: boolean;
  /** Set by the consumer before asking for the next window: the position up to which it used buf. */
  consumed: number;
}

type Handle = Awaited<ReturnType<typeof open>>;

async function openForReading(path: string): Promise<Handle> {
  let fh: Handle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new Error(`tlog: cannot open ${path} for reading: ${(err as Error).message}`, { cause: err });
  }
  const st = await fh.stat();
  if (!st.isFile()) {
    await fh.close();
    throw new Error(`tlog: ${path} is not a regular file`);
  }
  return fh;
}

/**
 * The file's windows, in order. The consumer must set `window.consumed` before the next step; at
 * most MAX_CARRY_BYTES may be left unconsumed, and they start the next window. Two buffers are
 * reused in turn, so the next chunk is read while this one is worked on: copy what must outlive a step.
 */
export async function* windows(path: string, chunkBytes = DEFAULT_CHUNK_BYTES): AsyncGenerator<Window> {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`tlog: chunk size must be a positive integer, got ${chunkBytes}`);
  }
  const fh = await openForReading(path);
  // Each buffer keeps MAX_CARRY_BYTES in front of the chunk for the previous window's leftovers.
  const bufs = [new Uint8Array(MAX_CARRY_BYTES + chunkBytes), new Uint8Array(MAX_CARRY_BYTES + chunkBytes)];
  let which = 0;
  let fileOffset = 0;
  let pending = fh.read(bufs[0], MAX_CARRY_BYTES, chunkBytes, 0);
  try {
    let prev: Window | null = null;
    for (;;) {
      const { bytesRead } = await pending;
      const buf = bufs[which];
      const carry = prev ? prev.end - prev.consumed : 0;
      if (prev && carry > 0) buf.set(prev.buf.subarray(prev.consumed, prev.end), MAX_CARRY_BYTES - carry);
      const start = MAX_CARRY_BYTES - carry;
      const w: Window = {
        buf, start, end: MAX_CARRY_BYTES + bytesRead, base: fileOffset - MAX_CARRY_BYTES, atEnd: bytesRead === 0, consumed: start,
      };
      fileOffset += bytesRead;
      if (!w.atEnd) pending = fh.read(bufs[1 - which], MAX_CARRY_BYTES, chunkBytes, fileOffset);
      yield w;
      if (w.atEnd) return;
      const left = w.end - w.consumed;
      if (left > MAX_CARRY_BYTES || left < 0) {
        throw new Error(`tlog: ${left} bytes left unconsumed at offset ${w.base + w.consumed} of ${path} (internal error)`);
      }
      prev = w;
      which = 1 - which;
    }
  } finally {
    await Promise.allSettled([pending]);
    await fh.close();
  }
}
