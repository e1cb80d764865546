// Commands about telemetry: SET_MESSAGE_INTERVAL, GET_MESSAGE_INTERVAL, REQUEST_MESSAGE, GET_HOME_POSITION,
// REQUEST_AUTOPILOT_CAPABILITIES.
import { common, standard } from 'node-mavlink';
import type { SimVehicle } from './vehicle';

const { MavCmd, MavResult } = common;

export function registerTelemetryCommands(v: SimVehicle): void {
  v.onCommand(MavCmd.SET_MESSAGE_INTERVAL, (req, veh) => veh.telemetry.setInterval(Math.round(req.params[0]), Math.round(req.params[1])));
  v.onCommand(MavCmd.GET_MESSAGE_INTERVAL, (req, veh) => {
    const msgid = Math.round(req.params[0]);
    if (!veh.telemetry.produces(msgid)) return MavResult.DENIED;
    const reply = new common.MessageInterval();
    reply.messageId = msgid;
    reply.intervalUs = veh.telemetry.interval_us(msgid);
    veh.send(reply);
    return MavResult.ACCEPTED;
  });
  v.onCommand(MavCmd.REQUEST_MESSAGE, (req, veh) => (veh.telemetry.requestOnce(Math.round(req.params[0])) ? MavResult.ACCEPTED : MavResult.UNSUPPORTED));
  v.onCommand(MavCmd.GET_HOME_POSITION, (_req, veh) => {
    veh.telemetry.requestOnce(common.HomePosition.MSG_ID);
    return MavResult.ACCEPTED;
  });
  v.onCommand(MavCmd.REQUEST_AUTOPILOT_CAPABILITIES, (_req, veh) => {
    veh.telemetry.requestOnce(standard.AutopilotVersion.MSG_ID);
    return MavResult.ACCEPTED;
  });
}
