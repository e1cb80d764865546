// One colour ramp for altitudes and speeds on the maps (the planned route, a replayed track): blue (low) to red
// (high) in 8 steps.
export const RAMP = ['#2c7bb6', '#00a6ca', '#00ccbc', '#90eb9d', '#ffff8c', '#f9d057', '#f29e2e', '#d7191c'] as const;

/** The ramp's colour of `v` between `lo` and `hi`. */
export function rampColour(v: number, lo: number, hi: number): string {
  return RAMP[Math.max(0, Math.min(RAMP.length - 1, Math.floor(((v - lo) / Math.max(hi - lo, 1e-9)) * RAMP.length)))];
}
