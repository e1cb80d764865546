// The default patrol of a site (`watchpost plan SITE --auto`): every duty post, then a facade orbit and a roof
// sweep of each key building (when the site marks none, its `key_count` tallest buildings), order optimised from
// home, end RTL. Decisions:
// - a post is watched from `post_alt_m` (default 20 m), or higher when a building stands on or within
//   clearance_m of the post: its roof + clearance_m (the aircraft descends onto the post vertically);
// - a facade is flown at distance_m 10 in 3 layers from 6 m (or the roof, when lower) to the roof; if the orbit
//   passes over a neighbouring building below that one's roof + clearance_m, the bottom layer is raised above
//   it, and when that leaves nothing below the roof the facade is dropped (the roof sweep still covers it);
// - a roof is swept at clearance 10 m, spacing 15 m, raised when a sweep end passes over a taller neighbour;
// - a building whose roof + roof clearance is above the site's ceiling (max_alt_m) cannot be patrolled from above:
//   it is left out with a note, and when the site marks no key building the tallest ones under the ceiling are
//   taken instead. An OSM `building:part` inside another building's outline is never a target of its own (the
//   outline, as tall as its tallest part, is); its volume still lifts the legs flown near it. Nor is a footprint
//   under 25 m² (a mast, an antenna) chosen as one of the tallest;
// - when the site marks no key building, the tallest are chosen within `key_radius_m` (default 600 m) of home —
//   a patrol flies within sight of its launch place, and the tallest three of a city would not fit one battery —
//   with a note naming how many taller ones stand farther; pieces of one building split by an export (ids
//   `way/1`, `way/1#2`: see site-ids.ts) count as one building, its tallest piece chosen.
import { area, booleanPointInPolygon, centroid, distance, pointToLineDistance } from '@turf/turf';
import { lineString, point, polygon } from '@turf/helpers';
import { facade } from '../routes/facade';
import { roof } from '../routes/roof';
import type { Building, Post, Site } from '../site/site';
import { DEFAULT_CLEARANCE_M, PATROL_VERSION, type FacadeLeg, type Patrol, type PatrolLeg, type RoofLeg } from './patrol';
import { volumeHits } from './volume';

/** Facade layers of an auto patrol: two keep a default patrol of a community (two key towers, ten posts) within
 *  one battery (20 min less 25 % reserve); three did not on the demo site. */
const DEFAULT_FACADE_LAYERS = 2;

export interface AutoPatrolOptions {
  /** The patrol's `site` member (default: the site's name + ".site.geojson"). */
  site_ref?: string;
  takeoff_alt_m?: number;
  speed_mps?: number;
  clearance_m?: number;
  /** Lowest hover altitude over a post (default 20 m). */
  post_alt_m?: number;
  /** How many of the tallest buildings to patrol when the site marks none as key (default 3). */
  key_count?: number;
  /** How far from home to look for them (default 600 m). */
  key_radius_m?: number;
  facade_distance_m?: number;
  facade_layers?: number;
  roof_clearance_m?: number;
  roof_spacing_m?: number;
}

/** Roof clearance of an auto patrol's roof sweeps (before any lift over a taller neighbour). */
const DEFAULT_ROOF_CLEARANCE_M = 10;

/** Whether a roof sweep of `b` at roof_clearance_m stays under the site's ceiling. */
export function underCeiling(site: Site, b: Building, roof_clearance_m = DEFAULT_ROOF_CLEARANCE_M): boolean {
  return !(b.height_m + roof_clearance_m > site.max_alt_m);
}

/** Smallest footprint chosen as a key building when the site marks none: smaller is a mast or an antenna drawn as
 *  a polygon (OSM parts collapse to a point at 5 decimals), with no roof to sweep. */
const MIN_KEY_FOOTPRINT_M2 = 25;

const footprint_m2 = (b: Building): number => b.polygons.reduce((s, rings) => s + area(polygon(rings)), 0);

/** Default `key_radius_m`: how far from home the default patrol looks for the tallest buildings. */
export const DEFAULT_KEY_RADIUS_M = 600;

/** The building an export split into pieces: `way/1#2` is a piece of `way/1` (site-ids.ts). */
const wholeId = (b: Building): string => b.id.replace(/#\d+$/, '');

function distanceFromHome_m(site: Site, b: Building): number {
  if (!site.home) return 0;
  const c = centroid(polygon(b.polygons[0])).geometry.coordinates;
  return distance([site.home.lon_deg, site.home.lat_deg], c, { units: 'meters' });
}

/** The key buildings, or when none is key the tallest `count` (ties by id) that can be patrolled: not a part
 *  inside another building's outline, a footprint of at least 25 m², its roof sweep under the ceiling, within
 *  `radius_m` of home, one piece per split building. `farther` receives how many taller ones were too far. */
export function keyBuildings(site: Site, count = 3, roof_clearance_m = DEFAULT_ROOF_CLEARANCE_M, radius_m = DEFAULT_KEY_RADIUS_M, farther: Building[] = []): Building[] {
  const keys = site.buildings.filter((b) => b.key);
  if (keys.length > 0) return keys;
  const ranked = site.buildings
    .filter((b) => b.part_of === undefined && underCeiling(site, b, roof_clearance_m) && footprint_m2(b) >= MIN_KEY_FOOTPRINT_M2)
    .sort((a, b) => b.height_m - a.height_m || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const chosen: Building[] = [];
  const wholes = new Set<string>();
  for (const b of ranked) {
    if (chosen.length >= count) break;
    if (wholes.has(wholeId(b))) continue;
    if (distanceFromHome_m(site, b) > radius_m) {
      if (!farther.some((f) => wholeId(f) === wholeId(b))) farther.push(b);
      continue;
    }
    wholes.add(wholeId(b));
    chosen.push(b);
  }
  return chosen;
}

const nameOf = (b: Building): string => (b.name ? `${b.id} (${b.name})` : b.id);

/** The hover altitude over a post: at least min_alt_m, and clearance_m above any roof on or within clearance_m of it. */
export function postHoverAlt(site: Site, p: Post, min_alt_m: number, clearance_m: number): number {
  const at = point([p.lon_deg, p.lat_deg]);
  let alt = min_alt_m;
  for (const b of site.buildings) {
    const close = b.polygons.some(
      (rings) => booleanPointInPolygon(at, polygon(rings)) || rings.some((r) => pointToLineDistance(at, lineString(r), { units: 'meters' }) < clearance_m),
    );
    if (close) alt = Math.max(alt, b.height_m + clearance_m);
  }
  return alt;
}

function others(site: Site, b: Building): Site {
  return { ...site, buildings: site.buildings.filter((x) => x.id !== b.id) };
}

function facadeLeg(site: Site, b: Building, distance_m: number, layers: number, clearance_m: number): FacadeLeg | undefined {
  let bottom_m = Math.min(6, b.height_m);
  for (let attempt = 0; attempt < 4; attempt++) {
    const leg: FacadeLeg = { kind: 'facade', building: b.id, distance_m, bottom_m, layers: bottom_m >= b.height_m ? 1 : layers, camera: 'roi' };
    const route = facade(b, { distance_m, bottom_m, layers: leg.layers, camera: 'roi', roof_clearance_m: clearance_m });
    const hits = volumeHits(others(site, b), route.waypoints, clearance_m);
    if (hits.length === 0) return leg;
    bottom_m = Math.max(bottom_m, ...hits.map((h) => h.need_m));
    if (bottom_m >= b.height_m) return undefined;
  }
  return undefined;
}

function roofLeg(site: Site, b: Building, clearance: number, spacing_m: number, margin_m: number): RoofLeg {
  let clearance_m = clearance;
  for (let attempt = 0; attempt < 4; attempt++) {
    const hits = volumeHits(others(site, b), roof(b, { clearance_m, spacing_m }).waypoints, margin_m);
    if (hits.length === 0) break;
    clearance_m = Math.max(clearance_m, ...hits.map((h) => h.need_m - b.height_m));
  }
  return { kind: 'roof', building: b.id, clearance_m, spacing_m };
}

/** `notes` receives what the default patrol leaves out and why (a facade crowded by neighbours, a building taller
 *  than the ceiling). */
export function autoPatrol(site: Site, opts: AutoPatrolOptions = {}, notes: string[] = []): Patrol {
  const clearance_m = opts.clearance_m ?? DEFAULT_CLEARANCE_M;
  const roof_clearance_m = opts.roof_clearance_m ?? DEFAULT_ROOF_CLEARANCE_M;
  const legs: PatrolLeg[] = site.posts.map((p) => ({ kind: 'post', post: p.id, alt_m: postHoverAlt(site, p, opts.post_alt_m ?? 20, clearance_m), photo: 'image' }));
  const farther: Building[] = [];
  const radius_m = opts.key_radius_m ?? DEFAULT_KEY_RADIUS_M;
  const keys = keyBuildings(site, opts.key_count ?? 3, roof_clearance_m, radius_m, farther);
  if (farther.length > 0) {
    const list = farther.slice(0, 3).map((b) => `${nameOf(b)} ${b.height_m} m`).join(', ') + (farther.length > 3 ? ` and ${farther.length - 3} more` : '');
    const which = keys.length > 0 ? `as tall as the ones chosen or taller` : 'that could have been chosen';
    notes.push(`${farther.length} building${farther.length === 1 ? '' : 's'} ${which} stand${farther.length === 1 ? 's' : ''} more than ${radius_m} m from home and ${farther.length === 1 ? 'is' : 'are'} not patrolled (mark buildings key to choose them): ${list}`);
  }
  const tooTall = site.buildings.some((b) => b.key)
    ? keys.filter((b) => !underCeiling(site, b, roof_clearance_m))
    : site.buildings.filter((b) => b.part_of === undefined && !underCeiling(site, b, roof_clearance_m) && (keys.length === 0 || b.height_m > keys[0].height_m));
  if (tooTall.length > 0) {
    const list = tooTall.slice(0, 5).map((b) => `${nameOf(b)} ${b.height_m} m`).join(', ') + (tooTall.length > 5 ? ` and ${tooTall.length - 5} more` : '');
    notes.push(`${tooTall.length} building${tooTall.length === 1 ? '' : 's'} not patrolled: roof + ${roof_clearance_m} m is above the site's ceiling (${site.max_alt_m} m): ${list}`);
  }
  for (const b of keys) {
    if (!underCeiling(site, b, roof_clearance_m)) continue;
    const f = facadeLeg(site, b, opts.facade_distance_m ?? 10, opts.facade_layers ?? DEFAULT_FACADE_LAYERS, clearance_m);
    if (f) legs.push(f);
    else {
      notes.push(`key building ${nameOf(b)}: no facade orbit — neighbours stand within ${opts.facade_distance_m ?? 10} m of the orbit up to its roof; its roof sweep is planned`);
    }
    legs.push(roofLeg(site, b, roof_clearance_m, opts.roof_spacing_m ?? 15, clearance_m));
  }
  return {
    version: PATROL_VERSION,
    site: opts.site_ref ?? `${site.name}.site.geojson`,
    takeoff_alt_m: opts.takeoff_alt_m ?? 20,
    speed_mps: opts.speed_mps ?? 8,
    clearance_m,
    legs,
    order: 'optimise',
    end: 'RTL',
  };
}
