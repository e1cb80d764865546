// zod schemas of a site file's members (DESIGN.md "Words"), and the translation of a zod issue into a
// SiteFileError. Each schema's error text is the "expected" phrase of the message. Geometry is checked by
// site-geometry.ts, OSM tags by osm-height.ts.

import { z } from 'zod';
import { describeKind, describeValue, formatJsonPath } from '../formats/errors';
import { SiteFileError } from './site-errors';
import { parseHhMm } from './shifts';

const positive = (what: string) => z.number({ error: what }).positive({ error: what });
const name = () => z.string({ error: 'a non-empty string' }).trim().min(1, { error: 'a non-empty string' });
const hhmm = () => z.string({ error: 'a time "HH:MM"' }).refine((text) => parseHhMm(text) !== undefined, { error: 'a time "HH:MM" (00:00–23:59)' });

export const KINDS = ['building', 'post', 'fence', 'home'] as const;
export type Kind = (typeof KINDS)[number];

export const collectionSchema = z.object(
  {
    type: z.literal('FeatureCollection', { error: '"FeatureCollection"' }),
    features: z.array(z.unknown(), { error: 'an array of Features' }),
    site: z
      .object(
        {
          name: name().optional(),
          max_alt_m: positive('a number > 0 (metres)').optional(),
        },
        { error: 'an object {"name": …, "max_alt_m": …}' },
      )
      .optional(),
  },
  { error: 'a GeoJSON FeatureCollection object' },
);

export const featureSchema = z.object(
  {
    type: z.literal('Feature', { error: '"Feature"' }),
    id: z.union([z.string(), z.number()], { error: 'a string or a number' }).optional(),
    geometry: z.looseObject({ type: z.string({ error: 'a geometry type' }) }, { error: 'a geometry object' }),
    properties: z.record(z.string(), z.unknown(), { error: 'an object or null' }).nullable().optional(),
  },
  { error: 'a GeoJSON Feature object' },
);

export const kindSchema = z.enum(KINDS, { error: '"building", "post", "fence" or "home"' });

export const buildingSchema = z
  .object({
    height_m: positive('a number > 0 (metres)'),
    name: name().optional(),
    'name:zh': name().optional(),
    key: z.boolean({ error: 'true or false' }).optional(),
    /** Where the volume starts above the ground (an overhang, a bridge; OSM's `min_height`). */
    min_height_m: z.number({ error: 'a number >= 0 (metres)' }).nonnegative({ error: 'a number >= 0 (metres)' }).optional(),
    /** A building part: the id of the building whose outline holds it (OSM's `building:part`). */
    part_of: name().optional(),
  })
  .refine((b) => b.min_height_m === undefined || b.min_height_m < b.height_m, { error: 'a number below height_m', path: ['min_height_m'] });

export const shiftSchema = z
  .object({ from: hhmm(), to: hhmm() }, { error: 'an object {"from": "HH:MM", "to": "HH:MM"}' })
  .refine((shift) => shift.from !== shift.to, { error: 'a "to" different from "from"', path: ['to'] });

export const postSchema = z.object({
  name: name(),
  'name:zh': name().optional(),
  radius_m: positive('a number > 0'),
  dwell_s: z.number({ error: 'a number >= 0' }).nonnegative({ error: 'a number >= 0' }),
  shifts: z.array(shiftSchema, { error: 'an array of {"from": "HH:MM", "to": "HH:MM"}' }).optional(),
});

export const placeSchema = z.object({ name: name().optional() });

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Validates `input` with `schema`; on failure throws a SiteFileError for the first issue, its property being
 * `prefix` followed by the issue's path.
 */
export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  input: unknown,
  where: { file: string; feature: string; prefix: readonly PropertyKey[] },
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  throw new SiteFileError({
    file: where.file,
    feature: where.feature,
    property: formatJsonPath([...where.prefix, ...path]),
    expected: issue.message,
    got: where.prefix.length + path.length === 0 ? describeKind(input) : describeValue(valueAt(input, path)),
  });
}
