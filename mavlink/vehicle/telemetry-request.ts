// What to send a newly found vehicle so it streams telemetry. Real ArduPilot sends only HEARTBEAT and STATUSTEXT
// until a GCS asks: it takes REQUEST_DATA_STREAM (stream groups at a rate, as Mission Planner asks); PX4 and
// others take MAV_CMD_SET_MESSAGE_INTERVAL per message. HOME_POSITION is asked for once with MAV_CMD_REQUEST_MESSAGE.
import { minimal, common, type MavLinkData } from 'node-mavlink';
import type { MavAddress } from '../protocols/env';

/** ArduPilot stream groups and rates (Hz). POSITION → GLOBAL_POSITION_INT; EXTENDED_STATUS → SYS_STATUS,
 *  GPS_RAW_INT, MISSION_CURRENT; EXTRA1 → ATTITUDE; EXTRA2 → VFR_HUD; EXTRA3 → BATTERY_STATUS, … */
export const ARDUPILOT_STREAMS: ReadonlyArray<{ stream: number; rate_hz: number }> = [
  { stream: common.MavDataStream.POSITION, rate_hz: 4 },
  { stream: common.MavDataStream.EXTENDED_STATUS, rate_hz: 2 },
  { stream: common.MavDataStream.EXTRA1, rate_hz: 10 },
  { stream: common.MavDataStream.EXTRA2, rate_hz: 4 },
  { stream: common.MavDataStream.EXTRA3, rate_hz: 2 },
];

/** Messages and rates (Hz) asked of PX4 (and any non-ArduPilot autopilot) with SET_MESSAGE_INTERVAL. */
export const INTERVAL_MESSAGES: ReadonlyArray<{ msgid: number; rate_hz: number }> = [
  { msgid: common.GlobalPositionInt.MSG_ID, rate_hz: 4 },
  { msgid: common.Attitude.MSG_ID, rate_hz: 10 },
  { msgid: common.VfrHud.MSG_ID, rate_hz: 4 },
  { msgid: common.SysStatus.MSG_ID, rate_hz: 2 },
  { msgid: common.GpsRawInt.MSG_ID, rate_hz: 2 },
  { msgid: common.BatteryStatus.MSG_ID, rate_hz: 1 },
  { msgid: common.MissionCurrent.MSG_ID, rate_hz: 1 },
  { msgid: common.HomePosition.MSG_ID, rate_hz: 0.2 },
];

export function commandLong(target: MavAddress, command: number, params: readonly number[]): InstanceType<typeof common.CommandLong> {
  const m = new common.CommandLong();
  m.targetSystem = target.sysid;
  m.targetComponent = target.compid;
  m.command = command;
  m.confirmation = 0;
  const p = (i: number) => params[i] ?? 0;
  m._param1 = p(0); m._param2 = p(1); m._param3 = p(2); m._param4 = p(3);
  m._param5 = p(4); m._param6 = p(5); m._param7 = p(6);
  return m;
}

/** The messages that ask `target` (with HEARTBEAT autopilot `autopilot`) for telemetry; sent fire-and-forget. */
export function telemetryRequests(target: MavAddress, autopilot: number): MavLinkData[] {
  const out: MavLinkData[] = [];
  if (autopilot === minimal.MavAutopilot.ARDUPILOTMEGA) {
    for (const { stream, rate_hz } of ARDUPILOT_STREAMS) {
      const m = new common.RequestDataStream();
      m.targetSystem = target.sysid;
      m.targetComponent = target.compid;
      m.reqStreamId = stream;
      m.reqMessageRate = rate_hz;
      m.startStop = 1;
      out.push(m);
    }
  } else {
    for (const { msgid, rate_hz } of INTERVAL_MESSAGES) {
      out.push(commandLong(target, common.MavCmd.SET_MESSAGE_INTERVAL, [msgid, Math.round(1e6 / rate_hz)]));
    }
  }
  out.push(commandLong(target, common.MavCmd.REQUEST_MESSAGE, [common.HomePosition.MSG_ID]));
  return out;
}

/** Our GCS heartbeat: type GCS, autopilot INVALID, active. */
export function gcsHeartbeat(): InstanceType<typeof minimal.Heartbeat> {
  const hb = new minimal.Heartbeat();
  hb.type = minimal.MavType.GCS;
  hb.autopilot = minimal.MavAutopilot.INVALID;
  hb.baseMode = 0 as minimal.MavModeFlag;
  hb.customMode = 0;
  hb.systemStatus = minimal.MavState.ACTIVE;
  hb.mavlinkVersion = 3;
  return hb;
}
