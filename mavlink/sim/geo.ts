// Flat-earth conversion between WGS-84 degrees and a local North-East-Down frame around an origin.
// Good to centimetres within a few kilometres, which is all a patrol flight spans.

export const EARTH_RADIUS_M = 6_378_137;
const DEG = Math.PI / 180;

export interface GeoPoint {
  lat_deg: number;
  lon_deg: number;
  /** Altitude above mean sea level. */
  alt_m: number;
}

export interface Ned {
  n: number;
  e: number;
  d: number;
}

/** WGS-84 point `north_m`, `east_m` away from `origin` (altitude unchanged). */
export function offsetLatLon(origin: GeoPoint, north_m: number, east_m: number): { lat_deg: number; lon_deg: number } {
  const lat_deg = origin.lat_deg + (north_m / EARTH_RADIUS_M) / DEG;
  const lon_deg = origin.lon_deg + (east_m / (EARTH_RADIUS_M * Math.cos(origin.lat_deg * DEG))) / DEG;
  return { lat_deg, lon_deg: wrapLon(lon_deg) };
}

/** North/east metres from `origin` to (lat_deg, lon_deg), the short way across ±180°. */
export function latLonToNe(origin: GeoPoint, lat_deg: number, lon_deg: number): { n: number; e: number } {
  const n = (lat_deg - origin.lat_deg) * DEG * EARTH_RADIUS_M;
  const e = wrapLon(lon_deg - origin.lon_deg) * DEG * EARTH_RADIUS_M * Math.cos(origin.lat_deg * DEG);
  return { n, e };
}

/** Horizontal distance in metres between two WGS-84 points (flat earth). */
export function distance_m(a: { lat_deg: number; lon_deg: number }, b: { lat_deg: number; lon_deg: number }): number {
  const { n, e } = latLonToNe({ ...a, alt_m: 0 }, b.lat_deg, b.lon_deg);
  return Math.hypot(n, e);
}

export function wrapLon(lon_deg: number): number {
  let x = lon_deg;
  while (x > 180) x -= 360;
  while (x < -180) x += 360;
  return x;
}

/** Angle wrapped into (-π, π]. */
export function wrapPi(rad: number): number {
  let x = rad % (2 * Math.PI);
  if (x > Math.PI) x -= 2 * Math.PI;
  if (x <= -Math.PI) x += 2 * Math.PI;
  return x;
}

/** Angle wrapped into [0, 2π). */
export function wrap2Pi(rad: number): number {
  const x = rad % (2 * Math.PI);
  return x < 0 ? x + 2 * Math.PI : x;
}
