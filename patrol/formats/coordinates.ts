// Which mission items carry a position in x/y (param5/param6), and the range check the file readers apply to it.
// Only real coordinates are checked: an item in a global frame whose command takes a latitude and longitude
// (MAVLink common.xml). Other items keep whatever their x/y hold: Mission Planner writes DO_* rows in the
// mission's frame (3) too, where param5/param6 are other parameters (DO_GIMBAL_MANAGER_PITCHYAW's param5 is a
// set of flags, DO_DIGICAM_CONTROL's the shoot command), and RTL or DO_* rows with 0,0.

import { isGlobalFrame, type MissionItem } from '../mission/mission-item';

/** MAV_CMDs whose param5/param6 are latitude/longitude. */
const POSITION_COMMANDS = new Set<number>([
  16, // NAV_WAYPOINT
  17, // NAV_LOITER_UNLIM
  18, // NAV_LOITER_TURNS
  19, // NAV_LOITER_TIME
  21, // NAV_LAND
  22, // NAV_TAKEOFF
  25, // NAV_FOLLOW
  31, // NAV_LOITER_TO_ALT
  34, // DO_ORBIT
  80, // NAV_ROI
  81, // NAV_PATHPLANNING
  82, // NAV_SPLINE_WAYPOINT
  84, // NAV_VTOL_TAKEOFF
  85, // NAV_VTOL_LAND
  94, // NAV_PAYLOAD_PLACE
  179, // DO_SET_HOME
  189, // DO_LAND_START
  192, // DO_REPOSITION
  195, // DO_SET_ROI_LOCATION
  201, // DO_SET_ROI
  5000, 5001, 5002, 5003, 5004, // NAV_FENCE_RETURN_POINT, NAV_FENCE_POLYGON_VERTEX_*, NAV_FENCE_CIRCLE_*
  5100, // NAV_RALLY_POINT
]);

/** True when the item's x/y are a latitude and longitude (a position command in a global frame). */
export function hasPosition(item: Pick<MissionItem, 'command' | 'frame'>): boolean {
  return isGlobalFrame(item.frame) && POSITION_COMMANDS.has(item.command);
}

export const LATITUDE = 'a latitude from -90 to 90 degrees';
export const LONGITUDE = 'a longitude from -180 to 180 degrees';

/**
 * Which of a position's coordinates is out of range, with what was expected: 'x' (latitude) or 'y' (longitude).
 * NaN is accepted when `nanAllowed` (MAVLink's "not given: use the current position"; a .plan writes it null);
 * infinities never.
 */
export function badCoordinate(lat: number, lon: number, nanAllowed: boolean): { axis: 'x' | 'y'; expected: string } | undefined {
  if (!inRange(lat, 90, nanAllowed)) return { axis: 'x', expected: LATITUDE };
  if (!inRange(lon, 180, nanAllowed)) return { axis: 'y', expected: LONGITUDE };
  return undefined;
}

function inRange(v: number, limit: number, nanAllowed: boolean): boolean {
  if (Number.isNaN(v)) return nanAllowed;
  return v >= -limit && v <= limit;
}
