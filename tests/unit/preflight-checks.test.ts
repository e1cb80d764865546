// Preflight, everything but buildings: fence, ceiling, link range, flight time against the battery (estimate
// computed by hand), duty posts hovered or skipped, the item limit, the sanity warnings, DO_JUMP, frames.
import { describe, expect, it } from 'vitest';
import { missionItem } from '../../patrol/mission/mission-item';
import { walkItems } from '../../patrol/preflight/path';
import { preflight } from '../../patrol/preflight/preflight';
import { estimateTime } from '../../patrol/preflight/timing';
import type { Finding } from '../../patrol/preflight/types';
import { frame, postAt, ring, rtl, site, takeoff, wp } from './preflight-helpers';

const codes = (fs: Finding[]) => fs.filter((f) => f.severity !== 'info').map((f) => f.code);
const pathOf = (items: Parameters<typeof walkItems>[0], speed_mps = 5) => walkItems(items, frame, { speed_mps, rtl_alt_m: 15 }, []).points;

describe('preflight: fence', () => {
  // An L: the square ±300 m without its corner north-east of (50, 50).
  const fence = [ring([[-300, -300], [300, -300], [300, 50], [50, 50], [50, 300], [-300, 300]])];
  const s = site({ fence });

  it('passes a route inside the fence', () => {
    expect(codes(preflight([takeoff(30), wp(200, -100, 30), wp(-100, 200, 30), rtl()], s))).toEqual([]);
  });

  it('flags a waypoint outside the fence, at the place the path leaves it', () => {
    const fs = preflight([takeoff(30), wp(0, -400, 30), rtl()], s).filter((f) => f.code === 'fence');
    // The waypoint's leg leaves the fence; the RTL starts outside it.
    expect(fs.map((f) => [f.severity, f.item, f.leg])).toEqual([
      ['error', 2, 'item 2'],
      ['error', 3, 'return (RTL)'],
    ]);
    const at = frame.at(fs[0].location?.lat_deg ?? 0, fs[0].location?.lon_deg ?? 0);
    expect(at.y_m).toBeCloseTo(-300.5, 3);
  });

  it('flags a segment that crosses the fence between two waypoints inside it', () => {
    // Both ends inside the L; the straight line cuts the missing corner.
    const fs = preflight([takeoff(30), wp(250, -50, 30), wp(-50, 250, 30), rtl()], s).filter((f) => f.code === 'fence');
    expect(fs.map((f) => f.item)).toEqual([3]);
    const at = frame.at(fs[0].location?.lat_deg ?? 0, fs[0].location?.lon_deg ?? 0);
    expect(at.x_m).toBeGreaterThan(50);
    expect(at.y_m).toBeGreaterThan(50);
  });
});

describe('preflight: ceiling and link range', () => {
  it('flags an altitude above the site maximum, naming the item', () => {
    const fs = preflight([takeoff(30), wp(50, 0, 130), wp(60, 0, 90), rtl()], site({ max_alt_m: 100 }));
    expect(fs.filter((f) => f.code === 'max-alt').map((f) => [f.severity, f.item, f.location?.alt_m])).toEqual([['error', 2, 130]]);
    expect(codes(preflight([takeoff(30), wp(50, 0, 100), rtl()], site({ max_alt_m: 100 })))).toEqual([]);
  });

  it('warns beyond the link range from home (slant distance)', () => {
    const fs = preflight([takeoff(30), wp(0, 1200, 30), rtl()], site(), { link_range_m: 1000, endurance_s: 3600 });
    expect(fs.filter((f) => f.code === 'link-range').map((f) => [f.severity, f.item])).toEqual([['warning', 2]]);
    expect(codes(preflight([takeoff(30), wp(0, 900, 30), rtl()], site(), { link_range_m: 1000, endurance_s: 3600 }))).toEqual([]);
  });
});

describe('preflight: flight time', () => {
  // Up 20 m at 2.5 m/s (8 s), 1000 m north at 5 m/s (200 s), hold 30 s, RTL: already above 15 m, 1000 m home
  // (200 s), down 20 m at 1.5 m/s (13.33 s): 451.33 s.
  const items = [takeoff(20), wp(0, 1000, 20, 30), rtl()];

  it('estimates a simple route as computed by hand', () => {
    const e = estimateTime(pathOf(items), { climb_mps: 2.5, descent_mps: 1.5 });
    expect(e.total_s).toBeCloseTo(8 + 200 + 30 + 200 + 20 / 1.5, 1);
    expect(e.horizontal_m).toBeCloseTo(2000, 1);
    expect([e.climb_m, e.descent_m, e.hold_s]).toEqual([20, 20, 30]);
  });

  it('flags the route over endurance less reserve, with the numbers; passes it with a bigger battery', () => {
    // 500 s less 25 % = 375 s < 451 s.
    const err = preflight(items, site(), { endurance_s: 500 }).filter((f) => f.code === 'endurance');
    expect(err).toHaveLength(1);
    expect(err[0].severity).toBe('error');
    expect(err[0].message).toContain('7 min 31 s');
    expect(err[0].message).toContain('6 min 15 s');
    expect(err[0].message).toContain('2000 m at 5 m/s');
    // 700 s less 25 % = 525 s.
    const ok = preflight(items, site(), { endurance_s: 700 });
    expect(codes(ok)).toEqual([]);
    expect(ok.find((f) => f.code === 'time-estimate')?.message).toContain('7 min 31 s');
  });

  it('flies the legs after a DO_CHANGE_SPEED at that speed', () => {
    const fast = [takeoff(20), missionItem(178, { frame: 2, param1: 1, param2: 10 }), wp(0, 1000, 20, 30), rtl()];
    const e = estimateTime(pathOf(fast), { climb_mps: 2.5, descent_mps: 1.5 });
    expect(e.total_s).toBeCloseTo(8 + 100 + 30 + 100 + 20 / 1.5, 1);
  });
});

describe('preflight: duty posts', () => {
  const s = site({ posts: [postAt('P1', 0, 200, 10, 20), postAt('P2', 200, 0, 10, 20)] });

  it('gives no warning when every post is hovered over for its dwell', () => {
    const fs = preflight([takeoff(25), wp(0, 200, 25, 25), wp(200, 0, 25, 25), rtl()], s);
    expect(fs.filter((f) => f.code === 'post-not-covered')).toEqual([]);
  });

  it('warns for a skipped post and for one passed too briefly', () => {
    const skipped = preflight([takeoff(25), wp(0, 200, 25, 25), rtl()], s).filter((f) => f.code === 'post-not-covered');
    expect(skipped.map((f) => [f.severity, f.leg])).toEqual([['warning', 'P2']]);
    expect(skipped[0].message).toContain('never within 10 m');
    // Flying over P2 without stopping: 20 m inside the radius at 5 m/s is 4 s, short of 20 s.
    const brief = preflight([takeoff(25), wp(0, 200, 25, 25), wp(200, 0, 25), wp(300, 0, 25), rtl()], s).filter((f) => f.code === 'post-not-covered');
    expect(brief.map((f) => f.leg)).toEqual(['P2']);
    expect(brief[0].message).toMatch(/for 4\.\d s at most/);
  });

  it('says so (info) when the site has no posts', () => {
    const fs = preflight([takeoff(25), wp(0, 200, 25), rtl()], site());
    expect(fs.filter((f) => f.code === 'no-posts').map((f) => f.severity)).toEqual(['info']);
  });
});

describe('preflight: items and sanity', () => {
  const many = (n: number) => [takeoff(20), ...Array.from({ length: n - 2 }, (_, i) => wp(i % 10, 0, 20)), rtl()];

  it('flags more items than the vehicle accepts (723 after home)', () => {
    expect(preflight(many(724), site()).filter((f) => f.code === 'too-many-items').map((f) => f.severity)).toEqual(['error']);
    expect(preflight(many(723), site()).filter((f) => f.code === 'too-many-items')).toEqual([]);
    expect(preflight(many(30), site(), { max_items: 20 }).filter((f) => f.code === 'too-many-items')).toHaveLength(1);
  });

  it('warns without a takeoff first and without RTL or LAND at the end', () => {
    expect(codes(preflight([wp(0, 100, 20), wp(0, 200, 20)], site()))).toEqual(['no-takeoff', 'no-return']);
    expect(codes(preflight([takeoff(20), wp(0, 100, 20), missionItem(21, { z: 0 })], site()))).toEqual([]);
  });

  it('follows a DO_JUMP once', () => {
    const items = [takeoff(20), wp(0, 100, 20), wp(0, 200, 20), missionItem(177, { frame: 2, param1: 2, param2: 3 }), rtl()];
    const legs = pathOf(items).map((p) => p.leg);
    expect(legs).toEqual(['home', 'takeoff', 'item 2', 'item 3', 'item 2', 'item 3', 'return (RTL)', 'return (RTL)']);
    const bad = preflight([takeoff(20), missionItem(177, { frame: 2, param1: 9, param2: 1 }), rtl()], site());
    expect(bad.filter((f) => f.code === 'jump-target').map((f) => f.item)).toEqual([2]);
  });

  it('reads AMSL altitudes against home when its AMSL altitude is known, else warns', () => {
    const amsl = [takeoff(20), missionItem(16, { frame: 0, x: frame.toLatLon(0, 100).lat_deg, y: frame.toLatLon(0, 100).lon_deg, z: 230 }), rtl()];
    const known = preflight(amsl, site({ max_alt_m: 100 }), { home: { lat_deg: 34.75, lon_deg: 113.75, alt_amsl_m: 110 } });
    // 230 m AMSL over a home at 110 m is 120 m up; the RTL then flies home at that height too.
    expect(known.filter((f) => f.code === 'max-alt').map((f) => [f.item, f.leg, f.location?.alt_m])).toEqual([
      [2, 'item 2', 120],
      [3, 'return (RTL)', 120],
    ]);
    expect(codes(known).filter((c) => c !== 'max-alt')).toEqual([]);
    expect(codes(preflight(amsl, site({ max_alt_m: 300 })))).toEqual(['amsl-frame']);
  });

  it('reports a mission with no items, and rejects bad options with a clear error', () => {
    expect(preflight([], site()).map((f) => f.code)).toEqual(['empty']);
    expect(() => preflight([takeoff(20)], site(), { speed_mps: 0 })).toThrow(/speed_mps 0/);
    expect(() => preflight([takeoff(20)], site(), { reserve_pct: 100 })).toThrow(/reserve_pct/);
  });
});

describe('preflight: bad parameters', () => {
  it('takes a non-numeric or negative hold as 0 with a warning naming the item, and keeps the estimate a number', () => {
    const items = [takeoff(20), wp(0, 100, 20, Number.NaN), wp(0, 200, 20, -3), rtl()];
    const fs = preflight(items, site());
    expect(fs.filter((f) => f.code === 'param').map((f) => [f.severity, f.item])).toEqual([
      ['warning', 2],
      ['warning', 3],
    ]);
    expect(estimateTime(pathOf(items), { climb_mps: 2.5, descent_mps: 1.5 }).total_s).toBeCloseTo(8 + 40 + 40 + 20 / 1.5, 6);
  });

  it('reports a waypoint that is not a latitude, longitude and checks the rest', () => {
    const fs = preflight([takeoff(20), missionItem(16, { x: 95, y: 10, z: 20 }), wp(0, 100, 20), rtl()], site());
    expect(fs.filter((f) => f.code === 'position').map((f) => [f.severity, f.item])).toEqual([['error', 2]]);
  });
});
