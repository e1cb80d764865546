// The altitude ArduCopter returns home at (mode_rtl.cpp, compute_return_target): at least RTL_ALT and the current
// altitude plus RTL_CLIMB_MIN, but near home the cone (RTL_CONE_SLOPE × distance) limits the climb. Metres above
// home. Shared by the planned return and the failsafe returns.

export interface RtlParams {
  /** RTL_ALT (metres; ArduCopter up to 4.6 stores it in centimetres). */
  rtl_alt_m: number;
  /** RTL_CONE_SLOPE (default 3; below 0.5 disables the cone, as ArduCopter does). */
  cone_slope: number;
  /** RTL_CLIMB_MIN (default 0). */
  climb_min_m: number;
}

/** ArduCopter's RTL_ALT_MIN: never return lower than 2 m. */
const RTL_ALT_MIN_M = 2;
const RTL_MIN_CONE_SLOPE = 0.5;

export function rtlReturnAlt(alt_m: number, dist_home_m: number, p: RtlParams): number {
  const min_rtl = Math.max(RTL_ALT_MIN_M, alt_m + Math.max(0, p.climb_min_m));
  let target = Math.max(p.rtl_alt_m, min_rtl);
  if (p.cone_slope >= RTL_MIN_CONE_SLOPE) target = Math.min(target, Math.max(dist_home_m * p.cone_slope, min_rtl));
  return target;
}
