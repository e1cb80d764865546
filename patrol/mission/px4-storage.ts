// How PX4 stores a mission item and what it answers when the item is read back, from PX4-Autopilot's
// src/modules/mavlink/mavlink_mission.cpp (MavlinkMissionManager::parse_mavlink_mission_item → struct mission_item_s
// of src/modules/navigator/navigation.h, and format_mavlink_mission_item back), as of PX4 1.15/1.16.
//
// Two classes of item: navigation items in a global frame (GLOBAL 0, GLOBAL_RELATIVE_ALT 3 and their _INT 5, 6)
// keep lat/lon as doubles (exact to 1e-7°) and the altitude as a float, and are answered over MISSION_ITEM_INT in
// frame 5 or 6; items in MAV_FRAME_MISSION (2) keep params 1..4 and z as floats and x/y as float32 (exact only up
// to 2^24), answered in frame 2. A command sent in the other class is UNSUPPORTED; frames other than these
// UNSUPPORTED_FRAME. Yaw (param4 of WAYPOINT, LOITER_UNLIM, LAND, TAKEOFF) is kept in radians wrapped to
// [0, 2π): it comes back in [0, 360) degrees, NaN stays NaN. autocontinue is a one-bit field. No home item.
import { f32, toCInt, type CPlatform } from './c-convert';
import { MISSION_RESULT as R, type StoreOutcome } from './store-outcome';
import type { MissionType } from './mission-item';
import { zeroWire, type WireItem } from './wire-item';

type Kind = 'global' | 'mission';

interface Px4Rule {
  name: string;
  kind: Kind;
  /** Global items: the params as format_mavlink_mission_item answers them (the rest come back 0). */
  keep?: (w: WireItem, platform: CPlatform, out: WireItem) => void;
}

// PX4's degree/radian constants as its math::radians / math::degrees compute them in float (Limits.hpp):
// static_cast<float>(M_PI) / 180.f and 180.f / static_cast<float>(M_PI); M_TWOPI as a float for wrap_2pi.
const RAD_PER_DEG = f32(f32(Math.PI) / 180);
const DEG_PER_RAD = f32(180 / f32(Math.PI));
const TWO_PI = f32(2 * Math.PI);
const INV_TWO_PI = f32(1 / TWO_PI);

/**
 * PX4's yaw round trip: mission_item.yaw = wrap_2pi(radians(param4)), sent back as degrees(yaw), all in float.
 * matrix::wrap_floating returns x when already in [0, 2π), else x - range * floor(x * inv_range) — which an ARM
 * build may fuse into one multiply-add (no rounding of the product): both are answers.
 */
function yaw(deg: number, platform: CPlatform): number {
  if (Number.isNaN(deg)) return NaN;
  let rad = f32(f32(deg) * RAD_PER_DEG);
  if (!(rad >= 0 && rad < TWO_PI)) {
    const wraps = Math.floor(f32(rad * INV_TWO_PI));
    rad = platform === 'arm' ? f32(rad - TWO_PI * wraps) : f32(rad - f32(TWO_PI * wraps));
  }
  return f32(rad * DEG_PER_RAD);
}

/** PX4's mission commands (MAV_CMD number → rule). Commands not here are answered MAV_MISSION_UNSUPPORTED. */
export const PX4_RULES: ReadonlyMap<number, Px4Rule> = new Map<number, Px4Rule>([
  // NAV_WAYPOINT: time_inside (param1), acceptance_radius (param2), yaw; param3 (pass-by) dropped.
  [16, { name: 'NAV_WAYPOINT', kind: 'global', keep: (w, p, o) => { o.param1 = f32(w.param1); o.param2 = f32(w.param2); o.param4 = yaw(w.param4, p); } }],
  // NAV_LOITER_UNLIM: loiter_radius with its sign (param3), yaw.
  [17, { name: 'NAV_LOITER_UNLIM', kind: 'global', keep: (w, p, o) => { o.param3 = f32(w.param3); o.param4 = yaw(w.param4, p); } }],
  // NAV_LOITER_TIME: time_inside, heading-required flag (param2 > 0), loiter_radius, exit xtrack (param4 > 0).
  [19, { name: 'NAV_LOITER_TIME', kind: 'global', keep: (w, _p, o) => {
    o.param1 = f32(w.param1); o.param2 = w.param2 > 0 ? 1 : 0; o.param3 = f32(w.param3); o.param4 = w.param4 > 0 ? 1 : 0;
  } }],
  [20, { name: 'NAV_RETURN_TO_LAUNCH', kind: 'mission' }],
  // NAV_LAND: land_precision (param2, uint16), yaw.
  [21, { name: 'NAV_LAND', kind: 'global', keep: (w, p, o) => { o.param2 = toCInt(w.param2, 'uint16_t', p); o.param4 = yaw(w.param4, p); } }],
  // NAV_TAKEOFF: yaw only (PX4 ignores the minimum pitch).
  [22, { name: 'NAV_TAKEOFF', kind: 'global', keep: (w, p, o) => { o.param4 = yaw(w.param4, p); } }],
  // NAV_LOITER_TO_ALT: heading-required flag, loiter_radius, exit xtrack flag.
  [31, { name: 'NAV_LOITER_TO_ALT', kind: 'global', keep: (w, _p, o) => { o.param1 = w.param1 > 0 ? 1 : 0; o.param2 = f32(w.param2); o.param4 = w.param4 > 0 ? 1 : 0; } }],
  [93, { name: 'NAV_DELAY', kind: 'mission' }],
  [112, { name: 'CONDITION_DELAY', kind: 'mission' }],
  [114, { name: 'CONDITION_DISTANCE', kind: 'mission' }],
  // DO_JUMP: do_jump_mission_index (int16), do_jump_repeat_count (uint16); the current count is not sent.
  [177, { name: 'DO_JUMP', kind: 'mission', keep: (w, p, o) => { o.param1 = toCInt(w.param1, 'int16_t', p); o.param2 = toCInt(w.param2, 'uint16_t', p); } }],
  ...([
    [178, 'DO_CHANGE_SPEED'], [179, 'DO_SET_HOME'], [189, 'DO_LAND_START'], [197, 'DO_SET_ROI_NONE'], [203, 'DO_DIGICAM_CONTROL'],
    [205, 'DO_MOUNT_CONTROL'], [206, 'DO_SET_CAM_TRIGG_DIST'], [211, 'DO_GRIPPER'], [1000, 'DO_GIMBAL_MANAGER_PITCHYAW'],
    [2000, 'IMAGE_START_CAPTURE'], [2001, 'IMAGE_STOP_CAPTURE'], [2500, 'VIDEO_START_CAPTURE'], [2501, 'VIDEO_STOP_CAPTURE'],
    [530, 'SET_CAMERA_MODE'], [532, 'SET_CAMERA_FOCUS'], [42600, 'DO_WINCH'],
  ] as const).map(([cmd, name]): [number, Px4Rule] => [cmd, { name, kind: 'mission' }]),
  // DO_SET_ROI_LOCATION: a global item; the gimbal id (param1) is lost.
  [195, { name: 'DO_SET_ROI_LOCATION', kind: 'global' }],
]);

/** Commands PX4's parse_mavlink_mission_item has no case for, read in its source: answered UNSUPPORTED. */
export const PX4_REFUSED: ReadonlySet<number> = new Set([
  18, // NAV_LOITER_TURNS
  82, // NAV_SPLINE_WAYPOINT
  115, // CONDITION_YAW (a yaw goes into the waypoint's param4)
  181, 182, 183, 184, // DO_SET_RELAY, DO_REPEAT_RELAY, DO_SET_SERVO, DO_REPEAT_SERVO
  202, 207, // DO_DIGICAM_CONFIGURE, DO_FENCE_ENABLE
]);

/** Does the table know what PX4 does with `command` (stores it, or refuses it for certain)? */
export function px4Knows(command: number): boolean {
  return PX4_RULES.has(command) || PX4_REFUSED.has(command) || command === 201;
}

const GLOBAL_FRAMES_BACK: ReadonlyMap<number, number> = new Map([[0, 5], [5, 5], [3, 6], [6, 6]]);

/** MAV_FRAME_MISSION items: params and z as float32, x/y through a float32 (mission_item_s params[4], params[5]). */
function generic(w: WireItem): WireItem {
  const out = zeroWire(w.command);
  out.frame = 2;
  out.param1 = f32(w.param1); out.param2 = f32(w.param2); out.param3 = f32(w.param3); out.param4 = f32(w.param4);
  out.x = Math.round(f32(w.x)); out.y = Math.round(f32(w.y));
  out.z = f32(w.z);
  return out;
}

function storePx4Mission(w: WireItem, platform: CPlatform): StoreOutcome {
  const rule = PX4_RULES.get(w.command);
  // DO_SET_ROI (201): a global item for ROI_LOCATION (3) or NONE (0), losing its params; in MAV_FRAME_MISSION for
  // modes 0..2; any other mode INVALID_PARAM1.
  const isGlobal = GLOBAL_FRAMES_BACK.has(w.frame);
  if (w.frame !== 2 && !isGlobal) return { ok: false, result: R.UNSUPPORTED_FRAME, why: `frame ${w.frame} is neither global nor MISSION` };
  if (w.command === 201) {
    const mode = Math.trunc(w.param1);
    if (isGlobal ? mode !== 3 && mode !== 0 : mode < 0 || mode > 2) return { ok: false, result: R.INVALID_PARAM1, why: `ROI mode ${w.param1}` };
    if (!isGlobal) return { ok: true, item: generic(w) };
  } else if (!rule) {
    return { ok: false, result: R.UNSUPPORTED, why: `command ${w.command} is not one PX4 stores` };
  } else if ((rule.kind === 'global') !== isGlobal) {
    return { ok: false, result: R.UNSUPPORTED, why: `${rule.name} needs a ${rule.kind === 'global' ? 'global' : 'MISSION'} frame, got ${w.frame}` };
  }
  if (!isGlobal) {
    const out = generic(w);
    rule?.keep?.(w, platform, out);
    return { ok: true, item: out };
  }
  const out = zeroWire(w.command);
  out.frame = GLOBAL_FRAMES_BACK.get(w.frame) as number;
  out.x = w.x;
  out.y = w.y;
  out.z = f32(w.z);
  rule?.keep?.(w, platform, out);
  return { ok: true, item: out };
}

/**
 * Fence vertices and circles (parse_mavlink_geofence_vertex → mission_fence_point_s: lat/lon doubles, vertex_count
 * uint16_t, circle_radius float) and safe points (parse_mavlink_safe_point → mission_safe_point_s: lat/lon doubles,
 * alt float): command, param1 and x/y (z for safe points) survive; frame and autocontinue are PX4's own.
 */
function storePx4Geo(type: 'fence' | 'rally', w: WireItem, platform: CPlatform): StoreOutcome {
  const out = zeroWire(w.command);
  out.x = w.x;
  out.y = w.y;
  if (type === 'rally') {
    if (w.command !== 5100) return { ok: false, result: R.UNSUPPORTED, why: `command ${w.command} is not a safe point` };
    out.z = f32(w.z);
  } else {
    if (![5000, 5001, 5002, 5003, 5004].includes(w.command)) return { ok: false, result: R.UNSUPPORTED, why: `command ${w.command} is not a fence item` };
    out.param1 = w.command === 5001 || w.command === 5002 ? toCInt(w.param1, 'uint16_t', platform) : f32(w.param1);
  }
  return { ok: true, item: out };
}

export function storePx4(type: MissionType, w: WireItem, platform: CPlatform): StoreOutcome {
  return type === 'mission' ? storePx4Mission(w, platform) : storePx4Geo(type, w, platform);
}

/** PX4 runs on ARM boards and in SITL on x86-64: both answers, for conversions C leaves undefined. */
export function px4Answers(type: MissionType, w: WireItem): StoreOutcome[] {
  return [storePx4(type, w, 'x86'), storePx4(type, w, 'arm')];
}

export const PX4_UNCOMPARED: Readonly<Record<MissionType, readonly string[]>> = {
  mission: [],
  fence: ['frame', 'autocontinue'],
  rally: ['frame', 'autocontinue'],
};
