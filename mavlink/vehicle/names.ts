// MAVLink enum values → names for snapshots ("QUADROTOR", "ARDUPILOTMEGA", "ACTIVE", "3D_FIX").
import { minimal, common } from 'node-mavlink';

function enumName(e: object, value: number, prefix: string): string {
  const name = (e as Record<number, string | undefined>)[value];
  return typeof name === 'string' ? name : `${prefix}_${value}`;
}

export const mavTypeName = (v: number): string => enumName(minimal.MavType, v, 'MAV_TYPE');
export const autopilotName = (v: number): string => enumName(minimal.MavAutopilot, v, 'MAV_AUTOPILOT');
export const systemStatusName = (v: number): string => enumName(minimal.MavState, v, 'MAV_STATE');
export const severityName = (v: number): string => enumName(common.MavSeverity, v, 'MAV_SEVERITY');

const FIX_NAMES: Readonly<Record<number, string>> = {
  0: 'NO_GPS', 1: 'NO_FIX', 2: '2D_FIX', 3: '3D_FIX', 4: 'DGPS', 5: 'RTK_FLOAT', 6: 'RTK_FIXED', 7: 'STATIC', 8: 'PPP',
};
export const gpsFixName = (v: number): string => FIX_NAMES[v] ?? `GPS_FIX_TYPE_${v}`;
