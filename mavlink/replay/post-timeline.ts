// The duty posts' states through a recorded flight, for the replay's seek: the track builder and checker of
// `watchpost checks` (samples sorted and deduplicated as it does them), run once at load, keeping each post's
// changes (state, visit start, closest approach, photos) — followed sample by sample with the checker's `glance`,
// which builds nothing. The state at time t is the last change before t, the
// visit under way counted up to t; at the end of the recording, a post never reached is missed — so the states at
// the end equal `watchpost checks` of the same tlog, and any moment's equal what a live link showed then.
import { TrackBuilder } from '../track/track-builder';
import { PostChecker, type PostGlance } from '../../patrol/checks/post-checker';
import type { CheckOptions, Photo, PostCheck, TrackSample } from '../../patrol/checks/types';
import type { Site } from '../../patrol/site/site';
import { lastAtOrBefore } from './search';

export type PostState = 'pending' | 'in_view' | 'checked' | 'brief' | 'missed';

/** A post at a moment of the replay (the live links' LivePost, the same fields). */
export interface PostStateAt {
  post_id: string;
  state: PostState;
  in_view_s: number;
  dwell_s: number;
  closest_m: number | null;
  photos: number;
}

interface Change {
  t_us: number;
  state: PostState;
  /** When the visit under way began (in_view), µs. */
  since_us: number | null;
  dwell_s: number;
  closest_m: number | null;
  photos: number;
}

/** Closest approach is kept to this step between changes (it changes at every sample on the way in). */
const CLOSEST_STEP_M = 0.5;

export class PostTimeline {
  private samples: TrackSample[] = [];
  private photos: Photo[] = [];
  private changes: Change[][] = [];
  private times: number[][] = [];
  private final: PostStateAt[] = [];
  private end_us = Infinity;
  /** The checks of the whole flight (as `watchpost checks` gives them), once finished. */
  checks: PostCheck[] = [];
  /** Fed the recording's HEARTBEATs, positions and photos, in file order. */
  readonly builder: TrackBuilder;

  /** The site whose posts are checked (set by `finish`: the track is gathered before the site needs to be read). */
  site: Site = { name: '', max_alt_m: 0, buildings: [], posts: [] };

  constructor(sysid?: number, private readonly opts: CheckOptions = {}) {
    this.builder = new TrackBuilder({ sample: (s) => this.samples.push(s), photo: (p) => this.photos.push(p) }, sysid);
  }

  /** The vehicle whose track checks the posts. */
  get sysid(): number | null {
    return this.builder.vehicle;
  }

  /** Run the checker over the whole track (as `watchpost checks` orders it) and keep each post's changes. */
  finish(site: Site, end_us: number): PostTimeline {
    this.site = site;
    this.end_us = end_us;
    const samples = this.samples.sort((a, b) => a.t_us - b.t_us).filter((s, i, all) => i === 0 || s.t_us !== all[i - 1].t_us);
    const photos = this.photos.sort((a, b) => a.t_us - b.t_us);
    const checker = new PostChecker(this.site.posts, this.opts);
    const n = this.site.posts.length;
    this.changes = Array.from({ length: n }, () => []);
    const g: PostGlance = { status: 'missed', since_us: null, dwell_s: 0, closest_m: Infinity, photos: 0 };
    let p = 0;
    for (const s of samples) {
      while (p < photos.length && photos[p].t_us <= s.t_us) checker.addPhoto(photos[p++]);
      checker.add(s);
      for (let i = 0; i < n; i++) {
        checker.glance(i, g);
        const state: PostState = g.status === 'checked' ? 'checked' : g.since_us !== null ? 'in_view' : g.status === 'brief' ? 'brief' : 'pending';
        const closest = Number.isFinite(g.closest_m) ? Math.round(g.closest_m / CLOSEST_STEP_M) * CLOSEST_STEP_M : null;
        const prev = this.changes[i].at(-1);
        if (prev && prev.state === state && prev.since_us === g.since_us && prev.closest_m === closest && prev.photos === g.photos) continue;
        this.changes[i].push({ t_us: s.t_us, state, since_us: g.since_us, dwell_s: g.dwell_s, closest_m: closest, photos: g.photos });
      }
    }
    while (p < photos.length) checker.addPhoto(photos[p++]);
    this.times = this.changes.map((c) => c.map((x) => x.t_us));
    this.checks = checker.results();
    this.final = this.checks.map((r) => ({
      post_id: r.post_id,
      state: r.status,
      in_view_s: 0,
      dwell_s: r.dwell_s,
      closest_m: Number.isFinite(r.closest_m) ? r.closest_m : null,
      photos: r.photos.length,
    }));
    this.samples = [];
    this.photos = [];
    return this;
  }

  /** Every post at `t_us`; from the end of the recording on, the final checks (a post never reached is missed). */
  at(t_us: number): PostStateAt[] {
    if (t_us >= this.end_us) return this.final.map((f) => ({ ...f }));
    return this.site.posts.map((post, i) => {
      const k = lastAtOrBefore(this.times[i], t_us);
      if (k < 0) return { post_id: post.id, state: 'pending', in_view_s: 0, dwell_s: 0, closest_m: null, photos: 0 };
      const c = this.changes[i][k];
      // A visit still going on counts up to t (a checked post's dwell too, while the copter stays).
      const visit_s = c.since_us !== null ? (t_us - c.since_us) / 1e6 : 0;
      return { post_id: post.id, state: c.state, in_view_s: c.state === 'in_view' ? visit_s : 0, dwell_s: Math.max(c.dwell_s, visit_s), closest_m: c.closest_m, photos: c.photos };
    });
  }
}
