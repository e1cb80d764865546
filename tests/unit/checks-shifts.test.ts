// Shifts of duty posts: local "HH:MM", overnight shifts, the site's UTC offset.
import { describe, expect, it } from 'vitest';
import { checkPosts } from '../../patrol/checks/post-checker';
import { overlapsShift, shiftMinutes } from '../../patrol/checks/shift-overlap';
import { hover, post } from './checks-helpers';

/** UTC microseconds of a clock time on 2026-11-29 (hours may run past 24 or below 0). */
const utc = (hours: number, minutes = 0): number => Date.UTC(2026, 10, 29, hours, minutes) * 1000;
const DAY = shiftMinutes([{ from: '08:00', to: '20:00' }], 'day');
const NIGHT = shiftMinutes([{ from: '20:00', to: '06:00' }], 'night');

describe('shift overlap', () => {
  it('reads an overnight shift as running past midnight', () => {
    expect(NIGHT).toEqual([{ from_min: 1200, to_min: 1440 + 360 }]);
  });

  it('places visits in local time with the UTC offset (China by default)', () => {
    // 02:00 UTC is 10:00 in China: in the day shift, not the night one; at UTC+0 it is 02:00, the night.
    expect(overlapsShift(utc(2), utc(2, 1), DAY, 480)).toBe(true);
    expect(overlapsShift(utc(2), utc(2, 1), NIGHT, 480)).toBe(false);
    expect(overlapsShift(utc(2), utc(2, 1), NIGHT, 0)).toBe(true);
    expect(overlapsShift(utc(2), utc(2, 1), DAY, 0)).toBe(false);
  });

  it('finds both halves of an overnight shift', () => {
    expect(overlapsShift(utc(15, 30), utc(15, 31), NIGHT, 480)).toBe(true); // 23:30 local
    expect(overlapsShift(utc(-3), utc(-3, 1), NIGHT, 480)).toBe(true); // 05:00 local, the shift began the day before
    expect(overlapsShift(utc(-2), utc(-2, 1), NIGHT, 480)).toBe(false); // 06:00 local: the shift has ended
    expect(overlapsShift(utc(11, 59), utc(12), NIGHT, 480)).toBe(true); // ends at 20:00 local, the start is inclusive
  });

  it('counts a visit that straddles the start of a shift', () => {
    expect(overlapsShift(utc(-1, 59), utc(0, 1), DAY, 480)).toBe(true); // 07:59–08:01 local
    expect(overlapsShift(utc(-1, 50), utc(-1, 59), DAY, 480)).toBe(false); // 07:50–07:59 local
    expect(overlapsShift(utc(12), utc(12, 1), DAY, 480)).toBe(false); // 20:00 local: the end is exclusive
  });

  it('a shift from a time to the same time covers nothing', () => {
    expect(overlapsShift(utc(0), utc(23), shiftMinutes([{ from: '08:00', to: '08:00' }], 'p'), 480)).toBe(false);
  });
});

describe('in_shift in the checks', () => {
  const shifts = { day: [{ from: '08:00', to: '20:00' }], night: [{ from: '20:00', to: '06:00' }] };

  it('marks each visit and the post, and is null for posts without shifts', () => {
    const track = hover(0, 0, 20, 10, utc(2)); // 10:00 local
    const [day, night, free] = checkPosts(track, [], [
      post({ id: 'd', shifts: shifts.day }),
      post({ id: 'n', shifts: shifts.night }),
      post({ id: 'f' }),
    ]);
    expect([day.in_shift, day.visits[0].in_shift]).toEqual([true, true]);
    expect([night.in_shift, night.visits[0].in_shift]).toEqual([false, false]);
    expect([free.in_shift, free.visits[0].in_shift]).toEqual([null, null]);
    const [night_utc] = checkPosts(track, [], [post({ id: 'n', shifts: shifts.night })], { utc_offset_min: 0 });
    expect(night_utc.in_shift).toBe(true);
  });

  it('is true when any one visit falls in a shift', () => {
    const evening = hover(0, 0, 20, 10, utc(11, 50)); // 19:50 local
    const night = hover(0, 0, 20, 10, utc(13)); // 21:00 local
    const [post_day] = checkPosts([...evening, ...night], [], [post({ shifts: shifts.day })]);
    expect(post_day.visits.map((v) => v.in_shift)).toEqual([true, false]);
    expect(post_day.in_shift).toBe(true);
  });
});

describe('in_shift is judged on the visit that checked the post', () => {
  it('a long hover out of shift plus a short pass in shift is a check outside the shift', async () => {
    const { checkPosts } = await import('../../patrol/checks/post-checker');
    const post = { id: 'p', name: 'P', lat_deg: 34.75, lon_deg: 113.75, radius_m: 10, dwell_s: 20, shifts: [{ from: '08:00', to: '20:00' }] };
    const sample = (t_us: number, lat_deg: number) => ({ t_us, lat_deg, lon_deg: 113.75, alt_rel_m: 30 });
    const hover0 = Date.UTC(2026, 10, 28, 23, 0) * 1000; // 07:00 local (UTC+8): before the shift
    const pass0 = Date.UTC(2026, 10, 29, 0, 30) * 1000; // 08:30 local: in the shift
    const track = [];
    for (let s = 0; s <= 60; s++) track.push(sample(hover0 + s * 1e6, 34.75)); // 60 s over the post
    for (let t = hover0 + 62e6; t < pass0; t += 4e6) track.push(sample(t, 34.76)); // 1.1 km away, no gap > 5 s
    track.push(sample(pass0, 34.76), sample(pass0 + 2e6, 34.75), sample(pass0 + 4e6, 34.74)); // a quick pass
    const [c] = checkPosts(track, [], [post]);
    expect(c.status).toBe('checked');
    expect(c.visits).toHaveLength(2);
    expect(c.visits.map((v) => v.in_shift)).toEqual([false, true]);
    expect(c.in_shift).toBe(false); // the check (the long hover) was not in shift
  });
});
