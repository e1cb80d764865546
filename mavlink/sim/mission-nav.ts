// Navigation commands of a mission flown in AUTO, like ArduCopter's ModeAuto: how each one starts (targets for
// the physics) and when it is verified (complete). DO/CONDITION commands live in mission-actions.ts.
import { common } from 'node-mavlink';
import type { MissionItem } from '../../patrol/mission/mission-item';
import { startLanding, startRtl, takeoff } from './flight-modes';
import { altRelFromFrame } from './frames';
import type { SimVehicle } from './vehicle';

const { MavCmd, MavResult, MavSeverity } = common;
/** WPNAV_RADIUS: a waypoint counts as reached within this distance (metres) unless the item gives its own. */
export const WP_RADIUS_M = 2;

/** A running navigation command: `verify` is polled every step and returns true once the command is complete. */
export interface NavExec {
  verify(): boolean;
}

/** MAVLink's split of MAV_CMD: navigation commands are numbered up to NAV_LAST (95). */
export function isNavCommand(command: number): boolean {
  return command <= 95;
}

/** Fly to a local point without touching the yaw mode: a ROI or a CONDITION_YAW heading stays in force (ArduCopter). */
export function navigateTo(v: SimVehicle, n: number, e: number, alt_rel_m: number): void {
  v.nav = 'hold';
  v.kin.horizontal = { kind: 'pos', n, e };
  v.kin.vertical = { kind: 'pos', d: -alt_rel_m };
}

interface Target {
  n: number;
  e: number;
  alt_m: number;
}

/** Where an item points (ArduCopter loc_from_cmd): lat/lon 0,0 means here, altitude 0 means the current one. */
export function itemTarget(v: SimVehicle, item: MissionItem): Target {
  const h = v.kin.horizontal;
  const here = h.kind === 'pos' ? { n: h.n, e: h.e } : { n: v.kin.pos.n, e: v.kin.pos.e };
  const { n, e } = item.x === 0 && item.y === 0 ? here : v.localOf(item.x, item.y);
  const alt = item.z === 0 ? undefined : altRelFromFrame(v, item.frame, item.z);
  return { n, e, alt_m: alt ?? v.kin.alt_m };
}

function distanceTo(v: SimVehicle, t: Target): number {
  return Math.hypot(t.n - v.kin.pos.n, t.e - v.kin.pos.e, t.alt_m - v.kin.alt_m);
}

/** Fly to the item's location, then hold there `hold_s` (NAV_WAYPOINT param1, NAV_LOITER_TIME param1; Infinity for LOITER_UNLIM). */
function waypoint(v: SimVehicle, item: MissionItem, radius_m: number, hold_s: number): NavExec {
  const t = itemTarget(v, item);
  navigateTo(v, t.n, t.e, t.alt_m);
  let reachedAt_ms: number | undefined;
  return {
    verify() {
      if (reachedAt_ms === undefined) {
        if (distanceTo(v, t) > radius_m) return false;
        reachedAt_ms = v.t_ms;
      }
      return v.t_ms - reachedAt_ms >= hold_s * 1000;
    },
  };
}

/** NAV_TAKEOFF: straight up to the item's altitude (lat/lon ignored, as ArduCopter does); already higher → done. */
function takeoffItem(v: SimVehicle, item: MissionItem): NavExec {
  const alt_m = altRelFromFrame(v, item.frame, item.z) ?? item.z;
  if (v.kin.landed) {
    if (takeoff(v, Math.max(alt_m, 1)) !== MavResult.ACCEPTED) v.sendText(MavSeverity.WARNING, 'Mission: takeoff failed');
  } else {
    const h = v.kin.horizontal;
    navigateTo(v, h.kind === 'pos' ? h.n : v.kin.pos.n, h.kind === 'pos' ? h.e : v.kin.pos.e, Math.max(alt_m, v.kin.alt_m));
  }
  const target_m = Math.max(alt_m, 1);
  return { verify: () => !v.kin.landed && v.kin.alt_m >= target_m - 0.5 };
}

/** NAV_LAND: fly to the item's location first if it has one (at the current altitude), then descend; done when disarmed. */
function landItem(v: SimVehicle, item: MissionItem): NavExec {
  let descending = item.x === 0 && item.y === 0;
  const t = itemTarget(v, item);
  if (descending) startLanding(v);
  else navigateTo(v, t.n, t.e, v.kin.alt_m);
  return {
    verify() {
      if (!descending && Math.hypot(t.n - v.kin.pos.n, t.e - v.kin.pos.e) <= WP_RADIUS_M) {
        descending = true;
        startLanding(v);
      }
      return !v.armed;
    },
  };
}

/** Start navigation command `item`. */
export function startNav(v: SimVehicle, item: MissionItem): NavExec {
  switch (item.command) {
    case MavCmd.NAV_TAKEOFF:
      return takeoffItem(v, item);
    case MavCmd.NAV_WAYPOINT:
      return waypoint(v, item, item.param2 > 0 ? item.param2 : WP_RADIUS_M, Math.max(0, item.param1 || 0));
    case MavCmd.NAV_LOITER_TIME:
      return waypoint(v, item, WP_RADIUS_M, Math.max(0, item.param1 || 0));
    case MavCmd.NAV_LOITER_UNLIM:
      return waypoint(v, item, WP_RADIUS_M, Number.POSITIVE_INFINITY);
    case MavCmd.NAV_RETURN_TO_LAUNCH:
      startRtl(v);
      return { verify: () => !v.armed };
    case MavCmd.NAV_LAND:
      return landItem(v, item);
    default:
      v.sendText(MavSeverity.WARNING, `Skipping invalid cmd #${item.command}`);
      return { verify: () => true };
  }
}
