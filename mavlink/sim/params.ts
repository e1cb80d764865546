// A small parameter server with ArduCopter's names and units for the settings the simulator has, so a GCS
// (QGroundControl, MAVProxy) can list, read and set them: PARAM_REQUEST_LIST, PARAM_REQUEST_READ, PARAM_SET.
import { common } from 'node-mavlink';
import type { VehicleConfig } from './config';
import type { SimVehicle } from './vehicle';

const { MavParamType } = common;

interface ParamDef {
  name: string;
  type: number;
  get(v: SimVehicle): number;
  /** Undefined for read-only parameters (a PARAM_SET is answered with the unchanged value). */
  set?(v: SimVehicle, value: number): void;
}

/** A config field exposed in ArduCopter units: value_on_wire = field × scale. */
function scaled(name: string, key: keyof VehicleConfig, scale: number, type: number = MavParamType.REAL32, after?: (v: SimVehicle) => void): ParamDef {
  return {
    name,
    type,
    get: (v) => v.cfg[key] * scale,
    set: (v, value) => {
      const field = value / scale;
      if (!Number.isFinite(field) || field <= 0) return; // refused: the reply carries the old value
      v.cfg[key] = field;
      after?.(v);
    },
  };
}

function constant(name: string, value: number, type: number = MavParamType.INT8): ParamDef {
  return { name, type, get: () => value };
}

export const PARAMS: readonly ParamDef[] = [
  { name: 'SYSID_THISMAV', type: MavParamType.INT16, get: (v) => v.sysid },
  constant('FRAME_CLASS', 1),
  constant('FRAME_TYPE', 1),
  constant('ARMING_CHECK', 1, MavParamType.INT32),
  constant('BATT_FS_LOW_ACT', 2),
  scaled('WPNAV_SPEED', 'speed_mps', 100, MavParamType.REAL32, (v) => { v.kin.speed_mps = v.cfg.speed_mps; }),
  scaled('WPNAV_SPEED_UP', 'climb_mps', 100, MavParamType.REAL32, (v) => { v.kin.climb_mps = v.cfg.climb_mps; }),
  scaled('WPNAV_SPEED_DN', 'descent_mps', 100, MavParamType.REAL32, (v) => { v.kin.descent_mps = v.cfg.descent_mps; }),
  scaled('WPNAV_ACCEL', 'accel_mps2', 100),
  scaled('LAND_SPEED', 'land_speed_mps', 100, MavParamType.INT16),
  scaled('LAND_ALT_LOW', 'land_slow_alt_m', 100, MavParamType.INT16),
  scaled('RTL_ALT', 'rtl_alt_m', 100, MavParamType.INT32),
  scaled('RTL_LOIT_TIME', 'rtl_loiter_s', 1000, MavParamType.INT32),
  scaled('DISARM_DELAY', 'disarm_delay_s', 1, MavParamType.INT8),
  scaled('BATT_CAPACITY', 'battery_capacity_mah', 1, MavParamType.INT32),
  {
    name: 'FENCE_ENABLE',
    type: MavParamType.INT8,
    get: (v) => v.cfg.fence_enable,
    set: (v, value) => {
      if (value === 0 || value === 1) v.cfg.fence_enable = value;
    },
  },
  scaled('FENCE_ALT_MAX', 'fence_alt_max_m', 1),
  scaled('FENCE_RADIUS', 'fence_radius_m', 1),
  {
    name: 'BATT_LOW_MAH',
    type: MavParamType.REAL32,
    get: (v) => (v.cfg.battery_failsafe_pct / 100) * v.cfg.battery_capacity_mah,
    set: (v, value) => {
      if (Number.isFinite(value) && value >= 0 && value < v.cfg.battery_capacity_mah) {
        v.cfg.battery_failsafe_pct = (100 * value) / v.cfg.battery_capacity_mah;
      }
    },
  },
];

function paramValue(v: SimVehicle, index: number): common.ParamValue {
  const def = PARAMS[index];
  const m = new common.ParamValue();
  m.paramId = def.name;
  m.paramValue = def.get(v);
  m.paramType = def.type;
  m.paramCount = PARAMS.length;
  m.paramIndex = index;
  return m;
}

function indexOf(name: string): number {
  return PARAMS.findIndex((p) => p.name === name);
}

export function registerParamHandlers(v: SimVehicle): void {
  v.onMessage(common.ParamRequestList.MSG_ID, () => {
    for (let i = 0; i < PARAMS.length; i++) v.send(paramValue(v, i));
  });
  v.onMessage(common.ParamRequestRead.MSG_ID, (msg) => {
    const m = msg as common.ParamRequestRead;
    const index = m.paramIndex >= 0 ? m.paramIndex : indexOf(m.paramId);
    if (index >= 0 && index < PARAMS.length) v.send(paramValue(v, index));
  });
  v.onMessage(common.ParamSet.MSG_ID, (msg) => {
    const m = msg as common.ParamSet;
    const index = indexOf(m.paramId);
    if (index < 0) return; // ArduPilot stays silent about unknown names
    PARAMS[index].set?.(v, m.paramValue);
    v.send(paramValue(v, index));
  });
}
