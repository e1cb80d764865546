// Fence <-> MAVLink fence items (MAV_MISSION_TYPE_FENCE), as QGroundControl's GeoFenceManager sends them:
// polygons first (one NAV_FENCE_POLYGON_VERTEX_INCLUSION 5001 / _EXCLUSION 5002 per vertex, param1 = vertex
// count), then circles (NAV_FENCE_CIRCLE_INCLUSION 5003 / _EXCLUSION 5004, param1 = radius in metres), frame
// MAV_FRAME_GLOBAL, autocontinue false; then the breach return point (NAV_FENCE_RETURN_POINT 5000, relative alt).

import { isGlobalFrame, missionItem, type MissionItem } from '../mission/mission-item';
import { MissionFileError, describeValue } from './errors';
import { CMD, FRAME, type Fence, type FencePolygon } from './plan';

export function fenceToItems(fence: Fence): MissionItem[] {
  const items: MissionItem[] = [];
  for (const polygon of fence.polygons) {
    const command = polygon.inclusion ? CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION : CMD.NAV_FENCE_POLYGON_VERTEX_EXCLUSION;
    for (const p of polygon.points) {
      items.push(missionItem(command, { frame: FRAME.GLOBAL, param1: polygon.points.length, x: p.lat_deg, y: p.lon_deg, autocontinue: false }));
    }
  }
  for (const circle of fence.circles) {
    const command = circle.inclusion ? CMD.NAV_FENCE_CIRCLE_INCLUSION : CMD.NAV_FENCE_CIRCLE_EXCLUSION;
    items.push(missionItem(command, { frame: FRAME.GLOBAL, param1: circle.radius_m, x: circle.center.lat_deg, y: circle.center.lon_deg, autocontinue: false }));
  }
  if (fence.breachReturn) {
    const r = fence.breachReturn;
    items.push(missionItem(CMD.NAV_FENCE_RETURN_POINT, { frame: FRAME.GLOBAL_RELATIVE_ALT, x: r.lat_deg, y: r.lon_deg, z: r.alt_m, autocontinue: false }));
  }
  return items;
}

const SOURCE = 'fence items';

function fail(index: number, expected: string, got: string): never {
  throw new MissionFileError({ file: SOURCE, where: `item ${index}`, expected, got });
}

function polygonKind(command: number): string {
  return command === CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION ? 'inclusion' : 'exclusion';
}

/** Fence items (e.g. downloaded) back into a Fence; a malformed vertex sequence throws naming the item. */
export function itemsToFence(items: readonly MissionItem[]): Fence {
  const fence: Fence = { polygons: [], circles: [] };
  let i = 0;
  while (i < items.length) {
    const item = items[i];
    if (!isGlobalFrame(item.frame)) fail(i, 'a global frame (0, 3, 5, 6, 10 or 11)', `frame ${item.frame}`);
    switch (item.command) {
      case CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION:
      case CMD.NAV_FENCE_POLYGON_VERTEX_EXCLUSION: {
        const count = item.param1;
        if (!Number.isInteger(count) || count < 3) fail(i, `a vertex count of at least 3 in param1 (command ${item.command}, ${polygonKind(item.command)} polygon vertex)`, describeValue(count));
        const polygon: FencePolygon = { inclusion: item.command === CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION, points: [] };
        for (let v = 0; v < count; v++) {
          const vertex = items[i + v];
          const expected = `vertex ${v + 1} of ${count} of the ${polygonKind(item.command)} polygon starting at item ${i} (command ${item.command}, param1 ${count})`;
          if (vertex === undefined) fail(i + v, expected, 'the end of the list');
          if (vertex.command !== item.command || vertex.param1 !== count) fail(i + v, expected, `command ${vertex.command} with param1 ${describeValue(vertex.param1)}`);
          if (!isGlobalFrame(vertex.frame)) fail(i + v, 'a global frame (0, 3, 5, 6, 10 or 11)', `frame ${vertex.frame}`);
          polygon.points.push({ lat_deg: vertex.x, lon_deg: vertex.y });
        }
        fence.polygons.push(polygon);
        i += count;
        break;
      }
      case CMD.NAV_FENCE_CIRCLE_INCLUSION:
      case CMD.NAV_FENCE_CIRCLE_EXCLUSION:
        if (!(item.param1 > 0) || !Number.isFinite(item.param1)) fail(i, 'a radius above 0 m in param1 of a fence circle', describeValue(item.param1));
        fence.circles.push({ inclusion: item.command === CMD.NAV_FENCE_CIRCLE_INCLUSION, center: { lat_deg: item.x, lon_deg: item.y }, radius_m: item.param1 });
        i += 1;
        break;
      case CMD.NAV_FENCE_RETURN_POINT:
        if (fence.breachReturn) fail(i, 'at most one fence return point (command 5000)', 'a second one');
        fence.breachReturn = { lat_deg: item.x, lon_deg: item.y, alt_m: item.z };
        i += 1;
        break;
      default:
        fail(i, 'a fence command (5000 return point, 5001/5002 polygon vertex, 5003/5004 circle)', `command ${item.command}`);
    }
  }
  return fence;
}
