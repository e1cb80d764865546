// Numbers as the Fly view shows them: sizes, times of day, durations, distances from home, the battery's warning.
import type { TFunction } from 'i18next';

/** Below this the battery shows in the warning colour; at or below the failsafe (ArduPilot's BATT_LOW default 20 %
 *  is close) in the alarm colour. */
export const BATTERY_WARN_PCT = 30;
export const BATTERY_ALARM_PCT = 20;
/** The vehicle's home further than this from the patrol's home: the upload warns (the route was planned elsewhere). */
export const FAR_HOME_M = 50;

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** HH:MM:SS of an ISO time, in the local time zone. */
export function clock(iso: string | number): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleTimeString([], { hour12: false });
}

/** m:ss, or h:mm:ss from an hour on. */
export function elapsed(s: number): string {
  const whole = Math.max(0, Math.floor(s));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const ss = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Great-circle distance in metres (spherical Earth, good to well under a metre at a site's scale). */
export function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const k = Math.PI / 180;
  const dLat = (b.lat - a.lat) * k;
  const dLon = (b.lon - a.lon) * k;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * k) * Math.cos(b.lat * k) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A number with its unit, or "unknown" (never 0 for a value not heard). */
export function num(t: TFunction, v: number | null, digits: number, unit: string): string {
  return v === null ? t('fly.unknown') : `${v.toFixed(digits)} ${unit}`;
}

export function batteryLevel(pct: number | null): 'ok' | 'warn' | 'alarm' | 'unknown' {
  if (pct === null) return 'unknown';
  if (pct <= BATTERY_ALARM_PCT) return 'alarm';
  return pct < BATTERY_WARN_PCT ? 'warn' : 'ok';
}

/** MAV_SEVERITY → how loud: 0–2 emergency/alert/critical, 3 error, 4 warning, else info. */
export function severityClass(severity: number): 'critical' | 'error' | 'warning' | 'info' {
  if (severity <= 2) return 'critical';
  if (severity === 3) return 'error';
  return severity === 4 ? 'warning' : 'info';
}
