// `node --import tsx bench/plan.ts [--runs N]`: plan + preflight for a generated 50-building, 40-post site (issue 4,
// point 9: target < 50 ms). The plan is what the route generators make of it: a post leg per post and a facade
// orbit of 5 buildings, ordered from home (nearest neighbour + 2-opt), joined by transits, takeoff first and RTL
// last. Times route generation and preflight separately (best of several runs) and prints a markdown table.
// Exit 1 when plan + preflight misses the target.
import { cpus } from 'node:os';
import { missionItem, type MissionItem } from '../patrol/mission/mission-item';
import { homeFrame } from '../patrol/preflight/frame';
import { walkItems } from '../patrol/preflight/path';
import { postCoverage, syntheticTrack } from '../patrol/preflight/post-coverage';
import { preflight } from '../patrol/preflight/preflight';
import { connect } from '../patrol/routes/connect';
import { facade } from '../patrol/routes/facade';
import { order } from '../patrol/routes/order';
import { post } from '../patrol/routes/post';
import { routeToItems, type RouteLeg } from '../patrol/routes/route';
import type { Building, LonLat, Post, Site } from '../patrol/site/site';
import { bestMs } from './best-ms';

const TARGET_MS = 50;
const runs_at = process.argv.indexOf('--runs');
const RUNS = runs_at > 0 ? Number(process.argv[runs_at + 1]) : 20;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs ${process.argv[runs_at + 1]}: expected a whole number of runs ≥ 1`);

const HOME = { lat_deg: 34.75, lon_deg: 113.75 };
const frame = homeFrame(HOME.lat_deg, HOME.lon_deg);
const ll = (x_m: number, y_m: number): LonLat => {
  const p = frame.toLatLon(x_m, y_m);
  return [p.lon_deg, p.lat_deg];
};

/** A deterministic pseudo-random sequence in [0, 1) (a 32-bit LCG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** 10 × 5 blocks of 40 m × 24 m slabs, 6- to 30-storey, on a 90 m × 80 m grid; 40 posts in the streets; a fence. */
function benchSite(): Site {
  const rnd = lcg(4);
  const buildings: Building[] = [];
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 5; j++) {
      const [x0, y0] = [60 + i * 90, 60 + j * 80];
      const [x1, y1] = [x0 + 40, y0 + 24];
      const corners: [number, number][] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
      const storeys = 6 + Math.floor(rnd() * 25);
      buildings.push({ id: `B${i}-${j}`, polygons: [[corners.map(([x, y]) => ll(x, y))]], height_m: storeys * 3, height_assumed: false, key: false });
    }
  }
  const posts: Post[] = Array.from({ length: 40 }, (_, k) => {
    const p = frame.toLatLon(60 + (k % 10) * 90 + 65, 60 + Math.floor(k / 10) * 80 + 52);
    return { id: `P${k + 1}`, name: `Post ${k + 1}`, ...p, radius_m: 10, dwell_s: 15, shifts: [] };
  });
  const fence = [[ll(-50, -50), ll(1050, -50), ll(1050, 550), ll(-50, 550), ll(-50, -50)]];
  return { name: 'bench', max_alt_m: 120, buildings, posts, fence, home: HOME };
}

function plan(site: Site): MissionItem[] {
  const legs: RouteLeg[] = [
    ...site.posts.map((p) => post(p, { alt_m: 20 })),
    ...[0, 12, 24, 36, 48].map((k) => facade(site.buildings[k], { distance_m: 12, bottom_m: 12, layers: 1, camera: 'roi', max_step_m: 30 })),
  ];
  const route = connect(order(legs, HOME), site, HOME, { clearance_m: 10, cruise_alt_m: 40, takeoff_alt_m: 20 });
  return [missionItem(22, { z: 20 }), ...routeToItems(route), missionItem(20, { frame: 2 })];
}


const site = benchSite();
const items = plan(site);
const opts = { endurance_s: 3600, speed_mps: 10 };
const findings = preflight(items, site, opts);
const problems = findings.filter((f) => f.severity !== 'info');
// The generators plan transits over every building, so preflight must find nothing wrong with their plan.
if (findings.some((f) => f.severity === 'error')) throw new Error(`bench plan: preflight errors: ${findings.filter((f) => f.severity === 'error').map((f) => f.message).join('; ')}`);
const points = walkItems(items, frame, { speed_mps: opts.speed_mps, rtl_alt_m: 15 }, []).points;
const rates = { climb_mps: 2.5, descent_mps: 1.5 };
const track_samples = syntheticTrack(points, frame, rates).length;
const plan_ms = bestMs(RUNS, () => plan(site));
const posts_ms = bestMs(RUNS, () => postCoverage(points, site.posts, frame, rates));
const preflight_ms = bestMs(RUNS, () => preflight(items, site, opts));
const both_ms = bestMs(RUNS, () => preflight(plan(site), site, opts));

const row = (what: string, ms: number, targeted: boolean): string =>
  `| ${what} | ${targeted ? `< ${TARGET_MS}` : '—'} | ${ms.toFixed(1)} | ${targeted ? (ms < TARGET_MS ? 'met' : 'MISSED') : ''} |`;
console.log(
  `Plan + preflight: ${site.buildings.length} buildings, ${site.posts.length} posts, ${items.length} items ` +
    `(40 post legs, 5 one-layer facades, transits); best of ${RUNS} runs; ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
);
const byCode = [...problems.reduce((m, f) => m.set(f.code, (m.get(f.code) ?? 0) + 1), new Map<string, number>())].map(([c, n]) => `${n} ${c}`).join(', ');
console.log(`Findings: ${problems.length} errors/warnings${problems.length ? ` (${byCode})` : ''}; ${findings.find((f) => f.code === 'time-estimate' || f.code === 'endurance')?.message ?? ''}`);
console.log('');
console.log('| what | target ms | measured ms | |');
console.log('|---|---:|---:|---|');
console.log(row('route generation (post legs, facades, order, connect, items)', plan_ms, false));
console.log(row('preflight (buildings, side margin, failsafe RTL, ceiling, fence, link, time, posts at 5 Hz, items)', preflight_ms, false));
console.log(row(`  of which duty posts (${track_samples} synthetic samples at 5 Hz through checkPosts)`, posts_ms, false));
console.log(row('plan + preflight', both_ms, true));
if (both_ms >= TARGET_MS) process.exitCode = 1;
