// A binary min-heap of indices 0..n-1 ordered by an outside array of keys (the key of an index must not change
// while the index is in the heap). Used by the post checker to visit only the posts that are due.

export class KeyHeap {
  private readonly heap: Int32Array;
  private n = 0;

  constructor(
    capacity: number,
    private readonly keys: Float64Array,
  ) {
    this.heap = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** The index with the smallest key; only when size > 0. */
  peek(): number {
    return this.heap[0];
  }

  push(index: number): void {
    const { heap, keys } = this;
    const key = keys[index];
    let at = this.n++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (keys[heap[parent]] <= key) break;
      heap[at] = heap[parent];
      at = parent;
    }
    heap[at] = index;
  }

  /** Removes and returns the index with the smallest key; only when size > 0. */
  pop(): number {
    const { heap, keys } = this;
    const top = heap[0];
    const last = heap[--this.n];
    const key = keys[last];
    const n = this.n;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[heap[child + 1]] < keys[heap[child]]) child++;
      if (keys[heap[child]] >= key) break;
      heap[at] = heap[child];
      at = child;
    }
    if (n > 0) heap[at] = last;
    return top;
  }

  clear(): void {
    this.n = 0;
  }
}
