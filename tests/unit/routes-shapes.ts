// Footprints for the route tests, drawn in metres east/north of a point in the demo area (34.75 N, 113.75 E).
import type { Building, LonLat } from '../../patrol/site/site';
import { localFrame } from '../../patrol/routes/geo';

export const ORIGIN: LonLat = [113.75, 34.75];
const frame = localFrame(ORIGIN);

/** A closed ring from metre corners. */
export function ringM(corners: [number, number][]): LonLat[] {
  const ring = corners.map((c) => frame.toLonLat(c));
  return [...ring, ring[0]];
}

export function toXY(p: LonLat): [number, number] {
  return frame.toXY(p);
}

export function building(id: string, height_m: number, ...polygons: [number, number][][][]): Building {
  return { id, polygons: polygons.map((rings) => rings.map(ringM)), height_m, height_assumed: false, key: false };
}

/** 60 m × 20 m, 30 m tall. */
export const RECTANGLE = building('rect', 30, [[[0, 0], [60, 0], [60, 20], [0, 20]]]);
/** An L: 50 × 15 along x, 15 × 40 up the left side; the inner corner at (15, 15). */
export const L_SHAPE = building('l', 24, [[[0, 0], [50, 0], [50, 15], [15, 15], [15, 40], [0, 40]]]);
/** 50 × 50 with a 30 × 30 courtyard. */
export const COURTYARD = building('court', 18, [
  [[0, 0], [50, 0], [50, 50], [0, 50]],
  [[10, 10], [10, 40], [40, 40], [40, 10]],
]);
/** Two towers 200 m apart. */
export const TWIN = building('twin', 40, [[[0, 0], [20, 0], [20, 20], [0, 20]]], [[[200, 0], [220, 0], [220, 20], [200, 20]]]);
