// `node --import tsx bench/plan-edit.ts [--runs N] [--warmup N] [--out FILE]`: one step of the Plan editor (issue 11,
// point 2: "the route recompiles and preflight re-runs as you edit (debounced; a 50-building site stays under
// 50 ms)"). A step is what the editor does after an edit: the pure edit function of patrol/edit/plan-edit.ts on the
// plan in memory, then `modelOf(site, siteWarnings, patrol)` of renderer/src/plan/plan-model.ts (compile the patrol,
// run preflight) — what use-plan-editor.ts re-runs 120 ms after the last edit. Timed on four sites, with three edits
// each (a building's height, alternating two values; a facade leg's distance, alternating; a post moved 5 m and
// back): the demo site and patrol (18 buildings), a generated 50-building site (the target: p95 < 50 ms) and a
// 200-building one, and the Knoxville OSM import (710 buildings), the generated and imported sites with their auto
// patrol. In the same rounds, on the same sites: the old way, `planModel(workspace)`, which reads the site and the
// patrol again from their text (parse + validate + compile + preflight), and a control (`modelOf` on the unedited
// plan); and, every 4th round, compile and preflight timed apart. Prints a markdown table and keeps it in
// bench/PLAN-EDIT-RESULTS.md. Exit 1 when the target is missed.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workspace } from '../electron/api';
import { movePost, setBuildingProps, setHome, setLeg, type Edit, type PlanDoc } from '../patrol/edit/plan-edit';
import { autoPatrol } from '../patrol/patrol/auto';
import { compilePatrol } from '../patrol/patrol/compile';
import type { Patrol } from '../patrol/patrol/patrol';
import { readPatrol, writePatrol } from '../patrol/patrol/read-patrol';
import { homeFrame } from '../patrol/preflight/frame';
import { preflightReport } from '../patrol/preflight/preflight';
import { readSiteFile } from '../patrol/site/read-site-file';
import type { Building, LonLat, Post, Site } from '../patrol/site/site';
import { writeSiteText } from '../patrol/site/write-site';
import { point, polygon } from '@turf/helpers';
import { booleanPointInPolygon } from '@turf/turf';
import { modelOf, planModel, type PlanModel } from '../renderer/src/plan/plan-model';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const whole = (name: string, fallback: number, min: number): number => {
  const v = Number(opt(name) ?? fallback);
  if (!Number.isInteger(v) || v < min) {
    process.stderr.write(`bench:plan-edit: ${name} ${opt(name)}: expected a whole number ≥ ${min}\n`);
    process.exit(2);
  }
  return v;
};
const RUNS = whole('--runs', 200, 10);
const WARMUP = whole('--warmup', 30, 0);
const OUT = opt('--out') ?? join(ROOT, 'bench', 'PLAN-EDIT-RESULTS.md');
const TARGET_MS = 50;
const log = (s: string): void => void process.stderr.write(`bench:plan-edit: ${s}\n`);

// ---------------------------------------------------------------------------------------------------------------
// The sites

interface Case {
  key: string;
  label: string;
  site: Site;
  siteWarnings: string[];
  patrol: Patrol;
  /** The old way's input: the site and patrol files' text. */
  workspace: Workspace;
  /** How the site and patrol were made, for the notes. */
  source: string;
  targeted: boolean;
}

/** A deterministic pseudo-random sequence in [0, 1) (a 32-bit LCG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const workspaceOf = (siteName: string, siteText: string, patrolName: string, patrolText: string, demo = false): Workspace => ({
  site: { path: `/bench/${siteName}`, name: siteName, text: siteText },
  patrol: { path: `/bench/${patrolName}`, name: patrolName, text: patrolText },
  first_start: false,
  demo,
  problems: [],
});

/** A side × side grid of 30 m × 30 m buildings (20–60 m tall) on 60 m spacing, home at a street crossing in the
 *  middle, then `n - side²` 60 m × 20 m slabs in a row south of it; 10 duty posts at street crossings; a fence 60 m
 *  outside the buildings. */
function gridSite(n: number, name: string): Site {
  const HOME = { lat_deg: 34.75, lon_deg: 113.75 };
  const frame = homeFrame(HOME.lat_deg, HOME.lon_deg);
  const ll = (x_m: number, y_m: number): LonLat => {
    const p = frame.toLatLon(x_m, y_m);
    return [p.lon_deg, p.lat_deg];
  };
  const rect = (x0: number, y0: number, x1: number, y1: number): LonLat[] => [ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)];
  const rnd = lcg(n);
  const side = Math.floor(Math.sqrt(n));
  const half = Math.floor(side / 2);
  /** Building centres at (i - half) * 60 + 30: home (0, 0) is a street crossing. */
  const centre = (i: number): number => (i - half) * 60 + 30;
  const buildings: Building[] = [];
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      const [cx, cy] = [centre(i), centre(j)];
      buildings.push({ id: `B${i}-${j}`, polygons: [[rect(cx - 15, cy - 15, cx + 15, cy + 15)]], height_m: 20 + Math.round(rnd() * 40), height_assumed: false, key: false });
    }
  }
  const south = centre(0) - 60;
  for (let k = 0; buildings.length < n; k++) {
    const cx = centre(0) + k * 90 + 15;
    buildings.push({ id: `S${k + 1}`, polygons: [[rect(cx - 30, south - 10, cx + 30, south + 10)]], height_m: 20 + Math.round(rnd() * 40), height_assumed: false, key: false });
  }
  // Street crossings lie at (centre(i) + 30, centre(j) + 30) for i, j in 0 … side - 2.
  const posts: Post[] = [];
  const taken = new Set<string>();
  while (posts.length < 10) {
    const [i, j] = [Math.floor(rnd() * (side - 1)), Math.floor(rnd() * (side - 1))];
    if (taken.has(`${i},${j}`) || (centre(i) + 30 === 0 && centre(j) + 30 === 0)) continue;
    taken.add(`${i},${j}`);
    const p = frame.toLatLon(centre(i) + 30, centre(j) + 30);
    posts.push({ id: `P${posts.length + 1}`, name: `Post ${posts.length + 1}`, ...p, radius_m: 15, dwell_s: 10, shifts: [] });
  }
  const [lo, hi] = [centre(0) - 15 - 60, centre(side - 1) + 15 + 60];
  return { name, max_alt_m: 120, buildings, posts, fence: [rect(lo, south - 10 - 60, hi, hi)], home: HOME };
}

function demoCase(): Case {
  const siteText = readFileSync(join(ROOT, 'assets/demo/demo.site.geojson'), 'utf8');
  const patrolText = readFileSync(join(ROOT, 'assets/demo/demo.patrol.json'), 'utf8');
  const { site, warnings } = readSiteFile(siteText, 'demo.site.geojson');
  const patrol = readPatrol(patrolText, 'demo.patrol.json', site);
  return {
    key: 'demo',
    label: `demo site (${site.buildings.length} buildings, ${site.posts.length} posts)`,
    site,
    siteWarnings: warnings,
    patrol,
    workspace: workspaceOf('demo.site.geojson', siteText, 'demo.patrol.json', patrolText, true),
    source: `assets/demo/demo.site.geojson with assets/demo/demo.patrol.json (${patrol.legs.length} legs)`,
    targeted: false,
  };
}

function gridCase(n: number, targeted: boolean): Case {
  const name = `grid-${n}`;
  const site = gridSite(n, name);
  // The generated site goes through its own file text once, so the edited site is exactly what the old way reads.
  const siteText = writeSiteText(site);
  const read = readSiteFile(siteText, `${name}.site.geojson`);
  const patrol = autoPatrol(read.site, { site_ref: `${name}.site.geojson` });
  return {
    key: `grid${n}`,
    label: `generated ${n}-building site (${read.site.posts.length} posts)`,
    site: read.site,
    siteWarnings: read.warnings,
    patrol,
    workspace: workspaceOf(`${name}.site.geojson`, siteText, `${name}.patrol.json`, writePatrol(patrol)),
    source: `generated ${n}-building site, auto patrol (${patrol.legs.length} legs)`,
    targeted,
  };
}

function knoxvilleCase(): Case {
  const file = 'tests/fixtures/geo/giswqs_knoxville_osm_buildings.geojson';
  const name = 'giswqs_knoxville_osm_buildings.geojson';
  const text = readFileSync(join(ROOT, file), 'utf8');
  const { site: imported, warnings } = readSiteFile(text, name);
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of imported.buildings) for (const poly of b.polygons) for (const [lon, lat] of poly[0]) [w, s, e, n] = [Math.min(w, lon), Math.min(s, lat), Math.max(e, lon), Math.max(n, lat)];
  const placeholder: Patrol = { version: 1, site: name, takeoff_alt_m: 20, speed_mps: 8, clearance_m: 10, legs: [], order: 'optimise', end: 'RTL' };
  const homed = ok(setHome({ site: imported, patrol: placeholder }, { lat_deg: (s + n) / 2, lon_deg: (w + e) / 2 }), 'setHome').site;
  const patrol = autoPatrol(homed, { site_ref: name });
  const home = point([homed.home!.lon_deg, homed.home!.lat_deg]);
  const under = homed.buildings.filter((b) => b.polygons.some((rings) => booleanPointInPolygon(home, polygon(rings))));
  // The old way reads the imported file itself with a home feature added: the same site, heights still assumed.
  // (The editor's own save, writeSiteText, confirms assumed heights, which drops preflight's assumed-height checks.)
  const collection = JSON.parse(text) as { features: unknown[] };
  collection.features.push({ type: 'Feature', properties: { kind: 'home' }, geometry: { type: 'Point', coordinates: [homed.home!.lon_deg, homed.home!.lat_deg] } });
  return {
    key: 'knoxville',
    label: `Knoxville OSM import (${homed.buildings.length} buildings)`,
    site: homed,
    siteWarnings: warnings,
    patrol,
    workspace: workspaceOf(name, JSON.stringify(collection), 'knoxville.patrol.json', writePatrol(patrol)),
    source:
      `${file}, home set (setHome) at the middle of its bounding box, auto patrol (${patrol.legs.length} legs)` +
      (under.length ? `; that home lies inside ${under.map((b) => `building ${b.id}`).join(', ')}, so the takeoff and the return fly through it and preflight says so` : ''),
    targeted: false,
  };
}

function ok(r: Edit, what: string): PlanDoc {
  if (!r.ok) throw new Error(`bench:plan-edit: ${what} refused: ${r.error}`);
  return r.doc;
}

// ---------------------------------------------------------------------------------------------------------------
// The edits: each alternates between two values, so every step changes the model.

interface EditKind {
  key: string;
  /** What is edited, or null when the case has nothing of the kind (the Knoxville import has no duty posts). */
  label: (c: Case) => string | null;
  /** The edit of step i on the plan of step i - 1. */
  make: (c: Case) => (doc: PlanDoc, i: number) => Edit;
}

/** The building the patrol works on (a facade leg's, else a roof leg's, else the first), so the route changes with it. */
function editedBuilding(c: Case): Building {
  const leg = c.patrol.legs.find((l) => l.kind === 'facade') ?? c.patrol.legs.find((l) => l.kind === 'roof');
  const id = leg && (leg.kind === 'facade' || leg.kind === 'roof') ? leg.building : c.site.buildings[0].id;
  return c.site.buildings.find((b) => b.id === id)!;
}
/** The leg edited: the first facade leg (its distance), else the first roof leg (its clearance). */
function editedLeg(c: Case): { at: number; key: 'distance_m' | 'clearance_m'; value: number; what: string } {
  const facade = c.patrol.legs.findIndex((l) => l.kind === 'facade');
  const at = facade >= 0 ? facade : c.patrol.legs.findIndex((l) => l.kind === 'roof');
  const leg = c.patrol.legs[at];
  if (leg?.kind === 'facade') return { at, key: 'distance_m', value: leg.distance_m, what: `facade leg distance (\`setLeg\`, legs[${at}] ${leg.building}` };
  if (leg?.kind === 'roof') return { at, key: 'clearance_m', value: leg.clearance_m, what: `no facade leg: roof leg clearance instead (\`setLeg\`, legs[${at}] ${leg.building}` };
  throw new Error(`bench:plan-edit: ${c.label}: no facade or roof leg`);
}
/** A post the patrol visits (else the first; none when the site has none). */
function editedPost(c: Case): Post | undefined {
  const leg = c.patrol.legs.find((l) => l.kind === 'post');
  return c.site.posts.find((p) => leg?.kind === 'post' && p.id === leg.post) ?? c.site.posts[0];
}

const EDITS: EditKind[] = [
  {
    key: 'height',
    label: (c) => {
      const b = editedBuilding(c);
      return `building height (\`setBuildingProps\`, ${b.id}: ${b.height_m} ↔ ${b.height_m + 2} m)`;
    },
    make: (c) => {
      const b = editedBuilding(c);
      return (doc, i) => setBuildingProps(doc, b.id, { height_m: b.height_m + (i % 2 === 0 ? 2 : 0) });
    },
  },
  {
    key: 'leg',
    label: (c) => {
      const e = editedLeg(c);
      return `${e.what}: ${e.value} ↔ ${e.value + 2} m)`;
    },
    make: (c) => {
      const e = editedLeg(c);
      return (doc, i) => setLeg(doc, e.at, { [e.key]: e.value + (i % 2 === 0 ? 2 : 0) });
    },
  },
  {
    key: 'post',
    label: (c) => {
      const p = editedPost(c);
      return p ? `move a post (\`movePost\`, ${p.id}: 5 m north and back)` : null;
    },
    make: (c) => {
      const p = editedPost(c)!;
      const north = 5 / 111_320;
      return (doc, i) => movePost(doc, p.id, p.lat_deg + (i % 2 === 0 ? north : 0), p.lon_deg);
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Measuring

interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentiles. */
function stats(samples: number[]): Stats {
  const s = samples.slice().sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { n: s.length, p50: at(50), p95: at(95), max: s[s.length - 1] };
}

/** Wall and CPU time (this process, all threads: user + system) of each measured call, in ms. */
interface Series {
  wall: number[];
  cpu: number[];
}
const series = (): Series => ({ wall: [], cpu: [] });

function timed<T>(into: Series | null, fn: () => T): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const t1 = performance.now();
  const c = process.cpuUsage(c0);
  if (into) {
    into.wall.push(t1 - t0);
    into.cpu.push((c.user + c.system) / 1000);
  }
  return value;
}

function checkModel(m: PlanModel, what: string): void {
  if (m.error !== null) throw new Error(`bench:plan-edit: ${what}: the model has an error: ${m.error}`);
  if (!m.compiled || !m.report) throw new Error(`bench:plan-edit: ${what}: no compiled patrol or report`);
}

/** One kind of timed call on a case, run in turn with the others (so that other load on the machine falls on all alike). */
interface Runner {
  key: string;
  label: string;
  step: Series;
  /** The edit function alone (edit runners). */
  edit?: Series;
  /** Steps whose model differed from the step before, of the first four (edit runners). */
  changed?: number;
  run: (i: number, measure: boolean) => void;
  last?: PlanModel;
}

function editRunner(c: Case, kind: EditKind, label: string): Runner {
  const edit = kind.make(c);
  let doc: PlanDoc = { site: c.site, patrol: c.patrol };
  let previous = '';
  const r: Runner = {
    key: kind.key,
    label,
    step: series(),
    edit: series(),
    changed: 0,
    run: (i, measure) => {
      const model = timed(measure ? r.step : null, () => {
        doc = ok(timed(measure ? r.edit! : null, () => edit(doc, i)), `${c.key} ${kind.key}`);
        return modelOf(doc.site, c.siteWarnings, doc.patrol);
      });
      if (i < 4) {
        // The first steps: the model is sound and really changes from one step to the next.
        checkModel(model, `${c.key} ${kind.key} step ${i}`);
        const now = JSON.stringify(model.compiled!.items) + JSON.stringify(model.report!.findings);
        if (now !== previous) r.changed!++;
        previous = now;
      }
      r.last = model;
    },
  };
  return r;
}

/** modelOf's two calls timed apart on an edit's own plan (the same calls and options as plan-model.ts). */
function breakdownRunner(c: Case, kind: EditKind): { compile: Series; preflight: Series; run: (i: number) => void } {
  const edit = kind.make(c);
  let doc: PlanDoc = { site: c.site, patrol: c.patrol };
  const out = { compile: series(), preflight: series() };
  return {
    ...out,
    run: (i) => {
      doc = ok(edit(doc, i), `${c.key} ${kind.key}`);
      const compiled = timed(out.compile, () => compilePatrol(doc.patrol, doc.site, { autopilot: 'ardupilot', fileName: doc.site.name }));
      timed(out.preflight, () => preflightReport(compiled.items, doc.site, { speed_mps: doc.patrol.speed_mps }));
    },
  };
}

interface CaseResult {
  runners: Runner[];
  control: Runner;
  baseline: Runner;
  read: Series;
  parts: Map<string, { compile: Series; preflight: Series }>;
}

/** WARMUP + RUNS rounds; each round runs every edit's step, the control and the baseline once, in a rotating order;
 *  every BREAKDOWN_EVERY-th round also the compile/preflight split and the baseline's reading alone. */
const BREAKDOWN_EVERY = 4;
function measureCase(c: Case): CaseResult {
  const runners: Runner[] = [];
  for (const kind of EDITS) {
    const label = kind.label(c);
    if (label !== null) runners.push(editRunner(c, kind, label));
  }
  const control: Runner = {
    key: 'control',
    label: '`modelOf` again on the plan as opened (no edit: the same objects every time)',
    step: series(),
    run: (_i, measure) => void (control.last = timed(measure ? control.step : null, () => modelOf(c.site, c.siteWarnings, c.patrol))),
  };
  const baseline: Runner = {
    key: 'baseline',
    label: 'baseline, the old way: `planModel(workspace)` (read the site and patrol text, compile, preflight)',
    step: series(),
    run: (_i, measure) => void (baseline.last = timed(measure ? baseline.step : null, () => planModel(c.workspace))),
  };
  const read = series();
  const parts = new Map(runners.map((r) => [r.key, breakdownRunner(c, EDITS.find((k) => k.key === r.key)!)]));
  const all = [...runners, control, baseline];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const measure = i >= WARMUP;
    for (let j = 0; j < all.length; j++) all[(i + j) % all.length].run(i, measure);
    if (i % BREAKDOWN_EVERY === 0) {
      for (const p of parts.values()) p.run(i);
      timed(measure ? read : null, () => {
        const r = readSiteFile(c.workspace.site.text, c.workspace.site.name);
        return readPatrol(c.workspace.patrol!.text, c.workspace.patrol!.name, r.site);
      });
    }
  }
  for (const r of all) checkModel(r.last!, `${c.key} ${r.key}`);
  // The old way must read back the very plan the control checks: the same mission, the same findings.
  const said = (m: PlanModel): string => JSON.stringify([m.compiled!.items, m.report!.findings, m.patrolNotes, m.siteWarnings]);
  if (said(control.last!) !== said(baseline.last!)) throw new Error(`bench:plan-edit: ${c.key}: the old way's model differs from the plan's (its text does not hold the same site or patrol)`);
  for (const r of runners) if (r.changed !== 4) throw new Error(`bench:plan-edit: ${c.key} ${r.key}: the model did not change from step to step`);
  return { runners, control, baseline, read, parts };
}

// ---------------------------------------------------------------------------------------------------------------
// Run

const load0 = loadavg()[0];
const started = performance.now();
const cases: Case[] = [demoCase(), gridCase(50, true), gridCase(200, false), knoxvilleCase()];
interface Row {
  measure: string;
  target: string;
  measured: string;
  ok: boolean | null;
}
const rows: Row[] = [];
const where: string[] = [];
const facts: string[] = [];
const f1 = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const cpuNote = (s: Series): string => {
  const c = stats(s.cpu);
  return `CPU ${f1(c.p50)} / ${f1(c.p95)}`;
};
const trio = (s: Series, bold = true): string => {
  const w = stats(s.wall);
  return `${f1(w.p50)} / ${bold ? `**${f1(w.p95)}**` : f1(w.p95)} / ${f1(w.max)} ms (${cpuNote(s)})`;
};

for (const c of cases) {
  log(`${c.label}: ${c.source}`);
  const res = measureCase(c);
  for (const r of res.runners) {
    const p95 = stats(r.step.wall).p95;
    rows.push({ measure: `${c.label}: ${r.label} + \`modelOf\``, target: c.targeted ? `p95 < ${TARGET_MS} ms` : '—', measured: trio(r.step), ok: c.targeted ? p95 < TARGET_MS : null });
    log(`  ${r.key}: ${trio(r.step, false)}`);
  }
  const heightP50 = stats(res.runners[0].step.wall).p50;
  for (const r of [res.control, res.baseline]) {
    const ratio = stats(r.step.wall).p50 / heightP50;
    rows.push({ measure: `… ${r.label}`, target: '—', measured: `${trio(r.step, false)}; p50 ${ratio.toFixed(2)}× the height edit's`, ok: null });
    log(`  ${r.key}: ${trio(r.step, false)}`);
  }
  const each = (f: (k: string) => string): string => EDITS.map((k) => (res.parts.has(k.key) ? f(k.key) : '—')).join(' / ');
  const m = res.runners[0].last!;
  const problems = m.report!.findings.filter((f) => f.severity !== 'info');
  const byCode = [...problems.reduce((acc, f) => acc.set(`${f.severity} ${f.code}`, (acc.get(`${f.severity} ${f.code}`) ?? 0) + 1), new Map<string, number>())].map(([k, n]) => `${n} ${k}`).join(', ');
  where.push(
    `| ${c.label} | ${each((k) => f1(stats(res.parts.get(k)!.compile.wall).p50))} | ${each((k) => f1(stats(res.parts.get(k)!.preflight.wall).p50))} | ${each((k) => f1(stats(res.runners.find((r) => r.key === k)!.edit!.wall).p50))} | ${f1(stats(res.read.wall).p50)} | ${m.compiled!.items.length} | ${problems.length}${byCode ? ` (${byCode})` : ''} |`,
  );
  facts.push(`${c.label}: ${c.source}.`);
}

const wall_s = (performance.now() - started) / 1000;
const table = ['| measure | target | measured: p50 / **p95** / max wall (CPU p50 / p95) | result |', '|---|---|---|:-:|', ...rows.map((r) => `| ${r.measure} | ${r.target} | ${r.measured} | ${r.ok === null ? '—' : r.ok ? '**pass**' : '**MISSED**'} |`)].join('\n');
const whereTable = [
  '| site | compile, p50 ms (height / leg / post) | preflight, p50 ms (height / leg / post) | the edit function alone, p50 ms (height / leg / post) | the old way\'s reading alone (`readSiteFile` + `readPatrol`), p50 ms | mission items | preflight errors + warnings (after the height edit) |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...where,
].join('\n');
const targeted = rows.filter((r) => r.ok !== null);
const failed = targeted.filter((r) => r.ok === false).length;
const summary = `${targeted.length - failed} of ${targeted.length} target rows pass${failed ? `, ${failed} fail` : ''}.`;
const breakdownRuns = Math.ceil(RUNS / BREAKDOWN_EVERY);
const notes = [
  `Step = the edit function of patrol/edit/plan-edit.ts applied to the plan of the step before, then \`modelOf(site, siteWarnings, patrol)\` (renderer/src/plan/plan-model.ts: \`compilePatrol\` for ArduPilot + \`preflightReport\`), as use-plan-editor.ts runs it 120 ms after the last edit. Each edit alternates between two values, so every step changes the route (checked: on the first four steps the mission or its findings differ from the step before, and no model has an error).`,
  `Timing: ${WARMUP} warm-up rounds, then ${RUNS} timed; a round runs each edit's step, the control and the baseline once, in an order rotating from round to round, so load from elsewhere on the machine falls on all rows alike. Nearest-rank percentiles of wall time (performance.now(); garbage collection included: the max is usually the step that met it); CPU = this process's user + system time over the same call (all its threads, so GC helper threads count).`,
  `Baseline, the old way: \`planModel(workspace)\` — the Plan view's model from the files' text: \`readSiteFile\` + \`readPatrol\` (JSON parse, zod validation), then the same \`modelOf\` — on the plan as opened. Control: \`modelOf\` alone on the plan as opened; the old way's model is checked equal to it (mission, findings, notes, site warnings). "p50 N×" = that row's p50 over the height edit's step p50.`,
  ...facts.map((f) => `Site: ${f}`),
  `Generated sites: a √n × √n grid of 30 m × 30 m buildings, 20–60 m tall (fixed-seed LCG), on 60 m spacing, home at the street crossing in the middle, the rest (1 for 50, 4 for 200) as 60 m × 20 m slabs in a row south of the grid; 10 duty posts at street crossings; a fence 60 m outside; ceiling 120 m. Written with \`writeSiteText\` and read back once, so the edited site and the old way's text are the same site. Auto patrol = \`autoPatrol\` (every post, a facade orbit and a roof sweep of the 3 tallest within 600 m of home).`,
  `Knoxville: the import has no duty posts (no post edit) and its auto patrol no facade leg (its three roof sweeps only: the leg edit is a roof leg's clearance). All 710 heights are assumed (no height tags), so preflight checks the path against each as unconfirmed. The old way reads the imported file's own text with a home feature added (the same site, checked equal); not the editor's save (\`writeSiteText\`), which confirms assumed heights and so would skip those checks and run faster.`,
  `Run under tsx, which compiles with esbuild's keepNames: closures made in hot loops (preflight's building index and geometry) pay a \`__name\` call (about 5–8 % of a step in a CPU profile) that the renderer's vite build (no keepNames in vite.config.ts) does not: the figures here are a little slower than the app's, on every row alike.`,
];
const machine = `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; load average ${load0.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (the machine is shared: expect noise, most of all in p95 and max); ${new Date().toISOString().slice(0, 16)}Z; ${wall_s.toFixed(0)} s in all, one process.`;
const out = `${machine}\n\n${table}\n\n${summary}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n\nWhere a step's time goes: \`modelOf\`'s two calls timed apart on each edit's own chain of plans (every ${BREAKDOWN_EVERY}th round, ${breakdownRuns} steps per edit), and the old way's reading alone:\n\n${whereTable}\n`;
process.stdout.write(`\n${out}`);
writeFileSync(OUT, `# Benchmark: the Plan editor's recompile and preflight as you edit (issue 11)\n\nRun with \`npm run bench:plan-edit\` (\`--runs N\`, \`--warmup N\`, \`--out FILE\`; see bench/plan-edit.ts).\n\n${out}`);
log(`written to ${relative(ROOT, OUT)}`);
if (failed) {
  log(`below target: p95 < ${TARGET_MS} ms on the 50-building site`);
  process.exitCode = 1;
}
