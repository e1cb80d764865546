// A typed-array column that grows as a recording is read (doubling), read back as a view of what was pushed: the
// replay keeps a recording's times and file offsets this way — 16 bytes a record instead of a decoded object.

type Typed = Float64Array | Uint32Array | Uint16Array | Uint8Array;
type Ctor<T extends Typed> = new (n: number) => T;

export class Growable<T extends Typed> {
  private data: T;
  length = 0;

  constructor(private readonly make: Ctor<T>, capacity = 64) {
    this.data = new make(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new this.make(this.data.length * 2);
      next.set(this.data as never);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** The last value pushed (undefined when none). */
  last(): number | undefined {
    return this.length > 0 ? this.data[this.length - 1] : undefined;
  }

  /** The values pushed so far (a view: valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export const f64 = (capacity?: number) => new Growable(Float64Array, capacity);
