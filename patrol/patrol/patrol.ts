// The patrol model and its file schema (`*.patrol.json`, DESIGN.md "Words"): a site reference, takeoff altitude,
// speed, the legs with their parameters, their order and how the flight ends. Altitudes are metres above home.
import { z } from 'zod';

export const PATROL_VERSION = 1;

const num = (what: string) => z.number({ error: what }).refine(Number.isFinite, { error: what });
const positive = (what = 'a number > 0') => num(what).refine((v) => v > 0, { error: what });
const atLeast0 = (what = 'a number ≥ 0') => num(what).refine((v) => v >= 0, { error: what });
const id = () => z.string({ error: 'a building or post id (a string)' }).min(1, { error: 'a non-empty id' });

const facadeLegSchema = z.strictObject(
  {
    kind: z.literal('facade'),
    building: id(),
    distance_m: positive(),
    bottom_m: atLeast0(),
    layers: z.number({ error: 'a whole number from 1 to 100' }).int({ error: 'a whole number from 1 to 100' }).min(1, { error: 'a whole number from 1 to 100' }).max(100, { error: 'a whole number from 1 to 100' }).optional(),
    spacing_m: positive().optional(),
    camera: z.enum(['roi', 'yaw'], { error: '"roi" or "yaw"' }),
  },
  { error: 'a facade leg object' },
);

const roofLegSchema = z.strictObject(
  { kind: z.literal('roof'), building: id(), clearance_m: atLeast0(), spacing_m: positive() },
  { error: 'a roof leg object' },
);

const actionSchema = z.union(
  [
    z.strictObject({ relay: z.number().int().min(0).max(255), state: z.union([z.literal(0), z.literal(1)]) }),
    z.strictObject({ servo: z.number().int().min(1).max(32), pwm: z.number().min(500).max(2500) }),
  ],
  { error: '{"relay": 0..255, "state": 0|1} or {"servo": 1..32, "pwm": 500..2500}' },
);

const postLegSchema = z.strictObject(
  {
    kind: z.literal('post'),
    post: id(),
    alt_m: positive(),
    dwell_s: atLeast0().optional(),
    photo: z.union([z.literal('image'), z.literal('digicam'), z.literal(false)], { error: '"image", "digicam" or false' }).optional(),
    action: actionSchema.optional(),
  },
  { error: 'a post leg object' },
);

const waypointLegSchema = z.strictObject(
  {
    kind: z.literal('waypoint'),
    lat_deg: num('a latitude (-90..90)').refine((v) => Math.abs(v) <= 90, { error: 'a latitude (-90..90)' }),
    lon_deg: num('a longitude (-180..180)').refine((v) => Math.abs(v) <= 180, { error: 'a longitude (-180..180)' }),
    alt_m: positive(),
    hold_s: atLeast0().optional(),
  },
  { error: 'a waypoint leg object' },
);

export const legSchema = z.discriminatedUnion('kind', [facadeLegSchema, roofLegSchema, postLegSchema, waypointLegSchema], {
  error: 'a leg with kind "facade", "roof", "post" or "waypoint"',
});

export const patrolSchema = z.strictObject(
  {
    version: z.literal(PATROL_VERSION, { error: `patrol version ${PATROL_VERSION}` }),
    site: z.string({ error: 'the site file (a path or name ending .site.geojson)' }).min(1, { error: 'the site file (a path or name ending .site.geojson)' }),
    takeoff_alt_m: positive(),
    speed_mps: positive(),
    cruise_alt_m: positive().optional(),
    clearance_m: atLeast0().default(10),
    legs: z.array(legSchema, { error: 'an array of legs' }),
    order: z.enum(['fixed', 'optimise'], { error: '"fixed" or "optimise"' }).default('optimise'),
    end: z.enum(['RTL', 'LAND'], { error: '"RTL" or "LAND"' }),
  },
  { error: 'a patrol object' },
);

export type FacadeLeg = z.infer<typeof facadeLegSchema>;
export type RoofLeg = z.infer<typeof roofLegSchema>;
export type PostLeg = z.infer<typeof postLegSchema>;
export type WaypointLeg = z.infer<typeof waypointLegSchema>;
export type PatrolLeg = z.infer<typeof legSchema>;
/** A patrol as read (defaults filled in: clearance_m 10, order "optimise"). */
export type Patrol = z.infer<typeof patrolSchema>;

/** Default distance from a building's roof (or, in transits, from anything under the path). */
export const DEFAULT_CLEARANCE_M = 10;

/** How a leg is named in messages: `legs[2] (facade of "B04")`. */
export function legLabel(leg: PatrolLeg, index: number): string {
  switch (leg.kind) {
    case 'facade':
    case 'roof':
      return `legs[${index}] (${leg.kind} of ${JSON.stringify(leg.building)})`;
    case 'post':
      return `legs[${index}] (post ${JSON.stringify(leg.post)})`;
    case 'waypoint':
      return `legs[${index}] (waypoint)`;
  }
}
