// The plan model: what a mission file holds, independent of .plan or QGC WPL 110. Pure TypeScript.
//
// mission holds the items the user flies, WITHOUT the home item (ArduPilot's seq 0). DO_JUMP (177) param1 in
// mission is the 0-based index of the target in this mission array (PX4's sequence numbering); the mission
// client's autopilot adapter shifts it when it adds ArduPilot's home item. The file readers convert from
// their own numbering (.plan: the target's doJumpId; QGC WPL 110: the line's seq, home = 0) and the writers back.

import type { MissionItem } from '../mission/mission-item';

export interface LatLon {
  lat_deg: number;
  lon_deg: number;
}

export interface LatLonAlt extends LatLon {
  alt_m: number;
}

export interface FencePolygon {
  inclusion: boolean;
  points: LatLon[];
}

export interface FenceCircle {
  inclusion: boolean;
  center: LatLon;
  radius_m: number;
}

export interface Fence {
  polygons: FencePolygon[];
  circles: FenceCircle[];
  /** Where to go after a breach (QGC's breachReturn; MAV_CMD_NAV_FENCE_RETURN_POINT); alt relative to home. */
  breachReturn?: LatLonAlt;
}

/** What a .plan stores per item beyond the MAVLink fields; kept so that round trips are exact. */
export interface PlanItemMeta {
  /** QGC's doJumpId (the item's own id in the file). Written as the item's sequence number when absent. */
  doJumpId?: number;
  /** QGC's AltitudeMode (0 relative, 1 AMSL ... per QGC's AltMode enum), null when the file had null. */
  altitudeMode?: number | null;
  /** QGC's Altitude (the altitude the user typed, in the AltitudeMode's reference). */
  altitude?: number | null;
  /** QGC's AMSLAltAboveTerrain. */
  amslAltAboveTerrain?: number | null;
  /** Index into Plan.complexItems when this item was read from a ComplexItem's stored item list. */
  complexItem?: number;
}

/**
 * A QGroundControl ComplexItem (Survey, CorridorScan, StructureScan, landing pattern ...) as the file had it.
 * Its stored mission items (TransectStyleComplexItem.Items) are in Plan.mission at [at, at + count).
 * count is 0 for complex items that store no items (e.g. StructureScan v3): QGC computes those from the
 * geometry and Watchpost does not, so such a plan's mission lacks them (see Plan.warnings of the reader).
 * Written back as it was when its items are unchanged; otherwise its items are written as SimpleItems.
 */
export interface ComplexItemRecord {
  complexItemType: string;
  at: number;
  count: number;
  /** The ComplexItem object exactly as read (JSON). */
  json: unknown;
}

export interface Plan {
  mission: MissionItem[];
  /** Per-item .plan details, parallel to mission (may be shorter or absent: missing entries mean none). */
  missionMeta?: PlanItemMeta[];
  complexItems?: ComplexItemRecord[];
  /** Planned home (.plan plannedHomePosition; QGC WPL 110 line 0), altitude AMSL. */
  home?: LatLonAlt;
  /** The QGC WPL 110 line 0 exactly as read (its command and frame may not be a plain home waypoint). */
  homeItem?: MissionItem;
  fence: Fence;
  /** Rally points; alt_m relative to home. */
  rally: LatLonAlt[];
  cruiseSpeed_mps?: number;
  hoverSpeed_mps?: number;
  /** MAV_AUTOPILOT number (3 ArduPilot, 12 PX4). */
  firmwareType?: number;
  /** MAV_TYPE number (2 quadrotor). */
  vehicleType?: number;
  /** QGC's globalPlanAltitudeMode. */
  globalPlanAltitudeMode?: number;
  /** The .plan's top-level `watchpost` member as read (Watchpost keeps the patrol there: `{patrol}`); QGC ignores it. */
  watchpost?: unknown;
}

export function emptyPlan(): Plan {
  return { mission: [], fence: { polygons: [], circles: [] }, rally: [] };
}

/** MAV_CMD numbers the formats treat specially. */
export const CMD = Object.freeze({
  NAV_WAYPOINT: 16,
  DO_JUMP: 177,
  NAV_FENCE_RETURN_POINT: 5000,
  NAV_FENCE_POLYGON_VERTEX_INCLUSION: 5001,
  NAV_FENCE_POLYGON_VERTEX_EXCLUSION: 5002,
  NAV_FENCE_CIRCLE_INCLUSION: 5003,
  NAV_FENCE_CIRCLE_EXCLUSION: 5004,
  NAV_RALLY_POINT: 5100,
});

export const FRAME = Object.freeze({ GLOBAL: 0, MISSION: 2, GLOBAL_RELATIVE_ALT: 3 });
