import { bearing, pointToLineDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { lineString, point } from '@turf/helpers';
import { roof } from '../../patrol/routes/roof';
import type { Building, LonLat } from '../../patrol/site/site';
import { coverage, insideFootprint, sweepSegments } from './routes-coverage';
import { COURTYARD, L_SHAPE, RECTANGLE, TWIN, building } from './routes-shapes';

/** An L with its long edge (70 m) at 30° from east, its corners rotated about the origin. */
const rot = (pts: [number, number][], deg: number) =>
  pts.map(([x, y]): [number, number] => [x * Math.cos((deg * Math.PI) / 180) - y * Math.sin((deg * Math.PI) / 180), x * Math.sin((deg * Math.PI) / 180) + y * Math.cos((deg * Math.PI) / 180)]);
const TILTED_L = building('tilted', 45, [rot([[0, 0], [70, 0], [70, 20], [25, 20], [25, 45], [0, 45]], 30)]);

const wallDistance = (b: Building, p: LonLat) =>
  Math.min(...b.polygons.flat().map((r) => pointToLineDistance(point(p), lineString(r), { units: 'meters' })));

describe('roof', () => {
  for (const [name, b] of [['rectangle', RECTANGLE], ['L-shape', L_SHAPE], ['tilted L-shape', TILTED_L], ['courtyard', COURTYARD], ['MultiPolygon', TWIN]] as const) {
    it(`covers ≥ 95 % of a ${name} roof, each sweep segment over the roof, at roof + clearance`, () => {
      for (const spacing_m of [5, 12]) {
        const leg = roof(b, { clearance_m: 7, spacing_m });
        expect(leg.kind).toBe('roof');
        expect(leg.waypoints.every((w) => w.alt_m === b.height_m + 7)).toBe(true);
        for (const [a, c] of sweepSegments(leg)) {
          expect(insideFootprint(b, [(a[0] + c[0]) / 2, (a[1] + c[1]) / 2])).toBe(true);
          // Ends stretched at slanted edges stay within spacing/2 of the roof.
          for (const e of [a, c]) expect(insideFootprint(b, e) || wallDistance(b, e) <= spacing_m / 2 + 0.01).toBe(true);
        }
        const [share, samples] = coverage(b, leg, spacing_m / 2 + 0.5);
        expect(samples).toBeGreaterThan(100);
        expect(share).toBeGreaterThanOrEqual(0.95);
      }
    });
  }

  it('the coverage measure fails a sweep that misses the roof between lines', () => {
    const leg = roof(RECTANGLE, { clearance_m: 5, spacing_m: 12 });
    expect(coverage(RECTANGLE, leg, 1)[0]).toBeLessThan(0.5);
    // Keeping only every other line leaves a gap.
    const half = { ...leg, waypoints: leg.waypoints.filter((_, i) => i % 4 < 2) };
    expect(coverage(L_SHAPE, roof(L_SHAPE, { clearance_m: 5, spacing_m: 5 }), 3)[0]).toBeGreaterThanOrEqual(0.95);
    expect(coverage(RECTANGLE, half, 12 / 2 + 0.5)[0]).toBeLessThan(0.95);
  });

  it('sweeps parallel to the longest edge, back and forth', () => {
    const leg = roof(TILTED_L, { clearance_m: 5, spacing_m: 6 });
    const segs = sweepSegments(leg);
    // The 70 m edge runs at 30° from east: bearing 60° (or 240° on the way back).
    for (const [a, c] of segs) {
      const d = (bearing(point(a), point(c)) + 360) % 180;
      expect(Math.abs(d - 60)).toBeLessThan(0.5);
    }
    const dirs = segs.map(([a, c]) => Math.round(((bearing(point(a), point(c)) + 360) % 360) / 10) * 10);
    expect(segs.length).toBe(8); // 45 m across at 6 m: 8 lines, one span each
    for (let i = 1; i < dirs.length; i++) expect(dirs[i]).toBe(dirs[i - 1] === 60 ? 240 : 60);
  });

  it('splits lines that cross a concave notch or a courtyard', () => {
    const leg = roof(COURTYARD, { clearance_m: 5, spacing_m: 5 });
    // 10 lines over 50 m; the 6 crossing the courtyard (y 10..40) are split in two.
    expect(sweepSegments(leg).length).toBe(16);
  });

  it('rejects bad options with the building named', () => {
    expect(() => roof(RECTANGLE, { clearance_m: 5, spacing_m: 0 })).toThrow(/rect.*spacing_m/);
    expect(() => roof(RECTANGLE, { clearance_m: -1, spacing_m: 5 })).toThrow(/rect.*clearance_m/);
  });
});
