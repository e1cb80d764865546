// A deterministic patrol for the checks benchmark: 100 duty posts over a ~1 km site near 34.75 N 113.75 E, and a
// 1-hour, 10 Hz track that flies from post to post at 8 m/s with a little GPS noise, hovering at most of them.
import type { Photo, TrackSample } from '../patrol/checks/types';
import type { Post } from '../patrol/site/site';
import { mulberry32 } from '../mavlink/sim/faults';

const M_PER_DEG = (6371008.8 * Math.PI) / 180;
const ORIGIN = { lat_deg: 34.75, lon_deg: 113.75 };
const T0_US = Date.UTC(2026, 10, 29, 1, 0) * 1000;

/** Mulberry32: the simulator's small seeded PRNG. */
export const prng = mulberry32;

function toLatLon(x_m: number, y_m: number): { lat_deg: number; lon_deg: number } {
  return {
    lat_deg: ORIGIN.lat_deg + y_m / M_PER_DEG,
    lon_deg: ORIGIN.lon_deg + x_m / (M_PER_DEG * Math.cos((ORIGIN.lat_deg * Math.PI) / 180)),
  };
}

export interface BenchPatrol {
  posts: Post[];
  track: TrackSample[];
  photos: Photo[];
}

export function benchPatrol(n_posts = 100, duration_s = 3600, rate_hz = 10, seed = 7): BenchPatrol {
  const rand = prng(seed);
  const xy = Array.from({ length: n_posts }, () => [rand() * 1000, rand() * 1000] as const);
  const posts: Post[] = xy.map(([x, y], i) => ({
    id: `post-${i}`,
    name: `Post ${i}`,
    ...toLatLon(x, y),
    radius_m: 10 + Math.floor(rand() * 20),
    dwell_s: 10 + Math.floor(rand() * 20),
    shifts: i % 3 === 0 ? [] : [{ from: '08:00', to: '20:00' }, { from: '20:00', to: '06:00' }],
  }));
  const track: TrackSample[] = [];
  const photos: Photo[] = [];
  const dt_s = 1 / rate_hz;
  const n = Math.round(duration_s * rate_hz);
  const speed_mps = 8;
  let [x, y] = [500, 500];
  let target = 0;
  let hover_left_s = 0;
  for (let k = 0; k < n; k++) {
    const [tx, ty] = xy[target];
    const dx = tx - x;
    const dy = ty - y;
    const d = Math.hypot(dx, dy);
    if (hover_left_s > 0) {
      hover_left_s -= dt_s;
      if (hover_left_s <= 0) target = Math.floor(rand() * n_posts);
    } else if (d <= speed_mps * dt_s) {
      [x, y] = [tx, ty];
      hover_left_s = rand() < 0.8 ? 15 + rand() * 20 : 0.01;
      if (rand() < 0.5) photos.push({ t_us: T0_US + k * dt_s * 1e6, ...toLatLon(x, y), image_index: photos.length });
    } else {
      x += (dx / d) * speed_mps * dt_s;
      y += (dy / d) * speed_mps * dt_s;
    }
    const noise_m = 0.3;
    track.push({
      t_us: T0_US + Math.round(k * dt_s * 1e6),
      ...toLatLon(x + (rand() - 0.5) * noise_m, y + (rand() - 0.5) * noise_m),
      alt_rel_m: 30 + (rand() - 0.5),
    });
  }
  return { posts, track, photos };
}
