// DO and CONDITION commands, in a mission flown in AUTO and (where ArduPilot accepts them) as COMMAND_LONG /
// COMMAND_INT: relays, servos, the camera, speed, region of interest, yaw, delays, fence enable.
import { common } from 'node-mavlink';
import type { MissionItem } from '../../patrol/mission/mission-item';
import { wrapPi } from './geo';
import type { SimCamera } from './mission-camera';
import type { CommandRequest, SimVehicle } from './vehicle';

const { MavCmd, MavResult, MavSeverity } = common;
const YAW_DONE_RAD = 2 * Math.PI / 180;

/** A running DO/CONDITION command; `reports` says whether ArduCopter sends MISSION_ITEM_REACHED when it completes. */
export interface DoExec {
  verify(): boolean;
  reports: boolean;
}

/** Outputs of the simulated vehicle that commands change: relays and servo channels. */
export interface Switches {
  relays: Map<number, number>;
  servos: Map<number, number>;
}

export function setRelay(v: SimVehicle, sw: Switches, relay: number, setting: number): number {
  const r = Math.round(relay);
  const s = Math.round(setting);
  if (!(r >= 0 && r <= 15) || !(s === 0 || s === 1 || s === 2)) return MavResult.FAILED;
  const value = s === 2 ? 1 - (sw.relays.get(r) ?? 0) : s;
  sw.relays.set(r, value);
  v.sendText(MavSeverity.INFO, `Relay ${r} set to ${value}`);
  return MavResult.ACCEPTED;
}

export function setServo(v: SimVehicle, sw: Switches, channel: number, pwm: number): number {
  const c = Math.round(channel);
  const p = Math.round(pwm);
  if (!(c >= 1 && c <= 32) || !(p >= 0 && p <= 65535)) return MavResult.FAILED;
  sw.servos.set(c, p);
  v.sendText(MavSeverity.INFO, `Servo ${c} set to ${p}`);
  return MavResult.ACCEPTED;
}

/** DO_DIGICAM_CONTROL: param5 "shoot" = 1 takes a picture (AP_Camera::control). */
export function digicamControl(camera: SimCamera, shoot: number): number {
  if (Math.round(shoot) === 1) camera.capture();
  return MavResult.ACCEPTED;
}

/** The vehicle's own command handler (commands.ts) run for a mission item: speed, ROI, yaw. */
function viaCommand(v: SimVehicle, item: MissionItem): number {
  const handler = v.commandHandler(item.command);
  if (!handler) return MavResult.UNSUPPORTED;
  const req: CommandRequest = {
    command: item.command,
    params: [item.param1, item.param2, item.param3, item.param4, item.x, item.y, item.z],
    isInt: false,
    frame: item.frame,
    from: v.gcs,
  };
  return handler(req, v);
}

const done = (reports: boolean): DoExec => ({ verify: () => true, reports });

/** Start DO/CONDITION command `item` in AUTO. */
export function startDo(v: SimVehicle, item: MissionItem, camera: SimCamera, sw: Switches): DoExec {
  switch (item.command) {
    case MavCmd.DO_CHANGE_SPEED:
    case MavCmd.DO_SET_ROI_LOCATION:
    case MavCmd.DO_SET_ROI_NONE:
    case MavCmd.DO_SET_ROI:
      viaCommand(v, item);
      return done(true);
    case MavCmd.CONDITION_YAW: {
      if (viaCommand(v, item) !== MavResult.ACCEPTED) return done(true);
      const mode = v.kin.yawMode;
      const target = mode.kind === 'fixed' ? mode.yaw_rad : v.kin.yaw_rad;
      return { verify: () => Math.abs(wrapPi(v.kin.yaw_rad - target)) <= YAW_DONE_RAD, reports: true };
    }
    case MavCmd.CONDITION_DELAY: {
      const until_ms = v.t_ms + Math.max(0, item.param1 || 0) * 1000;
      return { verify: () => v.t_ms >= until_ms, reports: true };
    }
    case MavCmd.DO_FENCE_ENABLE:
      if (Math.round(item.param1) === 0 || Math.round(item.param1) === 1) v.cfg.fence_enable = Math.round(item.param1);
      return done(true);
    case MavCmd.DO_SET_RELAY:
      setRelay(v, sw, item.param1, item.param2);
      return done(false);
    case MavCmd.DO_SET_SERVO:
      setServo(v, sw, item.param1, item.param2);
      return done(false);
    case MavCmd.DO_DIGICAM_CONTROL:
      digicamControl(camera, item.x);
      return done(false);
    case MavCmd.IMAGE_START_CAPTURE:
      camera.start(item.param2, item.param3);
      return done(false);
    case MavCmd.IMAGE_STOP_CAPTURE:
      camera.stop();
      return done(false);
    case MavCmd.DO_DIGICAM_CONFIGURE:
    case MavCmd.DO_SET_CAM_TRIGG_DIST:
    case MavCmd.DO_MOUNT_CONTROL:
      return done(false);
    default:
      v.sendText(MavSeverity.WARNING, `Skipping invalid cmd #${item.command}`);
      return done(true);
  }
}

/** COMMAND_LONG / COMMAND_INT handlers for the same actions (ArduPilot accepts these outside missions too). */
export function registerActionCommands(v: SimVehicle, camera: SimCamera, sw: Switches): void {
  v.onCommand(MavCmd.DO_SET_RELAY, (req, veh) => setRelay(veh, sw, req.params[0], req.params[1]));
  v.onCommand(MavCmd.DO_SET_SERVO, (req, veh) => setServo(veh, sw, req.params[0], req.params[1]));
  v.onCommand(MavCmd.DO_DIGICAM_CONTROL, (req) => digicamControl(camera, req.params[4]));
  v.onCommand(MavCmd.IMAGE_START_CAPTURE, (req) => (camera.start(req.params[1], req.params[2]) ? MavResult.ACCEPTED : MavResult.DENIED));
  v.onCommand(MavCmd.IMAGE_STOP_CAPTURE, () => {
    camera.stop();
    return MavResult.ACCEPTED;
  });
  v.onCommand(MavCmd.DO_FENCE_ENABLE, (req, veh) => {
    const p = Math.round(req.params[0]);
    if (p !== 0 && p !== 1) return MavResult.FAILED;
    veh.cfg.fence_enable = p;
    return MavResult.ACCEPTED;
  });
}
