// An in-process, synchronous byte pipe: two ends, what one writes the other receives at once.
// Lets the simulator and a ground-station side talk without sockets (unit tests, benchmarks).

/** The part of a Link the simulator needs: bytes out, bytes in. Every Link satisfies it. */
export interface BytePort {
  write(bytes: Uint8Array): void;
  onData(cb: (chunk: Uint8Array, source?: number) => void): () => void;
}

class PipeEnd implements BytePort {
  peer: PipeEnd | undefined;
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();
  bytesOut = 0;
  bytesIn = 0;

  write(bytes: Uint8Array): void {
    this.bytesOut += bytes.length;
    this.peer?.receive(bytes.slice());
  }

  onData(cb: (chunk: Uint8Array) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private receive(bytes: Uint8Array): void {
    this.bytesIn += bytes.length;
    for (const cb of [...this.listeners]) cb(bytes);
  }
}

/** Two connected ends: `a.write` reaches `b.onData` listeners and vice versa. */
export function createBytePipe(): { a: BytePort & { bytesIn: number; bytesOut: number }; b: BytePort & { bytesIn: number; bytesOut: number } } {
  const a = new PipeEnd();
  const b = new PipeEnd();
  a.peer = b;
  b.peer = a;
  return { a, b };
}
