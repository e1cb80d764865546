// High-level vehicle operations over the command client: arm, disarm, set mode, takeoff, RTL, land,
// mission start, go to a point, set ROI, set message interval. Each resolves with a CommandResult; bad
// arguments (an unknown mode name, a latitude out of range, 0,0) throw an Error naming what is wrong.
import { minimal, common } from 'node-mavlink';
import { modeNumber } from '../vehicle/modes';
import type { MavAddress } from './env';
import type { CommandClient } from './command-client';
import type { CommandOptions, CommandResult } from './command-types';

/** The vehicle a command goes to; a VehicleState fits (its autopilot/type/home are read at call time). */
export interface CommandTarget extends MavAddress {
  autopilot: number;
  type: number;
  home?: { alt_amsl_m: number } | undefined;
}

export interface GlobalPoint {
  lat_deg: number;
  lon_deg: number;
}

/** MAV_CMD_COMPONENT_ARM_DISARM param2 that forces arming/disarming past the checks (ArduPilot and PX4). */
export const FORCE_ARM_DISARM_MAGIC = 21196;

function checkPoint(op: string, p: GlobalPoint, alt_name: string, alt: number): void {
  if (!Number.isFinite(p.lat_deg) || p.lat_deg < -90 || p.lat_deg > 90) throw new Error(`${op}: lat_deg must be in [-90, 90], got ${p.lat_deg}`);
  if (!Number.isFinite(p.lon_deg) || p.lon_deg < -180 || p.lon_deg > 180) throw new Error(`${op}: lon_deg must be in [-180, 180], got ${p.lon_deg}`);
  if (p.lat_deg === 0 && p.lon_deg === 0) throw new Error(`${op}: 0,0 is not a position (refusing to send it)`);
  if (!Number.isFinite(alt)) throw new Error(`${op}: ${alt_name} must be a finite number, got ${alt}`);
}

const degE7 = (deg: number) => Math.round(deg * 1e7);

export class VehicleCommands {
  constructor(private readonly client: CommandClient, private readonly target: CommandTarget) {}

  private get isPx4(): boolean {
    return this.target.autopilot === minimal.MavAutopilot.PX4;
  }

  private get address(): MavAddress {
    return { sysid: this.target.sysid, compid: this.target.compid };
  }

  private long(command: number, params: number[], opts?: CommandOptions): Promise<CommandResult> {
    return this.client.send({ kind: 'long', target: this.address, command, params }, opts);
  }

  arm(opts: CommandOptions & { force?: boolean } = {}): Promise<CommandResult> {
    return this.long(common.MavCmd.COMPONENT_ARM_DISARM, [1, opts.force ? FORCE_ARM_DISARM_MAGIC : 0], opts);
  }

  /** `force` disarms even in flight (the motors stop: the aircraft falls). */
  disarm(opts: CommandOptions & { force?: boolean } = {}): Promise<CommandResult> {
    return this.long(common.MavCmd.COMPONENT_ARM_DISARM, [0, opts.force ? FORCE_ARM_DISARM_MAGIC : 0], opts);
  }

  /**
   * MAV_CMD_DO_SET_MODE with param1 = MAV_MODE_FLAG_CUSTOM_MODE_ENABLED; ArduPilot: param2 = custom mode;
   * PX4: param2 = main mode, param3 = sub mode. Throws for a name not in the vehicle's mode table.
   */
  setMode(name: string, opts?: CommandOptions): Promise<CommandResult> {
    const m = modeNumber(this.target.autopilot, this.target.type, name);
    const flag = minimal.MavModeFlag.CUSTOM_MODE_ENABLED;
    const params = m.family === 'px4' ? [flag, m.main_mode, m.sub_mode] : [flag, m.custom_mode];
    return this.long(common.MavCmd.DO_SET_MODE, params, opts);
  }

  /**
   * MAV_CMD_NAV_TAKEOFF to `alt_m` above home. ArduCopter reads param7 as relative altitude (the vehicle must be
   * in GUIDED and armed). PX4 reads param7 as AMSL: home altitude + alt_m when home is known, else NaN (PX4 then
   * uses its MIS_TAKEOFF_ALT).
   */
  takeoff(alt_m: number, opts?: CommandOptions): Promise<CommandResult> {
    if (!Number.isFinite(alt_m) || alt_m <= 0) throw new Error(`takeoff: alt_m must be a positive number, got ${alt_m}`);
    if (this.isPx4) {
      const home = this.target.home;
      return this.long(common.MavCmd.NAV_TAKEOFF, [-1, 0, 0, NaN, NaN, NaN, home ? home.alt_amsl_m + alt_m : NaN], opts);
    }
    return this.long(common.MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, alt_m], opts);
  }

  rtl(opts?: CommandOptions): Promise<CommandResult> {
    return this.long(common.MavCmd.NAV_RETURN_TO_LAUNCH, [], opts);
  }

  /** Land where the vehicle is (lat/lon 0 for ArduPilot, NaN for PX4: "current position"). */
  land(opts?: CommandOptions): Promise<CommandResult> {
    const here = this.isPx4 ? NaN : 0;
    return this.long(common.MavCmd.NAV_LAND, [0, 0, 0, NaN, here, here, this.isPx4 ? NaN : 0], opts);
  }

  /** MAV_CMD_MISSION_START from the first item to the last (ArduCopter needs AUTO-capable state and arming). */
  missionStart(opts?: CommandOptions): Promise<CommandResult> {
    return this.long(common.MavCmd.MISSION_START, [0, 0], opts);
  }

  /**
   * Fly to a point: MAV_CMD_DO_REPOSITION as COMMAND_INT, frame GLOBAL_RELATIVE_ALT_INT, x/y = degrees × 1e7,
   * param1 = -1 (default speed), param2 = MAV_DO_REPOSITION_FLAGS_CHANGE_MODE (the vehicle switches to GUIDED /
   * HOLD itself), param4 = NaN (keep yaw). Chosen over SET_POSITION_TARGET_GLOBAL_INT because it is acked, so it
   * gets the same retries and typed result as every other command; ArduCopter ≥ 4.1 and PX4 both accept it.
   */
  gotoPoint(p: GlobalPoint & { alt_rel_m: number }, opts?: CommandOptions): Promise<CommandResult> {
    checkPoint('gotoPoint', p, 'alt_rel_m', p.alt_rel_m);
    return this.client.send({
      kind: 'int', target: this.address, command: common.MavCmd.DO_REPOSITION,
      frame: common.MavFrame.GLOBAL_RELATIVE_ALT_INT,
      params: [-1, common.MavDoRepositionFlags.CHANGE_MODE, 0, NaN],
      x: degE7(p.lat_deg), y: degE7(p.lon_deg), z: p.alt_rel_m,
    }, opts);
  }

  /** Point the camera/vehicle at a location: MAV_CMD_DO_SET_ROI_LOCATION as COMMAND_INT, altitude above home. */
  setRoi(p: GlobalPoint & { alt_m: number }, opts?: CommandOptions): Promise<CommandResult> {
    checkPoint('setRoi', p, 'alt_m', p.alt_m);
    return this.client.send({
      kind: 'int', target: this.address, command: common.MavCmd.DO_SET_ROI_LOCATION,
      frame: common.MavFrame.GLOBAL_RELATIVE_ALT_INT, params: [0, 0, 0, 0],
      x: degE7(p.lat_deg), y: degE7(p.lon_deg), z: p.alt_m,
    }, opts);
  }

  /** MAV_CMD_SET_MESSAGE_INTERVAL: `interval_us` > 0 sets the period, -1 stops the message, 0 restores the default. */
  setMessageInterval(msgid: number, interval_us: number, opts?: CommandOptions): Promise<CommandResult> {
    if (!Number.isInteger(msgid) || msgid < 0) throw new Error(`setMessageInterval: msgid must be a non-negative integer, got ${msgid}`);
    if (!Number.isInteger(interval_us) || interval_us < -1) throw new Error(`setMessageInterval: interval_us must be an integer >= -1, got ${interval_us}`);
    return this.long(common.MavCmd.SET_MESSAGE_INTERVAL, [msgid, interval_us], opts);
  }
}
