// Editing a plan (issue 11): the site and the patrol together, changed only by the pure functions here — each takes
// one plan and gives the next (DESIGN.md "Conventions"), so undo and redo are a history of values (history.ts) and
// every edit is unit-tested. Property values are checked with the site file's and the patrol file's own schemas,
// so the panel refuses what the file reader would refuse, in the same words.
import { z } from 'zod';
import { booleanPointInPolygon } from '@turf/turf';
import { point, polygon } from '@turf/helpers';
import { autoPatrol, postHoverAlt } from '../patrol/auto';
import { DEFAULT_CLEARANCE_M, legSchema, patrolSchema, type Patrol, type PatrolLeg } from '../patrol/patrol';
import { buildingSchema, postSchema } from '../site/site-schema';
import { editProblemText, type EditProblem } from './edit-text';
import { DEFAULT_BUILDING_HEIGHT_M, type Building, type LonLat, type PolygonRings, type Post, type Shift, type Site } from '../site/site';

export interface PlanDoc {
  site: Site;
  patrol: Patrol;
}

/** A refused edit: `error` in English; `problem`, when the file reader's schema refused a value, its parts (edit-text.ts). */
export type Edit = { ok: true; doc: PlanDoc } | { ok: false; error: string; problem?: EditProblem };

/** A new duty post's radius and dwell (the demo site's). */
export const NEW_POST = { radius_m: 15, dwell_s: 10 } as const;
/** A new facade leg's orbit, a new roof sweep's, a new waypoint's altitude. */
export const NEW_FACADE = { distance_m: 10, bottom_m: 6, layers: 2, camera: 'roi' } as const;
export const NEW_ROOF = { clearance_m: 10, spacing_m: 10 } as const;
export const NEW_WAYPOINT_ALT_M = 30;

/** An empty plan: a site called `name` with nothing in it, and a patrol of no legs ending with RTL. */
export function newPlan(name: string, siteFile: string): PlanDoc {
  return {
    site: { name, max_alt_m: 120, buildings: [], posts: [] },
    patrol: { version: 1, site: siteFile, takeoff_alt_m: 20, speed_mps: 5, clearance_m: DEFAULT_CLEARANCE_M, legs: [], order: 'fixed', end: 'RTL' },
  };
}

/** The first free id `prefix1`, `prefix2`, … among the site's buildings and posts. */
export function freeId(site: Site, prefix: string): string {
  const taken = new Set([...site.buildings.map((b) => b.id), ...site.posts.map((p) => p.id)]);
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** A ring closed (first point repeated at the end), as GeoJSON wants it. */
function closed(ring: LonLat[]): LonLat[] {
  if (ring.length === 0) return ring;
  const [a, b] = [ring[0], ring[ring.length - 1]];
  return a[0] === b[0] && a[1] === b[1] ? ring.map((p) => [p[0], p[1]]) : [...ring.map((p): LonLat => [p[0], p[1]]), [a[0], a[1]]];
}

function checkRings(polygons: PolygonRings[]): string | null {
  for (const poly of polygons) {
    if (poly.length === 0) return 'a polygon with no ring';
    for (const ring of poly) if (closed(ring).length < 4) return 'a ring of at least 3 corners';
  }
  return polygons.length === 0 ? 'at least one polygon' : null;
}

const fail = (error: string): Edit => ({ ok: false, error });
const done = (doc: PlanDoc): Edit => ({ ok: true, doc });

/** What the file reader would say of `value` (the first problem), in its words: `height_m: expected …, got …`. */
function schemaProblem(schema: z.ZodType, value: unknown, where: string): EditProblem | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0];
  const key = issue.path.map(String).join('.');
  const got = issue.path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined), value);
  return { where, key, expected: issue.message, got: JSON.stringify(got) ?? 'nothing' };
}

const refuse = (p: EditProblem): Edit => ({ ok: false, error: editProblemText(p, 'en'), problem: p });

// ---------------------------------------------------------------------------------------------------------------
// Site

/** Add a building from its outline (a ring, closed or not; holes after it), `DEFAULT_BUILDING_HEIGHT_M` tall. */
export function addBuilding(doc: PlanDoc, rings: LonLat[][], props: { id?: string; height_m?: number; name?: string } = {}): Edit & { id?: string } {
  const polygon = rings.map(closed);
  const bad = checkRings([polygon]);
  if (bad) return fail(`the new building: expected ${bad}`);
  const id = props.id ?? freeId(doc.site, 'B');
  if (doc.site.buildings.some((b) => b.id === id) || doc.site.posts.some((p) => p.id === id)) return fail(`the new building: the id "${id}" is taken`);
  const building: Building = { id, ...(props.name ? { name: props.name } : {}), polygons: [polygon], height_m: props.height_m ?? DEFAULT_BUILDING_HEIGHT_M, height_assumed: false, key: false };
  return { ...done({ ...doc, site: { ...doc.site, buildings: [...doc.site.buildings, building] } }), id };
}

/** A building's new shape (moved or reshaped): its polygons, each outer ring then holes. */
export function setBuildingShape(doc: PlanDoc, id: string, polygons: PolygonRings[]): Edit {
  const i = doc.site.buildings.findIndex((b) => b.id === id);
  if (i < 0) return fail(`no building "${id}"`);
  const shaped = polygons.map((p) => p.map(closed));
  const bad = checkRings(shaped);
  if (bad) return fail(`building "${id}": expected ${bad}`);
  return done(replaceBuilding(doc, i, { ...doc.site.buildings[i], polygons: shaped }));
}

/** A courtyard (a hole) cut into a building: the ring must lie inside one of its outlines (and in no other hole). */
export function addHole(doc: PlanDoc, id: string, ring: LonLat[]): Edit {
  const i = doc.site.buildings.findIndex((b) => b.id === id);
  if (i < 0) return fail(`no building "${id}"`);
  const hole = closed(ring);
  if (hole.length < 4) return fail(`building "${id}": expected a courtyard of at least 3 corners`);
  const b = doc.site.buildings[i];
  const k = b.polygons.findIndex((poly) => hole.every((p) => booleanPointInPolygon(point(p), polygon(poly))));
  if (k < 0) return fail(`building "${id}": the courtyard must lie inside the building, clear of its other courtyards`);
  const polygons = b.polygons.map((poly, j) => (j === k ? [...poly, hole] : poly));
  return done(replaceBuilding(doc, i, { ...b, polygons }));
}

export interface BuildingProps {
  name?: string;
  name_zh?: string;
  height_m?: number;
  key?: boolean;
}

/** Change a building's name, Chinese name, height or key flag (an empty name removes it). */
export function setBuildingProps(doc: PlanDoc, id: string, props: BuildingProps): Edit {
  const i = doc.site.buildings.findIndex((b) => b.id === id);
  if (i < 0) return fail(`no building "${id}"`);
  const b = doc.site.buildings[i];
  const next: Building = { ...b, ...props, ...(props.height_m !== undefined ? { height_assumed: false } : {}) };
  for (const k of ['name', 'name_zh'] as const) if (next[k] !== undefined && next[k]?.trim() === '') delete next[k];
  const file = { height_m: next.height_m, ...(next.name !== undefined ? { name: next.name } : {}), ...(next.name_zh !== undefined ? { 'name:zh': next.name_zh } : {}), key: next.key, ...(next.min_height_m ? { min_height_m: next.min_height_m } : {}) };
  const bad = schemaProblem(buildingSchema, file, `building "${id}"`);
  return bad ? refuse(bad) : done(replaceBuilding(doc, i, next));
}

function replaceBuilding(doc: PlanDoc, i: number, b: Building): PlanDoc {
  const buildings = doc.site.buildings.slice();
  buildings[i] = b;
  return { ...doc, site: { ...doc.site, buildings } };
}

/** Add a duty post at a place (a radius of 15 m, a dwell of 10 s; named by its id until named). */
export function addPost(doc: PlanDoc, lat_deg: number, lon_deg: number, props: { id?: string; name?: string } = {}): Edit & { id?: string } {
  if (!(Math.abs(lat_deg) <= 90) || !(Math.abs(lon_deg) <= 180)) return fail(`the new post: expected a latitude and longitude, got ${lat_deg}, ${lon_deg}`);
  const id = props.id ?? freeId(doc.site, 'P');
  if (doc.site.buildings.some((b) => b.id === id) || doc.site.posts.some((p) => p.id === id)) return fail(`the new post: the id "${id}" is taken`);
  const post: Post = { id, name: props.name ?? id, lat_deg, lon_deg, radius_m: NEW_POST.radius_m, dwell_s: NEW_POST.dwell_s, shifts: [] };
  return { ...done({ ...doc, site: { ...doc.site, posts: [...doc.site.posts, post] } }), id };
}

export function movePost(doc: PlanDoc, id: string, lat_deg: number, lon_deg: number): Edit {
  const i = doc.site.posts.findIndex((p) => p.id === id);
  if (i < 0) return fail(`no post "${id}"`);
  if (!(Math.abs(lat_deg) <= 90) || !(Math.abs(lon_deg) <= 180)) return fail(`post "${id}": expected a latitude and longitude, got ${lat_deg}, ${lon_deg}`);
  return done(replacePost(doc, i, { ...doc.site.posts[i], lat_deg, lon_deg }));
}

export interface PostProps {
  name?: string;
  name_zh?: string;
  radius_m?: number;
  dwell_s?: number;
  shifts?: Shift[];
}

/** Change a post's name, Chinese name, radius, dwell or shifts (from–to; overnight allowed: 22:00–06:00). */
export function setPostProps(doc: PlanDoc, id: string, props: PostProps): Edit {
  const i = doc.site.posts.findIndex((p) => p.id === id);
  if (i < 0) return fail(`no post "${id}"`);
  const next: Post = { ...doc.site.posts[i], ...props };
  if (next.name_zh !== undefined && next.name_zh.trim() === '') delete next.name_zh;
  const file = { name: next.name, ...(next.name_zh !== undefined ? { 'name:zh': next.name_zh } : {}), radius_m: next.radius_m, dwell_s: next.dwell_s, shifts: next.shifts };
  const bad = schemaProblem(postSchema, file, `post "${id}"`);
  return bad ? refuse(bad) : done(replacePost(doc, i, next));
}

function replacePost(doc: PlanDoc, i: number, p: Post): PlanDoc {
  const posts = doc.site.posts.slice();
  posts[i] = p;
  return { ...doc, site: { ...doc.site, posts } };
}

/** The fence (an outline the aircraft must stay inside), or none. */
export function setFence(doc: PlanDoc, ring: LonLat[] | null): Edit {
  if (ring === null) {
    const { fence: _gone, ...site } = doc.site;
    return done({ ...doc, site });
  }
  const r = closed(ring);
  if (r.length < 4) return fail('the fence: expected a ring of at least 3 corners');
  return done({ ...doc, site: { ...doc.site, fence: [r] } });
}

/** Home (the launch place), or none. */
export function setHome(doc: PlanDoc, at: { lat_deg: number; lon_deg: number } | null): Edit {
  if (at === null) {
    const { home: _gone, ...site } = doc.site;
    return done({ ...doc, site });
  }
  if (!(Math.abs(at.lat_deg) <= 90) || !(Math.abs(at.lon_deg) <= 180)) return fail(`home: expected a latitude and longitude, got ${at.lat_deg}, ${at.lon_deg}`);
  return done({ ...doc, site: { ...doc.site, home: { lat_deg: at.lat_deg, lon_deg: at.lon_deg } } });
}

/** Remove a building or a post, and the legs that visit it (undo brings both back). */
export function deleteFeature(doc: PlanDoc, kind: 'building' | 'post', id: string): Edit {
  const list = kind === 'building' ? doc.site.buildings : doc.site.posts;
  if (!list.some((f) => f.id === id)) return fail(`no ${kind} "${id}"`);
  const site = kind === 'building' ? { ...doc.site, buildings: doc.site.buildings.filter((b) => b.id !== id && b.part_of !== id) } : { ...doc.site, posts: doc.site.posts.filter((p) => p.id !== id) };
  const legs = doc.patrol.legs.filter((l) => !((l.kind === 'facade' || l.kind === 'roof') && kind === 'building' && !site.buildings.some((b) => b.id === l.building)) && !(l.kind === 'post' && kind === 'post' && l.post === id));
  return done({ site, patrol: { ...doc.patrol, legs } });
}

/** The site's name and ceiling (metres above home). */
export function setSiteProps(doc: PlanDoc, props: { name?: string; max_alt_m?: number }): Edit {
  const next = { ...doc.site, ...props };
  if (next.name.trim() === '') return fail('site: name: expected a non-empty string, got ""');
  if (!(next.max_alt_m > 0) || !Number.isFinite(next.max_alt_m)) return fail(`site: max_alt_m: expected a number > 0 (metres), got ${JSON.stringify(next.max_alt_m)}`);
  return done({ ...doc, site: next });
}

// ---------------------------------------------------------------------------------------------------------------
// Patrol

/** A facade orbit of a building, at the defaults. */
export function facadeLeg(building: string): PatrolLeg {
  return { kind: 'facade', building, ...NEW_FACADE };
}

export function roofLeg(building: string): PatrolLeg {
  return { kind: 'roof', building, ...NEW_ROOF };
}

/** A visit to a post, hovering high enough over any roof near it (as the auto patrol does). */
export function postLeg(doc: PlanDoc, post: string): PatrolLeg {
  const p = doc.site.posts.find((x) => x.id === post);
  return { kind: 'post', post, alt_m: p ? postHoverAlt(doc.site, p, 20, doc.patrol.clearance_m) : 20, photo: 'image' };
}

export function waypointLeg(lat_deg: number, lon_deg: number, alt_m = NEW_WAYPOINT_ALT_M): PatrolLeg {
  return { kind: 'waypoint', lat_deg, lon_deg, alt_m };
}

function legProblem(doc: PlanDoc, leg: PatrolLeg, index: number): EditProblem | string | null {
  const bad = schemaProblem(legSchema, leg, `legs[${index}]`);
  if (bad) return bad;
  if ((leg.kind === 'facade' || leg.kind === 'roof') && !doc.site.buildings.some((b) => b.id === leg.building)) return `legs[${index}]: no building "${leg.building}" in the site`;
  if (leg.kind === 'post' && !doc.site.posts.some((p) => p.id === leg.post)) return `legs[${index}]: no post "${leg.post}" in the site`;
  return null;
}

/** Add a leg (at the end, or at `at`). */
export function addLeg(doc: PlanDoc, leg: PatrolLeg, at = doc.patrol.legs.length): Edit {
  const i = Math.max(0, Math.min(at, doc.patrol.legs.length));
  const bad = legProblem(doc, leg, i);
  if (bad) return typeof bad === 'string' ? fail(bad) : refuse(bad);
  const legs = doc.patrol.legs.slice();
  legs.splice(i, 0, leg);
  return done({ ...doc, patrol: { ...doc.patrol, legs } });
}

export function removeLeg(doc: PlanDoc, index: number): Edit {
  if (!(index >= 0 && index < doc.patrol.legs.length)) return fail(`no legs[${index}]`);
  return done({ ...doc, patrol: { ...doc.patrol, legs: doc.patrol.legs.filter((_, i) => i !== index) } });
}

/** Move a leg to another place in the order (a drag in the list); the order becomes fixed, as the planner set it. */
export function moveLeg(doc: PlanDoc, from: number, to: number): Edit {
  const n = doc.patrol.legs.length;
  if (!(from >= 0 && from < n) || !(to >= 0 && to < n)) return fail(`cannot move legs[${from}] to ${to}: there are ${n} legs`);
  const legs = doc.patrol.legs.slice();
  const [leg] = legs.splice(from, 1);
  legs.splice(to, 0, leg);
  return done({ ...doc, patrol: { ...doc.patrol, legs, order: 'fixed' } });
}

/** Change a leg's parameters (its kind and target stay). */
export function setLeg(doc: PlanDoc, index: number, patch: Partial<PatrolLeg>): Edit {
  const leg = doc.patrol.legs[index];
  if (!leg) return fail(`no legs[${index}]`);
  const next = { ...leg, ...patch, kind: leg.kind } as PatrolLeg;
  for (const [k, v] of Object.entries(next)) if (v === undefined) delete (next as Record<string, unknown>)[k];
  const bad = legProblem(doc, next, index);
  if (bad) return typeof bad === 'string' ? fail(bad) : refuse(bad);
  const legs = doc.patrol.legs.slice();
  legs[index] = next;
  return done({ ...doc, patrol: { ...doc.patrol, legs } });
}

export type PatrolProps = Partial<Pick<Patrol, 'takeoff_alt_m' | 'speed_mps' | 'end' | 'order' | 'clearance_m' | 'cruise_alt_m'>>;

/** The patrol's takeoff altitude, speed, end (RTL or LAND), order (fixed or optimise), clearance. */
export function setPatrolProps(doc: PlanDoc, props: PatrolProps): Edit {
  const next = { ...doc.patrol, ...props };
  if (next.cruise_alt_m === undefined) delete next.cruise_alt_m;
  const bad = schemaProblem(patrolSchema, next, 'patrol');
  return bad ? refuse(bad) : done({ ...doc, patrol: next });
}

/** The legs of `watchpost plan --auto` for this site (every post, the key or tallest buildings), replacing the legs. */
export function autoLegs(doc: PlanDoc, notes: string[] = []): Edit {
  if (doc.site.posts.length + doc.site.buildings.length === 0) return fail('auto patrol: the site has no posts or buildings yet');
  const auto = autoPatrol(doc.site, { site_ref: doc.patrol.site, takeoff_alt_m: doc.patrol.takeoff_alt_m, speed_mps: doc.patrol.speed_mps, clearance_m: doc.patrol.clearance_m }, notes);
  return done({ ...doc, patrol: { ...doc.patrol, legs: auto.legs, order: auto.order } });
}
