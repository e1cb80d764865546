// The live PostChecker equals the batch checkPosts at every cut of random tracks, and both equal a plain
// reference that looks at every segment of every post (no pruning), so the pruning loses nothing.
import { describe, expect, it } from 'vitest';
import { checkPosts, PostChecker } from '../../patrol/checks/post-checker';
import type { Photo, TrackSample } from '../../patrol/checks/types';
import type { Post } from '../../patrol/site/site';
import { prng } from '../../bench/checks-track';
import { at, T0_US } from './checks-helpers';

const M_PER_DEG = (6371008.8 * Math.PI) / 180;

interface Scenario {
  posts: Post[];
  track: TrackSample[];
  photos: Photo[];
}

/** A random walk with hovers and the odd track gap over a 600 m square, with posts and photos on it. */
function scenario(seed: number): Scenario {
  const rand = prng(seed);
  const posts: Post[] = Array.from({ length: 12 }, (_, i) => ({
    id: `p${i}`,
    name: `P${i}`,
    ...at(rand() * 600 - 300, rand() * 600 - 300),
    radius_m: 5 + rand() * 40,
    dwell_s: 2 + rand() * 20,
    shifts: i % 2 === 0 ? [] : [{ from: '09:00', to: '10:30' }],
  }));
  const track: TrackSample[] = [];
  const photos: Photo[] = [];
  // Wander from post to post (aiming within 1.5 radii of each), pausing now and then.
  const goals = Array.from({ length: 40 }, () => {
    const angle = rand() * 2 * Math.PI;
    return { post: Math.floor(rand() * 12), off: rand() * 1.5, angle };
  });
  const place = posts.map(() => [rand() * 600 - 300, rand() * 600 - 300]);
  posts.forEach((post, i) => Object.assign(post, at(place[i][0], place[i][1])));
  let [x, y, goal] = [0, 0, 0];
  let t_us = T0_US;
  for (let k = 0; k < 3000; k++) {
    const roll = rand();
    t_us += roll < 0.003 ? 6e6 + rand() * 20e6 : 50_000 + Math.floor(rand() * 400_000);
    const g = goals[goal % goals.length];
    const gx = place[g.post][0] + Math.sin(g.angle) * g.off * posts[g.post].radius_m;
    const gy = place[g.post][1] + Math.cos(g.angle) * g.off * posts[g.post].radius_m;
    const d = Math.hypot(gx - x, gy - y);
    const step_m = roll > 0.3 ? rand() * 6 : 0;
    if (d <= step_m) {
      [x, y] = [gx, gy];
      goal++;
    } else if (d > 0) {
      x += ((gx - x) / d) * step_m + (rand() - 0.5);
      y += ((gy - y) / d) * step_m + (rand() - 0.5);
    }
    const here = at(x, y);
    track.push({ t_us, ...here, alt_rel_m: 20 + rand() * 10 });
    if (rand() < 0.02) photos.push({ t_us, ...here, image_index: photos.length });
  }
  return { posts, track, photos };
}

/** Every segment of every post, no pruning: the closest approach and the visits. */
function reference(track: readonly TrackSample[], post: Post): { closest_m: number; visits: [number, number][] } {
  const kx = Math.cos((post.lat_deg * Math.PI) / 180) * M_PER_DEG;
  const xy = (s: TrackSample): [number, number] => [(s.lon_deg - post.lon_deg) * kx, (s.lat_deg - post.lat_deg) * M_PER_DEG];
  let closest_m = Number.POSITIVE_INFINITY;
  const visits: [number, number][] = [];
  let enter: number | undefined;
  track.forEach((b, k) => {
    const [bx, by] = xy(b);
    const a = track[k - 1];
    if (a === undefined || b.t_us - a.t_us > 5e6) {
      if (enter !== undefined && a !== undefined) visits.push([enter, a.t_us]);
      enter = Math.hypot(bx, by) <= post.radius_m ? b.t_us : undefined;
      closest_m = Math.min(closest_m, Math.hypot(bx, by));
      return;
    }
    const [ax, ay] = xy(a);
    const [ux, uy] = [bx - ax, by - ay];
    const uu = ux * ux + uy * uy;
    const s = uu > 0 ? Math.min(1, Math.max(0, -(ax * ux + ay * uy) / uu)) : 1;
    closest_m = Math.min(closest_m, Math.hypot(ax + s * ux, ay + s * uy));
    // The part of the segment inside the circle, found by bisection on the distance (not the quadratic).
    const inside = (f: number): boolean => Math.hypot(ax + f * ux, ay + f * uy) <= post.radius_m;
    const crossing = (lo: number, hi: number): number => {
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (inside(mid) === inside(lo)) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    const dt = b.t_us - a.t_us;
    if (enter === undefined && inside(s)) enter = Math.round(a.t_us + (inside(0) ? 0 : crossing(0, s)) * dt);
    if (enter !== undefined && !inside(1)) {
      visits.push([enter, Math.max(enter, Math.round(a.t_us + (inside(s) ? crossing(s, 1) : 0) * dt))]);
      enter = undefined;
    }
  });
  const last = track[track.length - 1];
  if (enter !== undefined && last !== undefined) visits.push([enter, last.t_us]);
  return { closest_m, visits };
}

describe('PostChecker', () => {
  it('equals checkPosts at every cut, fed sample by sample with photos interleaved', () => {
    for (const seed of [1, 2, 3]) {
      const { posts, track, photos } = scenario(seed);
      const checker = new PostChecker(posts);
      const cuts = new Set([0, 1, 2, 17, 500, 1234, 2999, 3000]);
      let p = 0;
      for (let k = 0; k <= track.length; k++) {
        if (cuts.has(k)) {
          const cut_photos = photos.filter((ph) => k > 0 && ph.t_us <= track[k - 1].t_us);
          expect(checker.results()).toEqual(checkPosts(track.slice(0, k), cut_photos, posts));
        }
        if (k === track.length) break;
        checker.add(track[k]);
        while (p < photos.length && photos[p].t_us <= track[k].t_us) checker.addPhoto(photos[p++]);
      }
      const statuses = new Set(checker.results().map((r) => r.status));
      expect(statuses.size).toBeGreaterThan(1);
    }
  });

  it('equals a reference that looks at every segment: the pruning loses no visit and no closest approach', () => {
    for (const seed of [4, 5, 6, 7]) {
      const { posts, track } = scenario(seed);
      const checks = checkPosts(track, [], posts);
      let visits = 0;
      posts.forEach((post, i) => {
        const ref = reference(track, post);
        expect(checks[i].closest_m).toBeCloseTo(ref.closest_m, 6);
        expect(checks[i].visits.length).toBe(ref.visits.length);
        checks[i].visits.forEach((v, j) => {
          expect(Math.abs(v.enter_t_us - ref.visits[j][0])).toBeLessThanOrEqual(2);
          expect(Math.abs(v.exit_t_us - ref.visits[j][1])).toBeLessThanOrEqual(2);
        });
        visits += ref.visits.length;
      });
      expect(visits).toBeGreaterThan(15);
    }
  });
});
