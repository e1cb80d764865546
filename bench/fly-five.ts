// `npm run bench:fly`: issue 9's performance target, measured. Five simulated ArduCopters on one TCP link fly the
// demo patrol while the app runs in browser mode and headless Chromium shows the Fly view:
//   - snapshots crossing the bridge (the browser-mode WebSocket): ≤ 20 a second per vehicle;
//   - the main side's CPU (the whole `watchpost ui` process: decoding, vehicle state, recording, live checks,
//     the WebSocket server): < 15 % of one core;
//   - the renderer's frame time (requestAnimationFrame deltas in the Fly view): p95 < 20 ms.
// The simulator runs in its own process (`watchpost sim`), so its work is not counted as the main side's. Two
// windows by default: the telemetry rates the app itself asks for, then every stream the simulator has at its
// maximum (REQUEST_DATA_STREAM, all groups, 50 Hz, sent by a second client on the simulator's TCP server).
// Prints a markdown table and keeps it in bench/FLY-RESULTS.md.
//
// Options: --seconds S (each window, default 20), --rates app,max (default both), --warmup S (default 3),
// --site FILE.geojson (another site, e.g. an OpenStreetMap export: the app's default patrol of it is flown),
// --timeout S (the whole run, default 360), --diagnose (afterwards, one more window, not in the table: the V8
// profiler on the ui process — top functions by self time, the .cpuprofile kept in bench/out/ — and every DOM
// change in the page's map panes by element and attribute), --out FILE, --append (add to it rather than replace).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import WebSocket from 'ws';
import type { LinkSummary, VehicleSnapshot } from '../electron/api';
import { ARDUPILOT_STREAMS } from '../mavlink/vehicle/telemetry-request';
import { common } from 'node-mavlink';
import {
  ApiClient, cpuSeconds, LinkProbe, machineBusySeconds, memoryMB, percentile, processTree, ROOT, sleep, startCommand, treeCpu, treeCpuDelta, until, within,
  type Child,
} from './fly-support';

// ---------------------------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const WINDOW_S = Number(opt('--seconds') ?? 20);
const WARMUP_S = Number(opt('--warmup') ?? 3);
const TIMEOUT_S = Number(opt('--timeout') ?? 360);
const RATES = (opt('--rates') ?? 'app,max').split(',') as Array<'app' | 'max'>;
const DIAGNOSE = argv.includes('--diagnose');
const OUT = opt('--out') ?? join(ROOT, 'bench', 'FLY-RESULTS.md');
const APPEND = argv.includes('--append');
const SITE = opt('--site'); // a GeoJSON site to fly over instead of the demo (its default patrol is flown)
for (const r of RATES) if (r !== 'app' && r !== 'max') usage(`--rates: expected app, max or app,max, got "${r}"`);
if (!(WINDOW_S >= 2 && WINDOW_S <= 600)) usage(`--seconds: expected 2..600, got ${opt('--seconds')}`);
if (!(WARMUP_S >= 0 && WARMUP_S <= 60)) usage(`--warmup: expected 0..60, got ${opt('--warmup')}`);
if (!(TIMEOUT_S >= 30)) usage(`--timeout: expected ≥ 30, got ${opt('--timeout')}`);

function usage(message: string): never {
  process.stderr.write(`bench:fly: ${message}\n`);
  process.exit(2);
}

const VEHICLES = 5;
const SYSIDS = Array.from({ length: VEHICLES }, (_, i) => i + 1);
const MAX_RATE_HZ = 50; // the simulator's ceiling per message (mavlink/sim/telemetry.ts MAX_RATE_HZ)
const TARGET_SNAPSHOTS_HZ = 20;
const TARGET_CPU_PCT = 15;
const TARGET_P95_MS = 20;
let loadBefore = NaN;
const log = (text: string): void => void process.stderr.write(`bench:fly: ${text}\n`);

// ---------------------------------------------------------------------------------------------------------------
// What one measurement window gives

interface Window {
  label: string;
  rates: string;
  seconds: number;
  link_msgs_per_vehicle: number[];
  link_per_message: Map<string, number>;
  snapshots: { mean: number[]; max_1s: number[]; min_gap_ms: number[]; events_hz: number; bytes_per_s: number; event_bytes: number };
  ui_cpu_pct: number;
  ui_rss_mb: number;
  ui_peak_mb: number;
  sim_cpu_pct: number;
  chromium_cpu_pct: number;
  bench_cpu_pct: number;
  /** Everything else on the machine (other users' work competes for the same cores). */
  others_cpu_pct: number;
  frames: { n: number; p50: number; p95: number; p99: number; max: number; over_20: number; long_tasks: number; long_ms: number };
  page_busy_pct: { task: number; script: number; layout: number; style: number };
  markers_min: number;
  markers_max: number;
  /** What the map holds at the end of the window. */
  map: Record<string, number>;
  /** Mean JSON bytes of one vehicle snapshot, and of its statustext list. */
  snapshot_bytes: number;
  statustext_bytes: number;
  flying: string;
}

/** Every `vehicles` event while counting: when, which vehicles it carried, its size. */
interface SnapshotEvent {
  t_ms: number;
  sysids: number[];
  bytes: number;
}

// ---------------------------------------------------------------------------------------------------------------
// In the page: a requestAnimationFrame loop that keeps frame deltas while `on`, and long tasks (> 50 ms).

const PAGE_PROBE = `(() => {
  const f = { on: false, last: 0, deltas: [], long: [] };
  window.__flyBench = f;
  const tick = (t) => {
    if (f.on && f.last > 0) f.deltas.push(t - f.last);
    f.last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      if (f.on) for (const e of list.getEntries()) f.long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch (e) {
    f.longtaskError = String(e);
  }
})();`;
const PAGE_START = `(() => { const f = window.__flyBench; f.deltas = []; f.long = []; f.last = 0; f.on = true; return true; })()`;
const PAGE_STOP = `(() => { const f = window.__flyBench; f.on = false; return { deltas: f.deltas, long: f.long }; })()`;
/** --diagnose only (observing costs the page time): every DOM change in the map's panes, by element class and attribute. */
const PAGE_WATCH = `(() => {
  const by = {};
  const key = (el) => el.tagName.toLowerCase() + '.' + ((el.getAttribute && el.getAttribute('class')) || '').split(' ').filter((c) => c.startsWith('wp-') || c.startsWith('leaflet-') || c === 'vehicle' || c === 'vehicle-label')[0];
  const mo = new MutationObserver((records) => {
    for (const r of records) {
      const k = r.type === 'childList' ? key(r.target) + ' +nodes' : key(r.target) + ' @' + r.attributeName;
      by[k] = (by[k] || 0) + (r.type === 'childList' ? r.addedNodes.length : 1);
    }
  });
  for (const pane of document.querySelectorAll('.leaflet-pane')) mo.observe(pane, { childList: true, subtree: true, attributes: true });
  window.__flyBenchWatch = { by, stop: () => mo.disconnect() };
  return true;
})()`;
const PAGE_UNWATCH = `(() => { const w = window.__flyBenchWatch; w.stop(); return w.by; })()`;
const PAGE_COUNTS = `(() => {
  const n = (sel) => document.querySelectorAll(sel).length;
  return { buildings: n('.leaflet-overlay-pane path.wp-building'), svg_paths: n('.leaflet-overlay-pane path'), markers: n('.leaflet-marker-pane > *'), tooltips: n('.leaflet-tooltip-pane > *'), dom_nodes: n('*') };
})()`;
const PAGE_MARKERS = `[...document.querySelectorAll('[data-testid^="vehicle-"]')].filter((e) => /^vehicle-\\d+$/.test(e.getAttribute('data-testid'))).length`;

// ---------------------------------------------------------------------------------------------------------------
// The run

const cleanups: Array<{ what: string; run: () => unknown }> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await within(`cleaning up (${c.what})`, Promise.resolve(c.run()), 10_000);
      } catch (err) {
        log(`cleaning up ${c.what}: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: stopping`);
    void cleanup().then(() => process.exit(130));
  });
}

async function main(): Promise<string> {
  const buildNote = ensureUiBuilt();
  loadBefore = loadavg()[0];
  const tmp = mkdtempSync(join(tmpdir(), 'watchpost-bench-fly-'));
  cleanups.push({ what: `temporary folder ${tmp}`, run: () => rmSync(tmp, { recursive: true, force: true }) });
  const dataDir = join(tmp, 'data');
  mkdirSync(dataDir);

  // The site's home (else the middle of its features): the simulator starts there so the patrol fits.
  let sitePath = SITE ? resolve(SITE) : join(ROOT, 'assets', 'demo', 'demo.site.geojson');
  const site = readSiteSummary(sitePath);
  if (!site.hasHome) {
    // A patrol needs a home: a copy of the site with one at its middle, in the temporary folder.
    const fc = JSON.parse(readFileSync(sitePath, 'utf8')) as { features: unknown[] };
    fc.features.push({ type: 'Feature', id: 'bench-home', properties: { kind: 'home', name: 'bench home (middle of the site)' }, geometry: { type: 'Point', coordinates: [site.lon, site.lat] } });
    sitePath = join(tmp, basename(sitePath).replace(/(\.site)?\.geojson$/i, '') + '.site.geojson');
    writeFileSync(sitePath, JSON.stringify(fc));
  }
  const { lat, lon } = site;
  log(`starting the simulator (${VEHICLES} copters, 1× real time) in its own process…`);
  const sim = await startCommand<{ local_port: number; vehicles: number[] }>(
    ['sim', '--link', 'tcpin:127.0.0.1:0', '--vehicles', String(VEHICLES), '--home', `${lat},${lon},20`, '--speedup', '1', '--json'], 60_000,
  );
  cleanups.push({ what: 'the simulator', run: () => sim.stop() });
  const port = sim.ready.local_port;
  const probe = await LinkProbe.open(port);
  cleanups.push({ what: 'the link probe', run: () => probe.close() });

  log('starting `watchpost ui` (browser mode)…');
  const ui: Child<{ url: string }> = await startCommand(['ui', '--port', '0', '--data-dir', dataDir, '--json', '--tiles', 'none'], 60_000, DIAGNOSE ? ['--inspect=127.0.0.1:0'] : []);
  cleanups.push({ what: 'watchpost ui', run: () => ui.stop() });
  const uiPid = ui.child.pid as number;
  const simPid = sim.child.pid as number;

  const api = await ApiClient.connect(ui.ready.url);
  cleanups.push({ what: 'the API socket', run: () => api.close() });
  let latest: VehicleSnapshot[] = [];
  let counting: SnapshotEvent[] | null = null;
  const sizes = { n: 0, snapshot: 0, statustext: 0 };
  api.on('vehicles', (v, bytes) => {
    latest = v;
    if (!counting) return;
    counting.push({ t_ms: performance.now(), sysids: [...new Set(v.map((s) => s.sysid))], bytes });
    if (counting.length % 10 === 1) {
      for (const s of v) {
        sizes.n++;
        sizes.snapshot += JSON.stringify(s).length;
        sizes.statustext += JSON.stringify(s.statustext).length;
      }
    }
  });
  // The first start opens the demo site and patrol; another site is opened as a user would (and so is what the page opens).
  // (openStartup first: the run's first call of it is the first start, which shows the demo whatever was opened before.)
  let workspace = await api.call('openStartup', []);
  if (SITE) workspace = await api.call('openFile', [sitePath]);
  if (!SITE && !workspace.patrol) throw new Error(`the workspace opened ${workspace.site.name} without a patrol: nothing to fly`);
  if (workspace.problems.length > 0) log(`workspace problems: ${workspace.problems.join('; ')}`);
  const link: LinkSummary = await api.call('openLink', [`tcp:127.0.0.1:${port}`]);
  log(`link ${link.id} open on ${link.uri}; waiting for ${VEHICLES} vehicles with a position…`);
  await until(`${VEHICLES} vehicles with a 3D fix on the link`, () => {
    const ok = SYSIDS.every((id) => latest.some((v) => v.sysid === id && v.lat !== null && v.gps_fix_type !== null && /3D|DGPS|RTK/.test(v.gps_fix_type)));
    return ok ? true : undefined;
  }, 60_000);

  log('opening the Fly view in Chromium…');
  const profileDir = join(tmp, 'chromium');
  const context: BrowserContext = await within('Chromium to start', chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  }), 60_000);
  cleanups.push({ what: 'Chromium', run: () => context.close() });
  const chromiumPid = findChromium([uiPid, simPid]);
  const page: Page = context.pages()[0] ?? await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.addInitScript({ content: PAGE_PROBE });
  await page.goto(`${ui.ready.url}#/fly`);
  // Polled with page.evaluate (CDP, as DevTools does): the page's CSP forbids the eval that waitForFunction uses.
  await until(`${VEHICLES} vehicle markers (data-testid vehicle-N) in the Fly view`, async () => ((await page.evaluate(PAGE_MARKERS)) as number) >= VEHICLES || undefined, 30_000)
    .catch((err: Error) => {
      throw new Error(`${err.message}${pageErrors.length ? `; page errors: ${pageErrors.join(' | ')}` : ''}`);
    });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const chromiumVersion = context.browser()?.version() ?? (await page.evaluate('navigator.userAgent') as string).replace(/.*Chrome\/(\S+).*/, '$1');

  log('uploading the patrol to each vehicle…');
  for (const sysid of SYSIDS) {
    const r = await api.call('uploadPatrol', [link.id, { sysid }], 120_000);
    if (!r.ok) throw new Error(`uploadPatrol to vehicle ${sysid}: ${r.result}${r.detail ? ` (${r.detail})` : ''}`);
  }
  log('starting the patrol on all five (GUIDED, arm, take off, AUTO)…');
  const starts = await Promise.all(SYSIDS.map((sysid) => api.call('vehicleAction', [link.id, { sysid, action: 'start' }], 120_000)));
  for (const s of starts) if (!s.ok) throw new Error(`start on vehicle ${s.sysid}: ${s.result}${s.detail ? ` (${s.detail})` : ''}`);
  await sleep(WARMUP_S * 1000);

  const windows: Window[] = [];
  const measure = async (label: string, rates: string): Promise<Window> => {
    log(`measuring "${label}" for ${WINDOW_S} s…`);
    const t0 = performance.now();
    const ui0 = cpuSeconds(uiPid);
    const sim0 = cpuSeconds(simPid);
    const chr0 = treeCpu(chromiumPid);
    const bench0 = process.cpuUsage();
    const machine0 = machineBusySeconds();
    const perf0 = await metrics(cdp);
    counting = [];
    Object.assign(sizes, { n: 0, snapshot: 0, statustext: 0 });
    probe.reset();
    await page.evaluate(PAGE_START);
    let markersMin = Infinity;
    let markersMax = 0;
    const end = t0 + WINDOW_S * 1000;
    while (performance.now() < end) {
      const n = await page.evaluate(PAGE_MARKERS) as number;
      markersMin = Math.min(markersMin, n);
      markersMax = Math.max(markersMax, n);
      await sleep(Math.min(1000, Math.max(0, end - performance.now())));
    }
    const frames = await page.evaluate(PAGE_STOP) as { deltas: number[]; long: number[] };
    const map = await page.evaluate(PAGE_COUNTS) as Record<string, number>;
    const perf1 = await metrics(cdp);
    const link_rates = probe.rates(SYSIDS);
    const events = counting;
    counting = null;
    const seconds = (performance.now() - t0) / 1000;
    const ui_cpu = cpuSeconds(uiPid) - ui0;
    const sim_cpu = cpuSeconds(simPid) - sim0;
    const chr_cpu = treeCpuDelta(chr0, treeCpu(chromiumPid));
    const bench = process.cpuUsage(bench0);
    const machine = machineBusySeconds() - machine0;
    const mem = memoryMB(uiPid);
    const sorted = [...frames.deltas].sort((a, b) => a - b);
    const busy = (k: string): number => (100 * ((perf1.get(k) ?? 0) - (perf0.get(k) ?? 0))) / seconds;
    return {
      label, rates, seconds,
      link_msgs_per_vehicle: SYSIDS.map((id) => link_rates.per_vehicle.get(id) ?? 0),
      link_per_message: link_rates.per_message,
      snapshots: snapshotRates(events, t0, seconds),
      ui_cpu_pct: (100 * ui_cpu) / seconds,
      ui_rss_mb: mem.rss,
      ui_peak_mb: mem.peak,
      sim_cpu_pct: (100 * sim_cpu) / seconds,
      chromium_cpu_pct: (100 * chr_cpu) / seconds,
      bench_cpu_pct: (100 * (bench.user + bench.system)) / 1e6 / seconds,
      others_cpu_pct: (100 * (machine - ui_cpu - sim_cpu - chr_cpu - (bench.user + bench.system) / 1e6)) / seconds,
      frames: {
        n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN,
        over_20: sorted.filter((d) => d > TARGET_P95_MS).length,
        long_tasks: frames.long.length, long_ms: frames.long.reduce((a, b) => a + b, 0),
      },
      page_busy_pct: { task: busy('TaskDuration'), script: busy('ScriptDuration'), layout: busy('LayoutDuration'), style: busy('RecalcStyleDuration') },
      markers_min: markersMin === Infinity ? 0 : markersMin,
      markers_max: markersMax,
      map,
      snapshot_bytes: sizes.n ? sizes.snapshot / sizes.n : 0,
      statustext_bytes: sizes.n ? sizes.statustext / sizes.n : 0,
      flying: flyingState(latest),
    };
  };

  const appRates = ARDUPILOT_STREAMS.map((s) => `${streamName(s.stream)} ${s.rate_hz} Hz`).join(', ');
  if (RATES.includes('app')) windows.push(await measure('rates the app asks for', appRates));
  if (RATES.includes('max')) {
    log(`asking every vehicle for all streams at ${MAX_RATE_HZ} Hz (REQUEST_DATA_STREAM, MAV_DATA_STREAM_ALL)…`);
    probe.reset();
    probe.requestAllStreams(SYSIDS, MAX_RATE_HZ);
    await sleep(3000);
    const now = probe.rates(SYSIDS);
    const att = now.per_message.get('ATTITUDE') ?? 0;
    if (att < MAX_RATE_HZ * 0.8) throw new Error(`after REQUEST_DATA_STREAM at ${MAX_RATE_HZ} Hz, ATTITUDE comes at ${att.toFixed(1)} Hz per vehicle`);
    windows.push(await measure(`every stream at the simulator's maximum`, `all groups at ${MAX_RATE_HZ} Hz`));
  }

  let profileText = '';
  if (DIAGNOSE) {
    counting = [];
    const profile = profileUi(ui.stderr());
    const dom = await diagnosePage(page, () => counting?.length ?? 0).catch((err: Error) => `(page diagnosis failed: ${err.message})\n`);
    counting = null;
    profileText = `${dom}\n${await profile}`;
  }

  const siteNote = `${SITE ? `\`${relative(ROOT, resolve(SITE))}\`${site.hasHome ? '' : ' (with a home added at its middle)'} and the app's default patrol of it` : 'the demo site and patrol'} (${site.buildings} buildings, ${site.posts} duty posts)`;
  const table = report(windows, { buildNote, chromiumVersion, pageErrors, flying: flyingState(latest), siteNote });
  return profileText ? `${table}\n${profileText}` : table;
}

// ---------------------------------------------------------------------------------------------------------------
// Pieces

/** out/renderer must hold a build; build it once when missing (and say when the sources are newer than the build). */
function ensureUiBuilt(): string {
  const index = join(ROOT, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) {
    log('out/renderer/index.html is missing: building the UI once (npx vite build)…');
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`npx vite build failed (exit ${r.status ?? r.signal})`);
  }
  const built = statSync(index).mtimeMs;
  const newer = newestSource() > built;
  return `out/renderer built ${new Date(built).toISOString().slice(0, 16)}Z${newer ? ' (some UI sources are newer: the build measured may lag them)' : ''}`;
}

function newestSource(): number {
  let t = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  walk(join(ROOT, 'renderer'));
  walk(join(ROOT, 'patrol'));
  return Math.max(t, statSync(join(ROOT, 'electron', 'api.ts')).mtimeMs);
}
/** Where the simulator starts (the site's home, else the middle of its features) and what the map draws. */
function readSiteSummary(path: string): { lat: number; lon: number; buildings: number; posts: number; hasHome: boolean } {
  let fc: { features?: Array<{ properties?: Record<string, unknown> | null; geometry?: { type: string; coordinates: unknown } | null }> };
  try {
    fc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`--site ${path}: ${(err as Error).message} (a GeoJSON FeatureCollection is expected)`);
  }
  const features = fc.features ?? [];
  const kind = (f: (typeof features)[number]): string | undefined => {
    const p = f.properties ?? {};
    return typeof p.kind === 'string' ? p.kind : p.building !== undefined ? 'building' : undefined;
  };
  const home = features.find((f) => kind(f) === 'home' && f.geometry?.type === 'Point');
  let lat: number;
  let lon: number;
  if (home) [lon, lat] = home.geometry?.coordinates as number[];
  else {
    const box = { w: Infinity, e: -Infinity, s: Infinity, n: -Infinity };
    const visit = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') {
        box.w = Math.min(box.w, c[0]); box.e = Math.max(box.e, c[0]);
        box.s = Math.min(box.s, c[1] as number); box.n = Math.max(box.n, c[1] as number);
      } else if (Array.isArray(c)) c.forEach(visit);
    };
    for (const f of features) visit(f.geometry?.coordinates);
    if (!Number.isFinite(box.w)) throw new Error(`--site ${path}: no coordinates`);
    [lat, lon] = [(box.s + box.n) / 2, (box.w + box.e) / 2];
  }
  return { lat, lon, buildings: features.filter((f) => kind(f) === 'building').length, posts: features.filter((f) => kind(f) === 'post').length, hasHome: home !== undefined };
}

/** The Chromium browser process: a child of this process that is neither the ui nor the simulator. */
function findChromium(exclude: number[]): number {
  for (const pid of processTree(process.pid)) {
    if (pid === process.pid || exclude.includes(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')) return pid;
    } catch {
      continue; // ended meanwhile
    }
  }
  throw new Error('cannot find the Chromium process among this process’s children');
}

async function metrics(cdp: CDPSession): Promise<Map<string, number>> {
  const r = await cdp.send('Performance.getMetrics');
  return new Map(r.metrics.map((m) => [m.name, m.value]));
}

/** Per vehicle: snapshots a second (mean over the window), the most in any 1 s (sliding), the least gap between two. */
function snapshotRates(events: SnapshotEvent[], t0: number, seconds: number): Window['snapshots'] {
  const mean: number[] = [];
  const max_1s: number[] = [];
  const min_gap_ms: number[] = [];
  for (const id of SYSIDS) {
    const ts = events.filter((e) => e.sysids.includes(id)).map((e) => e.t_ms - t0);
    mean.push(ts.length / seconds);
    let best = 0;
    let gap = Infinity;
    for (let i = 0, j = 0; i < ts.length; i++) {
      while (ts[i] - ts[j] >= 1000) j++;
      best = Math.max(best, i - j + 1);
      if (i > 0) gap = Math.min(gap, ts[i] - ts[i - 1]);
    }
    max_1s.push(best);
    min_gap_ms.push(gap);
  }
  const bytes = events.reduce((a, e) => a + e.bytes, 0);
  return { mean, max_1s, min_gap_ms, events_hz: events.length / seconds, bytes_per_s: bytes / seconds, event_bytes: events.length ? bytes / events.length : 0 };
}

function flyingState(vs: VehicleSnapshot[]): string {
  return SYSIDS.map((id) => {
    const v = vs.find((x) => x.sysid === id);
    return v ? `${id}: ${v.mode}${v.armed ? ' armed' : ' disarmed'} ${v.alt_rel_m === null ? '?' : v.alt_rel_m.toFixed(0)} m` : `${id}: not heard`;
  }).join('; ');
}

function streamName(id: number): string {
  return String((common.MavDataStream as unknown as Record<number, string>)[id] ?? id);
}

// ---------------------------------------------------------------------------------------------------------------
// --diagnose: one more window. In the page, every DOM change in the map's panes (MutationObserver, which costs
// the page time itself: not in the table). In the ui process, a V8 CPU profile (the inspector given by --inspect).

async function diagnosePage(page: Page, events: () => number): Promise<string> {
  log(`diagnosing for ${WINDOW_S} s (not counted in the table): DOM changes in the page, V8 profile of the ui process…`);
  const counts = await page.evaluate(PAGE_COUNTS) as Record<string, number>;
  await page.evaluate(PAGE_WATCH);
  const t0 = performance.now();
  await sleep(WINDOW_S * 1000);
  const by = await page.evaluate(PAGE_UNWATCH) as Record<string, number>;
  const seconds = (performance.now() - t0) / 1000;
  const n = events();
  const total = Object.values(by).reduce((a, b) => a + b, 0);
  const dRedraws = Object.entries(by).filter(([k]) => k.startsWith('path.wp-building @d')).reduce((a, [, v]) => a + v, 0);
  return [
    `## Diagnosis: DOM changes in the Fly view's map (one more ${WINDOW_S} s window, MutationObserver on every Leaflet pane)`,
    '',
    `The map holds ${counts.svg_paths} SVG paths, ${counts.markers} markers and ${counts.tooltips} tooltips (${counts.dom_nodes} DOM nodes in the page). ` +
      `${(n / seconds).toFixed(1)} \`vehicles\` events/s arrived; the panes saw ${(total / seconds).toFixed(0)} changes/s (${n ? (total / n).toFixed(0) : '—'} per event)` +
      `${dRedraws ? `; each building's outline (\`d\`) was rewritten ${(dRedraws / seconds / Math.max(1, counts.buildings)).toFixed(1)} times/s` : ''}.`,
    '',
    '| element · change | per s | per `vehicles` event |', '|---|---:|---:|',
    ...Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `| \`${k}\` | ${(v / seconds).toFixed(0)} | ${n ? (v / n).toFixed(1) : '—'} |`),
    '',
  ].join('\n');
}

async function profileUi(stderr: string): Promise<string> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
  if (!url) throw new Error(`--diagnose: the ui process printed no inspector address; its stderr: ${stderr}`);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const send = (method: string, params: object = {}): Promise<Record<string, unknown>> => new Promise((resolve, reject) => {
    const my = ++id;
    const on = (data: WebSocket.RawData): void => {
      const m = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      if (m.id !== my) return;
      ws.off('message', on);
      if (m.error) reject(new Error(`${method}: ${m.error.message}`));
      else resolve(m.result ?? {});
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ id: my, method, params }));
  });
  try {
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: 500 });
    await send('Profiler.start');
    await sleep(WINDOW_S * 1000);
    const { profile } = await send('Profiler.stop') as { profile: CpuProfile };
    mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
    const file = join(ROOT, 'bench', 'out', 'fly-ui.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    return summarizeProfile(profile, file);
  } finally {
    ws.terminate();
  }
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function summarizeProfile(p: CpuProfile, file: string): string {
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = (p.endTime - p.startTime) / 1000;
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [nid, us] of self) {
    const cf = byNode.get(nid)?.callFrame;
    if (!cf) continue;
    const where = cf.url.replace(/^file:\/\//, '').replace(ROOT, '').replace(/.*node_modules\/\.cache\/watchpost-cli\/[^/]+\//, 'cli-build/');
    const name = `${cf.functionName || '(anonymous)'} ${where ? `${where}:${cf.lineNumber + 1}` : ''}`.trim();
    byFn.set(name, (byFn.get(name) ?? 0) + us / 1000);
    const area = cf.url === '' ? cf.functionName || '(native)' : /node_modules\/ws\//.test(cf.url) ? 'ws (WebSocket)' : /node:/.test(cf.url) ? 'Node core' : /node_modules\/(?!\.cache)/.test(cf.url) ? cf.url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1') : 'watchpost (compiled CLI)';
    byArea.set(area, (byArea.get(area) ?? 0) + us / 1000);
  }
  const idle = byArea.get('(idle)') ?? 0;
  const busy = total - idle;
  const lines = [
    `## Diagnosis: where the ui process spends its time (the same window, V8 sampling profiler every 0.5 ms)`,
    '',
    `Busy ${busy.toFixed(0)} ms of ${total.toFixed(0)} ms (${((100 * busy) / total).toFixed(1)} % of one core with the profiler on). Saved as \`${file.replace(ROOT, '')}\` (open in Chrome DevTools).`,
    '',
    '| area | self ms | % of busy |', '|---|---:|---:|',
    ...[...byArea].filter(([a]) => a !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 12).map(([a, ms]) => `| ${a} | ${ms.toFixed(0)} | ${((100 * ms) / busy).toFixed(1)} |`),
    '',
    '| function | self ms | % of busy |', '|---|---:|---:|',
    ...[...byFn].filter(([f]) => !f.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([f, ms]) => `| \`${f}\` | ${ms.toFixed(0)} | ${((100 * ms) / busy).toFixed(1)} |`),
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The table

function report(ws: Window[], ctx: { buildNote: string; chromiumVersion: string; pageErrors: string[]; flying: string; siteNote: string }): string {
  const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—');
  const pass = (ok: boolean): string => (ok ? '**pass**' : '**FAIL**');
  const head = `| measure | target | ${ws.map((w) => w.label).join(' | ')} |`;
  const sep = `|---|---|${ws.map(() => '---:|').join('')}`;
  const row = (name: string, target: string, cell: (w: Window) => string): string => `| ${name} | ${target} | ${ws.map(cell).join(' | ')} |`;
  const maxOf = (a: number[]): number => Math.max(...a);
  const meanOf = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  const cpu = cpus();
  const lines = [
    `# Benchmark: five copters on one link (issue 9)${SITE ? ` over \`${relative(ROOT, resolve(SITE))}\`` : ''}`,
    '',
    `Run with \`npm run bench:fly\`${argv.length ? ` (this one: \`npm run bench:fly -- ${argv.filter((a, i) => a !== '--out' && argv[i - 1] !== '--out' && a !== '--append').join(' ')}\`)` : ''}.`,
    '',
    head, sep,
    row('telemetry on the link, msgs/s per vehicle (mean of 5)', '—', (w) => f1(meanOf(w.link_msgs_per_vehicle))),
    row('telemetry on the link, msgs/s (all 5)', '—', (w) => f1(w.link_msgs_per_vehicle.reduce((a, b) => a + b, 0))),
    row('snapshots over the bridge per vehicle, per s (vehicle 1 / 2 / 3 / 4 / 5, mean over the window)', `≤ ${TARGET_SNAPSHOTS_HZ}`,
      (w) => `${w.snapshots.mean.map(f1).join(' / ')} ${pass(maxOf(w.snapshots.mean) <= TARGET_SNAPSHOTS_HZ)}`),
    row('… most received in any 1 s (sliding), worst vehicle; least gap between two, ms', '(note 1)',
      (w) => `${maxOf(w.snapshots.max_1s)}; ${f1(Math.min(...w.snapshots.min_gap_ms))} ms`),
    row('`vehicles` events/s; bytes/s on the bridge (bytes per event)', '—', (w) => `${f1(w.snapshots.events_hz)}; ${(w.snapshots.bytes_per_s / 1024).toFixed(1)} KiB/s (${w.snapshots.event_bytes.toFixed(0)} B)`),
    row('one snapshot, JSON bytes (of which its statustext list)', '—', (w) => `${w.snapshot_bytes.toFixed(0)} (${w.statustext_bytes.toFixed(0)})`),
    row('main side CPU (`watchpost ui` process), % of one core', `< ${TARGET_CPU_PCT}`, (w) => `${f1(w.ui_cpu_pct)} ${pass(w.ui_cpu_pct < TARGET_CPU_PCT)}`),
    row('main side memory: RSS (peak), MB', '—', (w) => `${w.ui_rss_mb.toFixed(0)} (${w.ui_peak_mb.toFixed(0)})`),
    row('renderer frame time p95 (rAF deltas), ms', `< ${TARGET_P95_MS}`, (w) => `${f1(w.frames.p95)} ${pass(w.frames.p95 < TARGET_P95_MS)}`),
    row('renderer frame time p50 / p99 / max, ms', '—', (w) => `${f1(w.frames.p50)} / ${f1(w.frames.p99)} / ${f1(w.frames.max)}`),
    row('frames; frames > 20 ms; long tasks (total ms)', '—', (w) => `${w.frames.n}; ${w.frames.over_20}; ${w.frames.long_tasks} (${w.frames.long_ms.toFixed(0)})`),
    row('page main thread busy % (tasks; script / layout / style)', '—', (w) => `${f1(w.page_busy_pct.task)}; ${f1(w.page_busy_pct.script)} / ${f1(w.page_busy_pct.layout)} / ${f1(w.page_busy_pct.style)}`),
    row('vehicle markers shown (least … most)', `${VEHICLES}`, (w) => `${w.markers_min} … ${w.markers_max}`),
    row('the map: SVG paths (buildings); markers; tooltips; DOM nodes in the page', '—',
      (w) => `${w.map.svg_paths} (${w.map.buildings}); ${w.map.markers}; ${w.map.tooltips}; ${w.map.dom_nodes}`),
    row('other CPU, % of one core: simulator / Chromium (all processes) / bench / the rest of the machine', '—',
      (w) => `${f1(w.sim_cpu_pct)} / ${f1(w.chromium_cpu_pct)} / ${f1(w.bench_cpu_pct)} / ${f1(Math.max(0, w.others_cpu_pct))}`),
    '',
    '- Telemetry rates per window:',
    ...ws.map((w) => `  - *${w.label}*: ${w.rates}. Measured per vehicle on the link: ${[...w.link_per_message].sort((a, b) => b[1] - a[1]).map(([n, hz]) => `${n} ${hz.toFixed(1)}`).join(', ')} (msgs/s).`),
    `- Setup: \`watchpost sim --vehicles ${VEHICLES} --speedup 1\` (its own process, \`tcpin\` on loopback) at the site's home; site: ${ctx.siteNote}; \`watchpost ui --tiles none\` opened \`tcp:127.0.0.1:PORT\` through the API (recording the flight, live duty-post checks on); the patrol uploaded to each of the five and started (GUIDED, arm, take off, AUTO); ${WARMUP_S} s of flight before measuring; each window ${WINDOW_S} s. "Max" rates are asked by a second client on the simulator's TCP server (REQUEST_DATA_STREAM, MAV_DATA_STREAM_ALL, ${MAX_RATE_HZ} Hz: the simulator's ceiling), which also counts the frames on the link.`,
    `- Note 1: the main side emits a \`vehicles\` event at most every 50 ms (SnapshotThrottle, 20 Hz); the target is judged on the rate over the window. Times here are when the counting client received each event, so event-loop and socket jitter can put two events less than 50 ms apart and 21 inside a sliding 1 s (21 events 50 ms apart span exactly 1 s).`,
    `- Bridge: the browser-mode WebSocket (what the page receives; a Node client counts the \`vehicles\` events with the page's token and Origin). Each event carries every vehicle's snapshot, so per vehicle = events carrying it.`,
    `- Main side CPU: utime + stime of the \`watchpost ui\` process (/proc) over the window: decoding, vehicle state, the tlog recording, live checks, JSON and the WebSocket to two clients (the page and the counter) — an upper bound for "decoding and state".`,
    `- Renderer: Chromium ${ctx.chromiumVersion} headless (--disable-gpu, software compositing), 1400×900, \`#/fly\`, no basemap; frame time = requestAnimationFrame deltas. rAF runs at the display rate (60 Hz here), so ~16.7 ms is the floor: p95 < 20 ms means no more than ~5 % of frames missed. Page busy % from the Chrome DevTools Protocol's Performance metrics. Page errors: ${ctx.pageErrors.length === 0 ? 'none' : ctx.pageErrors.slice(0, 3).join(' | ')}.`,
    `- At the end: ${ctx.flying}.`,
    `- Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} — the simulator, the ui process, Chromium and this bench share them (1-min load average before the run: ${loadBefore.toFixed(2)}); Node ${process.version}; ${ctx.buildNote}; ${new Date().toISOString().slice(0, 16)}Z.`,
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------

const overall = setTimeout(() => {
  log(`gave up after ${TIMEOUT_S} s (--timeout): stopping everything`);
  void cleanup().then(() => process.exit(1));
}, TIMEOUT_S * 1000);

try {
  const text = await main();
  process.stdout.write(text);
  if (APPEND && existsSync(OUT)) appendFileSync(OUT, `\n${text}`);
  else writeFileSync(OUT, text);
  log(`written to ${OUT.replace(ROOT, '')}`);
  await cleanup();
  clearTimeout(overall);
} catch (err) {
  log(`failed: ${(err as Error).message}`);
  await cleanup();
  clearTimeout(overall);
  process.exitCode = 1;
}
