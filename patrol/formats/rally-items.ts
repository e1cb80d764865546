// Rally points <-> MAVLink rally items (MAV_MISSION_TYPE_RALLY): NAV_RALLY_POINT (5100), frame
// MAV_FRAME_GLOBAL_RELATIVE_ALT, autocontinue false, as QGroundControl's RallyPointManager sends them.

import { missionItem, type MissionItem } from '../mission/mission-item';
import { MissionFileError } from './errors';
import { CMD, FRAME, type LatLonAlt } from './plan';

export function rallyToItems(points: readonly LatLonAlt[]): MissionItem[] {
  return points.map((p) => missionItem(CMD.NAV_RALLY_POINT, { frame: FRAME.GLOBAL_RELATIVE_ALT, x: p.lat_deg, y: p.lon_deg, z: p.alt_m, autocontinue: false }));
}

/** Rally items back into points (alt relative to home); anything but a relative-altitude 5100 throws naming the item. */
export function itemsToRally(items: readonly MissionItem[]): LatLonAlt[] {
  return items.map((item, i) => {
    if (item.command !== CMD.NAV_RALLY_POINT) {
      throw new MissionFileError({ file: 'rally items', where: `item ${i}`, expected: 'a rally point (command 5100)', got: `command ${item.command}` });
    }
    // 6 is GLOBAL_RELATIVE_ALT_INT. Other frames (AMSL, terrain) cannot be kept as alt_m relative to home: refused.
    if (item.frame !== FRAME.GLOBAL_RELATIVE_ALT && item.frame !== 6) {
      throw new MissionFileError({ file: 'rally items', where: `item ${i}`, expected: 'frame 3 (GLOBAL_RELATIVE_ALT) or 6 (GLOBAL_RELATIVE_ALT_INT)', got: `frame ${item.frame}` });
    }
    return { lat_deg: item.x, lon_deg: item.y, alt_m: item.z };
  });
}
