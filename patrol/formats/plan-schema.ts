// zod schemas of QGroundControl's .plan JSON (what Watchpost reads), and the translation of a zod issue into a
// MissionFileError naming the JSON path. Each schema's error text is the "expected" phrase of the message.

import { z } from 'zod';
import { LATITUDE, LONGITUDE } from './coordinates';
import { MissionFileError, describeKind, describeValue, formatJsonPath } from './errors';

const num = (what = 'a number') => z.number({ error: what });
const nullableNum = () => z.number({ error: 'a number or null' }).nullable();
const bool = () => z.boolean({ error: 'true or false' });
const int = (what = 'an integer') => z.number({ error: what }).int({ error: what });
const lat = () => num(LATITUDE).min(-90, { error: LATITUDE }).max(90, { error: LATITUDE });
const lon = () => num(LONGITUDE).min(-180, { error: LONGITUDE }).max(180, { error: LONGITUDE });
const latLon = () => z.tuple([lat(), lon()], { error: 'an array [latitude, longitude]' });
const latLonAlt = () => z.tuple([lat(), lon(), num('an altitude in metres')], { error: 'an array [latitude, longitude, altitude]' });
/** QGC writes an unset coordinate (NaN) as null: [null, null, null] is a plannedHomePosition that says "no home". */
const noPosition = () => z.tuple([z.null(), z.null(), z.null()]);

export const simpleItemSchema = z.object(
  {
    type: z.literal('SimpleItem', { error: '"SimpleItem"' }),
    command: int('a MAV_CMD number'),
    frame: int('a MAV_FRAME number'),
    params: z.array(nullableNum(), { error: 'an array of 7 numbers (null for NaN)' }),
    coordinate: latLonAlt().optional(),
    autoContinue: bool(),
    doJumpId: int('an integer doJumpId').optional(),
    AltitudeMode: nullableNum().optional(),
    Altitude: nullableNum().optional(),
    AMSLAltAboveTerrain: nullableNum().optional(),
  },
  { error: 'a mission item object' },
);
export type SimpleItemJson = z.infer<typeof simpleItemSchema>;

export const complexItemSchema = z.object(
  {
    type: z.literal('ComplexItem', { error: '"ComplexItem"' }),
    complexItemType: z.string({ error: 'a complexItemType string' }),
    TransectStyleComplexItem: z
      .object({ Items: z.array(z.unknown(), { error: 'an array of SimpleItems' }).optional() }, { error: 'an object' })
      .optional(),
  },
  { error: 'a mission item object' },
);

export const itemTypeSchema = z.object(
  { type: z.enum(['SimpleItem', 'ComplexItem'], { error: '"SimpleItem" or "ComplexItem"' }) },
  { error: 'a mission item object' },
);

export const missionSchema = z.object(
  {
    version: z.literal(2, { error: 'mission version 2' }),
    items: z.array(z.unknown(), { error: 'an array of mission items' }),
    plannedHomePosition: z.union([latLonAlt(), noPosition()]).optional(),
    cruiseSpeed: num('a speed in m/s').optional(),
    hoverSpeed: num('a speed in m/s').optional(),
    firmwareType: int('a MAV_AUTOPILOT number').optional(),
    vehicleType: int('a MAV_TYPE number').optional(),
    globalPlanAltitudeMode: int('an altitude mode number').optional(),
  },
  { error: 'a mission object' },
);

const polygonSchema = z.object(
  {
    inclusion: bool().optional(),
    polygon: z.array(latLon(), { error: 'an array of [latitude, longitude] vertices' }).min(3, { error: 'at least 3 vertices' }),
  },
  { error: 'a fence polygon object' },
);

const circleSchema = z.object(
  {
    inclusion: bool().optional(),
    circle: z.object({ center: latLon(), radius: num('a radius in metres').positive({ error: 'a radius above 0 m' }) }, { error: 'an object {center, radius}' }),
  },
  { error: 'a fence circle object' },
);

export const geoFenceV2Schema = z.object(
  {
    version: z.literal(2, { error: 'geoFence version 2' }),
    polygons: z.array(polygonSchema, { error: 'an array of polygons' }),
    circles: z.array(circleSchema, { error: 'an array of circles' }),
    breachReturn: latLonAlt().optional(),
  },
  { error: 'a geoFence object' },
);

export const rallyV2Schema = z.object(
  {
    version: z.literal(2, { error: 'rallyPoints version 2' }),
    points: z.array(latLonAlt(), { error: 'an array of [latitude, longitude, altitude] points' }),
  },
  { error: 'a rallyPoints object' },
);

/** QGC's older (version 1) fence: one polygon (ArduPilot's inclusion fence) and a breach return point. */
export const geoFenceV1Schema = z.object(
  {
    polygon: z.array(latLon(), { error: 'an array of [latitude, longitude] vertices' }).optional(),
    breachReturn: z.union([latLonAlt(), latLon()], { error: 'an array [latitude, longitude] or [latitude, longitude, altitude]' }).optional(),
  },
  { error: 'a geoFence object' },
);

/** QGC's older (version 1) rally points: the same points array. */
export const rallyV1Schema = z.object(
  { points: z.array(latLonAlt(), { error: 'an array of [latitude, longitude, altitude] points' }) },
  { error: 'a rallyPoints object' },
);

/** Versions of the sections; 1 (or none, for the fence) is QGC's older form (QGC now ignores it; we read it). */
export const versionedSchema = (what: string) => z.object({ version: z.number({ error: 'a version number' }).optional() }, { error: what });

export const planRootSchema = z.object(
  {
    fileType: z.literal('Plan', { error: 'fileType "Plan"' }),
    version: z.literal(1, { error: 'plan version 1' }),
    mission: z.unknown().optional(),
    geoFence: z.unknown().optional(),
    rallyPoints: z.unknown().optional(),
    watchpost: z.unknown().optional(),
  },
  { error: 'a JSON object (a QGroundControl plan)' },
);

/** Parse `value` (found at `basePath` inside the file's JSON) with `schema`, or throw naming the path. */
export function parseAt<T extends z.ZodType>(schema: T, value: unknown, file: string, basePath: readonly PropertyKey[]): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = firstLeafIssue(result.error.issues);
  const path = [...basePath, ...issue.path];
  const found = valueAt(value, issue.path);
  let got = path.length === 0 ? describeKind(found) : describeValue(found);
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    got = Array.isArray(found) ? `${found.length} values` : describeValue(found);
  }
  const where = formatJsonPath(path) || 'the document';
  throw new MissionFileError({ file, where, expected: issue.message, got, path: formatJsonPath(path) });
}

type Issue = z.core.$ZodIssue;

function firstLeafIssue(issues: readonly Issue[]): Issue {
  const issue = issues[0];
  if (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors[0].length > 0) {
    const inner = firstLeafIssue(issue.errors[0]);
    return { ...inner, path: [...issue.path, ...inner.path] } as Issue;
  }
  return issue;
}

/** The value at a JSON path (as zod reports paths), or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
