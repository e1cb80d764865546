// Duty-post checks on synthetic tracks of known geometry: visit times against chord length / speed, closest
// approach, statuses, photos, track gaps, bad input.
import distance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { checkPosts, PostChecker } from '../../patrol/checks/post-checker';
import { at, end, hover, line, post, T0_US } from './checks-helpers';

describe('checkPosts geometry', () => {
  it('a straight pass through the circle lasts chord / speed, entering and leaving at the crossings', () => {
    for (const [offset_m, rate_hz] of [
      [0, 10],
      [6, 10],
      [6, 1],
      [9, 3],
    ]) {
      const track = line([-100, offset_m], [100, offset_m], 5, rate_hz);
      const [check] = checkPosts(track, [], [post({ radius_m: 10, dwell_s: 15 })]);
      const chord_m = 2 * Math.sqrt(100 - offset_m * offset_m);
      expect(check.visits).toHaveLength(1);
      expect(check.visits[0].duration_s).toBeCloseTo(chord_m / 5, 1);
      expect(Math.abs(check.visits[0].enter_t_us - (T0_US + ((100 - chord_m / 2) / 5) * 1e6))).toBeLessThan(30_000);
      expect(Math.abs(check.closest_m - offset_m)).toBeLessThan(0.05);
      expect(Math.abs((check.closest_t_us ?? 0) - (T0_US + 20e6))).toBeLessThan(30_000);
      expect(check.alt_rel_m_at_closest).toBe(30);
      expect(check.status).toBe('brief');
      expect(check.dwell_s).toBe(check.visits[0].duration_s);
    }
  });

  it('finds a visit that falls wholly between two samples', () => {
    // 1 Hz at 15 m/s, 2 m from a 5 m post: samples at x = -10 and x = +5 m, none inside; the segment between crosses.
    const track = line([-40, 2], [40, 2], 15, 1);
    const inside = track.filter((s) => distance([s.lon_deg, s.lat_deg], [post().lon_deg, post().lat_deg], { units: 'meters' }) <= 5);
    expect(inside).toHaveLength(0);
    const [check] = checkPosts(track, [], [post({ radius_m: 5 })]);
    expect(check.visits).toHaveLength(1);
    expect(check.visits[0].duration_s).toBeCloseTo((2 * Math.sqrt(25 - 4)) / 15, 2);
    expect(check.closest_m).toBeCloseTo(2, 1);
  });

  it('hovering 20 s above the post checks it', () => {
    const track = [...line([-50, 0], [0, 0], 5, 10), ...hover(0, 0, 20, 10, T0_US + 10e6, 30)];
    const [check] = checkPosts(track, [], [post({ radius_m: 10, dwell_s: 15 })]);
    expect(check.status).toBe('checked');
    expect(check.visits).toHaveLength(1);
    // Entered 10 m out at 5 m/s (2 s before arriving), then 20 s overhead; the track ends there.
    expect(check.visits[0].duration_s).toBeCloseTo(22, 1);
    expect(check.visits[0].exit_t_us).toBe(T0_US + 30e6);
    expect(check.closest_m).toBeLessThan(0.01);
    expect(check.alt_rel_m_at_closest).toBe(30);
    expect(check.in_shift).toBeNull();
    expect(check.visits[0].in_shift).toBeNull();
  });

  it('a pass at 1.5 × radius misses the post, with the closest approach there', () => {
    const [check] = checkPosts(line([-100, 15], [100, 15], 5, 10), [], [post({ radius_m: 10 })]);
    expect(check.status).toBe('missed');
    expect(check.visits).toEqual([]);
    expect(check.dwell_s).toBe(0);
    expect(check.total_s).toBe(0);
    expect(Math.abs(check.closest_m - 15)).toBeLessThan(0.05);
  });

  it('a short hover is brief; two visits keep the longest as dwell and add up to total', () => {
    const first = [...line([-60, 0], [0, 0], 10, 10), ...hover(0, 0, 5, 10, T0_US + 6e6)];
    const away = line([0, 0], [0, 100], 10, 10, end(first) + 100_000);
    const back = line([0, 100], [0, 0], 10, 10, end(away) + 100_000);
    const second = hover(0, 0, 12, 10, end(back) + 100_000);
    const [brief] = checkPosts(first, [], [post({ dwell_s: 10 })]);
    expect(brief.status).toBe('brief');
    expect(brief.dwell_s).toBeCloseTo(6, 1);
    // In at 5 s (10 m out at 10 m/s), out at 12.1 s; back in at 30.2 s, the track ends overhead at 43.3 s.
    const [twice] = checkPosts([...first, ...away, ...back, ...second], [], [post({ dwell_s: 10 })]);
    expect(twice.visits.map((v) => v.duration_s.toFixed(1))).toEqual(['7.1', '13.1']);
    expect(twice.dwell_s).toBeCloseTo(13.1, 1);
    expect(twice.total_s).toBeCloseTo(20.2, 1);
    expect(twice.status).toBe('checked');
  });

  it('photos count for a post when taken within its radius, in time order', () => {
    const track = hover(0, 0, 20, 10);
    const photos = [
      { t_us: T0_US + 9e6, ...at(3, 4), image_index: 7 },
      { t_us: T0_US + 2e6, ...at(0, 9.5), image_index: 3 },
      { t_us: T0_US + 5e6, ...at(0, 10.5), image_index: 5 },
      { t_us: T0_US + 6e6, ...at(120, 0), image_index: 6 },
      { t_us: T0_US + 7e6, lat_deg: Number.NaN, lon_deg: Number.NaN, image_index: 8 },
    ];
    const [gate, far] = checkPosts(track, photos, [post(), post({ id: 'far', name: 'Far', ...at(120, 0), radius_m: 5 })]);
    expect(gate.photos).toEqual([
      { image_index: 3, t_us: T0_US + 2e6 },
      { image_index: 7, t_us: T0_US + 9e6 },
    ]);
    expect(far.photos).toEqual([{ image_index: 6, t_us: T0_US + 6e6 }]);
    expect(far.status).toBe('missed');
    expect(far.closest_m).toBeCloseTo(120, 0);
  });

  it('a gap in the track longer than max_gap_s ends a visit at the last sample before it', () => {
    const before = hover(0, 0, 10, 10);
    const after = hover(0, 0, 10, 10, end(before) + 8e6);
    const [split] = checkPosts([...before, ...after], [], [post({ dwell_s: 15 })]);
    expect(split.visits.map((v) => [v.enter_t_us, v.exit_t_us])).toEqual([
      [T0_US, T0_US + 10e6],
      [T0_US + 18e6, T0_US + 28e6],
    ]);
    expect(split.status).toBe('brief');
    const [joined] = checkPosts([...before, ...after], [], [post({ dwell_s: 15 })], { max_gap_s: 10 });
    expect(joined.visits).toHaveLength(1);
    expect(joined.dwell_s).toBe(28);
    expect(joined.status).toBe('checked');
  });

  it('an empty track misses every post and has no closest approach', () => {
    const checks = checkPosts([], [], [post(), post({ id: 'b', name: 'B', shifts: [{ from: '08:00', to: '20:00' }] })]);
    expect(checks.map((c) => [c.status, c.closest_m, c.closest_t_us, c.alt_rel_m_at_closest, c.in_shift])).toEqual([
      ['missed', Number.POSITIVE_INFINITY, null, null, null],
      ['missed', Number.POSITIVE_INFINITY, null, null, null], // never visited: no check to place in a shift
    ]);
  });

  it('closest_m agrees with turf.distance within 0.5 m up to 1.5 km away', () => {
    const spots: [number, number][] = [[1500, 0], [0, -1500], [900, 900], [-1000, 700], [30, 40]];
    for (const [x, y] of spots) {
      const here = at(x, y);
      const [check] = checkPosts([{ t_us: T0_US, ...here, alt_rel_m: 20 }], [], [post()]);
      const turf_m = distance([here.lon_deg, here.lat_deg], [post().lon_deg, post().lat_deg], { units: 'meters' });
      expect(Math.abs(check.closest_m - turf_m)).toBeLessThan(0.5);
    }
  });

  it('rejects bad input with errors naming it', () => {
    expect(() => new PostChecker([post({ id: 'north-gate', radius_m: 0 })])).toThrow(/post "north-gate": radius_m 0/);
    expect(() => new PostChecker([post({ id: 'east', dwell_s: Number.NaN })])).toThrow(/post "east": dwell_s/);
    expect(() => new PostChecker([post({ id: 'west', shifts: [{ from: '25:00', to: '06:00' }] })])).toThrow(/post "west" shift 0 from: "25:00"/);
    expect(() => new PostChecker([post()], { max_gap_s: 0 })).toThrow(/max_gap_s/);
    const checker = new PostChecker([post()]);
    checker.add({ t_us: T0_US, ...at(0, 0), alt_rel_m: 1 });
    expect(() => checker.add({ t_us: T0_US - 1, ...at(0, 0), alt_rel_m: 1 })).toThrow(/track sample 1 at .* is earlier/);
    expect(() => checker.add({ t_us: Number.NaN, ...at(0, 0), alt_rel_m: 1 })).toThrow(/track sample 1 has time NaN/);
    // A sample with no position is skipped, not fatal.
    checker.add({ t_us: T0_US + 1e5, lat_deg: Number.NaN, lon_deg: Number.NaN, alt_rel_m: 1 });
    expect(checker.results()[0].visits).toHaveLength(1);
  });
});
