// A vehicle's positions through a recording, as columns (one typed array per value, 88 bytes a position), with
// the state a track row carries at each: the replay's track, its charts and colours, the report's figures and the
// exports all read these — none of them needs a message object.
import type { TrackRow } from '../../patrol/formats/track-export';
import { f64, Growable } from './growable';

export interface TrackPoint {
  t_us: number;
  lat_deg: number;
  lon_deg: number;
  alt_rel_m: number;
}

export class TrackColumns {
  readonly t_us = f64(1024);
  readonly lat_deg = f64(1024);
  readonly lon_deg = f64(1024);
  readonly alt_rel_m = f64(1024);
  readonly alt_amsl_m = f64(1024);
  readonly speed_mps = f64(1024);
  /** NaN: not known. */
  readonly heading_deg = f64(1024);
  readonly battery_v = f64(1024);
  readonly battery_pct = f64(1024);
  /** Index into `modes`. */
  readonly mode = new Growable(Uint16Array, 1024);
  readonly armed = new Growable(Uint8Array, 1024);
  readonly modes: string[] = [];
  private readonly modeIndex = new Map<string, number>();

  constructor(readonly sysid: number) {}

  get length(): number {
    return this.t_us.length;
  }

  push(t_us: number, lat_deg: number, lon_deg: number, alt_rel_m: number, alt_amsl_m: number, speed_mps: number, heading_deg: number, mode: string, armed: boolean, battery_v: number, battery_pct: number): void {
    this.t_us.push(t_us);
    this.lat_deg.push(lat_deg);
    this.lon_deg.push(lon_deg);
    this.alt_rel_m.push(alt_rel_m);
    this.alt_amsl_m.push(alt_amsl_m);
    this.speed_mps.push(speed_mps);
    this.heading_deg.push(heading_deg);
    this.battery_v.push(battery_v);
    this.battery_pct.push(battery_pct);
    let m = this.modeIndex.get(mode);
    if (m === undefined) {
      m = this.modes.length;
      this.modes.push(mode);
      this.modeIndex.set(mode, m);
    }
    this.mode.push(m);
    this.armed.push(armed ? 1 : 0);
  }

  /** The positions as objects (for tests and small tracks; the views read the columns). */
  points(): TrackPoint[] {
    return Array.from({ length: this.length }, (_, i) => ({ t_us: this.t_us.get(i), lat_deg: this.lat_deg.get(i), lon_deg: this.lon_deg.get(i), alt_rel_m: this.alt_rel_m.get(i) }));
  }

  /** Position i as a track export's row (times in ms since the epoch; unknown values null). */
  row(i: number): TrackRow {
    const num = (v: number) => (Number.isNaN(v) ? null : v);
    return {
      sysid: this.sysid, t_ms: this.t_us.get(i) / 1000, lat_deg: this.lat_deg.get(i), lon_deg: this.lon_deg.get(i), alt_rel_m: this.alt_rel_m.get(i),
      alt_amsl_m: this.alt_amsl_m.get(i), groundspeed_mps: this.speed_mps.get(i), heading_deg: num(this.heading_deg.get(i)),
      mode: this.modes[this.mode.get(i)], armed: this.armed.get(i) === 1, battery_v: num(this.battery_v.get(i)), battery_pct: num(this.battery_pct.get(i)),
    };
  }
}
