// COMMAND_LONG / COMMAND_INT handlers of the simulated copter, answered like ArduCopter answers them.
// Each returns a MAV_RESULT; the vehicle sends the COMMAND_ACK. Telemetry-related commands live in telemetry-commands.ts.
import { common, minimal } from 'node-mavlink';
import { arm, disarm, FORCE_ARM_MAGIC } from './arming';
import { COPTER_MODE } from './copter-modes';
import { commandLocation } from './frames';
import { goTo, setMode, takeoff } from './flight-modes';
import { wrap2Pi } from './geo';
import { registerTelemetryCommands } from './telemetry-commands';
import type { CommandRequest, SimVehicle } from './vehicle';

const { MavCmd, MavResult } = common;
const CUSTOM_MODE_ENABLED = minimal.MavModeFlag.CUSTOM_MODE_ENABLED;
const DEG = Math.PI / 180;
/** Fastest speed a command may ask for (ArduCopter's WPNAV_SPEED tops out at 20 m/s; leave headroom). */
const MAX_SPEED_MPS = 50;

export function registerDefaultCommands(v: SimVehicle): void {
  v.onCommand(MavCmd.COMPONENT_ARM_DISARM, armDisarm);
  v.onCommand(MavCmd.DO_SET_MODE, (req, veh) => doSetMode(veh, req.params[0], req.params[1]));
  // A GCS takeoff (ArduCopter's user takeoff) is for GUIDED: in AUTO the mission's own NAV_TAKEOFF takes off.
  v.onCommand(MavCmd.NAV_TAKEOFF, (req, veh) => (veh.mode === COPTER_MODE.GUIDED ? takeoff(veh, req.params[6]) : MavResult.FAILED));
  v.onCommand(MavCmd.NAV_LAND, (_req, veh) => setMode(veh, COPTER_MODE.LAND));
  v.onCommand(MavCmd.NAV_RETURN_TO_LAUNCH, (_req, veh) => setMode(veh, COPTER_MODE.RTL));
  v.onCommand(MavCmd.DO_REPOSITION, doReposition);
  v.onCommand(MavCmd.DO_CHANGE_SPEED, doChangeSpeed);
  v.onCommand(MavCmd.DO_SET_ROI_LOCATION, setRoi);
  v.onCommand(MavCmd.DO_SET_ROI, setRoi);
  v.onCommand(MavCmd.DO_SET_ROI_NONE, (_req, veh) => clearRoi(veh));
  v.onCommand(MavCmd.CONDITION_YAW, conditionYaw);
  v.onCommand(MavCmd.MISSION_START, missionStart);
  registerTelemetryCommands(v);
}

/** DO_SET_MODE and the SET_MODE message: base_mode must carry CUSTOM_MODE_ENABLED. */
export function doSetMode(v: SimVehicle, baseMode: number, customMode: number): number {
  if ((baseMode & CUSTOM_MODE_ENABLED) === 0) return MavResult.UNSUPPORTED;
  return setMode(v, Math.round(customMode));
}

function armDisarm(req: CommandRequest, v: SimVehicle): number {
  const [p1, p2] = req.params;
  const force = Math.round(p2) === FORCE_ARM_MAGIC;
  if (p1 === 1) return arm(v, force);
  if (p1 === 0) return disarm(v, force);
  return MavResult.UNSUPPORTED;
}

/** DO_REPOSITION: fly to a point in GUIDED; bit 0 of param2 switches to GUIDED first. */
function doReposition(req: CommandRequest, v: SimVehicle): number {
  const [speed_mps, flags, , yaw_deg] = req.params;
  const loc = commandLocation(v, req);
  if (!loc || (loc.lat_deg === 0 && loc.lon_deg === 0)) return MavResult.DENIED;
  if (v.mode !== COPTER_MODE.GUIDED) {
    if ((Math.round(flags) & common.MavDoRepositionFlags.CHANGE_MODE) === 0) return MavResult.DENIED;
    if (setMode(v, COPTER_MODE.GUIDED) !== MavResult.ACCEPTED) return MavResult.FAILED;
  }
  if (!v.ekfReady) return MavResult.FAILED;
  if (speed_mps > 0 && Number.isFinite(speed_mps)) v.kin.speed_mps = Math.min(speed_mps, MAX_SPEED_MPS);
  const { n, e } = v.localOf(loc.lat_deg, loc.lon_deg);
  goTo(v, n, e, loc.alt_rel_m ?? v.kin.alt_m);
  if (Number.isFinite(yaw_deg)) v.kin.yawMode = { kind: 'fixed', yaw_rad: wrap2Pi(yaw_deg * DEG) };
  return MavResult.ACCEPTED;
}

/** DO_CHANGE_SPEED: param1 speed type (0 air, 1 ground, 2 climb, 3 descent), param2 speed (> 0). */
function doChangeSpeed(req: CommandRequest, v: SimVehicle): number {
  const [type, speed_mps] = req.params;
  if (!(speed_mps > 0) || !Number.isFinite(speed_mps)) return MavResult.FAILED;
  const speed = Math.min(speed_mps, MAX_SPEED_MPS);
  if (type === 2) v.kin.climb_mps = speed;
  else if (type === 3) v.kin.descent_mps = speed;
  else v.kin.speed_mps = speed;
  return MavResult.ACCEPTED;
}

/** DO_SET_ROI_LOCATION / DO_SET_ROI: point the nose at a location; all zeros clears it. */
function setRoi(req: CommandRequest, v: SimVehicle): number {
  const [, , , , x, y, z] = req.params;
  if (x === 0 && y === 0 && (z === 0 || !Number.isFinite(z))) return clearRoi(v);
  const loc = commandLocation(v, req);
  if (!loc) return MavResult.FAILED;
  const { n, e } = v.localOf(loc.lat_deg, loc.lon_deg);
  v.kin.yawMode = { kind: 'roi', n, e };
  return MavResult.ACCEPTED;
}

function clearRoi(v: SimVehicle): number {
  if (v.kin.yawMode.kind === 'roi') v.kin.yawMode = { kind: 'travel' };
  return MavResult.ACCEPTED;
}

/** CONDITION_YAW: param1 angle (deg), param2 rate (deg/s), param3 direction (-1 ccw, 1 cw), param4 1 = relative. */
function conditionYaw(req: CommandRequest, v: SimVehicle): number {
  const [angle_deg, rate_dps, direction, relative] = req.params;
  if (!(angle_deg >= 0 && angle_deg <= 360) || (relative !== 0 && relative !== 1) || Number.isNaN(direction)) return MavResult.FAILED;
  const yaw_rad = relative === 1
    ? wrap2Pi(v.kin.yaw_rad + (direction < 0 ? -1 : 1) * angle_deg * DEG)
    : wrap2Pi(angle_deg * DEG);
  v.kin.yawMode = { kind: 'fixed', yaw_rad, rate_dps: rate_dps > 0 && Number.isFinite(rate_dps) ? rate_dps : undefined };
  return MavResult.ACCEPTED;
}

/** MISSION_START: needs a stored mission (the FlightPlan hook); then AUTO from param1 to param2. */
function missionStart(req: CommandRequest, v: SimVehicle): number {
  const plan = v.flightPlan;
  if (!plan || !plan.hasMission()) return MavResult.FAILED;
  const [first, last] = req.params;
  if (v.mode === COPTER_MODE.AUTO) {
    if (v.armed && !plan.start(v, first || undefined, last || undefined)) return MavResult.FAILED;
    return MavResult.ACCEPTED;
  }
  return setMode(v, COPTER_MODE.AUTO, 'mission');
}
