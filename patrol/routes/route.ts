// The neutral route the generators produce (facade, roof, post, transit) and its translation to mission items.
// Altitudes are metres above home (the site's ground is taken as flat at home level); MAV_FRAME_GLOBAL_RELATIVE_ALT.
//
// A waypoint's camera and action fields become DO/CONDITION items right after its navigation item. ArduPilot runs
// those as the aircraft starts toward the waypoint (PX4 once it is reached), so generators that need something
// done *at* a place put a second waypoint at the same spot (see post.ts).
import { missionItem, type MissionItem } from '../mission/mission-item';

export interface GeoPoint3 {
  lat_deg: number;
  lon_deg: number;
  alt_m: number;
}

export type RouteAction =
  | { photo: 'image' | 'digicam' }
  | { relay: number; state: 0 | 1 }
  | { servo: number; pwm: number };

export interface RouteWaypoint extends GeoPoint3 {
  /** Hover here this long. */
  hold_s?: number;
  /** Point the camera at this place from here on, or stop pointing it ('none'). */
  roi?: GeoPoint3 | 'none';
  /** Turn to this heading (degrees true, 0..360). */
  yaw_deg?: number;
  /** Done in order after the camera fields. */
  actions?: RouteAction[];
}

export type LegKind = 'facade' | 'roof' | 'post' | 'transit' | 'waypoint';

export interface RouteLeg {
  kind: LegKind;
  /** The building or post the leg serves. */
  ref?: string;
  /** At least one; the first is the leg's entry, the last its exit. */
  waypoints: RouteWaypoint[];
}

export interface Route {
  legs: RouteLeg[];
}

export interface RouteToItemsOptions {
  /** How a hold is flown: NAV_WAYPOINT with param1 = hold (default) or NAV_LOITER_TIME. */
  hold?: 'waypoint' | 'loiter';
}

export const MAV_CMD = Object.freeze({
  NAV_WAYPOINT: 16,
  NAV_LOITER_TIME: 19,
  CONDITION_YAW: 115,
  DO_SET_RELAY: 181,
  DO_SET_SERVO: 183,
  DO_SET_ROI_LOCATION: 195,
  DO_SET_ROI_NONE: 197,
  DO_DIGICAM_CONTROL: 203,
  IMAGE_START_CAPTURE: 2000,
});

/** The frame every item of a route uses. */
export const FRAME_GLOBAL_RELATIVE_ALT = 3;

function checkPoint(p: GeoPoint3, where: string): void {
  if (!Number.isFinite(p.lat_deg) || Math.abs(p.lat_deg) > 90) throw new Error(`${where}: lat_deg ${p.lat_deg} is not a latitude`);
  if (!Number.isFinite(p.lon_deg) || Math.abs(p.lon_deg) > 180) throw new Error(`${where}: lon_deg ${p.lon_deg} is not a longitude`);
  if (!Number.isFinite(p.alt_m)) throw new Error(`${where}: alt_m ${p.alt_m} is not a number`);
}

function checkNumber(v: number, where: string, min = -Infinity, max = Infinity): void {
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${where}: ${v} is out of range [${min}, ${max}]`);
}

function actionItem(a: RouteAction, where: string): MissionItem {
  const frame = FRAME_GLOBAL_RELATIVE_ALT;
  if ('photo' in a) {
    if (a.photo === 'image') return missionItem(MAV_CMD.IMAGE_START_CAPTURE, { frame, param3: 1 });
    if (a.photo === 'digicam') return missionItem(MAV_CMD.DO_DIGICAM_CONTROL, { frame, x: 1 });
    throw new Error(`${where}: photo must be 'image' or 'digicam'`);
  }
  if ('relay' in a) {
    checkNumber(a.relay, `${where}.relay`, 0, 255);
    if (a.state !== 0 && a.state !== 1) throw new Error(`${where}.state: must be 0 or 1`);
    return missionItem(MAV_CMD.DO_SET_RELAY, { frame, param1: a.relay, param2: a.state });
  }
  if ('servo' in a) {
    checkNumber(a.servo, `${where}.servo`, 1, 32);
    checkNumber(a.pwm, `${where}.pwm`, 500, 2500);
    return missionItem(MAV_CMD.DO_SET_SERVO, { frame, param1: a.servo, param2: a.pwm });
  }
  throw new Error(`${where}: unknown action`);
}

/** The mission items of one waypoint: its navigation item, then ROI / yaw, then its actions. */
export function waypointToItems(w: RouteWaypoint, where: string, opts: RouteToItemsOptions = {}): MissionItem[] {
  checkPoint(w, where);
  const frame = FRAME_GLOBAL_RELATIVE_ALT;
  const hold_s = w.hold_s ?? 0;
  checkNumber(hold_s, `${where}.hold_s`, 0);
  const pos = { frame, x: w.lat_deg, y: w.lon_deg, z: w.alt_m };
  const items = [
    hold_s > 0 && opts.hold === 'loiter'
      ? missionItem(MAV_CMD.NAV_LOITER_TIME, { ...pos, param1: hold_s })
      : missionItem(MAV_CMD.NAV_WAYPOINT, { ...pos, param1: hold_s }),
  ];
  if (w.roi === 'none') items.push(missionItem(MAV_CMD.DO_SET_ROI_NONE, { frame }));
  else if (w.roi !== undefined) {
    checkPoint(w.roi, `${where}.roi`);
    items.push(missionItem(MAV_CMD.DO_SET_ROI_LOCATION, { frame, x: w.roi.lat_deg, y: w.roi.lon_deg, z: w.roi.alt_m }));
  }
  if (w.yaw_deg !== undefined) {
    checkNumber(w.yaw_deg, `${where}.yaw_deg`, 0, 360);
    // param2 0 = default rate, param3 0 = shortest way round, param4 0 = absolute heading.
    items.push(missionItem(MAV_CMD.CONDITION_YAW, { frame, param1: w.yaw_deg }));
  }
  (w.actions ?? []).forEach((a, i) => items.push(actionItem(a, `${where}.actions[${i}]`)));
  return items;
}

/** Every leg's waypoints in order as MissionItems (no home, takeoff or return: the compiler adds those). */
export function routeToItems(route: Route | readonly RouteLeg[], opts: RouteToItemsOptions = {}): MissionItem[] {
  const legs = 'legs' in route ? route.legs : route;
  const items: MissionItem[] = [];
  legs.forEach((leg, l) => {
    if (leg.waypoints.length === 0) throw new Error(`route leg ${l} (${leg.kind}${leg.ref ? ` ${leg.ref}` : ''}) has no waypoints`);
    leg.waypoints.forEach((w, i) => items.push(...waypointToItems(w, `leg ${l} (${leg.kind}) waypoint ${i}`, opts)));
  });
  return items;
}

/** A leg's entry (first waypoint) and exit (last waypoint). */
export function legEnds(leg: RouteLeg): { entry: RouteWaypoint; exit: RouteWaypoint } {
  if (leg.waypoints.length === 0) throw new Error(`route leg ${leg.kind}${leg.ref ? ` ${leg.ref}` : ''} has no waypoints`);
  return { entry: leg.waypoints[0], exit: leg.waypoints[leg.waypoints.length - 1] };
}
