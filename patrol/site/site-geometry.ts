// GeoJSON geometry of a site feature, checked position by position: finite numbers, longitude -180..180,
// latitude -90..90, rings closed with at least 4 positions. A problem is reported through `fail` with the JSON
// path of the offending member (e.g. "geometry.coordinates[0][3]").

import { describeValue } from '../formats/errors';
import type { LonLat, PolygonRings } from './site';

export type Fail = (property: string, expected: string, got: string) => never;

function readPosition(value: unknown, path: string, fail: Fail): LonLat {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    fail(path, 'a position [longitude, latitude] or [longitude, latitude, altitude]', describeValue(value));
  }
  const [lon, lat] = value as unknown[];
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    fail(`${path}[0]`, 'a longitude from -180 to 180', describeValue(lon));
  }
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    fail(`${path}[1]`, 'a latitude from -90 to 90', describeValue(lat));
  }
  const alt = (value as unknown[])[2];
  if (alt !== undefined && (typeof alt !== 'number' || !Number.isFinite(alt))) {
    fail(`${path}[2]`, 'an altitude number', describeValue(alt));
  }
  return [lon as number, lat as number];
}

function readRing(value: unknown, path: string, fail: Fail): LonLat[] {
  if (!Array.isArray(value)) fail(path, 'a linear ring (an array of positions)', describeValue(value));
  const ring = (value as unknown[]).map((position, i) => readPosition(position, `${path}[${i}]`, fail));
  if (ring.length < 4) fail(path, 'a linear ring of at least 4 positions', `${ring.length}`);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    fail(path, 'a closed ring (last position = first)', `${describeValue(first)} … ${describeValue(last)}`);
  }
  return ring;
}

export function readPolygon(value: unknown, path: string, fail: Fail): PolygonRings {
  if (!Array.isArray(value) || value.length === 0) fail(path, 'an array of linear rings (outer ring first)', describeValue(value));
  return (value as unknown[]).map((ring, i) => readRing(ring, `${path}[${i}]`, fail));
}

export function readPolygons(value: unknown, path: string, fail: Fail): PolygonRings[] {
  if (!Array.isArray(value) || value.length === 0) fail(path, 'an array of polygons', describeValue(value));
  return (value as unknown[]).map((polygon, i) => readPolygon(polygon, `${path}[${i}]`, fail));
}

export function readPoint(value: unknown, path: string, fail: Fail): LonLat {
  return readPosition(value, path, fail);
}

/** The geometry's type and coordinates, or a failure naming what was expected. */
export function readGeometry(
  geometry: { type: string; coordinates?: unknown },
  allowed: ReadonlyArray<'Point' | 'Polygon' | 'MultiPolygon'>,
  fail: Fail,
): { point: LonLat } | { polygons: PolygonRings[] } {
  const type = geometry.type as 'Point' | 'Polygon' | 'MultiPolygon';
  if (!allowed.includes(type)) fail('geometry.type', allowed.map((t) => `"${t}"`).join(' or '), describeValue(geometry.type));
  const coordinates = geometry.coordinates;
  if (type === 'Point') return { point: readPoint(coordinates, 'geometry.coordinates', fail) };
  if (type === 'Polygon') return { polygons: [readPolygon(coordinates, 'geometry.coordinates', fail)] };
  return { polygons: readPolygons(coordinates, 'geometry.coordinates', fail) };
}
