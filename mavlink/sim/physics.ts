// Point-mass kinematics of a multicopter: position/velocity in local NED around home, acceleration and
// speed limits like ArduCopter's position controller, yaw slewing, and an attitude consistent with acceleration.
import type { VehicleConfig } from './config';
import { wrapPi, type Ned } from './geo';

export const GRAVITY_MPS2 = 9.80665;
/** Tilt needed against air drag at speed: an extra "acceleration" of DRAG_PER_S × velocity. */
const DRAG_PER_S = 0.3;
const ATTITUDE_TAU_S = 0.15;

export type HorizontalCommand =
  | { kind: 'pos'; n: number; e: number }
  /** Decelerate to a stop and hold; `accel_mps2` overrides the normal deceleration (BRAKE). */
  | { kind: 'stop'; accel_mps2?: number };

export type VerticalCommand = { kind: 'pos'; d: number } | { kind: 'vel'; vd_mps: number };

export type YawMode =
  /** Nose toward the position target while travelling (WP_YAW_BEHAVIOR 2). */
  | { kind: 'travel' }
  | { kind: 'fixed'; yaw_rad: number; rate_dps?: number }
  /** Nose toward a region of interest (local NED north/east). */
  | { kind: 'roi'; n: number; e: number };

export interface StepResult {
  touchdown: boolean;
}

export class Kinematics {
  readonly pos: Ned = { n: 0, e: 0, d: 0 };
  readonly vel: Ned = { n: 0, e: 0, d: 0 };
  readonly acc: Ned = { n: 0, e: 0, d: 0 };
  yaw_rad = 0;
  yawRate_rps = 0;
  roll_rad = 0;
  pitch_rad = 0;
  rollRate_rps = 0;
  pitchRate_rps = 0;
  /** On the ground (no lift-off since the last touchdown). */
  landed = true;
  horizontal: HorizontalCommand = { kind: 'stop' };
  vertical: VerticalCommand = { kind: 'vel', vd_mps: 0 };
  yawMode: YawMode = { kind: 'travel' };
  /** Current horizontal speed limit (WPNAV_SPEED, changed by DO_CHANGE_SPEED). */
  speed_mps: number;
  climb_mps: number;
  descent_mps: number;

  constructor(private readonly cfg: VehicleConfig) {
    this.speed_mps = cfg.speed_mps;
    this.climb_mps = cfg.climb_mps;
    this.descent_mps = cfg.descent_mps;
  }

  get groundSpeed_mps(): number {
    return Math.hypot(this.vel.n, this.vel.e);
  }

  get alt_m(): number {
    return -this.pos.d;
  }

  /** Leave the ground (takeoff): the vertical command decides how high. */
  liftOff(): void {
    this.landed = false;
  }

  /** Hold where it is now: stop horizontally, hold the current altitude. */
  holdHere(): void {
    this.horizontal = { kind: 'stop' };
    this.vertical = { kind: 'pos', d: this.pos.d };
  }

  /** Advance `dt_s` seconds; `motorsOn` is false when disarmed (a disarmed copter in the air falls). */
  step(dt_s: number, motorsOn: boolean): StepResult {
    const before = { n: this.vel.n, e: this.vel.e, d: this.vel.d };
    if (this.landed) {
      this.vel.n = this.vel.e = this.vel.d = 0;
    } else if (!motorsOn) {
      this.vel.n *= Math.max(0, 1 - 0.5 * dt_s);
      this.vel.e *= Math.max(0, 1 - 0.5 * dt_s);
      this.vel.d += GRAVITY_MPS2 * dt_s;
    } else {
      this.stepHorizontal(dt_s);
      this.stepVertical(dt_s);
    }
    this.pos.n += this.vel.n * dt_s;
    this.pos.e += this.vel.e * dt_s;
    this.pos.d += this.vel.d * dt_s;
    let touchdown = false;
    if (!this.landed && this.pos.d >= 0 && this.vel.d >= 0) {
      this.pos.d = 0;
      this.vel.n = this.vel.e = this.vel.d = 0;
      this.landed = true;
      touchdown = true;
    }
    this.acc.n = (this.vel.n - before.n) / dt_s;
    this.acc.e = (this.vel.e - before.e) / dt_s;
    this.acc.d = (this.vel.d - before.d) / dt_s;
    if (motorsOn && !this.landed) this.stepYaw(dt_s);
    else this.yawRate_rps = 0;
    this.stepAttitude(dt_s);
    return { touchdown };
  }

  private stepHorizontal(dt_s: number): void {
    const h = this.horizontal;
    let accel = this.cfg.accel_mps2;
    let wantN = 0;
    let wantE = 0;
    if (h.kind === 'pos') {
      const dn = h.n - this.pos.n;
      const de = h.e - this.pos.e;
      const dist = Math.hypot(dn, de);
      if (dist > 1e-3) {
        // Fastest speed from which we can still stop at the target (with margin), capped by the limit.
        const speed = Math.min(this.speed_mps, Math.sqrt(2 * accel * 0.8 * dist), dist / dt_s);
        wantN = (dn / dist) * speed;
        wantE = (de / dist) * speed;
      }
    } else if (h.accel_mps2 !== undefined) {
      accel = h.accel_mps2;
    }
    const dvn = wantN - this.vel.n;
    const dve = wantE - this.vel.e;
    const dv = Math.hypot(dvn, dve);
    const maxDv = accel * dt_s;
    const k = dv > maxDv ? maxDv / dv : 1;
    this.vel.n += dvn * k;
    this.vel.e += dve * k;
    if (h.kind === 'pos' && Math.hypot(h.n - this.pos.n, h.e - this.pos.e) < 0.01 && this.groundSpeed_mps < 0.05) {
      this.pos.n = h.n;
      this.pos.e = h.e;
      this.vel.n = this.vel.e = 0;
    }
  }

  private stepVertical(dt_s: number): void {
    const v = this.vertical;
    const a = this.cfg.accel_z_mps2;
    let want: number;
    if (v.kind === 'vel') {
      want = v.vd_mps;
    } else {
      const dz = v.d - this.pos.d;
      const limit = dz > 0 ? this.descent_mps : this.climb_mps;
      want = Math.sign(dz) * Math.min(limit, Math.sqrt(2 * a * 0.8 * Math.abs(dz)), Math.abs(dz) / dt_s);
    }
    const dv = want - this.vel.d;
    this.vel.d += Math.max(-a * dt_s, Math.min(a * dt_s, dv));
  }

  private stepYaw(dt_s: number): void {
    const target = this.yawTarget();
    let rate_dps = this.cfg.yaw_rate_dps;
    if (this.yawMode.kind === 'fixed' && this.yawMode.rate_dps !== undefined && this.yawMode.rate_dps > 0) {
      rate_dps = this.yawMode.rate_dps;
    }
    if (target === undefined) {
      this.yawRate_rps = 0;
      return;
    }
    const err = wrapPi(target - this.yaw_rad);
    const maxStep = (rate_dps * Math.PI / 180) * dt_s;
    const stepRad = Math.max(-maxStep, Math.min(maxStep, err));
    this.yaw_rad = wrapPi(this.yaw_rad + stepRad);
    this.yawRate_rps = stepRad / dt_s;
  }

  private yawTarget(): number | undefined {
    const y = this.yawMode;
    if (y.kind === 'fixed') return y.yaw_rad;
    if (y.kind === 'roi') {
      const dn = y.n - this.pos.n;
      const de = y.e - this.pos.e;
      return Math.hypot(dn, de) > 0.5 ? Math.atan2(de, dn) : undefined;
    }
    const h = this.horizontal;
    if (h.kind !== 'pos') return undefined;
    const dn = h.n - this.pos.n;
    const de = h.e - this.pos.e;
    return Math.hypot(dn, de) > 2 ? Math.atan2(de, dn) : undefined;
  }

  private stepAttitude(dt_s: number): void {
    let pitch = 0;
    let roll = 0;
    if (!this.landed) {
      const an = this.acc.n + DRAG_PER_S * this.vel.n;
      const ae = this.acc.e + DRAG_PER_S * this.vel.e;
      const c = Math.cos(this.yaw_rad);
      const s = Math.sin(this.yaw_rad);
      const forward = an * c + ae * s;
      const right = -an * s + ae * c;
      const lift = GRAVITY_MPS2 - this.acc.d;
      pitch = -Math.atan2(forward, lift);
      roll = Math.atan2(right, lift);
    }
    const k = Math.min(1, dt_s / ATTITUDE_TAU_S);
    const newPitch = this.pitch_rad + (pitch - this.pitch_rad) * k;
    const newRoll = this.roll_rad + (roll - this.roll_rad) * k;
    this.pitchRate_rps = (newPitch - this.pitch_rad) / dt_s;
    this.rollRate_rps = (newRoll - this.roll_rad) / dt_s;
    this.pitch_rad = newPitch;
    this.roll_rad = newRoll;
  }
}
