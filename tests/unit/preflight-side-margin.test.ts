// Sideways margin: a path that stays outside a building but passes closer to its walls than side_margin_m
// (default 3 m) below roof + clearance is an error ('building-near'); GPS and wind put the aircraft a few metres
// off its line. Geometry asserted against the building's real walls, and the distance function against sampling.
import { describe, expect, it } from 'vitest';
import { missionItem } from '../../patrol/mission/mission-item';
import { preflight } from '../../patrol/preflight/preflight';
import { segSegClosest } from '../../patrol/preflight/geometry';
import type { Site } from '../../patrol/site/site';
import { box, frame, site as makeSite, xy } from './preflight-helpers';

const at = xy;
// A 20 × 20 m tower, 30 m tall, spanning 90..110 m north and -10..10 m east of home.
const site: Site = makeSite({ buildings: [box('B1', -10, 90, 10, 110, 30, 'Tower')] });
/** Take off to alt_m, fly north past the tower's east wall at east_m, come back, RTL at a safe RTL_ALT. */
const pastEastWall = (east_m: number, alt_m: number) => [
  missionItem(22, { z: alt_m }),
  missionItem(16, { ...at(east_m, 0), z: alt_m }),
  missionItem(16, { ...at(east_m, 200), z: alt_m }),
  missionItem(16, { ...at(0, 0), z: 50 }),
  missionItem(20),
];
const near = (items: ReturnType<typeof pastEastWall>, opts = {}) => preflight(items, site, { rtl_alt_m: 50, ...opts }).filter((f) => f.code === 'building-near');

describe('preflight: sideways margin from walls', () => {
  it('a pass 2 m from the wall below the roof is an error naming the distance, the building and the margin', () => {
    const f = near(pastEastWall(12, 20));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', item: 3 });
    expect(f[0].message).toMatch(/passes 2\.0 m from the wall of building B1 \(Tower\) at 20\.0 m, below its roof \(30 m\) \+ 5 m; keep at least 3 m/);
    // The place given is beside the east wall, between its ends.
    const loc = f[0].location as { lat_deg: number; lon_deg: number };
    expect(frame.at(loc.lat_deg, loc.lon_deg).x_m).toBeCloseTo(12, 1);
    const north_m = frame.at(loc.lat_deg, loc.lon_deg).y_m;
    expect(north_m).toBeGreaterThanOrEqual(90 - 1e-6);
    expect(north_m).toBeLessThanOrEqual(110 + 1e-6);
  });

  it('4 m off, above roof + clearance, or with the margin set to 0: no finding', () => {
    expect(near(pastEastWall(14, 20))).toEqual([]);
    expect(near(pastEastWall(12, 36))).toEqual([]);
    expect(near(pastEastWall(12, 20), { side_margin_m: 0 })).toEqual([]);
    expect(near(pastEastWall(12, 20), { side_margin_m: 1.9 })).toEqual([]);
    expect(near(pastEastWall(12, 20), { side_margin_m: 2.1 })).toHaveLength(1);
  });

  it('a corner counts: passing 2 m diagonally off the north-east corner is flagged', () => {
    const off = 2 / Math.SQRT2; // 1.41 m east and north of the corner (10, 110)
    const items = [missionItem(22, { z: 20 }), missionItem(16, { ...at(10 + off + 20, 110 + off - 20), z: 20 }), missionItem(16, { ...at(10 + off - 20, 110 + off + 20), z: 20 }), missionItem(16, { ...at(0, 0), z: 50 }), missionItem(20)];
    const f = near(items);
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/passes 2\.0 m from the wall/);
  });

  it('a path through the building is one "building" error, not also a "building-near" one', () => {
    const all = preflight(pastEastWall(0, 20), site, { rtl_alt_m: 50 });
    expect(all.filter((f) => f.code === 'building').length).toBeGreaterThan(0);
    expect(all.filter((f) => f.code === 'building-near')).toEqual([]);
  });

  it('a vertical descent 1.5 m from the wall is flagged; the same descent 5 m off is not', () => {
    const descend = (east_m: number) => [missionItem(22, { z: 50 }), missionItem(16, { ...at(east_m, 100), z: 50 }), missionItem(16, { ...at(east_m, 100), z: 10 }), missionItem(16, { ...at(east_m, 100), z: 50 }), missionItem(16, { ...at(0, 0), z: 50 }), missionItem(20)];
    const f = near(descend(11.5));
    expect(f.length).toBeGreaterThan(0);
    // Reported at the bottom of the descent (10 m), not where it first came below the roof + clearance.
    expect(f[0].message).toMatch(/passes 1\.5 m from the wall of building B1 \(Tower\) at 10\.0 m/);
    expect(near(descend(15))).toEqual([]);
  });

  it('segSegClosest agrees with dense sampling on random segments', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100 - 50;
    for (let k = 0; k < 300; k++) {
      const [px, py, qx, qy, cx, cy, dx, dy] = Array.from({ length: 8 }, rnd);
      const { d_m, s } = segSegClosest(px, py, qx, qy, cx, cy, dx, dy);
      let best = Infinity;
      for (let i = 0; i <= 400; i++) {
        for (let j = 0; j <= 40; j++) {
          const [a, b] = [i / 400, j / 40];
          best = Math.min(best, Math.hypot(px + (qx - px) * a - (cx + (dx - cx) * b), py + (qy - py) * a - (cy + (dy - cy) * b)));
        }
      }
      expect(d_m).toBeLessThanOrEqual(best + 1e-9);
      expect(best - d_m).toBeLessThan(1.5); // the sampling's own coarseness
      const x = px + (qx - px) * s;
      const y = py + (qy - py) * s;
      const onCD = Math.min(...Array.from({ length: 2001 }, (_, j) => Math.hypot(x - (cx + ((dx - cx) * j) / 2000), y - (cy + ((dy - cy) * j) / 2000))));
      expect(Math.abs(onCD - d_m)).toBeLessThan(0.1);
    }
  });

  it("one finding per leg and building, with its closest approach (a loiter circle's nearest piece)", () => {
    // NAV_LOITER_TURNS radius 15 m centred 27 m east of the tower's middle: the circle comes to 2 m of the east wall.
    const items = [missionItem(22, { z: 20 }), missionItem(16, { ...at(27, 60), z: 20 }), missionItem(18, { ...at(27, 100), z: 20, param1: 1, param3: 15 }), missionItem(16, { ...at(27, 60), z: 20 }), missionItem(16, { ...at(0, 0), z: 50 }), missionItem(20)];
    const f = near(items).filter((x) => x.item === 3);
    expect(f).toHaveLength(1);
    const d = Number(/passes ([\d.]+) m/.exec(f[0].message)?.[1]);
    expect(d).toBeGreaterThan(1.9);
    expect(d).toBeLessThan(2.1);
  });
});
