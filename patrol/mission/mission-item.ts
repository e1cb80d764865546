// A mission item as a ground station keeps it, independent of wire and file format. Shared by the mission
// client (mavlink/), the file formats (.plan, QGC WPL 110) and the patrol compiler. Pure TypeScript.
//
// Coordinates: for global frames (MAV_FRAME_GLOBAL*, see isGlobalFrame) x = latitude in degrees, y = longitude
// in degrees, z = altitude in metres in the frame's reference (AMSL, relative to home, or above terrain).
// For other frames x, y, z are MAVLink's param5..7 as they are (e.g. local metres, or plain parameters).

export type MissionType = 'mission' | 'fence' | 'rally';

/** MAV_MISSION_TYPE numbers on the wire. */
export const MISSION_TYPE_NUMBER: Readonly<Record<MissionType, number>> = Object.freeze({ mission: 0, fence: 1, rally: 2 });

export interface MissionItem {
  /** MAV_CMD number, e.g. 16 NAV_WAYPOINT, 22 NAV_TAKEOFF, 20 NAV_RETURN_TO_LAUNCH. */
  command: number;
  /** MAV_FRAME number, e.g. 3 GLOBAL_RELATIVE_ALT, 0 GLOBAL (AMSL), 10 GLOBAL_TERRAIN_ALT, 2 MISSION. */
  frame: number;
  param1: number;
  param2: number;
  param3: number;
  param4: number;
  x: number;
  y: number;
  z: number;
  autocontinue: boolean;
}

/** MAV_FRAME values whose x/y are latitude/longitude (sent as degrees × 1e7 in MISSION_ITEM_INT). */
const GLOBAL_FRAMES = new Set([0, 3, 5, 6, 10, 11]);

export function isGlobalFrame(frame: number): boolean {
  return GLOBAL_FRAMES.has(frame);
}

/** MAV_FRAME values whose x/y are metres (LOCAL_NED, LOCAL_ENU, LOCAL_OFFSET_NED, BODY_NED, BODY_OFFSET_NED, BODY_FRD, LOCAL_FRD, LOCAL_FLU). */
const LOCAL_FRAMES = new Set([1, 4, 7, 8, 9, 12, 20, 21]);

/**
 * How MISSION_ITEM_INT scales x/y: metres × 1e4 in local frames (the message definition); degrees × 1e7 in
 * global frames, and × 1e7 too for MAV_FRAME_MISSION and other non-positional frames, as ArduPilot
 * (convert_MISSION_ITEM_INT_to_MISSION_ITEM), QGroundControl and MAVProxy do.
 */
/**
 * Commands whose MISSION_ITEM_INT x/y go unscaled (ArduPilot's AP_Mission::convert_MISSION_ITEM_INT_to_MISSION_ITEM):
 * DO_DIGICAM_CONTROL (203), DO_DIGICAM_CONFIGURE (202), NAV_ATTITUDE_TIME (42703), DO_GIMBAL_MANAGER_PITCHYAW (1000).
 * DIGICAM's "shoot" in x is 1 on the wire, not 1e7.
 */
const RAW_XY_COMMANDS = new Set<number>([202, 203, 42703, 1000]);

export function xyScale(frame: number, command?: number): number {
  if (command !== undefined && RAW_XY_COMMANDS.has(command)) return 1;
  return LOCAL_FRAMES.has(frame) ? 1e4 : 1e7;
}

export function missionItem(command: number, fields: Partial<Omit<MissionItem, 'command'>> = {}): MissionItem {
  return {
    command,
    frame: fields.frame ?? 3,
    param1: fields.param1 ?? 0,
    param2: fields.param2 ?? 0,
    param3: fields.param3 ?? 0,
    param4: fields.param4 ?? 0,
    x: fields.x ?? 0,
    y: fields.y ?? 0,
    z: fields.z ?? 0,
    autocontinue: fields.autocontinue ?? true,
  };
}

const f32 = new Float32Array(1);
/** The value a float32 wire field carries. */
export function toFloat32(v: number): number {
  f32[0] = v;
  return f32[0];
}

/**
 * Equal as far as MISSION_ITEM_INT can carry them: params and z as float32 (NaN equals NaN: "unset" in MAVLink),
 * x/y as MISSION_ITEM_INT's int32 scaling allows (see xyScale: 1e-7 degrees in global frames, 1e-4 m in local ones).
 */
export function sameOnWire(a: MissionItem, b: MissionItem): boolean {
  if (a.command !== b.command || a.frame !== b.frame || a.autocontinue !== b.autocontinue) return false;
  const sameF32 = (p: number, q: number) => Object.is(toFloat32(p), toFloat32(q)) || toFloat32(p) === toFloat32(q);
  if (!sameF32(a.param1, b.param1) || !sameF32(a.param2, b.param2) || !sameF32(a.param3, b.param3) || !sameF32(a.param4, b.param4)) return false;
  if (!sameF32(a.z, b.z)) return false;
  // MISSION_ITEM_INT's int32 x/y carry an unset (NaN) value as 0.
  const scale = xyScale(a.frame, a.command);
  const int = (v: number) => (Number.isNaN(v) ? 0 : Math.round(v * scale));
  return int(a.x) === int(b.x) && int(a.y) === int(b.y);
}

/**
 * Equal in what a vehicle keeps of an item of this mission type. Mission items keep everything (sameOnWire).
 * Fence and rally items are stored by autopilots as geometry, not as mission items (ArduPilot's AC_PolyFence and
 * RallyLocation): a fence item keeps its command, param1 (vertex count or radius) and x/y; a rally point its
 * command and x/y/z. Frame and autocontinue of those come back as the autopilot sets them.
 */
export function sameStored(type: MissionType, a: MissionItem, b: MissionItem): boolean {
  if (type === 'mission') return sameOnWire(a, b);
  const xy = (p: MissionItem, q: MissionItem) => Math.round(p.x * 1e7) === Math.round(q.x * 1e7) && Math.round(p.y * 1e7) === Math.round(q.y * 1e7);
  if (a.command !== b.command || !xy(a, b)) return false;
  return type === 'fence' ? toFloat32(a.param1) === toFloat32(b.param1) : toFloat32(a.z) === toFloat32(b.z);
}

/** Where two item lists first differ as the wire carries them (as `type` keeps them), or -1 when they are equal. */
export function firstDifference(a: readonly MissionItem[], b: readonly MissionItem[], type: MissionType = 'mission'): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!sameStored(type, a[i], b[i])) return i;
  return a.length === b.length ? -1 : n;
}
