// Does a visit (UTC microseconds) overlap a post's shifts ("HH:MM" local, DESIGN.md)? A shift whose `to` is
// earlier than its `from` runs overnight (20:00–06:00); `from` equal to `to` covers nothing, as in the site model.

import type { Shift } from '../site/site';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MIN = 1440;

/** A shift as minutes after local midnight; `to_min` > 1440 for an overnight shift. */
export interface ShiftMinutes {
  from_min: number;
  to_min: number;
}

function minutes(text: string, where: string): number {
  const match = HH_MM.exec(text);
  if (match === null) throw new Error(`${where}: "${text}" is not a time HH:MM (00:00–23:59)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Parses a post's shifts; throws an Error naming the post, the shift and the field for a bad time. */
export function shiftMinutes(shifts: readonly Shift[], post_id: string): ShiftMinutes[] {
  return shifts.map((shift, i) => {
    const from_min = minutes(shift.from, `post "${post_id}" shift ${i} from`);
    const to_min = minutes(shift.to, `post "${post_id}" shift ${i} to`);
    return { from_min, to_min: to_min < from_min ? to_min + DAY_MIN : to_min };
  });
}

/**
 * True when [enter, exit] (UTC µs) overlaps a shift on any day; shift start inclusive, end exclusive.
 * `utc_offset_min` is local time minus UTC.
 */
export function overlapsShift(enter_t_us: number, exit_t_us: number, shifts: readonly ShiftMinutes[], utc_offset_min: number): boolean {
  const start_min = enter_t_us / 60e6 + utc_offset_min;
  const end_min = exit_t_us / 60e6 + utc_offset_min;
  // An overnight shift that began the day before can still be running.
  const first_day = Math.floor(start_min / DAY_MIN) - 1;
  const last_day = Math.floor(end_min / DAY_MIN);
  for (const shift of shifts) {
    if (shift.to_min === shift.from_min) continue;
    for (let day = first_day; day <= last_day; day++) {
      const from = day * DAY_MIN + shift.from_min;
      const to = day * DAY_MIN + shift.to_min;
      if (start_min < to && end_min >= from) return true;
    }
  }
  return false;
}
