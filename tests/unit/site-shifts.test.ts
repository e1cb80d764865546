// Duty shifts: "HH:MM" parsing and whether a minute of the day is on duty, including overnight shifts.
import { describe, expect, it } from 'vitest';
import { onDuty, parseHhMm, shiftContains } from '../../patrol/site/shifts';

describe('shifts', () => {
  it('parses HH:MM from 00:00 to 23:59 and nothing else', () => {
    expect(['00:00', '08:30', '23:59'].map(parseHhMm)).toEqual([0, 510, 1439]);
    expect(['24:00', '8:30', '08:60', '0830', ' 08:30', '08:30 ', ''].map(parseHhMm)).toEqual(Array(7).fill(undefined));
  });

  it('a day shift contains from (inclusive) up to to (exclusive)', () => {
    const day = { from: '08:00', to: '20:00' };
    expect([479, 480, 1199, 1200].map((m) => shiftContains(day, m))).toEqual([false, true, true, false]);
  });

  it('a shift whose to is earlier than from runs overnight', () => {
    const night = { from: '22:00', to: '06:00' };
    expect([1319, 1320, 1439, 0, 359, 360, 720].map((m) => shiftContains(night, m))).toEqual([false, true, true, true, true, false, false]);
  });

  it('no shifts means always on duty; several shifts are a union', () => {
    expect(onDuty([], 123)).toBe(true);
    const split = [{ from: '06:00', to: '10:00' }, { from: '16:00', to: '19:30' }];
    expect([300, 360, 600, 1000, 1169, 1170].map((m) => onDuty(split, m))).toEqual([false, true, false, true, true, false]);
  });
});
