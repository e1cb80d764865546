// How ArduCopter stores a mission item and what it answers when the item is read back: one rule per command,
// from ArduPilot's libraries/AP_Mission/AP_Mission.cpp — mavlink_int_to_mission_cmd (MISSION_ITEM_INT → the
// 15-byte Mission_Command), mission_cmd_to_mavlink_int (back), stored_in_location, sanity_check_params — and the
// Mission_Command content structs of AP_Mission.h (the C type of each field decides what survives: a uint16_t
// p1 keeps whole seconds, a uint8_t keeps 0..255). Fence and rally items: MissionItemProtocol_Fence with
// AC_PolyFence_loader, MissionItemProtocol_Rally with AP_Rally (libraries/GCS_MAVLink, AC_Fence, AP_Rally).
// Copter build (APM_BUILD_ArduCopter): Plane packs NAV_WAYPOINT differently and refuses SPLINE_WAYPOINT.
// Read from ArduPilot 4.7.0-dev (AP_Mission.cpp/.h as of late 2025; DO_SET_ROI_LOCATION and DO_SET_ROI_NONE are
// stored since 4.7 — 4.6 answers them UNSUPPORTED — and MOUNT_CONTROL reads back z = 2 since then).
//
// The verify after an upload compares what was read back with storeArduPilot(what was sent), and the simulator
// stores and answers with the same function, so both follow this one table.
import { C_PLATFORMS, f32, toCInt, type CIntType, type CPlatform } from './c-convert';
import type { MissionType } from './mission-item';
import { storeFenceItem, storeRallyItem } from './ardupilot-fence-rally';
import { checkLat, checkLng, MISSION_RESULT, type StoreOutcome } from './store-outcome';
import { zeroWire, type WireItem } from './wire-item';

export { MISSION_RESULT, type StoreOutcome } from './store-outcome';
const R = MISSION_RESULT;

interface Conv {
  /** A float param into a C integer field (platform-dependent out of range). */
  int(v: number, type: CIntType): number;
  /** An int32 (MISSION_ITEM_INT x/y) into a narrower integer field: C keeps the low bits on every platform. */
  bits(v: number, type: CIntType): number;
}

interface CommandRule {
  name: string;
  /** AP_Mission::stored_in_location: x/y/z kept as a Location (lat/lng int32, alt in cm), frame from its flags. */
  location?: boolean;
  /** The non-location fields as mission_cmd_to_mavlink_int answers them, from the stored Mission_Command. */
  keep?: (w: WireItem, c: Conv, out: WireItem) => void;
}

// AP_Mission::sanity_check_params: NaN is refused in every param but param4 of these (param3 too for VTOL_LAND);
// an infinity is refused in any param.
const NAN_PARAM4_OK = new Set([16, 17, 21, 22, 84, 85]);
const NAN_PARAM3_OK = new Set([85]);

/** LOCATION_ALT_MAX_M (AP_Common/Location.h): 24 bits of centimetres in mission storage. */
const LOCATION_ALT_MAX_M = 83000;

const p1 = (w: WireItem, c: Conv) => c.int(w.param1, 'uint16_t'); // cmd.p1 is a uint16_t
const float = (v: number) => f32(v);

/** ArduCopter's mission commands (MAV_CMD number → rule). */
export const ARDUPILOT_COPTER_RULES: ReadonlyMap<number, CommandRule> = new Map<number, CommandRule>([
  // NAV_WAYPOINT (16): Copter keeps param1, the hold time, in cmd.p1 (uint16_t): whole seconds. Acceptance
  // radius, pass-by and yaw (param2..4) are not stored: "the 15 byte limit means we can't fit both delay and radius".
  [16, { name: 'NAV_WAYPOINT', location: true, keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // NAV_LOITER_UNLIM (17): cmd.p1 = fabsf(param3) (uint16_t radius), loiter_ccw = param3 < 0; back: param3 = ±p1.
  [17, { name: 'NAV_LOITER_UNLIM', location: true, keep: (w, c, o) => {
    const r = c.int(Math.abs(w.param3), 'uint16_t');
    o.param3 = w.param3 < 0 ? -r : r;
  } }],
  // NAV_LOITER_TURNS (18): turns MIN(255, param1) in the low byte of p1 — a fraction of one turn (0 < param1 < 1)
  // as param1 × 256 with type_specific_bits bit 1, read back / 256; |radius| ≤ 255 m as a uint8_t in the high byte,
  // above that radius/10 (at most 255) with bit 0 (read back × 10); loiter_ccw = param3 < 0; loiter_xtrack =
  // param4 > 0. Back: param1 = LOWBYTE(p1) (/ 256), param3 = ±HIGHBYTE(p1) (× 10), param4 = xtrack (0/1).
  [18, { name: 'NAV_LOITER_TURNS', location: true, keep: (w, c, o) => {
    const abs = f32(Math.abs(w.param3));
    const big = abs > 255;
    const radius = c.int(big ? Math.min(255, abs * 0.1) : abs, 'uint8_t');
    const fraction = w.param1 > 0 && w.param1 < 1;
    const turns = fraction ? c.int(f32(w.param1 * 256), 'uint16_t') : c.int(Math.min(255, w.param1), 'uint16_t');
    const packed = (turns | (radius << 8)) & 0xffff;
    let r = packed >> 8;
    if (w.param3 < 0) r = -r;
    if (big) r *= 10;
    o.param1 = fraction ? f32((packed & 0xff) / 256) : packed & 0xff;
    o.param3 = r;
    o.param4 = w.param4 > 0 ? 1 : 0;
  } }],
  // NAV_LOITER_TIME (19): p1 = param1 (uint16_t seconds); direction kept as a sign only: param3 comes back -1 or 1;
  // param4 = loiter_xtrack (param4 > 0).
  [19, { name: 'NAV_LOITER_TIME', location: true, keep: (w, c, o) => {
    o.param1 = p1(w, c);
    o.param3 = w.param3 < 0 ? -1 : 1;
    o.param4 = w.param4 > 0 ? 1 : 0;
  } }],
  // NAV_RETURN_TO_LAUNCH (20): nothing stored; no location: frame 0, x/y/z 0.
  [20, { name: 'NAV_RETURN_TO_LAUNCH' }],
  // NAV_LAND (21): p1 = param1 (abort altitude, plane); loiter_ccw = is_negative(param4) unless NaN; back:
  // param4 = -1 or 1.
  [21, { name: 'NAV_LAND', location: true, keep: (w, c, o) => {
    o.param1 = p1(w, c);
    o.param4 = !Number.isNaN(w.param4) && w.param4 <= -1.1920929e-7 ? -1 : 1;
  } }],
  // NAV_TAKEOFF (22): p1 = param1 (minimum pitch, plane); location (Copter uses only its altitude).
  [22, { name: 'NAV_TAKEOFF', location: true, keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // NAV_CONTINUE_AND_CHANGE_ALT (30): p1 = param1.
  [30, { name: 'NAV_CONTINUE_AND_CHANGE_ALT', location: true, keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // NAV_LOITER_TO_ALT (31): p1 = fabsf(param2) radius, ccw = param2 < 0, xtrack = param4 > 0.
  [31, { name: 'NAV_LOITER_TO_ALT', location: true, keep: (w, c, o) => {
    const r = c.int(Math.abs(w.param2), 'uint16_t');
    o.param2 = w.param2 < 0 ? -r : r;
    o.param4 = w.param4 > 0 ? 1 : 0;
  } }],
  // NAV_SPLINE_WAYPOINT (82): p1 = param1 (hold, whole seconds).
  [82, { name: 'NAV_SPLINE_WAYPOINT', location: true, keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // NAV_GUIDED_ENABLE (92): p1 = param1.
  [92, { name: 'NAV_GUIDED_ENABLE', location: true, keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // NAV_ALTITUDE_WAIT (83): Altitude_Wait {float altitude; float descent_rate; uint8_t wiggle_time}.
  [83, { name: 'NAV_ALTITUDE_WAIT', keep: (w, c, o) => {
    o.param1 = float(w.param1);
    o.param2 = float(w.param2);
    o.param3 = c.int(w.param3, 'uint8_t');
  } }],
  // NAV_VTOL_TAKEOFF (84): a location only. NAV_VTOL_LAND (85): p1 = param1 (NAV_VTOL_LAND_OPTIONS) and a location.
  [84, { name: 'NAV_VTOL_TAKEOFF', location: true }],
  [85, { name: 'NAV_VTOL_LAND', location: true, keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // NAV_PAYLOAD_PLACE (94): p1 = param1 * 100 (uint16_t centimetres of maximum descent), back p1 / 100.0f; location.
  [94, { name: 'NAV_PAYLOAD_PLACE', location: true, keep: (w, c, o) => { o.param1 = f32(c.int(f32(w.param1 * 100), 'uint16_t') / 100); } }],
  // NAV_DELAY (93): Nav_Delay_Command {float seconds; int8_t hour_utc, min_utc, sec_utc}.
  [93, { name: 'NAV_DELAY', keep: (w, c, o) => {
    o.param1 = float(w.param1);
    o.param2 = c.int(w.param2, 'int8_t');
    o.param3 = c.int(w.param3, 'int8_t');
    o.param4 = c.int(w.param4, 'int8_t');
  } }],
  // CONDITION_DELAY (112): Conditional_Delay_Command {float seconds}.
  [112, { name: 'CONDITION_DELAY', keep: (w, _c, o) => { o.param1 = float(w.param1); } }],
  // CONDITION_DISTANCE (114): Conditional_Distance_Command {float meters}.
  [114, { name: 'CONDITION_DISTANCE', keep: (w, _c, o) => { o.param1 = float(w.param1); } }],
  // CONDITION_YAW (115): Yaw_Command {float angle_deg; float turn_rate_dps; int8_t direction; uint8_t relative_angle}.
  [115, { name: 'CONDITION_YAW', keep: (w, c, o) => {
    o.param1 = float(w.param1);
    o.param2 = float(w.param2);
    o.param3 = c.int(w.param3, 'int8_t');
    o.param4 = c.int(w.param4, 'uint8_t');
  } }],
  // DO_JUMP (177): Jump_Command {uint16_t target; int16_t num_times}.
  [177, { name: 'DO_JUMP', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint16_t');
    o.param2 = c.int(w.param2, 'int16_t');
  } }],
  // DO_CHANGE_SPEED (178): Change_Speed_Command {uint8_t speed_type; float target_ms; float throttle_pct}; param4 dropped.
  [178, { name: 'DO_CHANGE_SPEED', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = float(w.param2);
    o.param3 = float(w.param3);
  } }],
  // DO_SET_HOME (179): p1 = param1 (1: current location); location.
  [179, { name: 'DO_SET_HOME', location: true, keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // DO_SET_RELAY (181): Set_Relay_Command {uint8_t num; uint8_t state}.
  [181, { name: 'DO_SET_RELAY', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = c.int(w.param2, 'uint8_t');
  } }],
  // DO_REPEAT_RELAY (182): Repeat_Relay_Command {uint8_t num; int16_t repeat_count; float cycle_time}.
  [182, { name: 'DO_REPEAT_RELAY', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = c.int(w.param2, 'int16_t');
    o.param3 = float(w.param3);
  } }],
  // DO_SET_SERVO (183): Set_Servo_Command {uint8_t channel; uint16_t pwm}.
  [183, { name: 'DO_SET_SERVO', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = c.int(w.param2, 'uint16_t');
  } }],
  // DO_REPEAT_SERVO (184): Repeat_Servo_Command {uint8_t channel; uint16_t pwm; int16_t repeat_count; float cycle_time}.
  [184, { name: 'DO_REPEAT_SERVO', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = c.int(w.param2, 'uint16_t');
    o.param3 = c.int(w.param3, 'int16_t');
    o.param4 = float(w.param4);
  } }],
  // DO_LAND_START (189), DO_GO_AROUND (191): a location only.
  [189, { name: 'DO_LAND_START', location: true }],
  [191, { name: 'DO_GO_AROUND', location: true }],
  // DO_SET_ROI_LOCATION (195): p1 = param1 (gimbal device id); location. DO_SET_ROI_NONE (197): p1 only, no
  // location (ArduCopter's do_roi reads the zero location as "ROI off").
  [195, { name: 'DO_SET_ROI_LOCATION', location: true, keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  [197, { name: 'DO_SET_ROI_NONE', keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // DO_SET_ROI (201): p1 = param1 (ROI mode); location.
  [201, { name: 'DO_SET_ROI', location: true, keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // DO_DIGICAM_CONFIGURE (202): Digicam_Configure {uint8_t shooting_mode; uint16_t shutter_speed; uint8_t aperture;
  // uint16_t ISO; uint8_t exposure_type (x); uint8_t cmd_id (y); float engine_cutoff_time (z)}.
  [202, { name: 'DO_DIGICAM_CONFIGURE', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = c.int(w.param2, 'uint16_t');
    o.param3 = c.int(w.param3, 'uint8_t');
    o.param4 = c.int(w.param4, 'uint16_t');
    o.x = c.bits(w.x, 'uint8_t');
    o.y = c.bits(w.y, 'uint8_t');
    o.z = float(w.z);
  } }],
  // DO_DIGICAM_CONTROL (203): Digicam_Control {uint8_t session; uint8_t zoom_pos; int8_t zoom_step; uint8_t
  // focus_lock; uint8_t shooting_cmd (x); uint8_t cmd_id (y)}; z dropped.
  [203, { name: 'DO_DIGICAM_CONTROL', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = c.int(w.param2, 'uint8_t');
    o.param3 = c.int(w.param3, 'int8_t');
    o.param4 = c.int(w.param4, 'uint8_t');
    o.x = c.bits(w.x, 'uint8_t');
    o.y = c.bits(w.y, 'uint8_t');
  } }],
  // DO_MOUNT_CONTROL (205): Mount_Control {float pitch; float roll; float yaw}; read back with z = 2
  // (MAV_MOUNT_MODE_MAVLINK_TARGETING), whatever was sent.
  [205, { name: 'DO_MOUNT_CONTROL', keep: (w, _c, o) => {
    o.param1 = float(w.param1);
    o.param2 = float(w.param2);
    o.param3 = float(w.param3);
    o.z = 2;
  } }],
  // DO_SET_CAM_TRIGG_DIST (206): Cam_Trigg_Distance {float meters; uint8_t trigger (param3)}.
  [206, { name: 'DO_SET_CAM_TRIGG_DIST', keep: (w, c, o) => {
    o.param1 = float(w.param1);
    o.param3 = c.int(w.param3, 'uint8_t');
  } }],
  // DO_FENCE_ENABLE (207), DO_PARACHUTE (208), DO_AUTOTUNE_ENABLE (212), DO_SET_RESUME_REPEAT_DIST (215),
  // DO_SPRAYER (216): p1 = param1.
  [207, { name: 'DO_FENCE_ENABLE', keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  [208, { name: 'DO_PARACHUTE', keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  [212, { name: 'DO_AUTOTUNE_ENABLE', keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  [215, { name: 'DO_SET_RESUME_REPEAT_DIST', keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  [216, { name: 'DO_SPRAYER', keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // DO_SET_REVERSE (194), DO_INVERTED_FLIGHT (210): p1 = param1.
  [194, { name: 'DO_SET_REVERSE', keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  [210, { name: 'DO_INVERTED_FLIGHT', keep: (w, c, o) => { o.param1 = p1(w, c); } }],
  // NAV_SET_YAW_SPEED (213): Set_Yaw_Speed {float angle_deg; float speed; uint8_t relative_angle}.
  [213, { name: 'NAV_SET_YAW_SPEED', keep: (w, c, o) => {
    o.param1 = float(w.param1);
    o.param2 = float(w.param2);
    o.param3 = c.int(w.param3, 'uint8_t');
  } }],
  // DO_ENGINE_CONTROL (223): {bool start_control (param1 > 0); bool cold_start (param2 > 0); uint16_t
  // height_delay_cm = param3 * 100}; back param3 = height_delay_cm * 0.01f.
  [223, { name: 'DO_ENGINE_CONTROL', keep: (w, c, o) => {
    o.param1 = w.param1 > 0 ? 1 : 0;
    o.param2 = w.param2 > 0 ? 1 : 0;
    o.param3 = f32(f32(c.int(f32(w.param3 * 100), 'uint16_t')) * f32(0.01));
  } }],
  // DO_VTOL_TRANSITION (3000): {uint8_t target_state}.
  [3000, { name: 'DO_VTOL_TRANSITION', keep: (w, c, o) => { o.param1 = c.int(w.param1, 'uint8_t'); } }],
  // DO_GRIPPER (211): Gripper_Command {uint8_t num; uint8_t action}.
  [211, { name: 'DO_GRIPPER', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = c.int(w.param2, 'uint8_t');
  } }],
  // DO_SEND_SCRIPT_MESSAGE (217): p1 = param1 (uint16_t id); scripting {float p1, p2, p3} = param2..4.
  [217, { name: 'DO_SEND_SCRIPT_MESSAGE', keep: (w, c, o) => {
    o.param1 = p1(w, c);
    o.param2 = float(w.param2);
    o.param3 = float(w.param3);
    o.param4 = float(w.param4);
  } }],
  // DO_AUX_FUNCTION (218): AuxFunction {uint16_t function; uint8_t switchpos}.
  [218, { name: 'DO_AUX_FUNCTION', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint16_t');
    o.param2 = c.int(w.param2, 'uint8_t');
  } }],
  // DO_GUIDED_LIMITS (222): p1 = param1 (max time, s); Guided_Limits {float alt_min; float alt_max; float horiz_max}.
  [222, { name: 'DO_GUIDED_LIMITS', keep: (w, c, o) => {
    o.param1 = p1(w, c);
    o.param2 = float(w.param2);
    o.param3 = float(w.param3);
    o.param4 = float(w.param4);
  } }],
  // DO_GIMBAL_MANAGER_PITCHYAW (1000, a 16-bit id: 10 content bytes): {int8_t pitch_angle_deg; int16_t
  // yaw_angle_deg; int8_t pitch_rate_degs; int8_t yaw_rate_degs; uint8_t flags (x); uint8_t gimbal_id (z)}; y dropped.
  [1000, { name: 'DO_GIMBAL_MANAGER_PITCHYAW', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'int8_t');
    o.param2 = c.int(w.param2, 'int16_t');
    o.param3 = c.int(w.param3, 'int8_t');
    o.param4 = c.int(w.param4, 'int8_t');
    o.x = c.bits(w.x, 'uint8_t');
    o.z = c.int(w.z, 'uint8_t');
  } }],
  // Camera commands (AP_Camera, stored since 4.4): IMAGE_START_CAPTURE (2000) {uint8_t instance; float interval_s;
  // uint16_t total_num_images; uint16_t start_seq_number}; IMAGE_STOP_CAPTURE (2001) {uint16_t instance};
  // VIDEO_START_CAPTURE (2500) and VIDEO_STOP_CAPTURE (2501) {uint8_t video_stream_id}; SET_CAMERA_ZOOM (531)
  // {uint8_t zoom_type; float zoom_value}; SET_CAMERA_FOCUS (532) {uint8_t focus_type; float focus_value}.
  [2000, { name: 'IMAGE_START_CAPTURE', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = float(w.param2);
    o.param3 = c.int(w.param3, 'uint16_t');
    o.param4 = c.int(w.param4, 'uint16_t');
  } }],
  [2001, { name: 'IMAGE_STOP_CAPTURE', keep: (w, c, o) => { o.param1 = c.int(w.param1, 'uint16_t'); } }],
  [2500, { name: 'VIDEO_START_CAPTURE', keep: (w, c, o) => { o.param1 = c.int(w.param1, 'uint8_t'); } }],
  [2501, { name: 'VIDEO_STOP_CAPTURE', keep: (w, c, o) => { o.param1 = c.int(w.param1, 'uint8_t'); } }],
  [531, { name: 'SET_CAMERA_ZOOM', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = float(w.param2);
  } }],
  [532, { name: 'SET_CAMERA_FOCUS', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = float(w.param2);
  } }],
  // DO_WINCH (42600): Winch_Command {uint8_t num; uint8_t action; float release_length; float release_rate}.
  [42600, { name: 'DO_WINCH', keep: (w, c, o) => {
    o.param1 = c.int(w.param1, 'uint8_t');
    o.param2 = c.int(w.param2, 'uint8_t');
    o.param3 = float(w.param3);
    o.param4 = float(w.param4);
  } }],
]);


/** The Location flags a frame sets (AP_Mission::mavlink_int_to_mission_cmd), or undefined: UNSUPPORTED_FRAME. */
function frameBack(frame: number): number | undefined {
  switch (frame) {
    case 2: case 0: case 5: return 0; // MISSION, GLOBAL, GLOBAL_INT: relative_alt = 0 → GLOBAL
    case 3: case 6: return 3; // GLOBAL_RELATIVE_ALT(_INT): relative_alt = 1 → GLOBAL_RELATIVE_ALT
    case 10: case 11: return 10; // GLOBAL_TERRAIN_ALT(_INT): relative + terrain → GLOBAL_TERRAIN_ALT
    default: return undefined;
  }
}

function sanityCheck(w: WireItem): StoreOutcome | undefined {
  const params = [w.param1, w.param2, w.param3, w.param4];
  for (let i = 0; i < 4; i++) {
    const v = params[i];
    const nanOk = (i === 3 && NAN_PARAM4_OK.has(w.command)) || (i === 2 && NAN_PARAM3_OK.has(w.command));
    if (!Number.isFinite(v) && !(Number.isNaN(v) && nanOk)) {
      return { ok: false, result: R.INVALID_PARAM1 + i, why: `param${i + 1} is ${v} (AP_Mission::sanity_check_params)` };
    }
  }
  return undefined;
}

/** A mission item (seq > 0) as ArduCopter stores and answers it on `platform`. */
export function storeMissionItem(w: WireItem, platform: CPlatform): StoreOutcome {
  if (w.command === 0 || w.command === 1) return { ok: false, result: R.INVALID, why: `command ${w.command} is reserved` };
  const refused = sanityCheck(w);
  if (refused) return refused;
  const rule = ARDUPILOT_COPTER_RULES.get(w.command);
  if (!rule) return { ok: false, result: R.UNSUPPORTED, why: `command ${w.command} is not one ArduCopter stores` };
  const c: Conv = { int: (v, type) => toCInt(v, type, platform), bits: (v, type) => toCInt(v, type, 'x86') };
  const out = zeroWire(w.command);
  rule.keep?.(w, c, out);
  if (rule.location) {
    if (!checkLat(w.x)) return { ok: false, result: R.INVALID_PARAM5_X, why: `latitude ${w.x / 1e7} is out of range` };
    if (!checkLng(w.y)) return { ok: false, result: R.INVALID_PARAM6_Y, why: `longitude ${w.y / 1e7} is out of range` };
    if (Number.isNaN(w.z) || Math.abs(w.z) >= LOCATION_ALT_MAX_M) return { ok: false, result: R.INVALID_PARAM7, why: `altitude ${w.z} m is out of range` };
    const frame = frameBack(w.frame);
    if (frame === undefined) return { ok: false, result: R.UNSUPPORTED_FRAME, why: `frame ${w.frame} cannot hold a location` };
    out.frame = frame;
    out.x = w.x;
    out.y = w.y;
    // cmd.content.location.alt = packet.z * 100.0f (int32 centimetres); back: packet.z = alt * 0.01f.
    const alt_cm = toCInt(f32(w.z * 100), 'int32_t', platform);
    out.z = f32(f32(alt_cm) * f32(0.01));
  }
  return { ok: true, item: out };
}

/** What ArduCopter stores and answers for an item of `type` (mission items other than home at seq 0). */
export function storeArduPilot(type: MissionType, w: WireItem, platform: CPlatform): StoreOutcome {
  if (type === 'fence') return storeFenceItem(w, platform);
  if (type === 'rally') return storeRallyItem(w, platform);
  return storeMissionItem(w, platform);
}

/** Every answer ArduCopter may give for `w` (the platforms differ only where C leaves a conversion undefined). */
export function arduPilotAnswers(type: MissionType, w: WireItem): StoreOutcome[] {
  return C_PLATFORMS.map((p) => storeArduPilot(type, w, p));
}

/** Fields a fence or rally comparison leaves out: the loaders set frame and autocontinue themselves. */
export const ARDUPILOT_UNCOMPARED: Readonly<Record<MissionType, readonly string[]>> = {
  mission: [],
  fence: ['frame', 'autocontinue'],
  rally: ['frame', 'autocontinue'],
};
