// `node --import tsx bench/checks.ts`: duty-post checks for a 1-hour, 10 Hz track (36,000 samples) against 100
// posts (issue 4, point 9: target < 20 ms). Times the batch `checkPosts` and the live `PostChecker` (best of
// several runs), next to a naive baseline measured in the same run: turf.distance for every sample and post,
// visits read off samples. Prints a markdown table.
import distance from '@turf/distance';
import { cpus } from 'node:os';
import { checkPosts, PostChecker } from '../patrol/checks/post-checker';
import type { Photo, TrackSample } from '../patrol/checks/types';
import type { Post } from '../patrol/site/site';
import { benchPatrol } from './checks-track';
import { bestMs } from './best-ms';

const TARGET_MS = 20;
const runs_at = process.argv.indexOf('--runs');
const RUNS = runs_at > 0 ? Number(process.argv[runs_at + 1]) : 10;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs ${process.argv[runs_at + 1]}: expected a whole number of runs ≥ 1`);

/** The naive way: great-circle distance per sample per post, a visit is a run of samples inside the radius. */
function naiveChecks(track: readonly TrackSample[], posts: readonly Post[]): { closest_m: number; visits: number }[] {
  return posts.map((post) => {
    const centre: [number, number] = [post.lon_deg, post.lat_deg];
    let closest_m = Number.POSITIVE_INFINITY;
    let visits = 0;
    let inside = false;
    for (const s of track) {
      const d_m = distance(centre, [s.lon_deg, s.lat_deg], { units: 'meters' });
      if (d_m < closest_m) closest_m = d_m;
      const now = d_m <= post.radius_m;
      if (now && !inside) visits++;
      inside = now;
    }
    return { closest_m, visits };
  });
}


function live(track: readonly TrackSample[], photos: readonly Photo[], posts: readonly Post[], results_every: number): number {
  const checker = new PostChecker(posts);
  let calls = 0;
  let p = 0;
  for (let k = 0; k < track.length; k++) {
    checker.add(track[k]);
    while (p < photos.length && photos[p].t_us <= track[k].t_us) checker.addPhoto(photos[p++]);
    if (results_every > 0 && k % results_every === 0) calls += checker.results().length;
  }
  return calls + checker.results().length;
}

const { posts, track, photos } = benchPatrol();
const results = checkPosts(track, photos, posts);
const naive = naiveChecks(track, posts);
// Ours is the closest point along each segment, the naive one the closest sample: never farther, barely nearer.
const closest_gap_m = results.map((r, i) => naive[i].closest_m - r.closest_m);
if (Math.min(...closest_gap_m) < -0.5) throw new Error('checks: closest_m farther than the naive closest sample by > 0.5 m');

const batch_ms = bestMs(RUNS, () => checkPosts(track, photos, posts));
const live_ms = bestMs(RUNS, () => live(track, photos, posts, 0));
const live_1hz_ms = bestMs(RUNS, () => live(track, photos, posts, 10));
const naive_ms = bestMs(Math.max(1, Math.ceil(RUNS / 5)), () => naiveChecks(track, posts));

const count = (status: string): number => results.filter((r) => r.status === status).length;
const row = (what: string, ms: number, targeted: boolean): string =>
  `| ${what} | ${targeted ? `< ${TARGET_MS}` : '—'} | ${ms.toFixed(1)} | ${targeted ? (ms < TARGET_MS ? 'met' : 'MISSED') : ''} |`;
console.log(`Duty-post checks: ${track.length} samples (1 h at 10 Hz), ${posts.length} posts, ${photos.length} photos; best of ${RUNS} runs; ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log(
  `Statuses: ${count('checked')} checked, ${count('brief')} brief, ${count('missed')} missed; closest_m vs the naive closest sample (turf.distance): ` +
    `${Math.min(...closest_gap_m).toFixed(3)} to ${Math.max(...closest_gap_m).toFixed(3)} m nearer (ours is along segments)`,
);
console.log('');
console.log('| what | target ms | measured ms | |');
console.log('|---|---:|---:|---|');
console.log(row('checkPosts (batch)', batch_ms, true));
console.log(row('PostChecker, sample by sample, results() at the end', live_ms, true));
console.log(row('PostChecker, sample by sample, results() every second (3,600 calls)', live_1hz_ms, false));
console.log(row('naive baseline: turf.distance per sample per post, visits read off samples', naive_ms, false));
console.log(`\nBatch speed-up over the naive baseline: ${(naive_ms / batch_ms).toFixed(0)}x`);
if (batch_ms >= TARGET_MS || live_ms >= TARGET_MS) process.exitCode = 1;
