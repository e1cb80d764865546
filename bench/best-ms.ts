// The best (lowest) wall time of `runs` calls, in ms: the figure least disturbed by other load.
export function bestMs(runs: number, fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
