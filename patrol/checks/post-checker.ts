// The duty-post checker: feed it the track sample by sample (live) or all at once (`checkPosts`); both run this
// same code, so the live results equal the batch results for the same inputs at every point.
//
// Geometry: each post gets its own local equirectangular frame (metres per degree of longitude from the cosine of
// the post's latitude): within 2 cm of turf's great-circle distance at 1 km, 5 cm at 1.5 km. Between two
// samples the aircraft is taken to fly straight at constant speed, so crossings of the radius and the closest
// approach are solved on each segment, not read off samples: results hardly depend on the sample rate.
// Speed (bench/checks.ts): by the triangle inequality, a post at distance d cannot come nearer than d − (path
// flown since); so a post farther than its radius and its closest approach so far waits in a heap keyed by the
// path length at which the track could first reach either, and each sample only looks at the posts that are due.
// The path is measured with the largest metres per degree of longitude among the posts, so it bounds every post's.

import type { Post } from '../site/site';
import { KeyHeap } from './key-heap';
import { overlapsShift, shiftMinutes, type ShiftMinutes } from './shift-overlap';
import {
  DEFAULT_MAX_GAP_S,
  DEFAULT_UTC_OFFSET_MIN,
  type CheckOptions,
  type Photo,
  type PhotoAtPost,
  type PostCheck,
  type TrackSample,
  type Visit,
} from './types';

/** turf's mean Earth radius, so distances agree with @turf/distance. */
const EARTH_RADIUS_M = 6371008.8;
const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;
/** Slack on the triangle-inequality bound for rounding. */
const BOUND_SLACK_M = 1e-6;

interface OpenVisit {
  enter_t_us: number;
}

/** One post at the last sample, in brief (see PostChecker.glance). */
export interface PostGlance {
  status: PostCheck['status'];
  /** Since when the aircraft is within the radius (a visit going on), else null. */
  since_us: number | null;
  dwell_s: number;
  closest_m: number;
  photos: number;
}

export class PostChecker {
  private readonly posts: readonly Post[];
  private readonly shifts: ShiftMinutes[][];
  private readonly utc_offset_min: number;
  private readonly max_gap_us: number;
  // Per post, struct of arrays: position, metres per degree, radius, and the running state.
  private readonly lat: Float64Array;
  private readonly lon: Float64Array;
  private readonly kx: Float64Array;
  private readonly r: Float64Array;
  private readonly prev_d: Float64Array;
  /** The segment number at which prev_d was measured. */
  private readonly prev_seg: Float64Array;
  /** Path length (kx_max metric) before which the post cannot come within its radius or its closest approach. */
  private readonly skip_until_m: Float64Array;
  private readonly closest_m: Float64Array;
  private readonly closest_t_us: Float64Array;
  private readonly closest_alt_m: Float64Array;
  private readonly open: (OpenVisit | undefined)[];
  private readonly visits: { enter_t_us: number; exit_t_us: number }[][];
  private readonly photos: PhotoAtPost[][];
  /** The largest metres per degree of longitude over the posts: segment lengths measured with it bound every post's. */
  private readonly kx_max: number;
  private last: TrackSample | undefined;
  private samples = 0;
  /** Segments flown (not counting gaps), and their length in the kx_max metric. */
  private seg = 0;
  private path_m = 0;
  /** The posts far enough to wait, by skip_until_m; the near ones (looked at every sample) are in `near`. */
  private readonly heap: KeyHeap;
  private readonly near: Int32Array;
  private n_near = 0;
  /** The posts to look at for the current sample. */
  private readonly due: Int32Array;

  constructor(posts: readonly Post[], opts: CheckOptions = {}) {
    this.utc_offset_min = opts.utc_offset_min ?? DEFAULT_UTC_OFFSET_MIN;
    const max_gap_s = opts.max_gap_s ?? DEFAULT_MAX_GAP_S;
    if (!Number.isFinite(this.utc_offset_min)) throw new Error(`checks: utc_offset_min ${this.utc_offset_min} is not a number of minutes`);
    if (!(max_gap_s > 0)) throw new Error(`checks: max_gap_s ${max_gap_s} must be a positive number of seconds`);
    this.max_gap_us = max_gap_s * 1e6;
    this.posts = posts;
    const n = posts.length;
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.kx = new Float64Array(n);
    this.r = new Float64Array(n);
    this.prev_d = new Float64Array(n);
    this.prev_seg = new Float64Array(n);
    this.skip_until_m = new Float64Array(n);
    this.heap = new KeyHeap(n, this.skip_until_m);
    this.due = new Int32Array(n);
    this.near = new Int32Array(n);
    this.closest_m = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.closest_t_us = new Float64Array(n).fill(Number.NaN);
    this.closest_alt_m = new Float64Array(n).fill(Number.NaN);
    this.open = new Array<OpenVisit | undefined>(n).fill(undefined);
    this.visits = posts.map(() => []);
    this.photos = posts.map(() => []);
    this.shifts = posts.map((post) => shiftMinutes(post.shifts, post.id));
    let kx_max = 0;
    posts.forEach((post, i) => {
      const where = `post "${post.id}"`;
      if (!(Math.abs(post.lat_deg) <= 89) || !(Math.abs(post.lon_deg) <= 180)) {
        throw new Error(`${where}: position ${post.lat_deg}, ${post.lon_deg} is not a latitude/longitude in degrees`);
      }
      if (!(post.radius_m > 0) || !Number.isFinite(post.radius_m)) throw new Error(`${where}: radius_m ${post.radius_m} must be a positive number`);
      if (!(post.dwell_s >= 0) || !Number.isFinite(post.dwell_s)) throw new Error(`${where}: dwell_s ${post.dwell_s} must be zero or more`);
      this.lat[i] = post.lat_deg;
      this.lon[i] = post.lon_deg;
      this.kx[i] = Math.cos((post.lat_deg * Math.PI) / 180) * M_PER_DEG;
      this.r[i] = post.radius_m;
      kx_max = Math.max(kx_max, this.kx[i]);
    });
    this.kx_max = kx_max;
  }

  /**
   * Adds the next track sample. Times must not go backwards; a sample without a finite position is skipped. The
   * sample is copied, so a replay may reuse one object to read its columns.
   */
  add(sample: TrackSample): void {
    const { t_us, lat_deg, lon_deg, alt_rel_m } = sample;
    if (!Number.isFinite(t_us)) throw new Error(`checks: track sample ${this.samples} has time ${t_us}, not microseconds`);
    const last = this.last;
    if (last !== undefined && t_us < last.t_us) {
      throw new Error(`checks: track sample ${this.samples} at ${t_us} µs is earlier than the one before (${last.t_us} µs)`);
    }
    this.samples++;
    if (!Number.isFinite(lat_deg) || !Number.isFinite(lon_deg)) return;
    const here: TrackSample = { t_us, lat_deg, lon_deg, alt_rel_m };
    this.last = here;
    if (last === undefined || t_us - last.t_us > this.max_gap_us) {
      this.restart(here, last);
      return;
    }
    const dlat_m = (lat_deg - last.lat_deg) * M_PER_DEG;
    const dlon_deg = lon_deg - last.lon_deg;
    const dx_max = dlon_deg * this.kx_max;
    const seg_bound_m = Math.sqrt(dx_max * dx_max + dlat_m * dlat_m) + BOUND_SLACK_M;
    const seg = ++this.seg;
    const path_m = (this.path_m += seg_bound_m);
    const { lat, lon, kx, r, prev_d, prev_seg, skip_until_m, closest_m, heap, due, near } = this;
    let n_due = this.n_near;
    for (let k = 0; k < n_due; k++) due[k] = near[k];
    let n_near = 0;
    while (heap.size > 0 && skip_until_m[heap.peek()] <= path_m) due[n_due++] = heap.pop();
    for (let k = 0; k < n_due; k++) {
      const i = due[k];
      const dx = (lon_deg - lon[i]) * kx[i];
      const dy = (lat_deg - lat[i]) * M_PER_DEG;
      const d_b = Math.sqrt(dx * dx + dy * dy);
      const d_a = prev_seg[i] === seg - 1 ? prev_d[i] : this.distance(i, last);
      prev_d[i] = d_b;
      prev_seg[i] = seg;
      const near_m = Math.max(r[i], closest_m[i]);
      // No point of the segment is nearer the post than this (triangle inequality).
      const lower_m = (d_a + d_b - seg_bound_m) / 2;
      if (lower_m > near_m) {
        // Nor of the path ahead, until it has grown by the distance to spare.
        skip_until_m[i] = path_m + (d_b - near_m) - BOUND_SLACK_M;
        heap.push(i);
      } else {
        this.segment(i, last, here, dx, dy, dlon_deg * kx[i], dlat_m);
        near[n_near++] = i;
      }
    }
    this.n_near = n_near;
  }

  /** Adds a photo; it counts for every post whose radius holds its position. Order of photos does not matter. */
  addPhoto(photo: Photo): void {
    if (!Number.isFinite(photo.lat_deg) || !Number.isFinite(photo.lon_deg) || !Number.isFinite(photo.t_us)) return;
    for (let i = 0; i < this.lat.length; i++) {
      const dx = (photo.lon_deg - this.lon[i]) * this.kx[i];
      const dy = (photo.lat_deg - this.lat[i]) * M_PER_DEG;
      if (dx * dx + dy * dy <= this.r[i] * this.r[i]) this.photos[i].push({ image_index: photo.image_index, t_us: photo.t_us });
    }
  }

  /** For each post (in the posts' order): since when the aircraft is within its radius (a visit going on), else null. */
  inViewSince(): (number | null)[] {
    return this.posts.map((_, i) => this.open[i]?.enter_t_us ?? null);
  }

  /** The time of the last sample added, or null before any. */
  lastTime(): number | null {
    return this.last?.t_us ?? null;
  }

  /**
   * Post i so far, as `results()` would give it, without building its visits (a replay follows every post sample by
   * sample: 185 k samples × the posts). Written into `out`, which is returned.
   */
  glance(i: number, out: PostGlance): PostGlance {
    const open = this.open[i];
    let dwell_us = 0;
    let visits = this.visits[i].length;
    for (const v of this.visits[i]) dwell_us = Math.max(dwell_us, v.exit_t_us - v.enter_t_us);
    if (open !== undefined && this.last !== undefined) {
      dwell_us = Math.max(dwell_us, this.last.t_us - open.enter_t_us);
      visits++;
    }
    out.dwell_s = dwell_us / 1e6;
    out.status = visits === 0 ? 'missed' : out.dwell_s >= this.posts[i].dwell_s ? 'checked' : 'brief';
    out.since_us = open?.enter_t_us ?? null;
    out.closest_m = this.closest_m[i];
    out.photos = this.photos[i].length;
    return out;
  }

  /** The checks so far, one per post in the posts' order. A visit still going on ends at the last sample. */
  results(): PostCheck[] {
    return this.posts.map((post, i) => {
      const spans = [...this.visits[i]];
      const open = this.open[i];
      if (open !== undefined && this.last !== undefined) spans.push({ enter_t_us: open.enter_t_us, exit_t_us: this.last.t_us });
      const has_shifts = this.shifts[i].length > 0;
      const visits: Visit[] = spans.map((span) => ({
        enter_t_us: span.enter_t_us,
        exit_t_us: span.exit_t_us,
        duration_s: (span.exit_t_us - span.enter_t_us) / 1e6,
        in_shift: has_shifts ? overlapsShift(span.enter_t_us, span.exit_t_us, this.shifts[i], this.utc_offset_min) : null,
      }));
      const dwell_s = visits.reduce((m, v) => Math.max(m, v.duration_s), 0);
      const total_s = visits.reduce((s, v) => s + v.duration_s, 0);
      const photos = [...this.photos[i]].sort((a, b) => a.t_us - b.t_us || a.image_index - b.image_index);
      const has_track = Number.isFinite(this.closest_m[i]);
      const status: PostCheck['status'] = visits.length === 0 ? 'missed' : dwell_s >= post.dwell_s ? 'checked' : 'brief';
      const qualifying = status === 'checked' ? visits.filter((v) => v.duration_s >= post.dwell_s) : visits;
      return {
        post_id: post.id,
        name: post.name,
        visits,
        dwell_s,
        total_s,
        closest_m: this.closest_m[i],
        closest_t_us: has_track ? this.closest_t_us[i] : null,
        alt_rel_m_at_closest: has_track ? this.closest_alt_m[i] : null,
        photos,
        status,
        // Judged on the visits that make the status: for a checked post, one that was long enough must have been
        // in shift (a long hover out of shift and a brief pass in shift is not a check in shift).
        in_shift: has_shifts && visits.length > 0 ? qualifying.some((v) => v.in_shift === true) : null,
      };
    });
  }

  /** The first sample, or the first after a gap: open visits end at the last sample before the gap. */
  private restart(here: TrackSample, before: TrackSample | undefined): void {
    this.heap.clear();
    this.n_near = 0;
    for (let i = 0; i < this.lat.length; i++) {
      const open = this.open[i];
      if (open !== undefined && before !== undefined) this.close(i, open, before.t_us);
      const dx = (here.lon_deg - this.lon[i]) * this.kx[i];
      const dy = (here.lat_deg - this.lat[i]) * M_PER_DEG;
      const d = Math.sqrt(dx * dx + dy * dy);
      this.prev_d[i] = d;
      this.prev_seg[i] = this.seg;
      if (d < this.closest_m[i]) this.setClosest(i, d, here.t_us, here.alt_rel_m);
      if (d <= this.r[i]) this.open[i] = { enter_t_us: here.t_us };
      this.skip_until_m[i] = this.path_m + (d - Math.max(this.r[i], this.closest_m[i])) - BOUND_SLACK_M;
      this.heap.push(i);
    }
  }

  /**
   * The segment from `a` to `b` for post i: (bx, by) is b relative to the post, (ux, uy) the segment, metres.
   * Updates the closest approach, and opens or closes a visit where the segment crosses the radius.
   */
  private segment(i: number, a: TrackSample, b: TrackSample, bx: number, by: number, ux: number, uy: number): void {
    const ax = bx - ux;
    const ay = by - uy;
    const uu = ux * ux + uy * uy;
    const au = ax * ux + ay * uy;
    const aa = ax * ax + ay * ay;
    const dt_us = b.t_us - a.t_us;
    // Closest point of the segment, s in [0, 1] from a to b.
    const s_min = uu > 0 ? Math.min(1, Math.max(0, -au / uu)) : 1;
    const cx = ax + s_min * ux;
    const cy = ay + s_min * uy;
    const d_min = Math.sqrt(cx * cx + cy * cy);
    if (d_min < this.closest_m[i]) {
      this.setClosest(i, d_min, a.t_us + s_min * dt_us, a.alt_rel_m + s_min * (b.alt_rel_m - a.alt_rel_m));
    }
    const r = this.r[i];
    if (d_min > r) return this.outside(i, a.t_us);
    // Inside the circle where |a + s u|² ≤ r²: uu s² + 2 au s + aa − r² ≤ 0.
    let s_in: number;
    let s_out: number;
    if (uu > 0) {
      const disc = au * au - uu * (aa - r * r);
      if (disc < 0) return this.outside(i, a.t_us);
      const root = Math.sqrt(disc);
      s_in = (-au - root) / uu;
      s_out = (-au + root) / uu;
    } else {
      if (aa > r * r) return this.outside(i, a.t_us);
      s_in = 0;
      s_out = 1;
    }
    if (s_out < 0 || s_in > 1) return this.outside(i, a.t_us);
    if (this.open[i] === undefined) this.open[i] = { enter_t_us: Math.round(a.t_us + Math.max(0, s_in) * dt_us) };
    const open = this.open[i];
    if (s_out < 1 && open !== undefined) this.close(i, open, Math.round(a.t_us + s_out * dt_us));
  }

  /** The segment stays outside the radius: a visit open at its start (within rounding) ends there. */
  private outside(i: number, t_us: number): void {
    const open = this.open[i];
    if (open !== undefined) this.close(i, open, t_us);
  }

  private close(i: number, open: OpenVisit, exit_t_us: number): void {
    this.visits[i].push({ enter_t_us: open.enter_t_us, exit_t_us: Math.max(open.enter_t_us, exit_t_us) });
    this.open[i] = undefined;
  }

  private distance(i: number, at: TrackSample): number {
    const dx = (at.lon_deg - this.lon[i]) * this.kx[i];
    const dy = (at.lat_deg - this.lat[i]) * M_PER_DEG;
    return Math.sqrt(dx * dx + dy * dy);
  }

  private setClosest(i: number, d_m: number, t_us: number, alt_rel_m: number): void {
    this.closest_m[i] = d_m;
    this.closest_t_us[i] = Math.round(t_us);
    this.closest_alt_m[i] = alt_rel_m;
  }
}

/** The checks of a whole track: the same as feeding a PostChecker every sample and photo. */
export function checkPosts(track: readonly TrackSample[], photos: readonly Photo[], posts: readonly Post[], opts: CheckOptions = {}): PostCheck[] {
  const checker = new PostChecker(posts, opts);
  for (const sample of track) checker.add(sample);
  for (const photo of photos) checker.addPhoto(photo);
  return checker.results();
}
