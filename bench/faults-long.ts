// Part 4 of `npm run bench:faults` (bench/faults.ts): an 8-hour recording in simulated time. A simulated ArduCopter
// flies a looping patrol for 8 simulated hours at a speed-up (its telemetry, at the rates the app asks for, comes that
// many times faster); the app's recorder, `watchpost record` as a child process, records all of it. Its memory (RSS,
// from /proc) is sampled throughout; at the end it is stopped (SIGTERM: flush, fsync, summary) and the tlog read back
// with the project's reader, every GLOBAL_POSITION_INT the copter sent counted in it.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { common } from 'node-mavlink';
import { readTlog } from '../mavlink/tlog/reader';
import { BIN, ROOT, cpuSeconds, memoryMB, sleep } from './fly-support';
import type { PartOptions, PartReport } from './faults-mission';
import { startFlyingSim } from './faults-recorder';

const GPI = common.GlobalPositionInt.MSG_ID;

interface Sample {
  wall_s: number;
  sim_h: number;
  rss_mb: number;
  bytes: number;
}

export async function runLong(opts: PartOptions): Promise<PartReport> {
  const started = performance.now();
  mkdirSync(opts.tmp, { recursive: true });
  const hours = opts.quick ? 0.5 : 8;
  const speedup = 200;
  const out = join(opts.tmp, 'long.tlog');
  const flying = await startFlyingSim(speedup, false);
  const sim = flying.sim.simulator;
  const child = spawn(process.execPath, [BIN, 'record', '--link', `tcp:127.0.0.1:${flying.port}`, '--out', out, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const samples: Sample[] = [];
  let simFrom_ms = 0;
  let simTo_ms = 0;
  let cpu = 0;
  let wall = 0;
  try {
    // Recording from the first file write on (the child opens the link, then streams arrive).
    const t0 = Date.now();
    for (;;) {
      const size = await stat(out).then((s) => s.size, () => 0);
      if (size > 0) break;
      if (Date.now() - t0 > 20_000) throw new Error(`watchpost record wrote nothing in 20 s: ${stderr}`);
      await sleep(50);
    }
    simFrom_ms = sim.sim_ms;
    const wall0 = performance.now();
    const cpu0 = cpuSeconds(child.pid as number);
    const target_ms = simFrom_ms + hours * 3600_000;
    let nextLog = 1;
    while (sim.sim_ms < target_ms) {
      await sleep(1000);
      const m = memoryMB(child.pid as number);
      const bytes = await stat(out).then((s) => s.size, () => 0);
      const sim_h = (sim.sim_ms - simFrom_ms) / 3600_000;
      samples.push({ wall_s: (performance.now() - wall0) / 1000, sim_h, rss_mb: m.rss, bytes });
      if (sim_h >= nextLog) {
        opts.log(`  long: ${sim_h.toFixed(2)} simulated h in ${((performance.now() - wall0) / 1000).toFixed(0)} s, recorder RSS ${m.rss.toFixed(1)} MB, ${(bytes / 1e6).toFixed(1)} MB written`);
        nextLog++;
      }
      if (child.exitCode !== null) throw new Error(`watchpost record exited early (${child.exitCode}): ${stderr}`);
    }
    simTo_ms = sim.sim_ms;
    cpu = cpuSeconds(child.pid as number) - cpu0;
    wall = (performance.now() - wall0) / 1000;
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`watchpost record ended with ${code}: ${stderr}`);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await flying.stop();
  }
  const summary = JSON.parse(stdout) as { records: number; bytes_written: number; write_errors: number; bad_crc: number; frames_in: number };
  const reader = readTlog(out);
  let records = 0;
  // Every GLOBAL_POSITION_INT carries the vehicle's time since boot (sent every 250 ms of it, at the 20 ms physics
  // step after each due time): a step over 400 ms between consecutive ones is a hole in the recording.
  let gpi = 0;
  let prevBoot = -1;
  let firstBoot = -1;
  let holes = 0;
  let missing = 0;
  let backwards = 0;
  for await (const batch of reader.batches()) {
    records += batch.length;
    for (const r of batch) {
      if (r.frame.sysid !== 1 || r.frame.msgid !== GPI) continue;
      const p = r.frame.payload;
      const boot = p.length >= 4 ? (p[0] | (p[1] << 8) | (p[2] << 16)) + p[3] * 2 ** 24 : 0;
      gpi++;
      if (firstBoot < 0) firstBoot = boot;
      if (prevBoot >= 0) {
        const d = boot - prevBoot;
        if (d <= 0) backwards++;
        else if (d > 400) {
          holes++;
          missing += Math.round(d / 250) - 1;
        }
      }
      prevBoot = boot;
    }
  }
  const fileHours = (prevBoot - firstBoot) / 3600_000;
  const s = reader.stats;
  const simHours = (simTo_ms - simFrom_ms) / 3600_000;

  // Memory by simulated hour (the sample nearest each whole hour; quarter-hours for a short run).
  const step = hours >= 2 ? 1 : 0.125;
  const memRows: string[] = [];
  for (let h = step; h <= hours + 1e-9; h += step) {
    const sm = samples.reduce((best, x) => (Math.abs(x.sim_h - h) < Math.abs(best.sim_h - h) ? x : best), samples[0]);
    memRows.push(`| ${h.toFixed(h % 1 ? 3 : 0)} | ${sm.wall_s.toFixed(0)} | ${sm.rss_mb.toFixed(1)} | ${(sm.bytes / 1e6).toFixed(1)} |`);
  }
  const rss = samples.map((x) => x.rss_mb);
  const firstHour = samples.filter((x) => x.sim_h >= Math.min(1, hours / 4) * 0.5 && x.sim_h <= Math.min(1, hours / 4));
  const lastHour = samples.filter((x) => x.sim_h >= hours - Math.min(1, hours / 4));
  const avg = (xs: Sample[]): number => xs.reduce((a, x) => a + x.rss_mb, 0) / Math.max(1, xs.length);
  const growth = avg(lastHour) - avg(firstHour);
  const table = [
    '| simulated h | wall s | recorder RSS MB | tlog MB |',
    '|---:|---:|---:|---:|',
    ...memRows,
    '',
    '| simulated h (run / in the file) | wall s | speed-up reached | records (writer / read back) | GLOBAL_POSITION_INT recorded | holes (frames missing) | out of order | tlog MB | bad CRC / skipped / partial tail | write errors | RSS min / max MB | RSS growth, early → last part MB | recorder CPU s |',
    '|---|---:|---:|---|---:|---|---:|---:|---|---:|---|---:|---:|',
    `| ${simHours.toFixed(2)} / ${fileHours.toFixed(2)} | ${wall.toFixed(0)} | ${((simTo_ms - simFrom_ms) / 1000 / wall).toFixed(0)}× | ${summary.records.toLocaleString('en-US')} / ${records.toLocaleString('en-US')} | ${gpi.toLocaleString('en-US')} | ${holes} (${missing}) | ${backwards} | ${(s.bytes / 1e6).toFixed(1)} | ${s.badCrc} / ${s.skippedBytes} / ${s.partialTailBytes} | ${summary.write_errors} | ${Math.min(...rss).toFixed(1)} / ${Math.max(...rss).toFixed(1)} | ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} | ${cpu.toFixed(0)} |`,
  ].join('\n');
  const seconds = (performance.now() - started) / 1000;
  const readable = records === summary.records && s.badCrc === 0 && s.skippedBytes === 0 && s.partialTailBytes === 0 && summary.write_errors === 0;
  const flat = growth < 5;
  const notes = [
    `Targets (issue 13): memory flat — ${flat ? 'met' : '**not met**'} (RSS ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB from early to late; range ${Math.min(...rss).toFixed(1)}–${Math.max(...rss).toFixed(1)} MB); file readable — ${readable ? 'met' : '**not met**'} (every record the writer took read back, nothing damaged)${holes === 0 ? ', with no hole in the vehicle\'s positions' : `; ${holes} hole(s) in the vehicle's positions`}.`,
    `${simHours.toFixed(2)} simulated hours in ${seconds.toFixed(0)} s. A simulated ArduCopter (in this process, \`tcpin\`, speed-up ${speedup}, a battery that lasts and no battery failsafe) flying a looping 30-item patrol in AUTO; the recorder \`node bin/watchpost.js record --link tcp:127.0.0.1:PORT --out FILE --json\` asks it for the app's telemetry rates (GLOBAL_POSITION_INT 4 Hz, ATTITUDE 10 Hz, VFR_HUD 4 Hz, SYS_STATUS / GPS_RAW_INT / MISSION_CURRENT 2 Hz, BATTERY_STATUS / SYSTEM_TIME 2 Hz, HEARTBEAT 1 Hz — about 30 messages per simulated second) and records them, ${speedup} times faster in wall time; it is the only client.`,
    'Records are stamped with the recorder\'s wall clock, so the file spans the run\'s wall time while it holds 8 simulated hours of telemetry (the record count and the vehicle\'s own clocks in the messages are those of 8 hours).',
    'Memory: the recorder\'s RSS from /proc every wall second; growth compares the average over the last part of the run (the last simulated hour, or the last quarter of a short run) with an early part (the second half of the first hour, or of the first quarter), after start-up.',
    'At the end the recorder was stopped with SIGTERM (flush, fsync, summary) and the file read back with `readTlog`. Holes: the vehicle stamps each GLOBAL_POSITION_INT (4 Hz) with its time since boot; consecutive ones in the file more than 400 ms apart in that time are a hole, the frames missing counted from the step. "In the file" = the vehicle time from the first to the last of them.',
  ];
  return { title: `${hours}-hour recording at the app's telemetry rate (simulated time, sped up)`, table, notes, seconds };
}
