// Synthetic tracks for the duty-post check tests: positions placed with turf (great-circle), in metres east (x)
// and north (y) of a post near the demo site.
import destination from '@turf/destination';
import type { TrackSample } from '../../patrol/checks/types';
import type { Post } from '../../patrol/site/site';

export const CENTRE = { lat_deg: 34.75, lon_deg: 113.75 };
/** 2026-11-29 02:00 UTC = 10:00 in China (UTC+8). */
export const T0_US = Date.UTC(2026, 10, 29, 2, 0) * 1000;

/** The point x metres east and y metres north of `from` (the centre by default). */
export function at(x_m: number, y_m: number, from = CENTRE): { lat_deg: number; lon_deg: number } {
  const d_m = Math.hypot(x_m, y_m);
  if (d_m === 0) return { ...from };
  const bearing_deg = (Math.atan2(x_m, y_m) * 180) / Math.PI;
  const [lon_deg, lat_deg] = destination([from.lon_deg, from.lat_deg], d_m, bearing_deg, { units: 'meters' }).geometry.coordinates;
  return { lat_deg, lon_deg };
}

export function post(over: Partial<Post> = {}): Post {
  return { id: 'gate', name: 'Gate', ...CENTRE, radius_m: 10, dwell_s: 15, shifts: [], ...over };
}

/** Straight flight from one (x, y) to another at speed_mps, sampled at rate_hz from t0_us (both ends included). */
export function line(from: [number, number], to: [number, number], speed_mps: number, rate_hz: number, t0_us = T0_US, alt_rel_m = 30): TrackSample[] {
  const length_m = Math.hypot(to[0] - from[0], to[1] - from[1]);
  const duration_s = length_m / speed_mps;
  const n = Math.floor(duration_s * rate_hz + 1e-9);
  const out: TrackSample[] = [];
  for (let k = 0; k <= n; k++) {
    const f = (k / rate_hz) / duration_s;
    out.push({ t_us: t0_us + Math.round((k / rate_hz) * 1e6), ...at(from[0] + f * (to[0] - from[0]), from[1] + f * (to[1] - from[1])), alt_rel_m });
  }
  return out;
}

/** Hovering at (x, y) for duration_s, sampled at rate_hz from t0_us (both ends included). */
export function hover(x_m: number, y_m: number, duration_s: number, rate_hz: number, t0_us = T0_US, alt_rel_m = 30): TrackSample[] {
  const out: TrackSample[] = [];
  for (let k = 0; k <= Math.round(duration_s * rate_hz); k++) {
    out.push({ t_us: t0_us + Math.round((k / rate_hz) * 1e6), ...at(x_m, y_m), alt_rel_m });
  }
  return out;
}

/** The last sample's time, for chaining legs. */
export const end = (track: readonly TrackSample[]): number => track[track.length - 1].t_us;
