// Validation of command-line values. Each parser throws a UsageError naming the flag and what it expected;
// main.ts turns that into exit code 2 and a one-line reason.
import { InvalidArgumentError } from 'commander';

export class UsageError extends Error {}

function fail(message: string): never {
  throw new InvalidArgumentError(message);
}

function toNumber(value: string, what: string): number {
  const trimmed = value.trim();
  const n = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(n)) fail(`${what}: "${value}" is not a number`);
  return n;
}

/** Longest wait a timer can hold (Node's setTimeout fires at once past 2^31 - 1 ms). */
export const MAX_SECONDS = 2_000_000;

export function positiveSeconds(value: string): number {
  const n = toNumber(value, 'seconds');
  if (n <= 0 || n > MAX_SECONDS) fail(`expected a positive number of seconds up to ${MAX_SECONDS}, got "${value}"`);
  return n;
}

export function probability(value: string): number {
  const n = toNumber(value, 'probability');
  if (n < 0 || n > 1) fail(`expected a probability between 0 and 1, got "${value}"`);
  return n;
}

export function intInRange(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = toNumber(value, 'integer');
    if (!Number.isInteger(n) || n < min || n > max) fail(`expected an integer from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

export function numberInRange(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = toNumber(value, 'number');
    if (n < min || n > max) fail(`expected a number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

export interface HomeArg {
  lat_deg: number;
  lon_deg: number;
  alt_m: number;
}

/** "LAT,LON,ALT_M" in WGS-84 degrees and metres above mean sea level. */
export function home(value: string): HomeArg {
  const parts = value.split(',');
  if (parts.length !== 3) fail(`expected LAT,LON,ALT_M (e.g. -35.363261,149.165230,584), got "${value}"`);
  const [lat_deg, lon_deg, alt_m] = parts.map((p, i) => toNumber(p, ['latitude', 'longitude', 'altitude'][i]));
  if (lat_deg < -90 || lat_deg > 90) fail(`latitude ${lat_deg} is outside -90..90`);
  if (lon_deg < -180 || lon_deg > 180) fail(`longitude ${lon_deg} is outside -180..180`);
  if (lat_deg === 0 && lon_deg === 0) fail('0,0 is what autopilots report before they know their position; give a real home');
  return { lat_deg, lon_deg, alt_m };
}

/** "LAT,LON" in WGS-84 degrees: a launch place (a site's home). */
export function latLon(value: string): { lat_deg: number; lon_deg: number } {
  const parts = value.split(',');
  if (parts.length !== 2) fail(`expected LAT,LON (e.g. 34.7505859,113.7492901), got "${value}"`);
  const [lat_deg, lon_deg] = parts.map((p, i) => toNumber(p, ['latitude', 'longitude'][i]));
  if (lat_deg < -90 || lat_deg > 90) fail(`latitude ${lat_deg} is outside -90..90`);
  if (lon_deg < -180 || lon_deg > 180) fail(`longitude ${lon_deg} is outside -180..180`);
  if (lat_deg === 0 && lon_deg === 0) fail('0,0 is what autopilots report before they know their position; give a real launch place');
  return { lat_deg, lon_deg };
}
