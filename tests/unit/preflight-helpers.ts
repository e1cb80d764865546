// A small made-up site in metres around home, for the preflight tests: buildings as boxes, posts, a fence.
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { homeFrame } from '../../patrol/preflight/frame';
import type { Building, LonLat, Post, Site } from '../../patrol/site/site';

export const HOME = { lat_deg: 34.75, lon_deg: 113.75 };
export const frame = homeFrame(HOME.lat_deg, HOME.lon_deg);

export function lonLat(x_m: number, y_m: number): LonLat {
  const p = frame.toLatLon(x_m, y_m);
  return [p.lon_deg, p.lat_deg];
}

/** A closed ring through the given corners in metres. */
export function ring(corners: [number, number][]): LonLat[] {
  return [...corners, corners[0]].map(([x, y]) => lonLat(x, y));
}

export function box(id: string, x0: number, y0: number, x1: number, y1: number, height_m: number, name?: string): Building {
  return { id, name, polygons: [[ring([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])]], height_m, height_assumed: false, key: false };
}

export function postAt(id: string, x_m: number, y_m: number, radius_m = 10, dwell_s = 20): Post {
  const p = frame.toLatLon(x_m, y_m);
  return { id, name: `Post ${id}`, ...p, radius_m, dwell_s, shifts: [] };
}

export function site(parts: Partial<Site> = {}): Site {
  return { name: 'test', max_alt_m: 120, buildings: [], posts: [], home: HOME, ...parts };
}

export const takeoff = (alt_m: number): MissionItem => missionItem(22, { z: alt_m });
export const rtl = (): MissionItem => missionItem(20, { frame: 2 });
/** A waypoint x metres east, y north of home, alt_m above home, holding hold_s. */
export function wp(x_m: number, y_m: number, alt_m: number, hold_s = 0): MissionItem {
  const p = frame.toLatLon(x_m, y_m);
  return missionItem(16, { x: p.lat_deg, y: p.lon_deg, z: alt_m, param1: hold_s });
}

/** The x/y (latitude, longitude) of a mission item x_m east and y_m north of home. */
export function xy(x_m: number, y_m: number): { x: number; y: number } {
  const p = frame.toLatLon(x_m, y_m);
  return { x: p.lat_deg, y: p.lon_deg };
}
