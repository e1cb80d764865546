// Shared by the patrol tests: the demo site and patrol, the Heilbronn OSM fixture, and the flown path of a mission.
import { readFileSync } from 'node:fs';
import type { MissionItem } from '../../patrol/mission/mission-item';
import type { GeoPoint3 } from '../../patrol/routes/route';
import { readSite } from '../../patrol/site/read-site';
import type { Site } from '../../patrol/site/site';

export const demoSiteText = readFileSync(new URL('../../assets/demo/demo.site.geojson', import.meta.url), 'utf8');
export const demoPatrolText = readFileSync(new URL('../../assets/demo/demo.patrol.json', import.meta.url), 'utf8');
export const demoSite: Site = readSite(demoSiteText, 'demo.site.geojson').site;
export const heilbronn: Site = readSite(
  readFileSync(new URL('../fixtures/geo/feld_heilbronn_planned_buildings.geojson', import.meta.url), 'utf8'),
  'feld_heilbronn_planned_buildings.geojson',
).site;

/** A home 60 m south-west of the fixture's buildings (it has none of its own). */
export function homeOutside(site: Site): { lat_deg: number; lon_deg: number } {
  const pts = site.buildings.flatMap((b) => b.polygons.flatMap((p) => p[0]));
  return { lon_deg: Math.min(...pts.map((q) => q[0])) - 0.0007, lat_deg: Math.min(...pts.map((q) => q[1])) - 0.0005 };
}

const NAV_WAYPOINT = 16;
const NAV_LOITER_TIME = 19;
const NAV_RTL = 20;
const NAV_LAND = 21;
const NAV_TAKEOFF = 22;
/** ArduCopter's default RTL_ALT. */
const RTL_ALT_M = 15;

/**
 * The path the aircraft flies, from the items alone: from the ground at home, up to the takeoff altitude, through
 * every positional item; RTL climbs to RTL_ALT when lower, flies home level and descends; LAND descends where it is.
 */
export function flownPath(items: readonly MissionItem[], home: { lat_deg: number; lon_deg: number }): GeoPoint3[] {
  const path: GeoPoint3[] = [{ ...home, alt_m: 0 }];
  const last = () => path[path.length - 1];
  for (const it of items) {
    if (it.command === NAV_TAKEOFF) path.push({ ...home, alt_m: it.z });
    else if (it.command === NAV_WAYPOINT || it.command === NAV_LOITER_TIME) path.push({ lat_deg: it.x, lon_deg: it.y, alt_m: it.z });
    else if (it.command === NAV_RTL) {
      const alt_m = Math.max(last().alt_m, RTL_ALT_M);
      path.push({ ...last(), alt_m }, { ...home, alt_m }, { ...home, alt_m: 0 });
    } else if (it.command === NAV_LAND) path.push({ lat_deg: it.x, lon_deg: it.y, alt_m: last().alt_m }, { lat_deg: it.x, lon_deg: it.y, alt_m: 0 });
  }
  return path;
}
