// Duty shifts: "HH:MM" local times of the site. A shift whose `to` is earlier than its `from` runs overnight
// (22:00–06:00 covers 23:30 and 05:00).

import type { Shift } from './site';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an "HH:MM" time, or undefined when it is not one (00:00–23:59). */
export function parseHhMm(text: string): number | undefined {
  const match = HH_MM.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** True when `minute_of_day` (0–1439, local time) falls inside the shift: from inclusive, to exclusive. */
export function shiftContains(shift: Shift, minute_of_day: number): boolean {
  const from_min = parseHhMm(shift.from);
  const to_min = parseHhMm(shift.to);
  if (from_min === undefined || to_min === undefined) return false;
  if (from_min <= to_min) return minute_of_day >= from_min && minute_of_day < to_min;
  return minute_of_day >= from_min || minute_of_day < to_min;
}

/** True when the post has no shifts (always on duty) or one of them contains the minute. */
export function onDuty(shifts: readonly Shift[], minute_of_day: number): boolean {
  return shifts.length === 0 || shifts.some((shift) => shiftContains(shift, minute_of_day));
}
