// Building volumes from OpenStreetMap tags as mappers write them (wiki: Key:height, Simple 3D Buildings):
// - the roof: `height`, else `building:height`, else (`building:levels` + `roof:levels`) × 3 m, else `maxfloors`
//   × 3 m (Heilbronn's planning export: the most storeys the plan allows, an upper bound, safe for clearance);
// - the base: `min_height`, else `building:min_level` × 3 m; absent means the ground.
// Lengths are metres by default and may carry a unit: "12", "12.5", "12 m", "12m", "12 metres", "40 ft", "40'",
// "40'6\"" (feet and inches). Anything else ("tall", "5;10", "12,5", "-3", over 1,000 m) is not read: it comes back
// as a problem for the reader's warning, and the volume falls back as if the tag were missing. With no height at
// all the height is assumed: 10 m, or more when the base or `roof:height` show the part reaches higher.
// Tags sit in the properties (osmnx, ogr2ogr exports) or in `properties.tags` (overpass/osmtogeojson exports).

import { DEFAULT_BUILDING_HEIGHT_M } from './site';

export const METRES_PER_LEVEL = 3;
export const METRES_PER_FOOT = 0.3048;
/** No building stands this tall (the tallest, 828 m): a larger value is a typing slip, not a height. */
export const MAX_BELIEVABLE_M = 1000;

const OSM_BUILDING_TAGS = ['building', 'building:part', 'height', 'building:height', 'building:levels'] as const;

/** The OSM tags of a feature's properties: `properties.tags` merged under the properties themselves. */
export function osmTags(properties: Record<string, unknown>): Record<string, unknown> {
  const nested = properties.tags;
  const tags = nested !== null && typeof nested === 'object' && !Array.isArray(nested) ? (nested as Record<string, unknown>) : {};
  return { ...tags, ...properties };
}

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** A `building:part` (Simple 3D Buildings): one volume of a building, e.g. a tower on a podium. */
export function isOsmPart(tags: Record<string, unknown>): boolean {
  return present(tags['building:part']) && tags['building:part'] !== 'no';
}

/** True when the tags make a building: any of building, building:part, height, building:height, building:levels
 *  (building ≠ "no"). */
export function isOsmBuilding(tags: Record<string, unknown>): boolean {
  if (tags.building === 'no' && !isOsmPart(tags)) return false;
  if (tags['building:part'] === 'no' && !present(tags.building)) return false;
  return OSM_BUILDING_TAGS.some((tag) => present(tags[tag]) && tags[tag] !== 'no');
}

/** A parsed length: metres, or `bad` when the value is there but is not a length Watchpost reads. */
export type Length = number | 'bad' | undefined;

const LENGTH = /^(\d+(?:\.\d+)?)\s*(m|metres?|meters?|ft|feet|foot|')?$/i;
const FEET_INCHES = /^(\d+)\s*'\s*(\d+(?:\.\d+)?)\s*"$/;

/** Metres from 12, "12", "12.5 m", "40 ft", "40'", "40'6\""; undefined when absent; `bad` for anything else, a
 *  value ≤ 0 (< 0 with allowZero) or one over MAX_BELIEVABLE_M. */
export function parseLength(value: unknown, allowZero = false): Length {
  if (!present(value)) return undefined;
  let metres: number;
  if (typeof value === 'number') metres = value;
  else if (typeof value !== 'string') return 'bad';
  else {
    const text = value.trim();
    const feetInches = FEET_INCHES.exec(text);
    const plain = LENGTH.exec(text);
    if (feetInches) metres = (Number(feetInches[1]) + Number(feetInches[2]) / 12) * METRES_PER_FOOT;
    else if (plain) metres = Number(plain[1]) * (plain[2] !== undefined && /^(ft|feet|foot|')$/i.test(plain[2]) ? METRES_PER_FOOT : 1);
    else return 'bad';
  }
  if (!Number.isFinite(metres) || metres < 0 || (metres === 0 && !allowZero) || metres > MAX_BELIEVABLE_M) return 'bad';
  return metres;
}

/** A count of storeys from 7, "7", "3.5"; undefined when absent; `bad` for anything else, a negative count or over
 *  200. Zero storeys is a count (a roof, a carport) but gives no height. */
export function parseLevels(value: unknown): Length {
  if (!present(value)) return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\s*\d+(?:\.\d+)?\s*$/.test(text)) return 'bad';
  const levels = Number(text);
  return Number.isFinite(levels) && levels <= 200 ? levels : 'bad';
}

export type HeightSource = 'height' | 'building:height' | 'building:levels' | 'maxfloors' | 'none';

/** A tag whose value was there but could not be read, and why. */
export interface TagProblem {
  tag: string;
  value: unknown;
  why: string;
}

export interface OsmVolume {
  /** Roof above ground; assumed when `source` is 'none'. */
  height_m: number;
  source: HeightSource;
  /** Base above ground (0: on the ground). */
  min_height_m: number;
  problems: TagProblem[];
}

const NOT_A_LENGTH = 'not a length in metres ("12", "12 m") or feet ("40 ft", "40\'")';
const NOT_A_COUNT = 'not a number of storeys';

/** The volume the tags describe. */
export function osmVolume(tags: Record<string, unknown>): OsmVolume {
  const problems: TagProblem[] = [];
  const length = (tag: string, allowZero = false): number | undefined => {
    const v = parseLength(tags[tag], allowZero);
    if (v === 'bad') problems.push({ tag, value: tags[tag], why: NOT_A_LENGTH });
    return v === 'bad' ? undefined : v;
  };
  const levels = (tag: string): number | undefined => {
    const v = parseLevels(tags[tag]);
    if (v === 'bad') problems.push({ tag, value: tags[tag], why: NOT_A_COUNT });
    return v === 'bad' ? undefined : v;
  };

  // Each tag is read only when the ones before it give no height: a bad tag that is not needed is not reported.
  let height_m: number | undefined;
  let source: HeightSource = 'none';
  const pick = (m: number | undefined, from: HeightSource): void => {
    if (height_m === undefined && m !== undefined && m > 0) [height_m, source] = [m, from];
  };
  pick(length('height'), 'height');
  if (height_m === undefined) pick(length('building:height'), 'building:height');
  if (height_m === undefined) {
    const storeys = levels('building:levels');
    if (storeys !== undefined && storeys > 0) pick((storeys + (levels('roof:levels') ?? 0)) * METRES_PER_LEVEL, 'building:levels');
  }
  if (height_m === undefined) {
    const maxfloors = levels('maxfloors');
    if (maxfloors !== undefined) pick(maxfloors * METRES_PER_LEVEL, 'maxfloors');
  }

  const minHeight = length('min_height', true);
  const minLevel = minHeight === undefined ? levels('building:min_level') : undefined;
  let min_height_m = minHeight ?? (minLevel === undefined ? 0 : minLevel * METRES_PER_LEVEL);
  if (height_m !== undefined && min_height_m >= height_m) {
    const tag = minHeight !== undefined ? 'min_height' : 'building:min_level';
    problems.push({ tag, value: tags[tag], why: `at or above the roof (${round(height_m)} m): taken as the ground` });
    min_height_m = 0;
  }
  if (height_m === undefined) {
    const roof_m = length('roof:height', true) ?? 0;
    height_m = Math.max(DEFAULT_BUILDING_HEIGHT_M, min_height_m + Math.max(roof_m, METRES_PER_LEVEL));
  }
  return { height_m, source, min_height_m, problems };
}

function round(m: number): number {
  return Math.round(m * 100) / 100;
}
