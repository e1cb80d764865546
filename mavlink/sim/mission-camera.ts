// The simulated camera, driven by the autopilot like ArduPilot's AP_Camera: each picture is reported from the
// autopilot component with CAMERA_IMAGE_CAPTURED (position, attitude, an image index from 0) and CAMERA_FEEDBACK.
import { ardupilotmega, common } from 'node-mavlink';
import type { SimVehicle } from './vehicle';

export class SimCamera {
  /** Pictures taken since boot (the next image_index). */
  images = 0;
  private interval_ms = 0;
  private remaining = 0;
  private next_ms = 0;

  constructor(private readonly v: SimVehicle) {}

  /** Take one picture now and report it. */
  capture(): void {
    const v = this.v;
    const p = v.position();
    const k = v.kin;
    const m = new common.CameraImageCaptured();
    m.timeBootMs = Math.floor(v.t_ms);
    m.timeUtc = v.epoch_us + BigInt(Math.round(v.t_ms * 1000));
    m.cameraId = 1;
    m.lat = Math.round(p.lat_deg * 1e7);
    m.lon = Math.round(p.lon_deg * 1e7);
    m.alt = Math.round(p.alt_m * 1000);
    m.relativeAlt = Math.round(p.alt_rel_m * 1000);
    m.q = eulerToQuaternion(k.roll_rad, k.pitch_rad, k.yaw_rad);
    m.imageIndex = this.images;
    m.captureResult = 1;
    m.fileUrl = '';
    v.send(m);
    const f = new ardupilotmega.CameraFeedback();
    f.timeUsec = m.timeUtc;
    f.targetSystem = 0;
    f.camIdx = 0;
    f.imgIdx = this.images + 1; // CAMERA_FEEDBACK counts from 1
    f.lat = m.lat;
    f.lng = m.lon;
    f.altMsl = p.alt_m;
    f.altRel = p.alt_rel_m;
    f.roll = k.roll_rad * 180 / Math.PI;
    f.pitch = k.pitch_rad * 180 / Math.PI;
    f.yaw = k.yaw_rad * 180 / Math.PI;
    f.focLen = 0;
    f.flags = ardupilotmega.CameraFeedbackFlags.PHOTO;
    f.completedCaptures = this.images + 1;
    v.send(f);
    this.images++;
  }

  /** IMAGE_START_CAPTURE: `total` pictures (0: until stopped) every `interval_s`; one picture when interval is 0. */
  start(interval_s: number, total: number): boolean {
    if (!Number.isFinite(interval_s) || interval_s < 0 || !Number.isFinite(total) || total < 0) return false;
    const count = Math.round(total);
    if (interval_s === 0 || count === 1) {
      this.stop();
      this.capture();
      return true;
    }
    this.interval_ms = interval_s * 1000;
    this.remaining = count === 0 ? Number.POSITIVE_INFINITY : count;
    this.next_ms = this.v.t_ms;
    return true;
  }

  stop(): void {
    this.remaining = 0;
  }

  /** Called every physics step: takes the pictures a running interval capture is due. */
  step(): void {
    if (this.remaining <= 0 || this.v.t_ms + 1e-6 < this.next_ms) return;
    this.capture();
    this.remaining--;
    this.next_ms += this.interval_ms;
  }
}

function eulerToQuaternion(roll: number, pitch: number, yaw: number): number[] {
  const [cr, sr] = [Math.cos(roll / 2), Math.sin(roll / 2)];
  const [cp, sp] = [Math.cos(pitch / 2), Math.sin(pitch / 2)];
  const [cy, sy] = [Math.cos(yaw / 2), Math.sin(yaw / 2)];
  return [cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy, cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy];
}
