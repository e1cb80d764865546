// The default patrol of a site (`watchpost plan SITE --auto`): every duty post, then a facade orbit and a roof
// sweep of each key building (when the site marks none, its `key_count` tallest buildings), order optimised from
// home, end RTL. Decisions:
// - a post is watched from `post_alt_m` (default 20 m), or higher when a building stands on or within
//   clearance_m of the post: its roof + clearance_m (the aircraft descends onto the post vertically);
// - a facade is flown at distance_m 10 in 3 layers from 6 m (or the roof, when lower) to the roof; if the orbit
//   passes over a neighbouring building below that one's roof + clearance_m, the bottom layer is raised above
//   it, and when that leaves nothing below the roof the facade is dropped (the roof sweep still covers it);
// - a roof is swept at clearance 10 m, spacing 15 m, raised when a sweep end passes over a taller neighbour.
import { pointToLineDistance, booleanPointInPolygon } from '@turf/turf';
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
  facade_distance_m?: number;
  facade_layers?: number;
  roof_clearance_m?: number;
  roof_spacing_m?: number;
}

/** The key buildings, or the tallest `count` (ties by id) when none is key. */
export function keyBuildings(site: Site, count = 3): Building[] {
  const keys = site.buildings.filter((b) => b.key);
  if (keys.length > 0) return keys;
  return [...site.buildings].sort((a, b) => b.height_m - a.height_m || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, count);
}

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

/** `notes` receives what the default patrol leaves out and why (a facade crowded by neighbours). */
export function autoPatrol(site: Site, opts: AutoPatrolOptions = {}, notes: string[] = []): Patrol {
  const clearance_m = opts.clearance_m ?? DEFAULT_CLEARANCE_M;
  const legs: PatrolLeg[] = site.posts.map((p) => ({ kind: 'post', post: p.id, alt_m: postHoverAlt(site, p, opts.post_alt_m ?? 20, clearance_m), photo: 'image' }));
  for (const b of keyBuildings(site, opts.key_count ?? 3)) {
    const f = facadeLeg(site, b, opts.facade_distance_m ?? 10, opts.facade_layers ?? DEFAULT_FACADE_LAYERS, clearance_m);
    if (f) legs.push(f);
    else {
      const name = b.name ? `${b.id} (${b.name})` : b.id;
      notes.push(`key building ${name}: no facade orbit — neighbours stand within ${opts.facade_distance_m ?? 10} m of the orbit up to its roof; its roof sweep is planned`);
    }
    legs.push(roofLeg(site, b, opts.roof_clearance_m ?? 10, opts.roof_spacing_m ?? 15, clearance_m));
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
