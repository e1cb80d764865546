// Part 2 of `npm run bench:faults` (bench/faults.ts): the recorder killed. A simulated ArduCopter flies a looping
// patrol (in this process, on `tcpin`, flown by a ground-station session of its own); 50 times, the app's recorder
// as a real child process — `watchpost record --link tcp:… --out FILE` (GcsSession with a recording, the path the
// app's links record through) — records it and is killed with SIGKILL at a random moment. Each tlog is then read
// with the project's reader: unreadable files (the reader throws, or no record), damaged ones (bad CRC, bytes
// skipped), the partial last record a kill may leave, and the loss: the kill moment minus the last record's time.
// Also exported: the flying simulator the links and long parts use.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GcsSession } from '../mavlink/gcs-session';
import { createLink } from '../mavlink/links/open-link';
import { uploadLists } from '../mavlink/protocols/mission/upload-lists';
import { startPatrolSequence } from '../mavlink/protocols/start-sequence';
import { mulberry32 } from '../mavlink/sim/faults';
import { startSimulator, type SimulatorHandle } from '../mavlink/sim/simulator';
import { readTlog } from '../mavlink/tlog/reader';
import { missionItem } from '../patrol/mission/mission-item';
import { BIN, ROOT, percentile, sleep } from './fly-support';
import { patrolMission, type PartOptions, type PartReport } from './faults-mission';

export const FLY_HOME = { lat_deg: 22.5431, lon_deg: 114.0579, alt_m: 30 };

export interface FlyingSim {
  sim: SimulatorHandle;
  port: number;
  /** The session that flies it (a second ground station on the same tcpin); null once closed after the start. */
  control: GcsSession | null;
  stop(): Promise<void>;
}

/**
 * A simulated ArduCopter on tcpin:127.0.0.1:0 flying a patrol that loops forever (a DO_JUMP back to the first
 * waypoint, repeat -1), with a battery that lasts (no battery failsafe): it flies until stopped.
 */
export async function startFlyingSim(speedup: number, keepControl = true): Promise<FlyingSim> {
  const sim = await startSimulator({
    link: createLink('tcpin:127.0.0.1:0'), home: FLY_HOME, speedup,
    vehicle: { battery_capacity_mah: 50_000_000, battery_failsafe_pct: 0 },
  });
  const port = (sim.link as { localPort?: number }).localPort as number;
  const control = await GcsSession.open({ uri: `tcp:127.0.0.1:${port}` });
  let open = true;
  const stop = async (): Promise<void> => {
    if (open) await control.close();
    open = false;
    await sim.stop();
  };
  try {
    const vehicle = await control.waitForVehicle(20_000);
    if (!vehicle) throw new Error('flying simulator: no vehicle heard in 20 s');
    const items = [...patrolMission(30), missionItem(177, { param1: 1, param2: -1 })];
    const up = await uploadLists(control, vehicle, { mission: items, fence: [], rally: [] }, ['mission'], FLY_HOME, true);
    if (up.results.mission?.result !== 'ok') throw new Error(`flying simulator: upload ${up.results.mission?.result}: ${up.results.mission?.detail}`);
    const start = await startPatrolSequence(control, vehicle, 20, Date.now() + 180_000);
    if (!start.ok) throw new Error(`flying simulator: start failed at ${start.failed}: ${start.reason}`);
  } catch (err) {
    await stop();
    throw err;
  }
  if (!keepControl) {
    // The simulated copter has no GCS failsafe: it flies on in AUTO with nobody connected.
    await control.close();
    open = false;
  }
  return { sim, port, control: keepControl ? control : null, stop };
}

interface KillRun {
  unreadable: string | null;
  records: number;
  damaged: number;
  partialTail: number;
  loss_ms: number;
  /** Kill moment − arrival of the first vehicle frame missing from the file (null: could not be matched). */
  lostWindow_ms: number | null;
  lostFrames: number | null;
  alive_ms: number;
}

/** Read a tlog with the project's reader: records, the last record's time, and what it found wrong. */
export interface ReadBack {
  records: number;
  firstT_ms: number;
  lastT_ms: number;
  badCrc: number;
  skipped: number;
  partialTail: number;
  /** The last frame from `sysid` in the file: its MAVLink seq and record time. */
  lastFrom: { seq: number; t_ms: number } | null;
}

/** Read a tlog with the project's reader: records, times, what it found wrong, the last frame from `sysid`. */
export async function readBack(path: string, sysid = 1): Promise<ReadBack> {
  const reader = readTlog(path);
  let records = 0;
  let lastFrom: ReadBack['lastFrom'] = null;
  for await (const batch of reader.batches()) {
    records += batch.length;
    for (const r of batch) if (r.frame.sysid === sysid) lastFrom = { seq: r.frame.seq, t_ms: r.t_us / 1000 };
  }
  const s = reader.stats;
  return { records, lastT_ms: s.maxT_us / 1000, firstT_ms: s.minT_us / 1000, badCrc: s.badCrc, skipped: s.skippedBytes, partialTail: s.partialTailBytes, lastFrom };
}

interface Arrival {
  seq: number;
  t_ms: number;
}

/**
 * The vehicle's frames the tlog lacks: the vehicle sends the same frames to every TCP client, so the control
 * session's arrival times stand in for the recorder's. Finds the file's last vehicle frame among the arrivals (same
 * seq, nearest time) and returns how long before the kill the first missing one arrived, and how many were missing.
 */
function lostWindow(arrivals: readonly Arrival[], last: ReadBack['lastFrom'], killed_ms: number): { window_ms: number; frames: number } | null {
  if (!last) return null;
  let at = -1;
  let best = Infinity;
  for (let i = arrivals.length - 1; i >= 0; i--) {
    const a = arrivals[i];
    if (a.t_ms < last.t_ms - 1000) break;
    const d = Math.abs(a.t_ms - last.t_ms);
    if (a.seq === last.seq && d < best) {
      best = d;
      at = i;
    }
  }
  if (at < 0 || best > 150) return null;
  const missing = arrivals.slice(at + 1).filter((a) => a.t_ms <= killed_ms);
  return { window_ms: missing.length > 0 ? killed_ms - missing[0].t_ms : 0, frames: missing.length };
}

async function killOnce(port: number, out: string, delay_ms: number, arrivals: Arrival[]): Promise<KillRun> {
  const child = spawn(process.execPath, [BIN, 'record', '--link', `tcp:127.0.0.1:${port}`, '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let err = '';
  // Ready when it says it records (the link is open, the file is open).
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`watchpost record not ready in 15 s: ${err}`)), 15_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d;
      if (err.includes('recording ')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`watchpost record exited before it was ready: ${err}`)));
  });
  const ready_ms = Date.now();
  await sleep(delay_ms);
  const killed_ms = Date.now();
  child.kill('SIGKILL');
  await exited;
  try {
    await sleep(300); // the control session's arrivals up to the kill are all in
    const r = await readBack(out);
    const lost = lostWindow(arrivals, r.lastFrom, killed_ms);
    return {
      unreadable: r.records === 0 ? 'no record' : null, records: r.records, damaged: r.badCrc + r.skipped, partialTail: r.partialTail,
      loss_ms: killed_ms - r.lastT_ms, lostWindow_ms: lost?.window_ms ?? null, lostFrames: lost?.frames ?? null, alive_ms: killed_ms - ready_ms,
    };
  } catch (e) {
    return { unreadable: (e as Error).message, records: 0, damaged: 0, partialTail: 0, loss_ms: Number.NaN, lostWindow_ms: null, lostFrames: null, alive_ms: killed_ms - ready_ms };
  }
}

export async function runRecorder(opts: PartOptions): Promise<PartReport> {
  const started = performance.now();
  mkdirSync(opts.tmp, { recursive: true });
  const runs = opts.quick ? 5 : 50;
  const random = mulberry32(opts.seed * 7919 + 13);
  const flying = await startFlyingSim(1);
  const arrivals: Arrival[] = [];
  flying.control?.connection.onFrame((f) => {
    if (f.sysid !== 1) return;
    arrivals.push({ seq: f.seq, t_ms: Date.now() });
    if (arrivals.length > 20_000) arrivals.splice(0, 10_000);
  });
  const results: KillRun[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A random moment 0.4–4 s after the recorder is up: mid-flush, between flushes, mid-write.
      const r = await killOnce(flying.port, join(opts.tmp, `kill-${i}.tlog`), 400 + random() * 3600, arrivals);
      results.push(r);
      if (process.env.FAULTS_DEBUG || r.unreadable || r.damaged > 0 || r.loss_ms > 200 || (r.lostWindow_ms ?? 0) > 200) opts.log(`  recorder: run ${i}: ${r.unreadable ? `UNREADABLE (${r.unreadable})` : ''} ${r.records} records, damaged bytes ${r.damaged}, partial tail ${r.partialTail} B, since last record ${r.loss_ms.toFixed(0)} ms, lost window ${r.lostWindow_ms ?? '?'} ms (${r.lostFrames ?? '?'} frames) after ${r.alive_ms} ms`);
    }
  } finally {
    await flying.stop();
  }
  const losses = results.filter((r) => !r.unreadable).map((r) => r.loss_ms).sort((a, b) => a - b);
  const unreadable = results.filter((r) => r.unreadable).length;
  const damaged = results.filter((r) => r.damaged > 0).length;
  const tails = results.filter((r) => r.partialTail > 0).length;
  const over = losses.filter((l) => l > 200).length;
  const windows = results.flatMap((r) => (r.lostWindow_ms === null ? [] : [r.lostWindow_ms])).sort((a, b) => a - b);
  const lostFrames = results.flatMap((r) => (r.lostFrames === null ? [] : [r.lostFrames])).sort((a, b) => a - b);
  const unmatched = results.length - unreadable - windows.length;
  const records = results.map((r) => r.records).sort((a, b) => a - b);
  const table = [
    '| runs | unreadable | damaged (bad CRC / skipped bytes) | partial last record | records per file | kill − last record: median / p90 / worst ms | runs > 200 ms | lost window: median / p90 / worst ms | runs > 200 ms | vehicle frames lost: median / worst |',
    '|---:|---:|---:|---:|---|---|---:|---|---:|---|',
    `| ${results.length} | ${unreadable} | ${damaged} | ${tails} | ${records[0]}–${records[records.length - 1]} | ${percentile(losses, 50).toFixed(0)} / ${percentile(losses, 90).toFixed(0)} / **${losses[losses.length - 1].toFixed(0)}** | ${over} | ${windows.length ? `${percentile(windows, 50).toFixed(0)} / ${percentile(windows, 90).toFixed(0)} / **${windows[windows.length - 1].toFixed(0)}**` : '—'} | ${windows.filter((w) => w > 200).length} | ${lostFrames.length ? `${percentile(lostFrames, 50)} / ${lostFrames[lostFrames.length - 1]}` : '—'} |`,
  ].join('\n');
  const seconds = (performance.now() - started) / 1000;
  const notes = [
    `${results.length} runs in ${seconds.toFixed(0)} s. The recorder: \`node bin/watchpost.js record --link tcp:127.0.0.1:PORT --out FILE\` (a real child process; GcsSession with a recording: TlogWriter, flushed every 100 ms or at 64 KiB), recording a simulated ArduCopter (speed-up 1) flying a looping patrol in AUTO with the app's telemetry rates (about 30 messages a second).`,
    'Killed with SIGKILL at a random moment 0.4–4 s after it said it was recording; the kill moment is `Date.now()` just before `kill`.',
    'Read back with the project\'s reader (`readTlog`): unreadable = the reader threw or found no record; damaged = bad CRC or bytes skipped; a partial last record is counted by the reader and not yielded (the file stays readable).',
    'Kill − last record = the kill moment − the time of the last record read (the recorder stamps each record with its wall clock on arrival): the unflushed buffer plus the quiet gap between the last flushed frame and the first unflushed one (frames come every ~30 ms on average, in bursts at each physics step), plus the write\'s own latency. It can exceed 200 ms by that gap even when the writer keeps its promise.',
    `Targets (issue 13): 0 unreadable logs — ${unreadable === 0 ? 'met' : `**not met** (${unreadable})`}; worst loss ≤ 200 ms — by kill − last record ${losses[losses.length - 1] <= 200 ? 'met' : `**not met** (${losses[losses.length - 1].toFixed(0)} ms, ${over} of ${losses.length} runs over)`}, by the lost window ${windows.length && windows[windows.length - 1] <= 200 ? 'met' : `**not met** (${windows[windows.length - 1]?.toFixed(0) ?? '?'} ms)`}. Medians and p90 are nearest-rank.`,
    `Lost window = the kill moment − the arrival of the first vehicle frame missing from the file: the vehicle sends the same frames to every TCP client, so the flying session's arrival times (same machine clock) stand in for the recorder's, matched by MAVLink seq and time. This is the span of data actually lost, the quantity the 200 ms target is about.${unmatched > 0 ? ` ${unmatched} run(s) could not be matched and are left out of it.` : ''}`,
  ];
  return { title: 'Recorder killed with SIGKILL mid-flight', table, notes, seconds };
}
