import { describe, expect, it } from 'vitest';
import bearing from '@turf/bearing';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import pointToLineDistance from '@turf/point-to-line-distance';
import { lineString, point, polygon } from '@turf/helpers';
import { roof } from '../../patrol/routes/roof';
import type { RouteLeg } from '../../patrol/routes/route';
import type { Building, LonLat } from '../../patrol/site/site';
import { localFrame } from '../../patrol/routes/geo';
import { COURTYARD, L_SHAPE, ORIGIN, RECTANGLE, TWIN, building, toXY } from './routes-shapes';

/** An L with its long edge (70 m) at 30° from east, its corners rotated about the origin. */
const rot = (pts: [number, number][], deg: number) =>
  pts.map(([x, y]): [number, number] => [x * Math.cos((deg * Math.PI) / 180) - y * Math.sin((deg * Math.PI) / 180), x * Math.sin((deg * Math.PI) / 180) + y * Math.cos((deg * Math.PI) / 180)]);
const TILTED_L = building('tilted', 45, [rot([[0, 0], [70, 0], [70, 20], [25, 20], [25, 45], [0, 45]], 30)]);

function segments(leg: RouteLeg): [LonLat, LonLat][] {
  const out: [LonLat, LonLat][] = [];
  for (let i = 0; i + 1 < leg.waypoints.length; i += 2) {
    const a = leg.waypoints[i];
    const b = leg.waypoints[i + 1];
    out.push([[a.lon_deg, a.lat_deg], [b.lon_deg, b.lat_deg]]);
  }
  return out;
}

function inside(b: Building, p: LonLat): boolean {
  return b.polygons.some((rings) => booleanPointInPolygon(point(p), polygon(rings)));
}

/** Share of grid points (every 1.5 m) inside the footprint within spacing/2 + 0.5 m of a sweep segment. */
function coverage(b: Building, leg: RouteLeg, spacing_m: number): number {
  const segs = segments(leg).map((s) => lineString(s));
  const xy = b.polygons.flatMap((p) => p[0].map((q) => toXY(q)));
  const [x0, x1] = [Math.min(...xy.map((p) => p[0])), Math.max(...xy.map((p) => p[0]))];
  const [y0, y1] = [Math.min(...xy.map((p) => p[1])), Math.max(...xy.map((p) => p[1]))];
  let total = 0;
  let covered = 0;
  for (let x = x0 + 0.25; x < x1; x += 1.5) {
    for (let y = y0 + 0.25; y < y1; y += 1.5) {
      const p = fromXY([x, y]);
      if (!inside(b, p)) continue;
      total++;
      if (segs.some((s) => pointToLineDistance(point(p), s, { units: 'meters' }) <= spacing_m / 2 + 0.5)) covered++;
    }
  }
  expect(total).toBeGreaterThan(100);
  return covered / total;
}

const fromXY = (xy: [number, number]) => localFrame(ORIGIN).toLonLat(xy);

describe('roof', () => {
  for (const [name, b] of [['rectangle', RECTANGLE], ['L-shape', L_SHAPE], ['tilted L-shape', TILTED_L], ['courtyard', COURTYARD], ['MultiPolygon', TWIN]] as const) {
    it(`covers ≥ 95 % of a ${name} roof, each sweep segment over the roof, at roof + clearance`, () => {
      for (const spacing_m of [5, 12]) {
        const leg = roof(b, { clearance_m: 7, spacing_m });
        expect(leg.kind).toBe('roof');
        expect(leg.waypoints.every((w) => w.alt_m === b.height_m + 7)).toBe(true);
        for (const [a, c] of segments(leg)) expect(inside(b, [(a[0] + c[0]) / 2, (a[1] + c[1]) / 2])).toBe(true);
        expect(coverage(b, leg, spacing_m)).toBeGreaterThanOrEqual(0.95);
      }
    });
  }

  it('sweeps parallel to the longest edge, back and forth', () => {
    const leg = roof(TILTED_L, { clearance_m: 5, spacing_m: 6 });
    const segs = segments(leg);
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
    expect(segments(leg).length).toBe(16);
  });

  it('rejects bad options with the building named', () => {
    expect(() => roof(RECTANGLE, { clearance_m: 5, spacing_m: 0 })).toThrow(/rect.*spacing_m/);
    expect(() => roof(RECTANGLE, { clearance_m: -1, spacing_m: 5 })).toThrow(/rect.*clearance_m/);
  });
});
