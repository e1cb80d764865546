// Message handlers every simulated copter registers: commands, SET_MODE, stream requests, position targets.
// The mission protocol (issue 3) adds its own with vehicle.onMessage(...).
import { common } from 'node-mavlink';
import { doSetMode } from './commands';
import { COPTER_MODE } from './copter-modes';
import { altRelFromFrame } from './frames';
import { goTo } from './flight-modes';
import { wrap2Pi } from './geo';
import { registerParamHandlers } from './params';
import type { CommandRequest, Peer, SimVehicle } from './vehicle';

const { MavResult, MavFrame, PositionTargetTypemask: Mask } = common;
const POS_IGNORE = Mask.X_IGNORE | Mask.Y_IGNORE | Mask.Z_IGNORE;

export function registerDefaultHandlers(v: SimVehicle): void {
  v.onMessage(common.CommandLong.MSG_ID, (msg, from) => {
    const m = msg as common.CommandLong;
    dispatchCommand(v, {
      command: m.command, isInt: false, frame: MavFrame.GLOBAL_RELATIVE_ALT, from,
      params: [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7],
    });
  });
  v.onMessage(common.CommandInt.MSG_ID, (msg, from) => {
    const m = msg as common.CommandInt;
    dispatchCommand(v, {
      command: m.command, isInt: true, frame: m.frame, from,
      params: [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7],
    });
  });
  v.onMessage(common.SetMode.MSG_ID, (msg, from) => setModeMessage(v, msg as common.SetMode, from));
  v.onMessage(common.RequestDataStream.MSG_ID, (msg) => {
    const m = msg as common.RequestDataStream;
    v.telemetry.requestStream(m.reqStreamId, m.reqMessageRate, m.startStop === 1);
  });
  v.onMessage(common.SetPositionTargetGlobalInt.MSG_ID, (msg) => positionTargetGlobal(v, msg as common.SetPositionTargetGlobalInt));
  v.onMessage(common.SetPositionTargetLocalNed.MSG_ID, (msg) => positionTargetLocal(v, msg as common.SetPositionTargetLocalNed));
  registerParamHandlers(v);
}

/** Run a command's handler and answer with COMMAND_ACK to its sender (UNSUPPORTED when no handler). */
export function dispatchCommand(v: SimVehicle, req: CommandRequest): void {
  v.gcs = req.from;
  const handler = v.commandHandler(req.command);
  const result = handler ? handler(req, v) : MavResult.UNSUPPORTED;
  v.ack(req.command, result, req.from);
}

/** The old SET_MODE message. ArduPilot answers it with a COMMAND_ACK whose command is 11 (SET_MODE's id). */
function setModeMessage(v: SimVehicle, m: common.SetMode, from: Peer): void {
  v.gcs = from;
  const result = doSetMode(v, m.baseMode, m.customMode);
  v.ack(common.SetMode.MSG_ID, result, from);
}

function guidedReady(v: SimVehicle): boolean {
  return v.mode === COPTER_MODE.GUIDED && v.ekfReady && v.armed;
}

function applyYaw(v: SimVehicle, m: { typeMask: number; yaw: number }): void {
  if ((m.typeMask & Mask.YAW_IGNORE) === 0 && Number.isFinite(m.yaw)) v.kin.yawMode = { kind: 'fixed', yaw_rad: wrap2Pi(m.yaw) };
}

/** SET_POSITION_TARGET_GLOBAL_INT in GUIDED: fly to the point (position part only; velocity targets are ignored). */
function positionTargetGlobal(v: SimVehicle, m: common.SetPositionTargetGlobalInt): void {
  if (!guidedReady(v) || (m.typeMask & POS_IGNORE) === POS_IGNORE) return;
  const alt_rel_m = altRelFromFrame(v, m.coordinateFrame, m.alt);
  if (alt_rel_m === undefined || !Number.isFinite(alt_rel_m) || Math.abs(m.latInt) > 900_000_000 || Math.abs(m.lonInt) > 1_800_000_000) return;
  const { n, e } = v.localOf(m.latInt / 1e7, m.lonInt / 1e7);
  goTo(v, n, e, alt_rel_m);
  applyYaw(v, m);
}

/** SET_POSITION_TARGET_LOCAL_NED in GUIDED: LOCAL_NED (from home), LOCAL_OFFSET_NED, BODY_OFFSET_NED / BODY_NED. */
function positionTargetLocal(v: SimVehicle, m: common.SetPositionTargetLocalNed): void {
  if (!guidedReady(v) || (m.typeMask & POS_IGNORE) === POS_IGNORE) return;
  const { pos, yaw_rad } = v.kin;
  let n: number;
  let e: number;
  let d: number;
  switch (m.coordinateFrame) {
    case MavFrame.LOCAL_NED:
      [n, e, d] = [m.x, m.y, m.z];
      break;
    case MavFrame.LOCAL_OFFSET_NED:
      [n, e, d] = [pos.n + m.x, pos.e + m.y, pos.d + m.z];
      break;
    case MavFrame.BODY_NED:
    case MavFrame.BODY_OFFSET_NED: {
      const c = Math.cos(yaw_rad);
      const s = Math.sin(yaw_rad);
      [n, e, d] = [pos.n + m.x * c - m.y * s, pos.e + m.x * s + m.y * c, pos.d + m.z];
      break;
    }
    default:
      return;
  }
  if (![n, e, d].every(Number.isFinite)) return;
  goTo(v, n, e, -d);
  applyYaw(v, m);
}
