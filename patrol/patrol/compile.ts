// The patrol compiler: patrol + site → MAVLink mission items for ArduPilot or PX4 (no home item: ArduPilot's home
// at seq 0 is added by the mission client's adapter). The items are
//   NAV_TAKEOFF (climb above home to takeoff_alt_m), DO_CHANGE_SPEED (speed_mps),
//   the legs in order (fixed, or nearest neighbour + 2-opt from home), joined by transits that clear every
//   building near their path by clearance_m, the first from above home and the last back above home,
//   NAV_RETURN_TO_LAUNCH or NAV_LAND at home.
// The last transit ends above home at the altitude it needed to clear what lies between the last leg and home
// (at least takeoff_alt_m and the last leg's exit altitude), so RTL starts above home: ArduCopter's RTL climbs to
// RTL_ALT only when lower, and here it has nowhere to fly but down. Altitudes are relative to home (frame 3) for
// both autopilots. PX4 runs no CONDITION_YAW in missions: for PX4 a yaw goes into the waypoint's param4 instead.
// The output depends only on the inputs.
import { missionItem, type MissionItem } from '../mission/mission-item';
import { connect } from '../routes/connect';
import { facade } from '../routes/facade';
import { order, type Home } from '../routes/order';
import { post } from '../routes/post';
import { roof } from '../routes/roof';
import { FRAME_GLOBAL_RELATIVE_ALT, MAV_CMD, routeToItems, type GeoPoint3, type RouteLeg } from '../routes/route';
import { PX4_RULES } from '../mission/px4-storage';
import { certainRefusal } from '../mission/stored-compare';

const MAV_FRAME_MISSION = 2;
import type { Site } from '../site/site';
import { legLabel, type Patrol, type PatrolLeg } from './patrol';
import { checkPatrolRefs, PatrolFileError } from './read-patrol';
import { volumeHits } from './volume';

export type Autopilot = 'ardupilot' | 'px4';

export interface CompileOptions {
  autopilot: Autopilot;
  /** Where the aircraft takes off (default: the site's home; a site without one needs this). */
  home?: Home;
  /** Names the patrol in errors (default "patrol"). */
  fileName?: string;
}

export interface CompiledPatrol {
  /** The mission without home. */
  items: MissionItem[];
  /** The flown route: transits and the patrol's legs in flying order (takeoff, return and landing not included). */
  legs: RouteLeg[];
  /** What the compiler noticed: altitudes over the site's maximum, paths through a building volume. */
  warnings: string[];
}

export const CMD_TAKEOFF = 22;
export const CMD_LAND = 21;
export const CMD_RTL = 20;
export const CMD_CHANGE_SPEED = 178;

function routeLeg(leg: PatrolLeg, site: Site, clearance_m: number): RouteLeg {
  switch (leg.kind) {
    case 'facade': {
      const b = site.buildings.find((x) => x.id === leg.building);
      if (!b) throw new Error(`facade: no building ${leg.building}`);
      return facade(b, { distance_m: leg.distance_m, bottom_m: leg.bottom_m, layers: leg.layers, spacing_m: leg.spacing_m, camera: leg.camera, roof_clearance_m: clearance_m });
    }
    case 'roof': {
      const b = site.buildings.find((x) => x.id === leg.building);
      if (!b) throw new Error(`roof: no building ${leg.building}`);
      return roof(b, { clearance_m: leg.clearance_m, spacing_m: leg.spacing_m });
    }
    case 'post': {
      const p = site.posts.find((x) => x.id === leg.post);
      if (!p) throw new Error(`post: no post ${leg.post}`);
      return post(p, { alt_m: leg.alt_m, dwell_s: leg.dwell_s, photo: leg.photo, action: leg.action });
    }
    case 'waypoint':
      return { kind: 'waypoint', waypoints: [{ lat_deg: leg.lat_deg, lon_deg: leg.lon_deg, alt_m: leg.alt_m, hold_s: leg.hold_s }] };
  }
}

/** PX4 flies no CONDITION_YAW from a mission: fold each into the NAV_WAYPOINT before it (param4 = yaw). */
function foldYaw(items: MissionItem[]): MissionItem[] {
  const out: MissionItem[] = [];
  for (const item of items) {
    const nav = out.length > 0 ? out[out.length - 1] : undefined;
    if (item.command === MAV_CMD.CONDITION_YAW && nav?.command === MAV_CMD.NAV_WAYPOINT) {
      out[out.length - 1] = { ...nav, param4: item.param1 };
      continue;
    }
    if (item.command === MAV_CMD.CONDITION_YAW && out.length > 1 && out[out.length - 2].command === MAV_CMD.NAV_WAYPOINT && out[out.length - 1].command === MAV_CMD.DO_SET_ROI_LOCATION) {
      out[out.length - 2] = { ...out[out.length - 2], param4: item.param1 };
      continue;
    }
    out.push(item);
  }
  return out;
}

/** PX4 takes commands without a position only in MAV_FRAME_MISSION (mavlink_mission.cpp answers UNSUPPORTED else). */
function px4Frames(items: readonly MissionItem[]): MissionItem[] {
  return items.map((item) => (PX4_RULES.get(item.command)?.kind === 'mission' ? { ...item, frame: MAV_FRAME_MISSION } : item));
}

export function compilePatrol(patrol: Patrol, site: Site, opts: CompileOptions): CompiledPatrol {
  const file = opts.fileName ?? 'patrol';
  if (opts.autopilot !== 'ardupilot' && opts.autopilot !== 'px4') throw new Error(`${file}: autopilot must be 'ardupilot' or 'px4', got ${String(opts.autopilot)}`);
  const home = opts.home ?? site.home;
  if (!home) throw new Error(`${file}: site ${JSON.stringify(site.name)} has no home point: add a "home" feature or give one`);
  checkPatrolRefs(patrol, site, file);
  const labels = new Map<RouteLeg, string>();
  const legs = patrol.legs.map((leg, i) => {
    if (leg.kind === 'facade') {
      const top = site.buildings.find((b) => b.id === leg.building)?.height_m ?? Infinity;
      if (leg.bottom_m > top) throw new PatrolFileError({ file, where: `${legLabel(leg, i)}.bottom_m`, expected: `at most the roof (${top} m)`, got: String(leg.bottom_m) });
    }
    let r: RouteLeg;
    try {
      r = routeLeg(leg, site, patrol.clearance_m);
    } catch (err) {
      throw new Error(`${file}: ${legLabel(leg, i)}: ${(err as Error).message}`, { cause: err });
    }
    labels.set(r, legLabel(leg, i));
    return r;
  });
  const ordered = order(legs, home, { fixed: patrol.order === 'fixed' });
  const route = connect(ordered, site, home, { clearance_m: patrol.clearance_m, cruise_alt_m: patrol.cruise_alt_m, takeoff_alt_m: patrol.takeoff_alt_m });

  const frame = FRAME_GLOBAL_RELATIVE_ALT;
  const items: MissionItem[] = [
    missionItem(CMD_TAKEOFF, { frame, x: home.lat_deg, y: home.lon_deg, z: patrol.takeoff_alt_m }),
    // param1 1 = ground speed, param3 -1 = throttle unchanged.
    missionItem(CMD_CHANGE_SPEED, { frame, param1: 1, param2: patrol.speed_mps, param3: -1 }),
  ];
  const body = routeToItems(route);
  items.push(...(opts.autopilot === 'px4' ? foldYaw(body) : body));
  items.push(patrol.end === 'RTL' ? missionItem(CMD_RTL, { frame }) : missionItem(CMD_LAND, { frame, x: home.lat_deg, y: home.lon_deg, z: 0 }));
  const warnings = warningsOf(route, labels, patrol, site, home);
  if (opts.autopilot === 'px4') {
    const px4 = px4Frames(items);
    const refused = certainRefusal('px4', 'mission', px4);
    if (refused) warnings.push(`PX4 refuses item ${refused.seq} (${refused.command_name}): ${refused.why}; an upload to PX4 stops before it starts`);
    return { items: px4, legs: route, warnings };
  }
  return { items, legs: route, warnings };
}

const TRANSIT = 'a transit';

function warningsOf(route: RouteLeg[], labels: Map<RouteLeg, string>, patrol: Patrol, site: Site, home: Home): string[] {
  const warnings: string[] = [];
  const ground: GeoPoint3 = { ...home, alt_m: 0 };
  const path: GeoPoint3[] = [ground, { ...home, alt_m: patrol.takeoff_alt_m }];
  const owner: string[] = ['the takeoff', 'the takeoff'];
  route.forEach((leg) => {
    const name = labels.get(leg) ?? TRANSIT;
    for (const w of leg.waypoints) {
      path.push(w);
      owner.push(name);
    }
  });
  path.push(ground);
  owner.push(patrol.end === 'RTL' ? 'the return (RTL)' : 'the landing');
  const highest = new Map<string, number>();
  path.forEach((p, i) => {
    if (p.alt_m > site.max_alt_m) highest.set(owner[i], Math.max(highest.get(owner[i]) ?? 0, p.alt_m));
  });
  for (const [who, alt] of highest) warnings.push(`${who} flies at ${alt.toFixed(1)} m, above the site's maximum ${site.max_alt_m} m`);
  const seen = new Set<string>();
  for (const h of volumeHits(site, path, patrol.clearance_m)) {
    // A segment between a transit and a leg is the leg's (its waypoint is what sits too low).
    const who = owner[h.segment + 1] === TRANSIT ? owner[h.segment] : owner[h.segment + 1];
    const key = `${who}|${h.building}`;
    if (seen.has(key)) continue;
    seen.add(key);
    warnings.push(`${who} passes over building ${h.building} at ${h.alt_m.toFixed(1)} m, below its roof + clearance (${h.need_m.toFixed(1)} m)`);
  }
  return warnings;
}
