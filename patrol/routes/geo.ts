// Small geometry helpers shared by the route generators: a local planar frame (metres east/north of an origin,
// accurate to millimetres over a site) and the footprint shapes turf needs.
import type { Feature, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { multiLineString, multiPolygon, polygon } from '@turf/helpers';
import type { Building, LonLat } from '../site/site';

const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

export interface LocalFrame {
  toXY(p: LonLat): [number, number];
  toLonLat(xy: [number, number]): LonLat;
}

/** Equirectangular frame around `origin`: x metres east, y metres north. */
export function localFrame(origin: LonLat): LocalFrame {
  const [lon0, lat0] = origin;
  const kx = EARTH_RADIUS_M * RAD * Math.cos(lat0 * RAD);
  const ky = EARTH_RADIUS_M * RAD;
  return {
    toXY: ([lon, lat]) => [(lon - lon0) * kx, (lat - lat0) * ky],
    toLonLat: ([x, y]) => [lon0 + x / kx, lat0 + y / ky],
  };
}

export function checkBuilding(b: Building): void {
  if (b.polygons.length === 0 || b.polygons.some((p) => p.length === 0 || p[0].length < 4)) {
    throw new Error(`building ${b.id}: footprint has no polygon with at least 3 corners`);
  }
  if (!Number.isFinite(b.height_m) || b.height_m <= 0) throw new Error(`building ${b.id}: height_m ${b.height_m} must be > 0`);
}

/** The outer rings of every part of the footprint (holes dropped). */
export function outerRings(b: Building): LonLat[][] {
  return b.polygons.map((p) => p[0]);
}

/** The footprint's walls as lines: every outer ring (a courtyard's inner walls are not orbited). */
export function outerWalls(b: Building): Feature<MultiLineString> {
  return multiLineString(outerRings(b));
}

/** The footprint with its holes, as turf sees it. */
export function footprint(b: Building): Feature<Polygon | MultiPolygon> {
  return b.polygons.length === 1 ? polygon(b.polygons[0]) : multiPolygon(b.polygons);
}

/** The mean of the outer rings' corners: an origin for a local frame. */
export function footprintOrigin(b: Building): LonLat {
  let lon = 0;
  let lat = 0;
  let n = 0;
  for (const ring of outerRings(b)) {
    for (const [x, y] of ring.slice(0, -1)) {
      lon += x;
      lat += y;
      n++;
    }
  }
  return [lon / n, lat / n];
}

/** Bearing normalised to [0, 360). */
export function heading360(bearing_deg: number): number {
  const h = ((bearing_deg % 360) + 360) % 360;
  return h >= 360 ? 0 : h;
}
