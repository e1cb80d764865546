// A compiled patrol as a mission file: a Plan with home from the site, the mission items, the site's fence as an
// inclusion polygon and, in a .plan, the patrol itself under the top-level member `watchpost: {patrol}` so the
// file reopens editable (QGroundControl ignores the member; readPlanFile keeps it). A .waypoints file (QGC WPL
// 110) has no place for it.
import { writePlanFile } from '../formats/plan-file';
import { emptyPlan, type Plan } from '../formats/plan';
import { writeWaypointsFile } from '../formats/waypoints-file';
import type { Home } from '../routes/order';
import type { Site } from '../site/site';
import type { Autopilot, CompiledPatrol } from './compile';
import { patrolSchema, type Patrol } from './patrol';
import { readPatrol } from './read-patrol';

export interface PatrolPlanOptions {
  autopilot?: Autopilot;
  /** Default: the site's home. */
  home?: Home;
}

/** MAV_AUTOPILOT numbers. */
const FIRMWARE: Readonly<Record<Autopilot, number>> = { ardupilot: 3, px4: 12 };
const MAV_TYPE_QUADROTOR = 2;

export function patrolToPlan(patrol: Patrol, site: Site, compiled: CompiledPatrol, opts: PatrolPlanOptions = {}): Plan {
  const home = opts.home ?? site.home;
  if (!home) throw new Error(`patrol plan: site ${JSON.stringify(site.name)} has no home point: add a "home" feature or give one`);
  const plan = emptyPlan();
  plan.mission = compiled.items.map((m) => ({ ...m }));
  // The site's ground is taken as flat at home level; no elevation is known, so home's AMSL altitude is 0.
  plan.home = { lat_deg: home.lat_deg, lon_deg: home.lon_deg, alt_m: 0 };
  if (site.fence) {
    const outer = site.fence[0];
    const open = outer.length > 1 && outer[0][0] === outer[outer.length - 1][0] && outer[0][1] === outer[outer.length - 1][1] ? outer.slice(0, -1) : outer;
    plan.fence.polygons.push({ inclusion: true, points: open.map(([lon_deg, lat_deg]) => ({ lat_deg, lon_deg })) });
  }
  plan.cruiseSpeed_mps = patrol.speed_mps;
  plan.hoverSpeed_mps = patrol.speed_mps;
  plan.firmwareType = FIRMWARE[opts.autopilot ?? 'ardupilot'];
  plan.vehicleType = MAV_TYPE_QUADROTOR;
  plan.globalPlanAltitudeMode = 1; // QGC: relative to home
  plan.watchpost = { patrol: patrolSchema.parse(patrol) };
  return plan;
}

/** The .plan text, the patrol embedded. */
export function patrolPlanText(patrol: Patrol, site: Site, compiled: CompiledPatrol, opts: PatrolPlanOptions = {}): string {
  return writePlanFile(patrolToPlan(patrol, site, compiled, opts));
}

/** The QGC WPL 110 text (home line from the site, then the mission; no patrol, no fence). */
export function patrolWaypointsText(patrol: Patrol, site: Site, compiled: CompiledPatrol, opts: PatrolPlanOptions = {}): string {
  const plan = patrolToPlan(patrol, site, compiled, opts);
  delete plan.watchpost;
  return writeWaypointsFile(plan);
}

/** The patrol a .plan carries (`watchpost.patrol`), or undefined when it has none. Throws PatrolFileError if it is bad. */
export function patrolOfPlan(plan: Plan, fileName: string): Patrol | undefined {
  const w = plan.watchpost;
  if (w === null || typeof w !== 'object' || !('patrol' in w)) return undefined;
  return readPatrol(JSON.stringify((w as { patrol: unknown }).patrol), `${fileName} (watchpost.patrol)`);
}
