// Telemetry messages of the simulated copter, built from its state the way ArduCopter fills them.
import { common, minimal, standard, type MavLinkData } from 'node-mavlink';
import { modeTraits } from './copter-modes';
import { NO_MISSION } from './flight-plan';
import { wrap2Pi } from './geo';
import type { SimVehicle } from './vehicle';

const { MavModeFlag, MavState, MavType, MavAutopilot } = minimal;
const S = common.MavSysStatusSensor;
const UINT16_MAX = 0xffff;
const RAD2CDEG = 18000 / Math.PI;
/** MAV_PROTOCOL_CAPABILITY: MISSION_FLOAT, PARAM_FLOAT, MISSION_INT, COMMAND_INT, SET_POSITION_TARGET_LOCAL_NED,
 * SET_POSITION_TARGET_GLOBAL_INT, MAVLINK2, MISSION_FENCE, MISSION_RALLY. */
const CAPABILITIES = 1n | 2n | 4n | 8n | 128n | 256n | 8192n | 16384n | 32768n;
const SENSORS = S.SENSOR_3D_GYRO | S.SENSOR_3D_ACCEL | S.SENSOR_3D_MAG | S.SENSOR_ABSOLUTE_PRESSURE | S.SENSOR_GPS
  | S.SENSOR_ANGULAR_RATE_CONTROL | S.SENSOR_ATTITUDE_STABILIZATION | S.SENSOR_YAW_POSITION | S.SENSOR_Z_ALTITUDE_CONTROL
  | S.SENSOR_XY_POSITION_CONTROL | S.SENSOR_MOTOR_OUTPUTS | S.AHRS | S.SENSOR_BATTERY | S.PREARM_CHECK;

export type MessageBuilder = (v: SimVehicle) => MavLinkData | undefined;

function degE7(deg: number): number {
  return Math.round(deg * 1e7);
}

function headingCdeg(v: SimVehicle): number {
  return Math.round(wrap2Pi(v.kin.yaw_rad) * RAD2CDEG) % 36000;
}

function timeUsec(v: SimVehicle): bigint {
  return v.epoch_us + BigInt(Math.round(v.t_ms * 1000));
}

export function heartbeat(v: SimVehicle): MavLinkData {
  const m = new minimal.Heartbeat();
  m.type = MavType.QUADROTOR;
  m.autopilot = MavAutopilot.ARDUPILOTMEGA;
  let base = MavModeFlag.CUSTOM_MODE_ENABLED | MavModeFlag.STABILIZE_ENABLED | MavModeFlag.MANUAL_INPUT_ENABLED;
  if (v.armed) base |= MavModeFlag.SAFETY_ARMED;
  if (v.armed && modeTraits(v.mode)?.positionControl) base |= MavModeFlag.GUIDED_ENABLED;
  m.baseMode = base;
  m.customMode = v.mode;
  m.systemStatus = v.failsafe.battery && v.armed ? MavState.CRITICAL : v.armed ? MavState.ACTIVE : MavState.STANDBY;
  m.mavlinkVersion = 3;
  return m;
}

function sysStatus(v: SimVehicle): MavLinkData {
  const m = new common.SysStatus();
  m.onboardControlSensorsPresent = SENSORS;
  m.onboardControlSensorsEnabled = SENSORS;
  let health = SENSORS;
  if (!v.ekfReady) health &= ~(S.SENSOR_GPS | S.AHRS | S.PREARM_CHECK);
  if (v.failsafe.battery) health &= ~S.SENSOR_BATTERY;
  m.onboardControlSensorsHealth = health >>> 0;
  m.load = 250;
  m.voltageBattery = Math.round(v.battery.voltage_v * 1000);
  m.currentBattery = Math.round(v.battery.current_a * 100);
  m.batteryRemaining = Math.round(v.battery.remaining_pct);
  return m;
}

function gpsRawInt(v: SimVehicle): MavLinkData {
  const m = new common.GpsRawInt();
  m.timeUsec = timeUsec(v);
  if (!v.ekfReady) {
    m.fixType = common.GpsFixType.NO_GPS;
    m.eph = UINT16_MAX;
    m.epv = UINT16_MAX;
    m.cog = UINT16_MAX;
    return m;
  }
  const p = v.position();
  m.fixType = common.GpsFixType.GPS_FIX_TYPE_3D_FIX;
  m.lat = degE7(p.lat_deg);
  m.lon = degE7(p.lon_deg);
  m.alt = Math.round(p.alt_m * 1000);
  m.eph = 121;
  m.epv = 200;
  m.vel = Math.round(v.kin.groundSpeed_mps * 100);
  m.cog = v.kin.groundSpeed_mps > 0.2 ? Math.round(wrap2Pi(Math.atan2(v.kin.vel.e, v.kin.vel.n)) * RAD2CDEG) % 36000 : 0;
  m.satellitesVisible = 12;
  return m;
}

function globalPositionInt(v: SimVehicle): MavLinkData {
  const m = new common.GlobalPositionInt();
  m.timeBootMs = Math.floor(v.t_ms);
  m.hdg = headingCdeg(v);
  if (!v.ekfReady) return m; // ArduPilot reports 0,0 until its position estimate is up
  const p = v.position();
  m.lat = degE7(p.lat_deg);
  m.lon = degE7(p.lon_deg);
  m.alt = Math.round(p.alt_m * 1000);
  m.relativeAlt = Math.round(p.alt_rel_m * 1000);
  m.vx = Math.round(v.kin.vel.n * 100);
  m.vy = Math.round(v.kin.vel.e * 100);
  m.vz = Math.round(v.kin.vel.d * 100);
  return m;
}

function localPositionNed(v: SimVehicle): MavLinkData | undefined {
  if (!v.ekfReady) return undefined;
  const m = new common.LocalPositionNed();
  m.timeBootMs = Math.floor(v.t_ms);
  Object.assign(m, { x: v.kin.pos.n, y: v.kin.pos.e, z: v.kin.pos.d, vx: v.kin.vel.n, vy: v.kin.vel.e, vz: v.kin.vel.d });
  return m;
}

function attitude(v: SimVehicle): MavLinkData {
  const m = new common.Attitude();
  const k = v.kin;
  m.timeBootMs = Math.floor(v.t_ms);
  Object.assign(m, { roll: k.roll_rad, pitch: k.pitch_rad, yaw: k.yaw_rad, rollspeed: k.rollRate_rps, pitchspeed: k.pitchRate_rps, yawspeed: k.yawRate_rps });
  return m;
}

function vfrHud(v: SimVehicle): MavLinkData {
  const m = new common.VfrHud();
  m.airspeed = v.kin.groundSpeed_mps;
  m.groundspeed = v.kin.groundSpeed_mps;
  m.alt = v.position().alt_m;
  m.climb = -v.kin.vel.d;
  m.heading = Math.round(headingCdeg(v) / 100) % 360;
  m.throttle = !v.armed ? 0 : v.kin.landed ? 10 : Math.min(100, Math.round(40 + 10 * (-v.kin.acc.d / 2.5)));
  return m;
}

function batteryStatus(v: SimVehicle): MavLinkData {
  const m = new common.BatteryStatus();
  const b = v.battery;
  m.id = 0;
  m.batteryFunction = common.MavBatteryFunction.ALL;
  m.type = common.MavBatteryType.LIPO;
  m.temperature = 0x7fff;
  m.voltages = [Math.round(b.voltage_v * 1000), ...Array<number>(9).fill(UINT16_MAX)];
  m.currentBattery = Math.round(b.current_a * 100);
  m.currentConsumed = Math.round(b.consumed_mah);
  m.energyConsumed = Math.round(b.energy_hj);
  m.batteryRemaining = Math.round(b.remaining_pct);
  m.timeRemaining = Math.round(b.timeRemaining_s);
  m.chargeState = v.failsafe.battery ? common.MavBatteryChargeState.LOW : common.MavBatteryChargeState.OK;
  m.voltagesExt = [0, 0, 0, 0];
  return m;
}

function homePosition(v: SimVehicle): MavLinkData | undefined {
  if (!v.ekfReady) return undefined; // ArduPilot sends nothing until home is set
  const m = new common.HomePosition();
  m.latitude = degE7(v.home.lat_deg);
  m.longitude = degE7(v.home.lon_deg);
  m.altitude = Math.round(v.home.alt_m * 1000);
  m.q = [1, 0, 0, 0];
  m.timeUsec = timeUsec(v);
  return m;
}

function missionCurrent(v: SimVehicle): MavLinkData {
  const m = new common.MissionCurrent();
  const p = v.flightPlan?.progress() ?? NO_MISSION;
  m.seq = p.seq;
  m.total = p.total;
  m.missionState = p.state;
  m.missionMode = v.mode === 3 ? 1 : 0; // AUTO flies the mission
  return m;
}

function autopilotVersion(v: SimVehicle): MavLinkData {
  const m = new standard.AutopilotVersion();
  (m as unknown as { capabilities: bigint }).capabilities = CAPABILITIES;
  m.flightSwVersion = (4 << 24) | (5 << 16) | (7 << 8) | 255; // 4.5.7 official
  m.uid = BigInt(v.sysid);
  m.flightCustomVersion = [0, 0, 0, 0, 0, 0, 0, 0];
  m.middlewareCustomVersion = [0, 0, 0, 0, 0, 0, 0, 0];
  m.osCustomVersion = [0, 0, 0, 0, 0, 0, 0, 0];
  m.uid2 = Array<number>(18).fill(0);
  return m;
}

function systemTime(v: SimVehicle): MavLinkData {
  const m = new common.SystemTime();
  m.timeUnixUsec = timeUsec(v);
  m.timeBootMs = Math.floor(v.t_ms);
  return m;
}

/** Builders by message id: what SET_MESSAGE_INTERVAL and REQUEST_MESSAGE can ask for. */
export const MESSAGE_BUILDERS: ReadonlyMap<number, MessageBuilder> = new Map<number, MessageBuilder>([
  [minimal.Heartbeat.MSG_ID, heartbeat],
  [common.SysStatus.MSG_ID, sysStatus],
  [common.SystemTime.MSG_ID, systemTime],
  [common.GpsRawInt.MSG_ID, gpsRawInt],
  [common.Attitude.MSG_ID, attitude],
  [common.LocalPositionNed.MSG_ID, localPositionNed],
  [common.GlobalPositionInt.MSG_ID, globalPositionInt],
  [common.MissionCurrent.MSG_ID, missionCurrent],
  [common.VfrHud.MSG_ID, vfrHud],
  [common.BatteryStatus.MSG_ID, batteryStatus],
  [standard.AutopilotVersion.MSG_ID, autopilotVersion],
  [common.HomePosition.MSG_ID, homePosition],
]);
