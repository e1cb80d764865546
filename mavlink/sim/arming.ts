// Arming and disarming like ArduCopter: pre-arm checks with a STATUSTEXT reason, force arming (21196),
// auto-disarm after DISARM_DELAY on the ground, and the battery failsafe.
import { common } from 'node-mavlink';
import { COPTER_MODE, modeTraits } from './copter-modes';
import { setMode } from './flight-modes';
import type { SimVehicle } from './vehicle';

const { MavResult, MavSeverity } = common;
/** MAV_CMD_COMPONENT_ARM_DISARM param2 value that skips the checks. */
export const FORCE_ARM_MAGIC = 21196;

/** Why the vehicle cannot arm now, as ArduCopter words it; undefined when it can. */
export function preArmFailure(v: SimVehicle): string | undefined {
  if (!v.ekfReady) return 'PreArm: Need 3D Fix';
  if (v.failsafe.battery) return 'PreArm: Battery 1 low';
  // AC_Fence's pre-arm check: enabled and outside (ArduCopter 4.x words it so).
  if (v.mission.fence.outside() !== '') return 'PreArm: Fence: vehicle outside fence';
  const traits = modeTraits(v.mode);
  if (!traits || !traits.armable) return 'Arm: Mode not armable';
  return undefined;
}

export function arm(v: SimVehicle, force: boolean): number {
  if (v.armed) return MavResult.ACCEPTED;
  if (!force) {
    const reason = preArmFailure(v);
    if (reason) {
      v.sendText(MavSeverity.CRITICAL, reason);
      return MavResult.FAILED;
    }
  }
  v.armed = true;
  v.armedAt_ms = v.t_ms;
  v.kin.holdHere();
  v.sendText(MavSeverity.INFO, 'Arming motors');
  return MavResult.ACCEPTED;
}

export function disarm(v: SimVehicle, force: boolean): number {
  if (!v.armed) return MavResult.ACCEPTED;
  // ArduCopter refuses a GCS disarm while it thinks it is flying, unless forced.
  if (!force && !v.kin.landed) return MavResult.FAILED;
  v.disarmNow('Disarming motors');
  return MavResult.ACCEPTED;
}

/** DISARM_DELAY: armed on the ground without taking off for that long → disarm. */
export function autoDisarmCheck(v: SimVehicle): void {
  if (!v.armed || !v.kin.landed || v.cfg.disarm_delay_s <= 0) return;
  if (v.t_ms - v.armedAt_ms >= v.cfg.disarm_delay_s * 1000) v.disarmNow('Disarming motors');
}

/** Low battery: RTL (LAND if RTL cannot be entered); disarm if still on the ground. Once per boot. */
export function batteryFailsafeCheck(v: SimVehicle): void {
  if (v.failsafe.battery || v.cfg.battery_failsafe_pct <= 0) return;
  if (v.battery.remaining_pct > v.cfg.battery_failsafe_pct) return;
  v.failsafe.battery = true;
  const pct = Math.round(v.battery.remaining_pct);
  if (!v.armed) {
    v.sendText(MavSeverity.WARNING, `Battery 1 is low ${v.battery.voltage_v.toFixed(2)}V ${pct}%`);
    return;
  }
  if (v.kin.landed) {
    v.sendText(MavSeverity.CRITICAL, `Battery failsafe: ${pct}% remaining, disarming`);
    v.disarmNow('Disarming motors');
    return;
  }
  v.sendText(MavSeverity.CRITICAL, `Battery failsafe: ${pct}% remaining, RTL`);
  if (setMode(v, COPTER_MODE.RTL, 'failsafe') !== MavResult.ACCEPTED) setMode(v, COPTER_MODE.LAND, 'failsafe');
}
