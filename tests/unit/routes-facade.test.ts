import { booleanPointInPolygon, kinks, pointToLineDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import distance from '@turf/distance';
import { lineString, point, polygon } from '@turf/helpers';
import { facade, facadeLayers, offsetRings } from '../../patrol/routes/facade';
import type { RouteWaypoint } from '../../patrol/routes/route';
import type { Building } from '../../patrol/site/site';
import { COURTYARD, L_SHAPE, RECTANGLE, TWIN, building, toXY } from './routes-shapes';

function wallDistance_m(b: Building, w: { lon_deg: number; lat_deg: number }): number {
  return Math.min(...b.polygons.map((p) => pointToLineDistance(point([w.lon_deg, w.lat_deg]), lineString(p[0]), { units: 'meters' })));
}

function insideFootprint(b: Building, w: RouteWaypoint): boolean {
  return b.polygons.some((p) => booleanPointInPolygon(point([w.lon_deg, w.lat_deg]), polygon([p[0]])));
}

describe('facade', () => {
  for (const [name, b] of [['rectangle', RECTANGLE], ['L-shape (concave)', L_SHAPE], ['courtyard', COURTYARD], ['two-part MultiPolygon', TWIN]] as const) {
    it(`keeps every waypoint of a ${name} at distance_m ± 1 m from the walls, outside, steps ≤ 15 m`, () => {
      for (const distance_m of [8, 20]) {
        const leg = facade(b, { distance_m, bottom_m: 3, layers: 3, camera: 'roi' });
        expect(leg.kind).toBe('facade');
        expect(leg.waypoints.length).toBeGreaterThan(12);
        for (const w of leg.waypoints) {
          expect(Math.abs(wallDistance_m(b, w) - distance_m)).toBeLessThanOrEqual(1);
          expect(insideFootprint(b, w)).toBe(false);
        }
        const w = leg.waypoints;
        for (let i = 1; i < w.length; i++) {
          if (w[i].alt_m !== w[i - 1].alt_m || w[i].alt_m > b.height_m) continue; // a climb, or a move above the roof
          expect(distance([w[i - 1].lon_deg, w[i - 1].lat_deg], [w[i].lon_deg, w[i].lat_deg], { units: 'meters' })).toBeLessThanOrEqual(15.01);
        }
      }
    });
  }

  it('offsets a U with a notch narrower than twice the distance into one ring without self-intersections', () => {
    const u = building('u', 20, [[[0, 0], [60, 0], [60, 40], [35, 40], [35, 10], [25, 10], [25, 40], [0, 40]]]);
    for (const distance_m of [3, 8]) {
      const rings = offsetRings(u, distance_m);
      expect(rings).toHaveLength(1);
      expect(kinks(polygon([rings[0]])).features).toHaveLength(0);
      for (const w of facade(u, { distance_m, bottom_m: 2, camera: 'yaw' }).waypoints) {
        expect(Math.abs(wallDistance_m(u, w) - distance_m)).toBeLessThanOrEqual(1);
      }
    }
    // At 3 m the orbit goes down into the 10 m notch; at 8 m the notch is bridged.
    const deepest = (d: number) => Math.min(...offsetRings(u, d)[0].filter((p) => Math.abs(toXY(p)[0] - 30) < 3.5).map((p) => toXY(p)[1]));
    expect(deepest(3)).toBeCloseTo(13, 0);
    expect(offsetRings(u, 8)[0].some((p) => Math.abs(toXY(p)[0] - 30) < 1 && toXY(p)[1] < 20)).toBe(false);
  });

  it('the L-shape orbit goes into the inner corner (not just round the convex hull)', () => {
    const leg = facade(L_SHAPE, { distance_m: 5, bottom_m: 3, layers: 1, camera: 'yaw' });
    // The convex hull's hypotenuse runs from (50, 15) to (15, 40); points near the inner corner (15, 15) lie inside it.
    const near = leg.waypoints.filter((w) => {
      const [x, y] = toXYw(w);
      return x > 15 && y > 15 && x < 25 && y < 25;
    });
    expect(near.length).toBeGreaterThan(0);
  });

  it('flies layers at the requested heights, entry and exit above the roof', () => {
    const leg = facade(RECTANGLE, { distance_m: 10, bottom_m: 5, layers: 3, camera: 'roi', roof_clearance_m: 6 });
    const alts = [...new Set(leg.waypoints.map((w) => w.alt_m))];
    expect(alts).toEqual([36, 5, 17.5, 30]);
    expect(leg.waypoints[0].alt_m).toBe(36);
    expect(leg.waypoints[leg.waypoints.length - 1].alt_m).toBe(36);
    expect(leg.waypoints[leg.waypoints.length - 1].roi).toBe('none');
    // Each layer is a closed ring: first and last point of a layer coincide.
    const layer = leg.waypoints.filter((w) => w.alt_m === 17.5);
    expect([layer[0].lon_deg, layer[0].lat_deg]).toEqual([layer[layer.length - 1].lon_deg, layer[layer.length - 1].lat_deg]);
    expect(facadeLayers(RECTANGLE, { distance_m: 10, bottom_m: 4, spacing_m: 10, camera: 'yaw' })).toEqual([4, 14, 24, 30]);
    expect(facadeLayers(RECTANGLE, { distance_m: 10, bottom_m: 10, spacing_m: 10, camera: 'yaw' })).toEqual([10, 20, 30]);
  });

  it('aims the camera at the nearest wall point at the layer height (ROI) or turns toward it (yaw)', () => {
    const roi = facade(L_SHAPE, { distance_m: 12, bottom_m: 6, layers: 2, camera: 'roi' });
    for (const w of roi.waypoints.slice(1, -1)) {
      if (w.roi === undefined || w.roi === 'none') throw new Error('layer waypoint without ROI');
      expect(w.roi.alt_m).toBe(w.alt_m);
      expect(wallDistance_m(L_SHAPE, w.roi)).toBeLessThan(0.05);
      expect(Math.abs(distance([w.lon_deg, w.lat_deg], [w.roi.lon_deg, w.roi.lat_deg], { units: 'meters' }) - 12)).toBeLessThanOrEqual(1);
    }
    // On the south side of the rectangle the wall is due north.
    const yaw = facade(RECTANGLE, { distance_m: 10, bottom_m: 6, layers: 1, camera: 'yaw' });
    const south = yaw.waypoints.slice(1, -1).filter((w) => {
      const [x, y] = toXYw(w);
      return x > 5 && x < 55 && y < 0;
    });
    expect(south.length).toBeGreaterThan(2);
    for (const w of south) expect(Math.min(w.yaw_deg ?? 999, 360 - (w.yaw_deg ?? 999))).toBeLessThan(0.5);
  });

  it('orbits each separate part of a MultiPolygon in turn, moving between them above the roof', () => {
    const leg = facade(TWIN, { distance_m: 10, bottom_m: 5, layers: 2, camera: 'roi' });
    const above = leg.waypoints.map((w, i) => (w.alt_m === 45 ? i : -1)).filter((i) => i >= 0);
    expect(above).toEqual([0, expect.any(Number), expect.any(Number), leg.waypoints.length - 1]);
    const [, exitA, entryB] = above;
    expect(entryB).toBe(exitA + 1);
    const xa = toXYw(leg.waypoints[exitA])[0];
    const xb = toXYw(leg.waypoints[entryB])[0];
    expect(Math.min(xa, xb)).toBeLessThan(40);
    expect(Math.max(xa, xb)).toBeGreaterThan(180);
  });

  it('rejects bad options with the building named', () => {
    expect(() => facade(RECTANGLE, { distance_m: 0, bottom_m: 3, camera: 'roi' })).toThrow(/rect.*distance_m/);
    expect(() => facade(RECTANGLE, { distance_m: 5, bottom_m: 40, camera: 'roi' })).toThrow(/rect.*bottom_m/);
    expect(() => facade(RECTANGLE, { distance_m: 5, bottom_m: 3, layers: 0, camera: 'roi' })).toThrow(/layers/);
    expect(() => facade(building('flat', 0, [[[0, 0], [1, 0], [1, 1]]]), { distance_m: 5, bottom_m: 0, camera: 'roi' })).toThrow(/flat/);
  });
});

function toXYw(w: { lon_deg: number; lat_deg: number }): [number, number] {
  return toXY([w.lon_deg, w.lat_deg]);
}
