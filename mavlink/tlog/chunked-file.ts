// Read a file in fixed-size chunks into one reusable buffer, keeping the unconsumed tail of each
// window in front of the next: memory stays constant whatever the file's size.
import { open } from 'node:fs/promises';
import { MAX_CARRY_BYTES } from './record-walker';

export const DEFAULT_CHUNK_BYTES = 1 << 20;

/** One filled window buf[0, end) of the file; `base` is the file offset of buf[0]. */
export interface Window {
  buf: Uint8Array;
  end: number;
  base: number;
  /** True for the last window: nothing more will be read. */
  atEnd: boolean;
  /** Set by the consumer before asking for the next window: bytes of this one it has used. */
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
 * most MAX_CARRY_BYTES may be left unconsumed. The buffer is reused: copy what must outlive a step.
 */
export async function* windows(path: string, chunkBytes = DEFAULT_CHUNK_BYTES): AsyncGenerator<Window> {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`tlog: chunk size must be a positive integer, got ${chunkBytes}`);
  }
  const fh = await openForReading(path);
  try {
    const buf = new Uint8Array(chunkBytes + MAX_CARRY_BYTES);
    let carry = 0;
    let fileOffset = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, carry, chunkBytes, fileOffset);
      const w: Window = { buf, end: carry + bytesRead, base: fileOffset - carry, atEnd: bytesRead === 0, consumed: 0 };
      fileOffset += bytesRead;
      yield w;
      if (w.atEnd) return;
      carry = w.end - w.consumed;
      if (carry > MAX_CARRY_BYTES || carry < 0) {
        throw new Error(`tlog: ${carry} bytes left unconsumed at offset ${w.base + w.consumed} of ${path} (internal error)`);
      }
      buf.copyWithin(0, w.consumed, w.end);
    }
  } finally {
    await fh.close();
  }
}
