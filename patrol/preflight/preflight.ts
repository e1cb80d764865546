// preflight(items, site, opts) → findings: walks the flight path the items describe (path.ts) and checks it against
// the site: building volumes (exact, building-index.ts), the ceiling, the fence, the link range, the battery, the
// duty posts (post-coverage.ts) and the vehicle's item limit.
import type { MissionItem } from '../mission/mission-item';
import { DEFAULT_MAX_ALT_M, type Site } from '../site/site';
import { BuildingIndex, volumeText } from './building-index';
import { homeFrame, type HomeFrame } from './frame';
import { insideIntervals } from './geometry';
import { CMD, isNavCommand, walkItems, type PathPoint } from './path';
import { postCoverage } from './post-coverage';
import { flownSegments, type XYZ } from './segments';
import { estimateTime, type TimeEstimate } from './timing';
import { failsafeRtl } from './failsafe-rtl';
import { PREFLIGHT_DEFAULTS, type Finding, type PreflightOptions, type ResolvedOptions } from './types';

function resolve(items: readonly MissionItem[], opts: PreflightOptions): ResolvedOptions {
  const o: ResolvedOptions = { ...PREFLIGHT_DEFAULTS, ...definedOnly(opts) };
  if (opts.speed_mps === undefined) {
    const first = items.find((it) => it.command === CMD.DO_CHANGE_SPEED && it.param2 > 0);
    if (first) o.speed_mps = first.param2;
  }
  const positive = ['speed_mps', 'climb_mps', 'descent_mps', 'link_range_m', 'endurance_s', 'max_items'] as const;
  for (const k of positive) if (!(o[k] > 0) || !Number.isFinite(o[k])) throw new Error(`preflight: ${k} ${o[k]} must be a positive number`);
  for (const k of ['clearance_m', 'rtl_alt_m', 'side_margin_m', 'rtl_cone_slope', 'rtl_climb_min_m'] as const) if (!(o[k] >= 0) || !Number.isFinite(o[k])) throw new Error(`preflight: ${k} ${o[k]} must be ≥ 0`);
  if (!(o.reserve_pct >= 0 && o.reserve_pct < 100)) throw new Error(`preflight: reserve_pct ${o.reserve_pct} must be in [0, 100)`);
  if (o.takeoff_alt_m !== undefined && !(o.takeoff_alt_m > 0)) throw new Error(`preflight: takeoff_alt_m ${o.takeoff_alt_m} must be > 0`);
  return o;
}

function definedOnly(opts: PreflightOptions): Partial<ResolvedOptions> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) if (v !== undefined && k !== 'home') out[k] = v;
  return out as Partial<ResolvedOptions>;
}

function findHome(items: readonly MissionItem[], site: Site, opts: PreflightOptions, findings: Finding[]): HomeFrame {
  const home = opts.home ?? site.home;
  if (home) {
    if (!(Math.abs(home.lat_deg) <= 90 && Math.abs(home.lon_deg) <= 180)) throw new Error(`preflight: home ${home.lat_deg}, ${home.lon_deg} is not a latitude, longitude`);
    return homeFrame(home.lat_deg, home.lon_deg);
  }
  const first = items.find((it) => isNavCommand(it.command) && (it.x !== 0 || it.y !== 0) && Math.abs(it.x) <= 90 && Math.abs(it.y) <= 180);
  findings.push({ severity: 'error', code: 'no-home', message: 'no home: the site has no home point and none was given; the first positional item is taken as home' });
  return homeFrame(first?.x ?? 0, first?.y ?? 0);
}

export function preflight(items: readonly MissionItem[], site: Site, opts: PreflightOptions = {}): Finding[] {
  return preflightReport(items, site, opts).findings;
}

/** What the Plan view shows: the findings, the path the checks walked (home first) and the time estimate. */
export interface PreflightReport {
  findings: Finding[];
  path: PathPoint[];
  estimate: TimeEstimate | null;
  /** Endurance less the reserve. */
  budget_s: number;
}

export function preflightReport(items: readonly MissionItem[], site: Site, opts: PreflightOptions = {}): PreflightReport {
  const o = resolve(items, opts);
  const findings: Finding[] = [];
  const budget_s = o.endurance_s * (1 - o.reserve_pct / 100);
  if (items.length === 0) return { findings: [{ severity: 'error', code: 'empty', message: 'the mission has no items' }], path: [], estimate: null, budget_s };
  if (items.length > o.max_items) {
    findings.push({ severity: 'error', code: 'too-many-items', values: { count: items.length, max: o.max_items }, message: `${items.length} items; the vehicle accepts at most ${o.max_items} (home excluded)` });
  }
  const frame = findHome(items, site, opts, findings);
  const walk = walkItems(items, frame, { speed_mps: o.speed_mps, rtl_alt_m: o.rtl_alt_m, rtl_cone_slope: o.rtl_cone_slope, rtl_climb_min_m: o.rtl_climb_min_m, takeoff_alt_m: o.takeoff_alt_m, home_alt_amsl_m: opts.home?.alt_amsl_m }, findings);
  const points = walk.points;
  if (!walk.tookOff) findings.push({ severity: 'warning', code: 'no-takeoff', item: 1, message: 'the first navigation item is not NAV_TAKEOFF' });
  if (!walk.lands) findings.push({ severity: 'warning', code: 'no-return', message: 'the mission does not end with NAV_RETURN_TO_LAUNCH or NAV_LAND' });
  const loc = (p: XYZ) => ({ ...frame.toLatLon(p.x_m, p.y_m), alt_m: p.alt_m });
  const at = (a: XYZ, b: XYZ, t: number) => loc({ x_m: a.x_m + (b.x_m - a.x_m) * t, y_m: a.y_m + (b.y_m - a.y_m) * t, alt_m: a.alt_m + (b.alt_m - a.alt_m) * t });
  const seen = new Set<string>();
  const once = (f: Finding, key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  const where = (p: PathPoint) => (p.item !== undefined && p.leg !== `item ${p.item}` ? `${p.leg} (item ${p.item})` : p.leg);

  // (a) building volumes, segment by segment (loiter circles included).
  const segments = flownSegments(points);
  const index = new BuildingIndex(site.buildings, frame, o.clearance_m);
  const closest = new Map<string, { distance_m: number; finding: Finding }>();
  segments.forEach(({ a, b, end, loiter_radius_m }, i) => {
    for (const hit of index.intrusions({ ax: a.x_m, ay: a.y_m, az: a.alt_m, bx: b.x_m, by: b.y_m, bz: b.alt_m })) {
      const name = hit.building.name ? `${hit.building.id} (${hit.building.name})` : hit.building.id;
      const l = at(a, b, hit.t_inside);
      const what = loiter_radius_m === undefined ? 'the path' : `the ${loiter_radius_m} m loiter circle`;
      const message = `${where(end)}: ${what} enters building ${name} (${volumeText(hit.building, o.clearance_m)}) at ${l.alt_m.toFixed(1)} m`;
      const key = loiter_radius_m === undefined ? `building ${i} ${hit.building.id}` : `loiter ${end.item} ${hit.building.id}`;
      const values = { where: where(end), loiter_m: loiter_radius_m, building: hit.building.id, name: hit.building.name, name_zh: hit.building.name_zh, roof_m: hit.building.height_m, base_m: raised(hit.building) ? hit.building.min_height_m : undefined, clearance_m: o.clearance_m, alt_m: l.alt_m.toFixed(1) };
      once({ severity: 'error', code: 'building', item: end.item, leg: end.leg, values, message, location: l }, key);
    }
    for (const near of index.closeApproaches({ ax: a.x_m, ay: a.y_m, az: a.alt_m, bx: b.x_m, by: b.y_m, bz: b.alt_m }, o.side_margin_m)) {
      // One finding per leg and building: the closest approach of all its pieces (a loiter's, an RTL's climb and
      // way home).
      const key = `${end.leg} ${near.building.id}`;
      const had = closest.get(key);
      if (had && had.distance_m <= near.distance_m) continue;
      const name = near.building.name ? `${near.building.id} (${near.building.name})` : near.building.id;
      const l = at(a, b, near.t);
      const what = loiter_radius_m === undefined ? 'the path' : `the ${loiter_radius_m} m loiter circle`;
      const message =
        `${where(end)}: ${what} passes ${near.distance_m.toFixed(1)} m from the wall of building ${name} at ${l.alt_m.toFixed(1)} m, ` +
        `${raised(near.building) ? `within its volume (${volumeText(near.building, o.clearance_m)})` : `below its roof (${near.building.height_m} m) + ${o.clearance_m} m`}; keep at least ${o.side_margin_m} m sideways`;
      const values = {
        where: where(end), loiter_m: loiter_radius_m, building: near.building.id, name: near.building.name, name_zh: near.building.name_zh, distance_m: near.distance_m.toFixed(1), alt_m: l.alt_m.toFixed(1),
        roof_m: near.building.height_m, base_m: raised(near.building) ? near.building.min_height_m : undefined, clearance_m: o.clearance_m, margin_m: o.side_margin_m,
      };
      closest.set(key, { distance_m: near.distance_m, finding: { severity: 'error', code: 'building-near', item: end.item, leg: end.leg, values, message, location: l } });
    }
  });
  for (const { finding } of closest.values()) findings.push(finding);
  // (a') the returns nobody planned: a failsafe RTL from anywhere on the route.
  if (o.failsafe_rtl) {
    const max_alt = Number.isFinite(site.max_alt_m) ? site.max_alt_m : DEFAULT_MAX_ALT_M;
    findings.push(...failsafeRtl(segments, index, (x, y) => frame.toLatLon(x, y), { rtl: { rtl_alt_m: o.rtl_alt_m, cone_slope: o.rtl_cone_slope, climb_min_m: o.rtl_climb_min_m }, clearance_m: o.clearance_m, max_alt_m: max_alt }));
  }
  // A building whose height the site does not know (OSM without height tags) may be taller than assumed: a path
  // over it, at any altitude below the ceiling, is not shown to be safe.
  const assumed = site.buildings.filter((bd) => bd.height_assumed);
  if (assumed.length > 0) {
    const ceiling_m = Number.isFinite(site.max_alt_m) ? site.max_alt_m : DEFAULT_MAX_ALT_M;
    const unknown = new BuildingIndex(assumed.map((bd) => ({ ...bd, height_m: ceiling_m })), frame, 0);
    for (const { a, b, end } of segments) {
      for (const hit of unknown.intrusions({ ax: a.x_m, ay: a.y_m, az: a.alt_m, bx: b.x_m, by: b.y_m, bz: b.alt_m })) {
        const bd = assumed.find((x) => x.id === hit.building.id);
        const name = hit.building.name ? `${hit.building.id} (${hit.building.name})` : hit.building.id;
        const message = `${where(end)}: the path crosses building ${name}, whose height is not known (assumed ${bd?.height_m ?? '?'} m): confirm it before flying`;
        const values = { where: where(end), building: hit.building.id, name: hit.building.name, name_zh: hit.building.name_zh, assumed_m: bd?.height_m };
        once({ severity: 'warning', code: 'assumed-height', item: end.item, leg: end.leg, values, message, location: at(a, b, hit.t_inside) }, `assumed ${hit.building.id}`);
      }
      // Beside it, closer than the sideways margin: as unproven as over it.
      for (const near of unknown.closeApproaches({ ax: a.x_m, ay: a.y_m, az: a.alt_m, bx: b.x_m, by: b.y_m, bz: b.alt_m }, o.side_margin_m)) {
        const bd = assumed.find((x) => x.id === near.building.id);
        const name = near.building.name ? `${near.building.id} (${near.building.name})` : near.building.id;
        const message = `${where(end)}: the path passes ${near.distance_m.toFixed(1)} m from building ${name}, whose height is not known (assumed ${bd?.height_m ?? '?'} m): confirm it before flying`;
        const values = { where: where(end), building: near.building.id, name: near.building.name, name_zh: near.building.name_zh, assumed_m: bd?.height_m, distance_m: near.distance_m.toFixed(1) };
        once({ severity: 'warning', code: 'assumed-height', item: end.item, leg: end.leg, values, message, location: at(a, b, near.t) }, `assumed ${near.building.id}`);
      }
    }
  }

  // (b) ceiling and (d) link range: both are largest at a segment's ends (or on a loiter circle's far side).
  const max_alt_m = Number.isFinite(site.max_alt_m) ? site.max_alt_m : DEFAULT_MAX_ALT_M;
  for (const p of points) {
    if (p.alt_m > max_alt_m) {
      once({ severity: 'error', code: 'max-alt', item: p.item, leg: p.leg, values: { where: where(p), alt_m: p.alt_m, max_m: max_alt_m }, message: `${where(p)}: altitude ${p.alt_m} m is above the site's maximum ${max_alt_m} m`, location: loc(p) }, `alt ${p.leg}`);
    }
    const range_m = Math.hypot(Math.hypot(p.x_m, p.y_m) + (p.loiter_radius_m ?? 0), p.alt_m);
    if (range_m > o.link_range_m) {
      once(
        { severity: 'warning', code: 'link-range', item: p.item, leg: p.leg, values: { where: where(p), range_m: Math.round(range_m), link_m: o.link_range_m }, message: `${where(p)}: ${Math.round(range_m)} m from home, beyond the link range of ${o.link_range_m} m`, location: loc(p) },
        `link ${p.leg}`,
      );
    }
  }

  // (c) the fence: any piece of a segment outside it.
  if (site.fence) {
    const fence = frame.rings(site.fence);
    // A point standing still (a hold at home outside the fence) shows in the segments either side of it.
    for (const { a, b, end } of segments) {
      const t = firstOutside(insideIntervals(fence, a.x_m, a.y_m, b.x_m, b.y_m));
      if (t === null) continue;
      const len_m = Math.hypot(b.x_m - a.x_m, b.y_m - a.y_m);
      const l = at(a, b, Math.min(1, t + (len_m > 0 ? 0.5 / len_m : 0)));
      once({ severity: 'error', code: 'fence', item: end.item, leg: end.leg, values: { where: where(end) }, message: `${where(end)}: the path leaves the fence`, location: l }, `fence ${end.leg}`);
    }
  }

  // (e) time against the battery.
  const rates = { climb_mps: o.climb_mps, descent_mps: o.descent_mps };
  const e = estimateTime(points, rates);
  const numbers =
    `${fmtTime(e.total_s)} (${Math.round(e.horizontal_m)} m at ${o.speed_mps} m/s, ${Math.round(e.climb_m)} m up at ${o.climb_mps} m/s, ` +
    `${Math.round(e.descent_m)} m down at ${o.descent_mps} m/s, ${Math.round(e.hold_s)} s holding)`;
  const timeValues = {
    total_s: Math.round(e.total_s), horizontal_m: Math.round(e.horizontal_m), speed_mps: o.speed_mps, climb_m: Math.round(e.climb_m), climb_mps: o.climb_mps,
    descent_m: Math.round(e.descent_m), descent_mps: o.descent_mps, hold_s: Math.round(e.hold_s),
  };
  if (e.total_s > budget_s) {
    findings.push({ severity: 'error', code: 'endurance', values: { ...timeValues, budget_s: Math.round(budget_s), endurance_s: o.endurance_s, reserve_pct: o.reserve_pct }, message: `estimated flight ${numbers} is over ${fmtTime(budget_s)}: endurance ${fmtTime(o.endurance_s)} less ${o.reserve_pct} % reserve` });
  } else {
    findings.push({ severity: 'info', code: 'time-estimate', values: { ...timeValues, budget_s: Math.round(budget_s) }, message: `estimated flight ${numbers}; budget ${fmtTime(budget_s)}` });
  }

  // (f) duty posts the route never keeps within their radius for dwell_s.
  if (site.posts.length === 0) findings.push({ severity: 'info', code: 'no-posts', message: 'the site has no duty posts' });
  else {
    for (const c of postCoverage(points, site.posts, frame, rates)) {
      if (c.status === 'checked') continue;
      const post = site.posts.find((p) => p.id === c.post_id);
      const how = c.status === 'missed' ? `never within ${post?.radius_m} m (closest ${c.closest_m.toFixed(0)} m)` : `within ${post?.radius_m} m for ${c.dwell_s.toFixed(1)} s at most`;
      findings.push({
        severity: 'warning',
        code: 'post-not-covered',
        leg: c.post_id,
        values: { post: c.post_id, name: c.name, name_zh: post?.name_zh, status: c.status, radius_m: post?.radius_m, closest_m: c.closest_m.toFixed(0), got_s: c.dwell_s.toFixed(1), dwell_s: post?.dwell_s },
        message: `post ${c.post_id} (${c.name}): the route is ${how}; it needs ${post?.dwell_s} s`,
        location: post ? { lat_deg: post.lat_deg, lon_deg: post.lon_deg, alt_m: 0 } : undefined,
      });
    }
  }
  return { findings, path: points, estimate: e, budget_s };
}

/** A volume that starts above the ground (above the clearance). */
function raised(b: { min_height_m?: number }): boolean {
  return (b.min_height_m ?? 0) > 0;
}

/** The first t at which the segment is outside, from its inside pieces. */
function firstOutside(inside: [number, number][]): number | null {
  if (inside.length === 0) return 0;
  if (inside[0][0] > 1e-9) return 0;
  if (inside[0][1] < 1 - 1e-9) return inside[0][1];
  return null;
}

function fmtTime(s: number): string {
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
