// One link's live duty-post checks: the track builder and the checker of `watchpost checks`, fed every message as
// it arrives (with its receive time, as the recording stamps it), so that the states at the end equal the checks
// of the flight's tlog. A sample older than the last one (a frame reordered on the link) is left out live; the
// batch checks sort them in.
import type { LivePost } from '../api';
import { TrackBuilder } from '../../mavlink/track/track-builder';
import { PostChecker } from '../../patrol/checks/post-checker';
import type { Site } from '../../patrol/site/site';

export class LiveChecks {
  readonly checker: PostChecker;
  readonly builder: TrackBuilder;
  private last_t_us = -Infinity;

  constructor(readonly site: Site, readonly path: string) {
    this.checker = new PostChecker(site.posts);
    this.builder = new TrackBuilder({
      sample: (s) => {
        if (s.t_us <= this.last_t_us) return;
        this.last_t_us = s.t_us;
        this.checker.add(s);
      },
      photo: (p) => this.checker.addPhoto(p),
    });
  }

  /** The posts' states; `ended`: the flight is over, so a post never reached is missed. */
  states(ended: boolean): LivePost[] {
    const since = this.checker.inViewSince();
    const now = this.checker.lastTime();
    return this.checker.results().map((r, i) => {
      const inside = since[i] !== null && now !== null && !ended;
      const state: LivePost['state'] = r.status === 'checked' ? 'checked' : inside ? 'in_view' : r.status === 'brief' ? 'brief' : ended ? 'missed' : 'pending';
      return {
        post_id: r.post_id,
        state,
        in_view_s: inside ? ((now as number) - (since[i] as number)) / 1e6 : 0,
        dwell_s: r.dwell_s,
        closest_m: Number.isFinite(r.closest_m) ? r.closest_m : null,
        photos: r.photos.length,
      };
    });
  }
}
