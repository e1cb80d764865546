// Running statistics of a flown track: distance along the ground and highest altitude. Used live (the `fly`
// command, the Fly view) and in replay. Geometry by turf (great-circle distance on WGS-84 degrees).
import distance from '@turf/distance';

/** Positions closer than this to the last counted one are GPS noise while hovering, not travel. */
const MIN_STEP_M = 0.5;

export class TrackStats {
  distance_m = 0;
  max_alt_rel_m = Number.NEGATIVE_INFINITY;
  points = 0;
  private last: [number, number] | undefined;

  add(lat_deg: number, lon_deg: number, alt_rel_m: number): void {
    if (!Number.isFinite(lat_deg) || !Number.isFinite(lon_deg)) return;
    this.points++;
    if (Number.isFinite(alt_rel_m)) this.max_alt_rel_m = Math.max(this.max_alt_rel_m, alt_rel_m);
    const here: [number, number] = [lon_deg, lat_deg];
    if (!this.last) {
      this.last = here;
      return;
    }
    const step_m = distance(this.last, here, { units: 'meters' });
    if (step_m < MIN_STEP_M) return;
    this.distance_m += step_m;
    this.last = here;
  }
}
