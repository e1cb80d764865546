// Does the planned route keep within each duty post's radius for its dwell_s? A synthetic track along the walked
// path (5 Hz, the leg timing of timing.ts, holds as samples standing still) goes through the same duty-post
// checker a flown track does (patrol/checks).
import { checkPosts } from '../checks/post-checker';
import type { PostCheck, TrackSample } from '../checks/types';
import type { Post } from '../site/site';
import type { HomeFrame } from './frame';
import type { PathPoint } from './path';
import { legTime_s, type Rates } from './timing';

const SAMPLE_S = 0.2;

export function syntheticTrack(points: readonly PathPoint[], frame: HomeFrame, r: Rates): TrackSample[] {
  const track: TrackSample[] = [];
  const push = (t_s: number, x_m: number, y_m: number, alt_m: number): void => {
    const { lat_deg, lon_deg } = frame.toLatLon(x_m, y_m);
    track.push({ t_us: Math.round(t_s * 1e6), lat_deg, lon_deg, alt_rel_m: alt_m });
  };
  if (points.length === 0) return track;
  let t_s = 0;
  push(0, points[0].x_m, points[0].y_m, points[0].alt_m);
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const d_s = legTime_s(a, b, r);
    const n = Math.ceil(d_s / SAMPLE_S);
    for (let k = 1; k <= n; k++) {
      const f = k / n;
      push(t_s + d_s * f, a.x_m + (b.x_m - a.x_m) * f, a.y_m + (b.y_m - a.y_m) * f, a.alt_m + (b.alt_m - a.alt_m) * f);
    }
    t_s += d_s;
    const m = Math.ceil(b.hold_s / SAMPLE_S);
    for (let k = 1; k <= m; k++) push(t_s + (b.hold_s * k) / m, b.x_m, b.y_m, b.alt_m);
    t_s += b.hold_s;
  }
  return track;
}

export function postCoverage(points: readonly PathPoint[], posts: readonly Post[], frame: HomeFrame, r: Rates): PostCheck[] {
  return checkPosts(syntheticTrack(points, frame, r), [], posts);
}
