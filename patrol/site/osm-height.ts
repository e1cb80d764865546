// Building heights from OpenStreetMap tags: `height`, else `building:height`, else `building:levels` × 3 m.
// Heilbronn's planning export carries `maxfloors` (the most full storeys the plan allows): it is read like
// `building:levels`, an upper bound, which errs on the safe side for clearance. Tags sit in the properties
// (osmnx, ogr2ogr exports) or in `properties.tags` (overpass/osmtogeojson exports).

export const METRES_PER_LEVEL = 3;

const OSM_BUILDING_TAGS = ['building', 'height', 'building:height', 'building:levels'] as const;

/** The OSM tags of a feature's properties: `properties.tags` merged under the properties themselves. */
export function osmTags(properties: Record<string, unknown>): Record<string, unknown> {
  const nested = properties.tags;
  const tags = nested !== null && typeof nested === 'object' && !Array.isArray(nested) ? (nested as Record<string, unknown>) : {};
  return { ...tags, ...properties };
}

/** True when the tags make a building: any of building, height, building:height, building:levels (building ≠ "no"). */
export function isOsmBuilding(tags: Record<string, unknown>): boolean {
  if (tags.building === 'no') return false;
  return OSM_BUILDING_TAGS.some((tag) => tags[tag] !== undefined && tags[tag] !== null);
}

/** Metres from "12", "12 m", "12.5m", 12; undefined for anything else or a value ≤ 0. */
export function parseMetres(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:m|metres|meters)?\s*$/i.exec(value);
  if (match === null) return undefined;
  const metres = Number(match[1]);
  return metres > 0 ? metres : undefined;
}

/** A count of storeys from "7", 7, "3.5"; undefined for anything else or a value ≤ 0. */
export function parseLevels(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\s*\d+(?:\.\d+)?\s*$/.test(text)) return undefined;
  const levels = Number(text);
  return Number.isFinite(levels) && levels > 0 ? levels : undefined;
}

export type OsmHeight =
  | { height_m: number; source: 'height' | 'building:height' | 'building:levels' | 'maxfloors' }
  | { height_m: undefined; source: 'none' };

/** The height the tags give, and which tag gave it; `source: 'none'` when no tag gives one. */
export function osmHeight(tags: Record<string, unknown>): OsmHeight {
  const height = parseMetres(tags.height);
  if (height !== undefined) return { height_m: height, source: 'height' };
  const buildingHeight = parseMetres(tags['building:height']);
  if (buildingHeight !== undefined) return { height_m: buildingHeight, source: 'building:height' };
  const levels = parseLevels(tags['building:levels']);
  if (levels !== undefined) return { height_m: levels * METRES_PER_LEVEL, source: 'building:levels' };
  const maxfloors = parseLevels(tags.maxfloors);
  if (maxfloors !== undefined) return { height_m: maxfloors * METRES_PER_LEVEL, source: 'maxfloors' };
  return { height_m: undefined, source: 'none' };
}
