// Flight modes: entering a mode (with ArduCopter's checks), what each mode does every step (RTL's stages,
// LAND's descent, holds), and the navigation primitives GUIDED commands and flight plans use.
import { common } from 'node-mavlink';
import { COPTER_MODE, modeTraits } from './copter-modes';
import type { SimVehicle } from './vehicle';

const { MavResult, MavSeverity } = common;

export type RtlStage = 'climb' | 'return' | 'loiter' | 'descend';

export interface RtlState {
  stage: RtlStage;
  /** Sim time the stage began. */
  stage_ms: number;
  /** Altitude above home RTL returns at: max(RTL_ALT, altitude when RTL began). */
  alt_m?: number;
}

export type ModeChangeReason = 'gcs' | 'failsafe' | 'mission';

/** What the vehicle is doing on its own: 'hold' follows its targets; 'rtl' and 'land' run until touchdown. */
export type NavTask = 'hold' | 'rtl' | 'land';

/** Switch flight mode; returns a MAV_RESULT and tells the GCS why when refused. */
export function setMode(v: SimVehicle, mode: number, reason: ModeChangeReason = 'gcs'): number {
  const traits = modeTraits(mode);
  if (!traits) {
    v.sendText(MavSeverity.WARNING, `No such mode ${mode}`);
    return MavResult.FAILED;
  }
  if (mode === v.mode) return MavResult.ACCEPTED;
  // ArduCopter lets a disarmed vehicle enter any mode; armed, it checks.
  if (v.armed && traits.requiresPosition && !v.ekfReady) {
    v.sendText(MavSeverity.WARNING, `Mode change to ${traits.name} failed: requires position`);
    return MavResult.FAILED;
  }
  const previous = v.mode;
  const previousReason = v.modeReason;
  v.mode = mode;
  v.modeReason = reason;
  enterMode(v, mode);
  if (mode === COPTER_MODE.AUTO && v.armed) {
    // The plan starts with the vehicle already in AUTO, so its first item (e.g. a takeoff) may act at once.
    const plan = v.flightPlan;
    if (!plan || !plan.hasMission() || !plan.start(v)) {
      v.mode = previous;
      v.modeReason = previousReason;
      enterMode(v, previous);
      v.sendText(MavSeverity.WARNING, 'Mode change to AUTO failed: init failed');
      return MavResult.FAILED;
    }
  }
  return MavResult.ACCEPTED;
}

function enterMode(v: SimVehicle, mode: number): void {
  const kin = v.kin;
  kin.yawMode = { kind: 'travel' };
  kin.speed_mps = v.cfg.speed_mps;
  kin.climb_mps = v.cfg.climb_mps;
  kin.descent_mps = v.cfg.descent_mps;
  if (mode !== COPTER_MODE.AUTO) v.nav = 'hold';
  if (kin.landed) {
    kin.holdHere();
    if (mode === COPTER_MODE.LAND) v.nav = 'land';
    return;
  }
  switch (mode) {
    case COPTER_MODE.RTL:
      startRtl(v);
      break;
    case COPTER_MODE.LAND:
      startLanding(v);
      break;
    case COPTER_MODE.BRAKE:
      kin.horizontal = { kind: 'stop', accel_mps2: v.cfg.brake_accel_mps2 };
      kin.vertical = { kind: 'pos', d: kin.pos.d };
      break;
    case COPTER_MODE.AUTO:
      break; // the flight plan's start() has set the targets
    default:
      kin.holdHere(); // GUIDED, LOITER, STABILIZE, ALT_HOLD: stop and hold (no pilot input in the simulator)
  }
}

/**
 * Return to launch (RTL mode, or a flight plan's NAV_RETURN_TO_LAUNCH in AUTO): climb to max(RTL_ALT, current
 * altitude), fly home, hover RTL_LOIT_TIME, descend, disarm on touchdown.
 */
export function startRtl(v: SimVehicle): void {
  v.nav = 'rtl';
  v.rtl = { stage: 'climb', stage_ms: v.t_ms, alt_m: Math.max(v.cfg.rtl_alt_m, v.kin.alt_m) };
  v.kin.horizontal = { kind: 'stop' };
  v.kin.vertical = { kind: 'pos', d: -(v.rtl.alt_m ?? v.cfg.rtl_alt_m) };
}

/** Land where it is (LAND mode, or a flight plan's NAV_LAND in AUTO); disarms on touchdown. */
export function startLanding(v: SimVehicle): void {
  v.nav = 'land';
  v.kin.horizontal = { kind: 'stop' };
  v.kin.vertical = { kind: 'vel', vd_mps: landingSpeed(v) };
}

/** Per-step behaviour of the current mode and navigation task (targets for the physics). */
export function stepMode(v: SimVehicle, dt_s: number): void {
  if (!v.armed) return;
  if (v.kin.landed) {
    if (v.nav === 'land') v.disarmNow('Disarming motors'); // LAND disarms once on the ground
    return;
  }
  if (v.mode === COPTER_MODE.AUTO) v.flightPlan?.step(v, dt_s);
  if (v.nav === 'rtl') stepRtl(v);
  else if (v.nav === 'land') v.kin.vertical = { kind: 'vel', vd_mps: landingSpeed(v) };
}

/** Descent speed: WPNAV_SPEED_DN high up, LAND_SPEED below LAND_ALT_LOW. */
function landingSpeed(v: SimVehicle): number {
  return v.kin.alt_m > v.cfg.land_slow_alt_m ? v.kin.descent_mps : v.cfg.land_speed_mps;
}

function stepRtl(v: SimVehicle): void {
  const kin = v.kin;
  const rtl = v.rtl;
  const alt_m = rtl.alt_m ?? v.cfg.rtl_alt_m;
  const next = (stage: RtlStage): void => {
    rtl.stage = stage;
    rtl.stage_ms = v.t_ms;
  };
  switch (rtl.stage) {
    case 'climb':
      kin.horizontal = { kind: 'stop' };
      kin.vertical = { kind: 'pos', d: -alt_m };
      if (Math.abs(kin.alt_m - alt_m) < 0.3) next('return');
      break;
    case 'return':
      kin.horizontal = { kind: 'pos', n: 0, e: 0 };
      kin.vertical = { kind: 'pos', d: -alt_m };
      if (Math.hypot(kin.pos.n, kin.pos.e) < 1 && kin.groundSpeed_mps < 0.3) next('loiter');
      break;
    case 'loiter':
      if (v.t_ms - rtl.stage_ms >= v.cfg.rtl_loiter_s * 1000) next('descend');
      break;
    case 'descend':
      kin.horizontal = { kind: 'pos', n: 0, e: 0 };
      kin.vertical = { kind: 'vel', vd_mps: landingSpeed(v) };
      break;
  }
}

/** NAV_TAKEOFF: climb straight up to `alt_rel_m` above home. Needs armed, on the ground, GUIDED (or AUTO). */
export function takeoff(v: SimVehicle, alt_rel_m: number): number {
  if (!v.armed || !v.kin.landed) return MavResult.FAILED;
  if (v.mode !== COPTER_MODE.GUIDED && v.mode !== COPTER_MODE.AUTO) return MavResult.FAILED;
  if (!Number.isFinite(alt_rel_m) || alt_rel_m <= 0) return MavResult.FAILED;
  const kin = v.kin;
  v.nav = 'hold';
  kin.liftOff();
  kin.horizontal = { kind: 'pos', n: kin.pos.n, e: kin.pos.e };
  kin.vertical = { kind: 'pos', d: -alt_rel_m };
  return MavResult.ACCEPTED;
}

/** Fly to a local point (metres from home) at `alt_rel_m` above home; yaw returns to the default behaviour. */
export function goTo(v: SimVehicle, n: number, e: number, alt_rel_m: number): void {
  if (![n, e, alt_rel_m].every(Number.isFinite)) {
    throw new Error(`simulated vehicle ${v.sysid}: goTo needs finite north/east/altitude, got ${n}, ${e}, ${alt_rel_m}`);
  }
  v.nav = 'hold';
  v.kin.horizontal = { kind: 'pos', n, e };
  v.kin.vertical = { kind: 'pos', d: -alt_rel_m };
  v.kin.yawMode = { kind: 'travel' };
}

/** Distance in metres from the vehicle to its position target (0 when holding). */
export function distanceToTarget(v: SimVehicle): number {
  const h = v.kin.horizontal;
  const horizontal = h.kind === 'pos' ? Math.hypot(h.n - v.kin.pos.n, h.e - v.kin.pos.e) : 0;
  const vert = v.kin.vertical;
  const vertical = vert.kind === 'pos' ? Math.abs(vert.d - v.kin.pos.d) : 0;
  return Math.hypot(horizontal, vertical);
}
