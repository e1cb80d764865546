// `npm run bench:replay`: issue 10's performance targets, measured on a generated one-hour flight (bench/replay-generate.ts:
// the built-in simulator flying the demo patrol for an hour, every stream at 50 Hz, > 1.5 million packets, > 70 MB).
// The replay answers before the whole file is read: FlightReplay.open reads the file into memory and walks it in
// turns of a few ms, answering once a vehicle is heard (~20 ms in) with what is walked so far (`complete` false,
// `loaded_us`, the duration from the file's tail) and walking on in the background; `openFlight` answers with that
// partial outline and the first frame (`first`: the state when the first vehicle is heard), `replayProgress`
// events follow (the last with done: true), then `replayInfo` gives the whole outline. So each open is measured twice:
// to the first frame (the target) and to the whole file read (no target).
//   - open to first drawn frame < 1 s: in Chromium, navigating to `#/replay?path=…` until `replay-ready` is attached;
//     and its parts — openFlight (its answer carries the first frame) over the browser-mode WebSocket, ReplayService.openFlight +
//     at(id, info.loaded_ms) in process, and the replay core in process (FlightReplay.open + the first
//     snapshotsAt/postsAt at the time read so far);
//   - the whole file read (no target): in Chromium, navigating until the complete outline is drawn (`replay-reading`,
//     the progress bar, gone); over the API, openFlight until the `replayProgress` event with done: true and
//     `replayInfo` answered complete; in process, ReplayService until its done event and the whole outline, and
//     FlightReplay.load (open + done);
//   - seek to any time p99 < 10 ms, after the whole file is read (the seeks hit the full data): 1000 random replayAt
//     over the WebSocket, uniformly over the complete outline's duration, and snapshotsAt + postsAt in process after
//     FlightReplay.load;
//   - peak memory < 400 MB: the Node side (`watchpost ui`'s peak RSS, VmHWM, over open + the whole file + seeks or
//     play; ReplayService and the replay core each alone in their own process, over the open to the whole file) and
//     the page (its JS heap, CDP JSHeapUsedSize sampled; the renderer process's peak RSS);
//   - 64× playback: the renderer's frame time (requestAnimationFrame deltas) p95 < 20 ms over a window of play, started
//     once the page has the complete outline;
//   - the report of that flight < 2 s: `watchpost report FILE --out X.html` as a whole process;
//   - baselines on the same file: node-mavlink's pipeline reading it, and a UAV Log Viewer-style full decode (every
//     message decoded into an object and kept).
// Every in-process measurement runs in its own process (bench/replay-child.ts). When an open, memory or report target
// fails (or with --diagnose), a diagnosis follows: an index pass for comparison, the parts of an open, what the opened
// flight holds, and the Node side's open to the whole outline under the V8 CPU profiler and the sampling heap profiler
// (top functions by self time, live JS heap by allocation site); when the frame target fails, the page while playing,
// profiled (that needs an unminified renderer build: `npx vite build` into bench/out/replay-profiles).
// Prints a markdown table and keeps it in bench/REPLAY-RESULTS.md (text below the KEEP_MARK line is kept as it is).
//
// Options: --reuse (keep bench/out/replay-hour.tlog if it is there), --minutes N (flight length, default 60),
// --rate-hz N (telemetry rate asked for, default 50), --seeks N (default 1000), --play-seconds S (default 15),
// --diagnose / --no-diagnose (force or skip the diagnosis), --no-build (never run `vite build`: fail if out/renderer is
// missing, skip the page profile), --out FILE (default bench/REPLAY-RESULTS.md).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { ApiClient, memoryMB, percentile, processTree, ROOT, sleep, startCommand, until, within, type Child } from './fly-support';
import type { LoadResult, OpenDiagResult, OpenResult, ReadResult, ServiceResult } from './replay-child';
import { pageCpu, Profiler, SourceMap } from './replay-profile';
import { generateFlight } from './replay-generate';
import { timeProcess, type ProcessRun } from './whole-process';

// ---------------------------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const REUSE = argv.includes('--reuse');
const MINUTES = Number(opt('--minutes') ?? 60);
const RATE_HZ = Number(opt('--rate-hz') ?? 50);
const SEEKS = Number(opt('--seeks') ?? 1000);
const PLAY_S = Number(opt('--play-seconds') ?? 15);
const DIAGNOSE: boolean | 'auto' = argv.includes('--diagnose') ? true : argv.includes('--no-diagnose') ? false : 'auto';
const NO_BUILD = argv.includes('--no-build');
const OUT = opt('--out') ?? join(ROOT, 'bench', 'REPLAY-RESULTS.md');
const FLIGHT = join(ROOT, 'bench', 'out', 'replay-hour.tlog');
const PROFILES = join(ROOT, 'bench', 'out', 'replay-profiles');
if (!(MINUTES >= 1 && MINUTES <= 600)) usage(`--minutes: expected 1..600, got ${opt('--minutes')}`);
if (!(RATE_HZ > 0 && RATE_HZ <= 50)) usage(`--rate-hz: expected 1..50, got ${opt('--rate-hz')}`);
if (!(SEEKS >= 10 && SEEKS <= 100_000)) usage(`--seeks: expected 10..100000, got ${opt('--seeks')}`);
if (!(PLAY_S >= 2 && PLAY_S <= 300)) usage(`--play-seconds: expected 2..300, got ${opt('--play-seconds')}`);

function usage(message: string): never {
  process.stderr.write(`bench:replay: ${message}\n`);
  process.exit(2);
}

/** Text below this line of the results file is written by hand and kept by a new run (it says which run it reads). */
const KEEP_MARK = '<!-- kept by bench/replay.ts: hand-written reading below -->';
const TARGET = { open_s: 1, seek_p99_ms: 10, memory_MB: 400, frame_p95_ms: 20, report_s: 2 };
const log = (s: string): void => void process.stderr.write(`bench:replay: ${s}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Numbers and formatting

const MB = 1048576;
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const count = (n: number): string => n.toLocaleString('en-US');
const s2 = (s: number): string => `${s.toFixed(s < 10 ? 2 : 1)} s`;
const ms = (x: number): string => (x < 1 ? `${x.toFixed(2)} ms` : x < 100 ? `${x.toFixed(1)} ms` : `${x.toFixed(0)} ms`);
const mb = (x: number | null): string => (x === null || !Number.isFinite(x) ? '—' : `${x.toFixed(0)} MB`);
const verdict = (ok: boolean | null): string => (ok === null ? '—' : ok ? '**pass**' : '**FAIL**');

interface Row {
  id: string;
  what: string;
  target: string;
  measured: string;
  ok: boolean | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes

async function child<T>(args: string[], nodeArgs: string[] = []): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'bench', 'replay-child.ts'), ...args], {
    cwd: ROOT, maxBuffer: 64 << 20, timeout: 600_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
}

/** The browser-mode server, started as a user starts it (`watchpost ui`), over a temporary data folder. */
async function startUi(dataDir: string): Promise<Child<{ url: string }>> {
  return startCommand<{ url: string }>(['ui', '--port', '0', '--data-dir', dataDir, '--json', '--tiles', 'none'], 60_000);
}

// ---------------------------------------------------------------------------------------------------------------
// The page's probes (init scripts run before the page's own; the page's CSP forbids eval, CDP evaluation is fine)

const PAGE_PROBE = `(() => {
  const f = { on: false, last: 0, deltas: [], long: [], ready: null, painted: null, loading: null, reading: null, readingGone: null, wholePainted: null };
  window.__replayBench = f;
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
    f.long = null;
  }
  // When the view first shows its loading state and when replay-ready is attached (performance.now(): ms since the
  // navigation started), and the frame after that (the first frame drawn with it); when the progress bar of the file
  // still being read (replay-reading) first shows and when it is gone (the complete outline drawn), and the frame after.
  const mark = () => {
    if (f.loading === null && document.querySelector('[data-testid="replay-loading"]')) f.loading = performance.now();
    if (f.ready === null && document.querySelector('[data-testid="replay-ready"]')) {
      f.ready = performance.now();
      requestAnimationFrame(() => { f.painted = performance.now(); });
    }
    const reading = document.querySelector('[data-testid="replay-reading"]') !== null;
    if (f.reading === null && reading) f.reading = performance.now();
    if (f.reading !== null && f.readingGone === null && !reading) {
      f.readingGone = performance.now();
      requestAnimationFrame(() => { f.wholePainted = performance.now(); });
    }
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
})()`;
const PAGE_START = `(() => { const f = window.__replayBench; f.deltas = []; f.long = f.long === null ? null : []; f.last = 0; f.on = true; return true; })()`;
const PAGE_STOP = `(() => { const f = window.__replayBench; f.on = false; return { deltas: f.deltas, long: f.long }; })()`;
const PAGE_MARKS = `(() => { const f = window.__replayBench; return { ready: f.ready, painted: f.painted, loading: f.loading, reading: f.reading, readingGone: f.readingGone, wholePainted: f.wholePainted }; })()`;
interface PageMarks {
  ready: number | null;
  painted: number | null;
  loading: number | null;
  reading: number | null;
  readingGone: number | null;
  wholePainted: number | null;
}
const PAGE_TIME = `Number(document.querySelector('[data-testid="replay-time"]')?.getAttribute('data-t-ms') ?? NaN)`;

// ---------------------------------------------------------------------------------------------------------------
// Phases

interface FileInfo {
  path: string;
  packets: number;
  bytes: number;
  duration_s: number;
  messages: Record<string, number>;
  sorties: number | null;
  generated_now: boolean;
}

async function flightFile(): Promise<FileInfo> {
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  const sidecar = FLIGHT.replace(/\.tlog$/, '.json');
  if (!(REUSE && existsSync(FLIGHT) && existsSync(sidecar))) {
    log(`generating the flight: the simulator flies the demo patrol for ${MINUTES} simulated minutes, every stream at ${RATE_HZ} Hz…`);
    const g = await generateFlight(FLIGHT, { minutes: MINUTES, rate_hz: RATE_HZ });
    log(`  ${count(g.packets)} packets, ${(g.bytes / MB).toFixed(1)} MiB, ${(g.duration_s / 60).toFixed(1)} min, ${g.sorties} sorties, in ${g.wall_s.toFixed(1)} s`);
    return { path: FLIGHT, packets: g.packets, bytes: g.bytes, duration_s: g.duration_s, messages: g.messages, sorties: g.sorties, generated_now: true };
  }
  log(`reusing ${relative(ROOT, FLIGHT)}`);
  const r = await timeProcess([join(ROOT, 'bin', 'watchpost.js'), 'tlog', 'info', FLIGHT, '--json'], ROOT);
  const info = JSON.parse(r.stdout) as { records: number; bytes: number; duration_s: number; messages: Record<string, number> };
  return { path: FLIGHT, packets: info.records, bytes: info.bytes, duration_s: info.duration_s, messages: info.messages, sorties: null, generated_now: false };
}

interface ApiPhase {
  /** openFlight answered (the part read so far), s from sending it. */
  open_call_s: number;
  /** … the first frame: openFlight's answer carries it (`first`), so the same time, s. */
  open_s: number;
  /** The answer was partial (complete: false), how far it was read (s of flight), the duration it gave (s). */
  partial: boolean;
  loaded_s: number;
  first_duration_s: number;
  info_bytes: number;
  first_vehicles: number;
  /** The replayProgress event with done: true arrived, s from sending openFlight. */
  done_s: number;
  /** … and replayInfo answered with the complete outline: the whole file read, s. */
  whole_s: number;
  whole_bytes: number;
  duration_ms: number;
  progress_events: number;
  progress_bytes: number;
  seeks_ms: number[];
  reply_bytes: number;
  ui_idle_MB: number;
  /** `watchpost ui`'s peak RSS once the whole file is in (before the seeks). */
  ui_peak_whole_MB: number;
  ui_peak_MB: number;
}

/**
 * openFlight, whose answer carries the first frame; then the replayProgress event with done: true and replayInfo
 * (the whole file read); then SEEKS random replayAt over the complete outline's duration — over the WebSocket as the
 * page speaks it.
 */
async function apiPhase(path: string, tmp: string): Promise<ApiPhase> {
  const dataDir = join(tmp, 'data-api');
  mkdirSync(dataDir);
  const ui = await startUi(dataDir);
  try {
    const pid = ui.child.pid as number;
    const api = await ApiClient.connect(ui.ready.url);
    try {
      const abs = resolve(path);
      let progress_events = 0;
      let progress_bytes = 0;
      let doneAt = NaN;
      let doneId: string | null = null;
      let settle: () => void = () => {};
      const finished = new Promise<void>((r) => (settle = r));
      const off = api.on('replayProgress', (p, bytes) => {
        if (p.path !== abs) return;
        progress_events++;
        progress_bytes += bytes;
        if (!p.done || doneId !== null) return;
        doneAt = performance.now();
        doneId = p.id;
        settle();
      });
      const ui_idle_MB = memoryMB(pid).rss;
      const t0 = performance.now();
      const info = await api.call('openFlight', [path, {}], 300_000);
      const t1 = performance.now();
      // The first frame comes with the answer (the page draws it without asking replayAt).
      const first = info.first;
      const t2 = t1;
      await within('the replayProgress event with done: true', finished, 300_000);
      if (doneId !== info.id) throw new Error(`the replayProgress done event names ${doneId}, the flight opened is ${info.id}`);
      const whole = await api.call('replayInfo', [info.id]);
      const t3 = performance.now();
      off();
      if (!whole.complete) throw new Error('replayInfo after the done event: the outline is not complete');
      const ui_peak_whole_MB = memoryMB(pid).peak;
      // Seeks: uniformly random times over the whole flight as the complete outline gives it (a fixed seed).
      let s = 4242;
      const rand = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const seeks_ms: number[] = [];
      let reply_bytes = 0;
      for (let i = 0; i < SEEKS; i++) {
        const a = performance.now();
        const at = await api.call('replayAt', [info.id, rand() * whole.duration_ms]);
        seeks_ms.push(performance.now() - a);
        if (i < 50) reply_bytes += JSON.stringify(at).length / 50;
      }
      return {
        open_call_s: (t1 - t0) / 1000, open_s: (t2 - t0) / 1000, partial: !info.complete, loaded_s: info.loaded_ms / 1000,
        first_duration_s: info.duration_ms / 1000, info_bytes: JSON.stringify(info).length, first_vehicles: first.vehicles.length,
        done_s: (doneAt - t0) / 1000, whole_s: (t3 - t0) / 1000, whole_bytes: JSON.stringify(whole).length, duration_ms: whole.duration_ms,
        progress_events, progress_bytes, seeks_ms, reply_bytes, ui_idle_MB, ui_peak_whole_MB, ui_peak_MB: memoryMB(pid).peak,
      };
    } finally {
      api.close();
    }
  } finally {
    await ui.stop();
  }
}

interface PagePhase {
  ready_ms: number;
  painted_ms: number | null;
  loading_ms: number | null;
  wall_ready_ms: number;
  /** The complete outline drawn, ms after navigation began (page clock), and how that was seen. */
  whole_ms: number;
  whole_painted_ms: number | null;
  whole_seen: 'replay-reading gone' | 'openFlight answered complete' | 'replayInfo answered complete (bench clock)';
  /** The progress bar of the file still being read first shown (page clock). */
  reading_ms: number | null;
  wall_whole_ms: number;
  /** The page's main thread from replay-ready until the complete outline was drawn: the window (s), busy %, script %. */
  reading_busy: { window_s: number; task: number; script: number };
  /**
   * ms after navigation began (bench clock): the page sent openFlight, got its answer (and whether it was complete),
   * sent the first replayAt, got its answer; the replayProgress events (count, the done one), and replayInfo's answer
   * with the complete outline.
   */
  ws: {
    openSent: number | null; openReply: number | null; openBytes: number | null; openComplete: boolean | null; firstAtSent: number | null; firstAtReply: number | null;
    progress: number; doneEvent: number | null; infoSent: number | null; infoReply: number | null; infoBytes: number | null;
  };
  frames: { n: number; p50: number; p95: number; p99: number; max: number; over20: number; long: number[] | null };
  played_ms: number;
  play_replayAt: { n: number; p50: number; p95: number; max: number };
  /** Share of the play window the page's main thread spent: in tasks, script, layout, style; DOM nodes and listeners added. */
  busy: { task: number; script: number; layout: number; style: number; nodes: number; listeners: number };
  heap_peak_MB: number;
  heap_peak_open_MB: number;
  heap_end_MB: number;
  renderer_peak_MB: number | null;
  ui_peak_MB: number;
  ui_idle_MB: number;
  page_errors: string[];
  chromium: string;
}

async function pagePhase(path: string, tmp: string): Promise<PagePhase> {
  const dataDir = join(tmp, 'data-page');
  mkdirSync(dataDir);
  const ui = await startUi(dataDir);
  let browser: Browser | null = null;
  try {
    const uiPid = ui.child.pid as number;
    const ui_idle_MB = memoryMB(uiPid).rss;
    browser = await within('Chromium to start', chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }), 60_000);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page: Page = await context.newPage();
    const page_errors: string[] = [];
    page.on('pageerror', (e) => page_errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') page_errors.push(m.text());
    });
    await page.addInitScript({ content: PAGE_PROBE });
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    // The page's API traffic: when openFlight and replayAt go out and come back (bench clock, ms).
    let t_nav = 0;
    const sent = new Map<number, { method: string; t: number }>();
    const ws: PagePhase['ws'] = {
      openSent: null, openReply: null, openBytes: null, openComplete: null, firstAtSent: null, firstAtReply: null,
      progress: 0, doneEvent: null, infoSent: null, infoReply: null, infoBytes: null,
    };
    let playing = false;
    const playLatencies: number[] = [];
    page.on('websocket', (sock) => {
      sock.on('framesent', ({ payload }) => {
        const m = safeJson(String(payload)) as { id?: number; method?: string } | null;
        if (!m || typeof m.id !== 'number' || !m.method) return;
        const t = performance.now();
        sent.set(m.id, { method: m.method, t });
        if (m.method === 'openFlight' && ws.openSent === null) ws.openSent = t - t_nav;
        if (m.method === 'replayAt' && ws.firstAtSent === null) ws.firstAtSent = t - t_nav;
        if (m.method === 'replayInfo' && ws.infoSent === null) ws.infoSent = t - t_nav;
      });
      sock.on('framereceived', ({ payload }) => {
        const text = String(payload);
        const m = safeJson(text) as { id?: number; value?: { complete?: boolean }; event?: string; payload?: { done?: boolean } } | null;
        if (m?.event === 'replayProgress') {
          ws.progress++;
          if (m.payload?.done && ws.doneEvent === null) ws.doneEvent = performance.now() - t_nav;
          return;
        }
        if (!m || typeof m.id !== 'number') return;
        const q = sent.get(m.id);
        if (!q) return;
        sent.delete(m.id);
        const t = performance.now();
        if (q.method === 'openFlight' && ws.openReply === null) {
          ws.openReply = t - t_nav;
          ws.openBytes = text.length;
          ws.openComplete = m.value?.complete ?? null;
        }
        if (q.method === 'replayInfo' && m.value?.complete === true && ws.infoReply === null) {
          ws.infoReply = t - t_nav;
          ws.infoBytes = text.length;
        }
        if (q.method === 'replayAt' && ws.firstAtReply === null) ws.firstAtReply = t - t_nav;
        if (q.method === 'replayAt' && playing) playLatencies.push(t - q.t);
      });
    });

    // Memory: the page's JS heap (CDP), sampled until the end; the renderer's and the server's peaks from /proc.
    let heapPeak = 0;
    let heapPeakOpen = 0;
    let opening = true;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        try {
          const r = await cdp.send('Performance.getMetrics');
          const used = r.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0;
          heapPeak = Math.max(heapPeak, used);
          if (opening) heapPeakOpen = Math.max(heapPeakOpen, used);
        } catch {
          // the page navigates or closes: the next sample will do
        }
        await sleep(200);
      }
    })();

    const url = `${ui.ready.url}#/replay?path=${encodeURIComponent(path)}`;
    log('Chromium: navigating to the Replay view of the flight…');
    t_nav = performance.now();
    await page.goto(url);
    await Promise.race([
      page.waitForSelector('[data-testid="replay-ready"]', { state: 'attached', timeout: 300_000 }),
      page.waitForSelector('[data-testid="replay-error"]', { state: 'attached', timeout: 300_000 }).then(async (el) => {
        throw new Error(`the Replay view says: ${await el?.textContent()}`);
      }),
    ]);
    const wall_ready_ms = performance.now() - t_nav;
    const mr0 = metricsOf(await cdp.send('Performance.getMetrics'));
    const tr0 = performance.now();
    // The file is read on: wait for the complete outline (replayInfo answered complete, or openFlight's answer was
    // already complete) and for the page to draw it (the progress bar, replay-reading, gone) before playing.
    log('Chromium: waiting for the whole file to be read (the complete outline)…');
    await until('the complete outline over the WebSocket (openFlight or replayInfo answered with complete: true)', () => (ws.openComplete === true || ws.infoReply !== null ? true : undefined), 300_000);
    await page.waitForSelector('[data-testid="replay-reading"]', { state: 'detached', timeout: 60_000 });
    const wall_whole_ms = performance.now() - t_nav;
    const mr1 = metricsOf(await cdp.send('Performance.getMetrics'));
    const reading_s = (performance.now() - tr0) / 1000;
    const readingBusy = { window_s: reading_s, task: (100 * ((mr1.get('TaskDuration') ?? 0) - (mr0.get('TaskDuration') ?? 0))) / reading_s, script: (100 * ((mr1.get('ScriptDuration') ?? 0) - (mr0.get('ScriptDuration') ?? 0))) / reading_s };
    await sleep(300); // the frame after it
    const marks = await page.evaluate(PAGE_MARKS) as PageMarks;
    opening = false;
    const whole: Pick<PagePhase, 'whole_ms' | 'whole_painted_ms' | 'whole_seen'> =
      marks.readingGone !== null ? { whole_ms: marks.readingGone, whole_painted_ms: marks.wholePainted, whole_seen: 'replay-reading gone' }
      : ws.openComplete === true ? { whole_ms: marks.ready ?? wall_ready_ms, whole_painted_ms: marks.painted, whole_seen: 'openFlight answered complete' }
      : { whole_ms: ws.infoReply ?? wall_whole_ms, whole_painted_ms: null, whole_seen: 'replayInfo answered complete (bench clock)' };

    log(`Chromium: playing at 64× for ${PLAY_S} s…`);
    await page.selectOption('[data-testid="replay-speed"]', '64');
    const t_before = await page.evaluate(PAGE_TIME) as number;
    await page.click('[data-testid="replay-play"]');
    await sleep(500); // settle into play
    playing = true;
    const tp0 = await page.evaluate(PAGE_TIME) as number;
    const m0 = metricsOf(await cdp.send('Performance.getMetrics'));
    const tw0 = performance.now();
    await page.evaluate(PAGE_START);
    await sleep(PLAY_S * 1000);
    const fr = await page.evaluate(PAGE_STOP) as { deltas: number[]; long: number[] | null };
    const m1 = metricsOf(await cdp.send('Performance.getMetrics'));
    const window_s = (performance.now() - tw0) / 1000;
    const share = (k: string): number => (100 * ((m1.get(k) ?? 0) - (m0.get(k) ?? 0))) / window_s;
    const grew = (k: string): number => (m1.get(k) ?? 0) - (m0.get(k) ?? 0);
    const tp1 = await page.evaluate(PAGE_TIME) as number;
    playing = false;
    sampling = false;
    await sampler;
    const end = await cdp.send('Performance.getMetrics');
    const d = sorted(fr.deltas);
    const lat = sorted(playLatencies);
    if (!(tp1 > t_before)) throw new Error(`the replay did not advance at 64× (replay-time ${t_before} → ${tp1} ms)`);
    return {
      ready_ms: marks.ready ?? wall_ready_ms, painted_ms: marks.painted, loading_ms: marks.loading, wall_ready_ms, ws,
      ...whole, reading_ms: marks.reading, wall_whole_ms, reading_busy: readingBusy,
      frames: { n: d.length, p50: percentile(d, 50), p95: percentile(d, 95), p99: percentile(d, 99), max: d.at(-1) ?? NaN, over20: d.filter((x) => x > 20).length, long: fr.long },
      played_ms: tp1 - tp0,
      play_replayAt: { n: lat.length, p50: percentile(lat, 50), p95: percentile(lat, 95), max: lat.at(-1) ?? NaN },
      busy: { task: share('TaskDuration'), script: share('ScriptDuration'), layout: share('LayoutDuration'), style: share('RecalcStyleDuration'), nodes: grew('Nodes'), listeners: grew('JSEventListeners') },
      heap_peak_MB: heapPeak / MB, heap_peak_open_MB: heapPeakOpen / MB,
      heap_end_MB: (end.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? NaN) / MB,
      renderer_peak_MB: rendererPeak([uiPid]),
      ui_peak_MB: memoryMB(uiPid).peak, ui_idle_MB,
      page_errors,
      chromium: browser.version(),
    };
  } finally {
    await browser?.close().catch((err: Error) => log(`closing Chromium: ${err.message}`));
    await ui.stop();
  }
}

function metricsOf(r: { metrics: Array<{ name: string; value: number }> }): Map<string, number> {
  return new Map(r.metrics.map((m) => [m.name, m.value]));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The highest peak RSS (VmHWM) among Chromium's renderer processes (children of this process, not `exclude`). */
function rendererPeak(exclude: number[]): number | null {
  let peak: number | null = null;
  for (const pid of processTree(process.pid)) {
    if (pid === process.pid || exclude.includes(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      peak = Math.max(peak ?? 0, memoryMB(pid).peak);
    } catch {
      continue; // ended meanwhile
    }
  }
  return peak;
}

// ---------------------------------------------------------------------------------------------------------------
// Diagnosis: where an open's time and memory go (Node side), and where the page's time goes while playing

async function diagnoseNode(path: string, core: OpenResult, load: LoadResult, service: ServiceResult, corePeak: number, servicePeak: number): Promise<string> {
  log('diagnosis: an index pass, then the Node side\'s open to the whole outline under the CPU and heap profilers…');
  const index = await child<ReadResult>(['index', path]);
  const idle = await child<ReadResult>(['idle']);
  const prof = new Profiler(ROOT, join(PROFILES, 'node'));
  await prof.prepare();
  const c = await prof.run<OpenDiagResult>(['open-diag', path], 'cpu');
  const h = await prof.run<OpenDiagResult>(['open-diag', path], 'heap');
  const cpu = prof.cpu(c.file, 16);
  const heap = prof.heap(h.file, 10);
  const diag = h.result;
  const pct = (v: number) => `${((100 * v) / cpu.total_ms).toFixed(0)} %`;
  return [
    '### Node side: opening the flight',
    '',
    'The parts, each in its own process (`bench/replay-child.ts`; the peak RSS is the process\'s, over all of the step):',
    '',
    '| step | s | peak RSS |',
    '|---|---:|---:|',
    `| index pass, for comparison (\`indexTlog\`: offset, time, id of all ${count(index.packets)} records; no decoding) | ${index.seconds.toFixed(2)} | ${mb(index.maxRss_MB)} |`,
    `| \`FlightReplay.open\` with the site: its answer (${(core.answer_bytes / MB).toFixed(1)} MiB walked of ${(core.total_bytes / MB).toFixed(1)}) / + the first \`snapshotsAt\`/\`postsAt\` / \`done\` (the whole file walked) | ${core.answer_s.toFixed(2)} / ${core.first_frame_s.toFixed(2)} / ${core.complete_s.toFixed(2)} | ${mb(corePeak)} |`,
    `| \`FlightReplay.load\` with the site (open + \`done\`; table above) | ${load.load_s.toFixed(2)} | ${mb(load.maxRss_MB)} |`,
    `| \`ReplayService.openFlight\`: its answer / + \`at(id, loaded_ms)\` / the done event and the whole outline (tracks, series, events; table above) | ${service.open_s.toFixed(2)} / ${service.first_frame_s.toFixed(2)} / ${service.complete_s.toFixed(2)} | ${mb(servicePeak)} |`,
    '',
    `What the opened flight holds once complete (\`ReplayService\` → \`FlightReplay\`): the file itself in one Buffer (${diag.file_MB.toFixed(1)} MB); ` +
      `${count(diag.stream_records)} records' time and file offset in typed-array columns per sender and message (${diag.stream_MB.toFixed(1)} MB with their spare capacity; ` +
      `${Object.entries(diag.by_msgid).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${count(v)}`).join(', ')}); ` +
      `${count(diag.track_points)} track points in columns (${diag.track_MB.toFixed(1)} MB); ${count(diag.events)} events. ` +
      `Array buffers ${diag.arrayBuffers_MB.toFixed(0)} MB, JS heap ${diag.heapUsed_MB.toFixed(0)} MB after the open against ${idle.heapUsed_MB.toFixed(0)} MB for the same modules idle; ` +
      `peak RSS ${mb(diag.maxRss_MB)} (idle ${mb(idle.maxRss_MB)}); the open to the whole outline took ${diag.complete_s.toFixed(2)} s in this run.`,
    '',
    `CPU profile of that open, to the whole outline (\`node --cpu-prof\` on the child bundled with esbuild so that lines map back to the sources; ${(cpu.total_ms / 1000).toFixed(2)} s sampled, the whole process with its start-up; \`${relative(ROOT, cpu.file)}\`), self time:`,
    '',
    '| function (file:line of its start) | self ms | share |',
    '|---|---:|---:|',
    ...cpu.top.map((l) => `| \`${l.what}\` | ${l.value.toFixed(0)} | ${pct(l.value)} |`),
    '',
    'By file: ' + cpu.byFile.slice(0, 10).map((l) => `\`${l.what}\` ${pct(l.value)}`).join(', ') + '.',
    '',
    `Live JS heap at the end of the open by the function that allocated it (\`node --heap-prof\`, sampling; ${heap.total_MB.toFixed(0)} MB sampled live; inlined callees count in their caller; ` +
      `the file's Buffer and the typed-array columns are array buffers outside the JS heap, so they show here only as their small wrapper objects; \`${relative(ROOT, heap.file)}\`):`,
    '',
    '| allocated in (file:line of the function) | MB live |',
    '|---|---:|',
    ...heap.top.map((l) => `| \`${l.what}\` | ${l.value.toFixed(0)} |`),
  ].join('\n');
}

/** The renderer built unminified with a source map (bench/out/renderer-debug), for a page profile that names functions. */
function debugBuild(): { dir: string; map: SourceMap } | string {
  const dir = join(PROFILES, 'renderer-debug');
  if (NO_BUILD) return 'the page profile needs an unminified renderer build (`npx vite build`), not run with --no-build';
  log('diagnosis: building the renderer unminified with a source map into bench/out/replay-profiles/renderer-debug…');
  const r = spawnSync('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--minify', 'false', '--sourcemap', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
  if (r.status !== 0) return `the unminified build failed (exit ${r.status ?? r.signal})`;
  const js = readdirSync(join(dir, 'assets')).find((f) => f.endsWith('.js'));
  if (!js) return 'the unminified build wrote no script';
  return { dir, map: new SourceMap(join(dir, 'assets', `${js}.map`)) };
}

/**
 * The page while playing at 64×, profiled: the same server and Chromium as the table's run, but the page's script and
 * style served from the unminified build (the same sources, React's production build, not minified) so that the
 * profile names functions. CDP Profiler over a window of play; self and inclusive time by function.
 */
async function diagnosePage(path: string, tmp: string): Promise<string> {
  const build = debugBuild();
  if (typeof build === 'string') return `### The page while playing at 64×\n\nNot profiled: ${build}.`;
  const dataDir = join(tmp, 'data-diag');
  mkdirSync(dataDir);
  const ui = await startUi(dataDir);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const assets = readdirSync(join(build.dir, 'assets'));
    const js = assets.find((f) => f.endsWith('.js')) as string;
    const css = assets.find((f) => f.endsWith('.css'));
    await page.route((u) => u.pathname.startsWith('/assets/') && /\.(js|css)$/.test(u.pathname), (route) => {
      const isCss = route.request().url().endsWith('.css');
      return route.fulfill({ path: join(build.dir, 'assets', isCss && css ? css : js), contentType: isCss ? 'text/css' : 'text/javascript' });
    });
    // As in the table's run, play once the complete outline is in (an openFlight or replayInfo answer with complete: true).
    let complete = false;
    page.on('websocket', (sock) => sock.on('framereceived', ({ payload }) => {
      if ((safeJson(String(payload)) as { value?: { complete?: boolean } } | null)?.value?.complete === true) complete = true;
    }));
    await page.goto(`${ui.ready.url}#/replay?path=${encodeURIComponent(path)}`);
    await page.waitForSelector('[data-testid="replay-ready"]', { state: 'attached', timeout: 300_000 });
    await until('the complete outline', () => (complete ? true : undefined), 300_000);
    await page.waitForSelector('[data-testid="replay-reading"]', { state: 'detached', timeout: 60_000 });
    await page.selectOption('[data-testid="replay-speed"]', '64');
    await page.click('[data-testid="replay-play"]');
    await sleep(500);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    const window_s = Math.min(PLAY_S, 10);
    await sleep(window_s * 1000);
    const { profile } = await cdp.send('Profiler.stop');
    const file = join(PROFILES, 'page-64x.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    const p = pageCpu(profile as Parameters<typeof pageCpu>[0], build.map, 14);
    const pct = (v: number) => `${((100 * v) / p.total_ms).toFixed(0)} %`;
    return [
      '### The page while playing at 64×',
      '',
      `CDP CPU profile of the page's main thread over ${window_s} s of 64× play, once the whole file is read (\`${relative(ROOT, file)}\`; script and style from an unminified build of the same sources, so functions have names; (program) is the browser's own work — style, layout, paint — outside script):`,
      '',
      '| self time: function (file:line of its start) | ms | share |',
      '|---|---:|---:|',
      ...p.self.map((l) => `| \`${l.what}\` | ${l.value.toFixed(0)} | ${pct(l.value)} |`),
      '',
      '| inclusive time (our code, react-leaflet\'s updates, Leaflet\'s entry points): function | ms | share |',
      '|---|---:|---:|',
      ...p.inclusive.map((l) => `| \`${l.what}\` | ${l.value.toFixed(0)} | ${pct(l.value)} |`),
    ].join('\n');
  } finally {
    await browser?.close().catch((err: Error) => log(`closing Chromium: ${err.message}`));
    await ui.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The run

function ensureUiBuilt(): string {
  const index = join(ROOT, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) {
    if (NO_BUILD) throw new Error('out/renderer/index.html is missing and --no-build forbids building it (npx vite build)');
    log('out/renderer/index.html is missing: building the UI once (npx vite build)…');
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`npx vite build failed (exit ${r.status ?? r.signal})`);
  }
  const built = statSync(index).mtimeMs;
  let newest = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(ROOT, 'renderer'));
  return `out/renderer built ${new Date(built).toISOString().slice(0, 16)}Z${newest > built ? ' (some renderer sources are newer: the page measured may lag them)' : ''}`;
}

/** Reads the whole file once so every measurement starts from a warm page cache. */
function warm(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn('cat', [path], { stdio: ['ignore', 'ignore', 'inherit'] });
    c.on('error', reject);
    c.on('close', () => resolve());
  });
}

async function main(): Promise<void> {
  const buildNote = ensureUiBuilt();
  const load0 = loadavg()[0];
  const file = await flightFile();
  await warm(file.path);
  const tmp = mkdtempSync(join(tmpdir(), 'watchpost-bench-replay-'));
  try {
    // 1. The replay core in process (two runs of each: the better time, the higher peak): FlightReplay.open to the
    // first frame and on to `done`; FlightReplay.load (the whole file) and the seeks after it.
    log('the replay core in its own process: FlightReplay.open, the first frame, the whole file…');
    const o1 = await child<OpenResult>(['open', file.path]);
    const o2 = await child<OpenResult>(['open', file.path]);
    const core = o1.first_frame_s <= o2.first_frame_s ? o1 : o2;
    log(`the replay core in its own process: FlightReplay.load, then ${SEEKS} random seeks…`);
    const l1 = await child<LoadResult>(['load', file.path, String(SEEKS)]);
    const l2 = await child<LoadResult>(['load', file.path, String(SEEKS)]);
    const load = l1.load_s <= l2.load_s ? l1 : l2;
    const corePeak = Math.max(o1.maxRss_MB, o2.maxRss_MB);
    const loadPeak = Math.max(l1.maxRss_MB, l2.maxRss_MB);
    const seekIn = sorted(load.seeks_ms);

    // The app's Node side in process (what the ui process does for openFlight, without the WebSocket).
    log('the app\'s Node side in its own process: ReplayService.openFlight + at(id, loaded_ms), then the whole outline…');
    const sv1 = await child<ServiceResult>(['service', file.path]);
    const sv2 = await child<ServiceResult>(['service', file.path]);
    const service = sv1.first_frame_s <= sv2.first_frame_s ? sv1 : sv2;
    const serviceWhole = Math.min(sv1.complete_s, sv2.complete_s);
    const servicePeak = Math.max(sv1.maxRss_MB, sv2.maxRss_MB);

    // 2. Over the browser-mode API.
    log(`the browser-mode API: openFlight (with the first frame), the done event + replayInfo, then ${SEEKS} random replayAt…`);
    const api = await apiPhase(file.path, tmp);
    const seekWs = sorted(api.seeks_ms);

    // 3. In Chromium.
    const page = await pagePhase(file.path, tmp);

    // 4. The report, as a whole process.
    log('the report: watchpost report, whole process (best of 2)…');
    const reportOut = join(tmp, 'report.html');
    const cli = [join(ROOT, 'bin', 'watchpost.js'), 'report', file.path, '--out', reportOut, '--force'];
    await timeProcess([join(ROOT, 'bin', 'watchpost.js'), '--version'], ROOT); // compiles the command line if its sources changed: not timed
    const r1 = await timeProcess(cli, ROOT);
    const r2 = await timeProcess(cli, ROOT);
    const report: ProcessRun = r1.seconds <= r2.seconds ? { ...r1, maxRss_MB: Math.max(r1.maxRss_MB ?? 0, r2.maxRss_MB ?? 0) || null } : { ...r2, maxRss_MB: Math.max(r1.maxRss_MB ?? 0, r2.maxRss_MB ?? 0) || null };
    const reportSize = statSync(reportOut).size;

    // 5. Baselines.
    log('baselines: node-mavlink reading the file, a UAV Log Viewer-style full decode…');
    const nm = await child<ReadResult>(['node-mavlink', file.path]);
    const full = await child<ReadResult>(['full-decode', file.path]);
    const idle = await child<ReadResult>(['idle']);

    const nodePeak = Math.max(api.ui_peak_MB, page.ui_peak_MB);
    const memCore = Math.max(corePeak, loadPeak);
    const rows: Row[] = [
      { id: 'open-page', what: 'Open to first drawn frame, in Chromium: navigate to `#/replay?path=…` → `replay-ready` attached', target: `< ${TARGET.open_s} s`, measured: s2(page.ready_ms / 1000), ok: page.ready_ms < TARGET.open_s * 1000 },
      { id: 'open-api', what: '… its Node side, over the browser-mode API: `openFlight` (answers with the part read so far and the first frame; one WebSocket round trip)', target: `< ${TARGET.open_s} s`, measured: s2(api.open_s), ok: api.open_s < TARGET.open_s },
      { id: 'open-service', what: '… the same in process: `ReplayService.openFlight` + `at(id, info.loaded_ms)` (best of 2)', target: `< ${TARGET.open_s} s`, measured: s2(service.first_frame_s), ok: service.first_frame_s < TARGET.open_s },
      { id: 'open-core', what: '… of which the replay core: `FlightReplay.open` (with the sidecar\'s site; answers once a vehicle is heard, ~20 ms in) + the first `snapshotsAt`/`postsAt` at the time read so far (best of 2)', target: `< ${TARGET.open_s} s`, measured: s2(core.first_frame_s), ok: core.first_frame_s < TARGET.open_s },
      { id: 'whole-page', what: 'Whole file read, in Chromium: navigate → the complete outline drawn (`replay-reading`, the progress bar, gone)', target: '—', measured: s2(page.whole_ms / 1000), ok: null },
      { id: 'whole-api', what: '… over the browser-mode API: `openFlight` → the `replayProgress` event with `done: true` → `replayInfo` answered with the complete outline', target: '—', measured: s2(api.whole_s), ok: null },
      { id: 'whole-service', what: '… in process: `ReplayService.openFlight` → its `done` progress event → `info(id)` complete (best of 2)', target: '—', measured: s2(serviceWhole), ok: null },
      { id: 'whole-core', what: '… the replay core: `FlightReplay.load` (open + `done`, with the site; best of 2)', target: '—', measured: s2(load.load_s), ok: null },
      { id: 'seek-ws', what: `Seek to any time, once the whole file is read: ${count(SEEKS)} random \`replayAt\` over the WebSocket (uniform over the complete outline's duration), p50 / **p99** / max`, target: `p99 < ${TARGET.seek_p99_ms} ms`, measured: `${ms(percentile(seekWs, 50))} / **${ms(percentile(seekWs, 99))}** / ${ms(seekWs.at(-1) ?? NaN)}`, ok: percentile(seekWs, 99) < TARGET.seek_p99_ms },
      { id: 'seek-core', what: `… in process after \`FlightReplay.load\`: \`snapshotsAt\` + \`postsAt\` at ${count(SEEKS)} random times, p50 / **p99** / max`, target: `p99 < ${TARGET.seek_p99_ms} ms`, measured: `${ms(percentile(seekIn, 50))} / **${ms(percentile(seekIn, 99))}** / ${ms(seekIn.at(-1) ?? NaN)}`, ok: percentile(seekIn, 99) < TARGET.seek_p99_ms },
      { id: 'mem-ui', what: 'Peak memory, Node side: `watchpost ui` peak RSS (VmHWM) over open + whole file + seeks (API run) / open + whole file + 64× play (page run)', target: `< ${TARGET.memory_MB} MB`, measured: `${mb(api.ui_peak_MB)} / ${mb(page.ui_peak_MB)}`, ok: nodePeak < TARGET.memory_MB },
      { id: 'mem-service', what: '… `ReplayService.openFlight` to the whole outline, in its own process (peak RSS; JS heap and array buffers after)', target: `< ${TARGET.memory_MB} MB`, measured: `${mb(servicePeak)} (heap ${mb(service.heapUsed_MB)}, buffers ${mb(service.arrayBuffers_MB)})`, ok: servicePeak < TARGET.memory_MB },
      { id: 'mem-core', what: '… the replay core alone, in its own process: `FlightReplay.open` to `done`, and `FlightReplay.load` + the seeks (highest peak RSS of the 4 runs; JS heap and array buffers after the load)', target: `< ${TARGET.memory_MB} MB`, measured: `${mb(memCore)} (heap ${mb(load.heapUsed_MB)}, buffers ${mb(load.arrayBuffers_MB)})`, ok: memCore < TARGET.memory_MB },
      { id: 'mem-page', what: 'Peak memory, the page: JS heap used (CDP `JSHeapUsedSize`, sampled every 200 ms) over open + whole outline + 64× play', target: `< ${TARGET.memory_MB} MB`, measured: mb(page.heap_peak_MB), ok: page.heap_peak_MB < TARGET.memory_MB },
      { id: 'mem-renderer', what: '… the page\'s renderer process, peak RSS (VmHWM; includes Chromium\'s own)', target: '—', measured: mb(page.renderer_peak_MB), ok: null },
      { id: 'frames', what: `64× playback, once the whole outline is in: renderer frame time (rAF deltas, ${PLAY_S} s, ${count(page.frames.n)} frames) p50 / **p95** / p99 / max`, target: `p95 < ${TARGET.frame_p95_ms} ms`, measured: `${ms(page.frames.p50)} / **${ms(page.frames.p95)}** / ${ms(page.frames.p99)} / ${ms(page.frames.max)}`, ok: page.frames.p95 < TARGET.frame_p95_ms },
      { id: 'report', what: 'Report of that flight: `watchpost report FILE --out X.html`, whole process (best of 2; peak RSS)', target: `< ${TARGET.report_s} s`, measured: `${s2(report.seconds)} (${mb(report.maxRss_MB)})`, ok: report.seconds < TARGET.report_s },
      { id: 'base-nm', what: 'Baseline: node-mavlink\'s pipeline reading the file (createReadStream → MavLinkTLogPacketSplitter → MavLinkPacketParser; peak RSS)', target: '—', measured: `${s2(nm.seconds)} (${mb(nm.maxRss_MB)}; ${count(nm.packets)} packets)`, ok: null },
      { id: 'base-full', what: 'Baseline: UAV Log Viewer-style full decode (every message → an object, all kept; peak RSS)', target: '—', measured: `${s2(full.seconds)} (${mb(full.maxRss_MB)}; ${count(full.kept)} objects, heap ${mb(full.heapUsed_MB)})`, ok: null },
    ];
    const table = ['| measure | target | measured | result |', '|---|---|---|:-:|', ...rows.map((r) => `| ${r.what} | ${r.target} | ${r.measured} | ${verdict(r.ok)} |`)].join('\n');

    const top = Object.entries(file.messages).sort((a, b) => b[1] - a[1]);
    const playRate = page.played_ms / (PLAY_S * 1000);
    const firstFrame = (x: number | null): string => (x === null ? '—' : `${(x / 1000).toFixed(2)} s`);
    const kib = (x: number | null): string => (x === null ? '—' : `${(x / 1024).toFixed(0)} KiB`);
    const partial = (p: boolean): string => (p ? 'partial' : '**complete already** (the early answer was not exercised)');
    const notes = [
      `File: \`${relative(ROOT, file.path)}\` (${file.generated_now ? 'generated in this run' : 'reused (--reuse)'} by \`bench/replay-generate.ts\`): ${count(file.packets)} packets, ${(file.bytes / MB).toFixed(1)} MiB, ${(file.duration_s / 60).toFixed(1)} minutes` +
        `${file.sorties !== null ? `, ${file.sorties} sorties` : ''} — the built-in simulated ArduCopter flying the demo patrol over and over (GUIDED, arm, takeoff, AUTO, RTL, touchdown, 45 s on the ground), every stream asked for at ${RATE_HZ} Hz (REQUEST_DATA_STREAM, all groups), recorded both ways with the GCS's 1 Hz HEARTBEAT and the mission upload; ` +
        `sidecar with the demo site (${load.posts} duty posts). Messages: ${top.map(([k, v]) => `${k} ${count(v)}`).join(', ')}.`,
      `The page's open, step by step (ms after navigation began): the view's loading state shown ${fmtMs(page.loading_ms)}, \`openFlight\` sent ${fmtMs(page.ws.openSent)}, answered ${fmtMs(page.ws.openReply)} (${kib(page.ws.openBytes)} of JSON, ${page.ws.openComplete === null ? '—' : partial(!page.ws.openComplete)}), the first frame with it (the first \`replayAt\` sent ${fmtMs(page.ws.firstAtSent)}, answered ${fmtMs(page.ws.firstAtReply)}), \`replay-ready\` ${fmtMs(page.ready_ms)}, the next frame ${fmtMs(page.painted_ms)} (bench clock to ready: ${fmtMs(page.wall_ready_ms)}; first frame ${firstFrame(page.painted_ms)}). ` +
        `Then the file read on: the progress bar (\`replay-reading\`) shown ${fmtMs(page.reading_ms)}, ${count(page.ws.progress)} \`replayProgress\` events, the one with done ${fmtMs(page.ws.doneEvent)}, \`replayInfo\` sent ${fmtMs(page.ws.infoSent)}, answered complete ${fmtMs(page.ws.infoReply)} (${kib(page.ws.infoBytes)}), the complete outline drawn ${fmtMs(page.whole_ms)} (seen as: ${page.whole_seen}), the next frame ${fmtMs(page.whole_painted_ms)} (bench clock: ${fmtMs(page.wall_whole_ms)}); ` +
        `from \`replay-ready\` to the complete outline (${page.reading_busy.window_s.toFixed(1)} s) the page's main thread was busy ${page.reading_busy.task.toFixed(0)} % (script ${page.reading_busy.script.toFixed(0)} %).`,
      `Over the API alone: \`openFlight\` answered in ${s2(api.open_call_s)} (${partial(api.partial)}: read to ${api.loaded_s.toFixed(0)} s of the flight, duration ${api.first_duration_s.toFixed(0)} s from the file's tail; ${kib(api.info_bytes)} of JSON) with the first frame (${api.first_vehicles} vehicle${api.first_vehicles === 1 ? '' : 's'}); ` +
        `the done event at ${s2(api.done_s)}, \`replayInfo\` with the complete outline at ${s2(api.whole_s)} (${kib(api.whole_bytes)}, duration ${(api.duration_ms / 1000).toFixed(0)} s); ${count(api.progress_events)} progress events (${kib(api.progress_bytes)}); one \`replayAt\` answer ≈ ${(api.reply_bytes / 1024).toFixed(1)} KiB; ` +
        `\`watchpost ui\` RSS idle before the open ${mb(api.ui_idle_MB)}, peak once the whole file was in ${mb(api.ui_peak_whole_MB)}, after the seeks ${mb(api.ui_peak_MB)}.`,
      `In process (best runs): \`ReplayService.openFlight\` answered in ${s2(service.open_s)} (${partial(service.partial)}: read to ${service.loaded_s.toFixed(0)} s of ${service.duration_s.toFixed(0)} s; ${kib(service.info_bytes)} of JSON), \`at(id, loaded_ms)\` after it ${s2(service.first_frame_s)} (${service.first_vehicles} vehicle${service.first_vehicles === 1 ? '' : 's'}), done event ${s2(service.done_s)}, whole outline ${s2(service.complete_s)} (${kib(service.whole_bytes)}, ${count(service.progress_events)} progress events); ` +
        `\`FlightReplay.open\` answered in ${s2(core.answer_s)} (${partial(core.partial)}: ${(core.answer_bytes / MB).toFixed(1)} of ${(core.total_bytes / MB).toFixed(1)} MiB walked, ${core.answer_loaded_s.toFixed(0)} s of ${core.answer_duration_s.toFixed(0)} s), the first frame ${s2(core.first_frame_s)} (${core.first_vehicles} vehicle${core.first_vehicles === 1 ? '' : 's'}), \`done\` ${s2(core.complete_s)}; ` +
        `\`FlightReplay.load\` ${s2(load.load_s)}: ${count(load.records)} records, ${count(load.track_points)} track points, ${count(load.events)} events, then JS heap ${mb(load.heapUsed_MB)} and array buffers ${mb(load.arrayBuffers_MB)} (the file is held in memory). Peak RSS: open to done ${mb(corePeak)}, load + seeks ${mb(loadPeak)}, service ${mb(servicePeak)}.`,
      `64× play (started once the page had the complete outline): the replay advanced ${(page.played_ms / 1000).toFixed(0)} s of flight in ${PLAY_S} s (${playRate.toFixed(1)}× wall time); the page asked \`replayAt\` ${count(page.play_replayAt.n)} times (${(page.play_replayAt.n / PLAY_S).toFixed(1)}/s), answered in p50 ${ms(page.play_replayAt.p50)}, p95 ${ms(page.play_replayAt.p95)}, max ${ms(page.play_replayAt.max)}; ` +
        `${page.frames.over20} frames over 20 ms${page.frames.long ? `, ${page.frames.long.length} long tasks (${page.frames.long.reduce((a, b) => a + b, 0).toFixed(0)} ms)` : ''}; ` +
        `the page's main thread busy ${page.busy.task.toFixed(0)} % of the window (script ${page.busy.script.toFixed(0)} %, layout ${page.busy.layout.toFixed(0)} %, style ${page.busy.style.toFixed(0)} %; CDP Performance.getMetrics), ` +
        `${count(page.busy.nodes)} DOM nodes and ${count(page.busy.listeners)} event listeners created. Page JS heap: peak ${mb(page.heap_peak_MB)} (during the open, to the complete outline, ${mb(page.heap_peak_open_MB)}), at the end ${mb(page.heap_end_MB)}.`,
      `Seeks, all after the whole file is read: over the WebSocket one at a time from a \`ws\` client with the page's Origin and token (\`bench/fly-support.ts\` ApiClient), uniformly random times over the complete outline's duration, fixed seed; in process after \`FlightReplay.load\`: \`FlightReplay.snapshotsAt\` + \`postsAt\`, the same way.`,
      `Node side: a fresh \`watchpost ui\` (compiled command line) for the API run and another for the page run, each with its own data folder, the flight opened once in each. Memory from /proc (VmHWM: the process's peak RSS over its life). In-process tasks run with tsx; an idle one (same modules) peaks at ${mb(idle.maxRss_MB)} RSS, heap ${mb(idle.heapUsed_MB)}.`,
      `Report: ${(reportSize / 1024).toFixed(0)} KiB of HTML; GNU time for the peak RSS.`,
      `Baselines: node-mavlink's splitter drops packets at its read-chunk boundaries (see bench/RESULTS.md), so it counts fewer. The full decode builds node-mavlink message objects (\`protocol.data(payload, REGISTRY[msgid])\`) and keeps every one with its time in arrays by message name, as UAV Log Viewer keeps every message of a log.`,
      `Page: Chromium ${page.chromium}, headless, 1400×900, no basemap (\`--tiles none\`); ${buildNote}.${page.page_errors.length ? ` Page errors: ${page.page_errors.slice(0, 5).join(' | ')}` : ' No page errors.'}`,
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; load average ${load0.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end; ${new Date().toISOString().slice(0, 16)}Z. The file is read once before measuring (warm page cache). The machine is shared: expect noise.`,
    ];
    const bad = (...ids: string[]): boolean => rows.some((r) => ids.includes(r.id) && r.ok === false);
    const sections: string[] = [];
    if (DIAGNOSE === true || (DIAGNOSE === 'auto' && bad('open-page', 'open-api', 'open-service', 'open-core', 'mem-ui', 'mem-service', 'mem-core', 'report'))) {
      sections.push(await diagnoseNode(file.path, core, load, service, corePeak, servicePeak));
    }
    if (DIAGNOSE === true || (DIAGNOSE === 'auto' && bad('frames'))) {
      log('diagnosis: the page while playing at 64×, profiled…');
      sections.push(await diagnosePage(file.path, tmp).catch((err: Error) => `### The page while playing at 64×\n\nNot profiled: ${err.message}`));
    }
    const diagnosis = sections.length ? `## Diagnosis (measured in the same run)\n\n${sections.join('\n\n')}` : '';
    const failed = rows.filter((r) => r.ok === false).length;
    const summary = `${rows.filter((r) => r.ok === true).length} of ${rows.filter((r) => r.ok !== null).length} target rows pass${failed ? `, ${failed} fail` : ''}.`;
    const out = `${table}\n\n${summary}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n${diagnosis ? `\n${diagnosis}\n` : ''}`;
    process.stdout.write(`\n${out}`);
    // Anything below KEEP_MARK in the results file (a reading of the numbers, written by hand) is kept as it is.
    const previous = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
    const kept = previous.includes(KEEP_MARK) ? previous.slice(previous.indexOf(KEEP_MARK)) : '';
    writeFileSync(OUT, `# Benchmark: replaying a one-hour flight (issue 10's performance targets)\n\nRun with \`npm run bench:replay\` (\`--reuse\` keeps the generated flight; \`--diagnose\` / \`--no-diagnose\`; see bench/replay.ts).\n\n${out}${kept ? `\n${kept}` : ''}`);
    log(`written to ${relative(ROOT, OUT)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function fmtMs(x: number | null): string {
  return x === null ? '—' : `${x.toFixed(0)}`;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:replay: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
