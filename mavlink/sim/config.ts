// Parameters of one simulated copter, with ArduCopter's defaults (parameter names in comments).

export interface VehicleConfig {
  /** WPNAV_SPEED: horizontal speed in GUIDED/AUTO/RTL (DO_CHANGE_SPEED changes it in flight). */
  speed_mps: number;
  /** WPNAV_SPEED_UP. */
  climb_mps: number;
  /** WPNAV_SPEED_DN. */
  descent_mps: number;
  /** LAND_SPEED: final descent below land_slow_alt_m. */
  land_speed_mps: number;
  /** LAND_ALT_LOW. */
  land_slow_alt_m: number;
  /** WPNAV_ACCEL. */
  accel_mps2: number;
  /** PILOT_ACCEL_Z / WPNAV_ACCEL_Z. */
  accel_z_mps2: number;
  /** BRAKE mode deceleration. */
  brake_accel_mps2: number;
  /** ATC_SLEW_YAW. */
  yaw_rate_dps: number;
  /** RTL_ALT. */
  rtl_alt_m: number;
  /** RTL_LOIT_TIME: hover above home before descending. */
  rtl_loiter_s: number;
  /** DISARM_DELAY: disarm after this long armed on the ground without takeoff. */
  disarm_delay_s: number;
  /** Seconds after boot until GPS 3D fix and the position estimate are up (ArduCopter: tens of seconds). */
  ekf_ready_s: number;
  /** BATT_CAPACITY. */
  battery_capacity_mah: number;
  /** Cells of the LiPo pack (4S by default). */
  battery_cells: number;
  /** Charge at boot, percent (lower it to reach the failsafe fast in tests). */
  battery_start_pct: number;
  /** Current drawn hovering; more when climbing or flying fast. */
  hover_current_a: number;
  /** Current drawn when disarmed (electronics only). */
  idle_current_a: number;
  /** Battery failsafe: remaining percent at or below which the vehicle switches to RTL (0 disables). */
  battery_failsafe_pct: number;
  /** Mission items that fit, home included (more: MAV_MISSION_NO_SPACE). */
  mission_capacity: number;
  /** Fence items that fit. */
  fence_capacity: number;
  /** Rally points that fit. */
  rally_capacity: number;
  /** Seconds after boot during which mission transfers are answered with mission_not_ready_result (0: never). */
  mission_not_ready_s: number;
  /** MAV_MISSION_RESULT for that (ArduPilot answers MAV_MISSION_UNSUPPORTED, 3, before its mission protocols exist). */
  mission_not_ready_result: number;
  /** FENCE_ENABLE (0/1; DO_FENCE_ENABLE changes it in flight). */
  fence_enable: number;
  /** FENCE_ALT_MAX, above home (0: none). */
  fence_alt_max_m: number;
  /** FENCE_RADIUS: circle around home (0: none). */
  fence_radius_m: number;
}

export const DEFAULT_VEHICLE_CONFIG: Readonly<VehicleConfig> = Object.freeze({
  speed_mps: 5,
  climb_mps: 2.5,
  descent_mps: 1.5,
  land_speed_mps: 0.5,
  land_slow_alt_m: 10,
  accel_mps2: 2.5,
  accel_z_mps2: 2.5,
  brake_accel_mps2: 5,
  yaw_rate_dps: 60,
  rtl_alt_m: 15,
  rtl_loiter_s: 5,
  disarm_delay_s: 10,
  ekf_ready_s: 5,
  battery_capacity_mah: 5000,
  battery_cells: 4,
  battery_start_pct: 100,
  hover_current_a: 15,
  idle_current_a: 0.5,
  battery_failsafe_pct: 20,
  mission_capacity: 724,
  fence_capacity: 255,
  rally_capacity: 100,
  mission_not_ready_s: 0,
  mission_not_ready_result: 3,
  fence_enable: 0,
  fence_alt_max_m: 100,
  fence_radius_m: 150,
});

const POSITIVE: ReadonlyArray<keyof VehicleConfig> = [
  'speed_mps', 'climb_mps', 'descent_mps', 'land_speed_mps', 'accel_mps2', 'accel_z_mps2', 'brake_accel_mps2',
  'yaw_rate_dps', 'battery_capacity_mah', 'battery_cells',
];

/** Defaults overridden by `overrides`; throws an Error naming the first bad field. */
export function vehicleConfig(overrides: Partial<VehicleConfig> = {}): VehicleConfig {
  const cfg: VehicleConfig = { ...DEFAULT_VEHICLE_CONFIG, ...overrides };
  for (const [key, value] of Object.entries(cfg)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`simulator vehicle config: ${key} must be a finite number, got ${String(value)}`);
    }
    if (value < 0) throw new Error(`simulator vehicle config: ${key} must not be negative, got ${value}`);
  }
  for (const key of POSITIVE) {
    if (cfg[key] <= 0) throw new Error(`simulator vehicle config: ${key} must be greater than 0, got ${cfg[key]}`);
  }
  if (cfg.battery_start_pct > 100) throw new Error(`simulator vehicle config: battery_start_pct must be ≤ 100, got ${cfg.battery_start_pct}`);
  if (cfg.battery_failsafe_pct >= 100) throw new Error(`simulator vehicle config: battery_failsafe_pct must be < 100, got ${cfg.battery_failsafe_pct}`);
  return cfg;
}
