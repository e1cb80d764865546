// The replay benchmark's flight (issue 10, "Performance"): one simulated ArduCopter flying the demo patrol over and over
// for one simulated hour, recorded as a ground station records it. The built-in simulator (mavlink/sim) runs in this
// process on its own clock (Simulator.runFor, no wall clock, deterministic), behind an in-process byte pipe; a small
// scripted ground station on the other end sends a HEARTBEAT every second, asks for every telemetry stream at the
// simulator's maximum (REQUEST_DATA_STREAM, all groups, 50 Hz: ~450 messages a second, so an hour is > 1.5 million
// packets), uploads the compiled demo patrol with the mission protocol, then flies sorties (GUIDED, arm, take off,
// MISSION_START, the patrol, RTL, touchdown, auto-disarm, a pause on the ground) until the hour is over. Every frame
// on the link, both ways, goes into the tlog stamped with the simulated time (µs since the epoch), as the recorder
// does; a sidecar beside it names the demo site so the replay and the report check its duty posts.
//
// Usage: node --import tsx bench/replay-generate.ts [--out FILE.tlog] [--minutes 60] [--rate-hz 50]
// (`generateFlight` is what bench/replay.ts calls.)
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ardupilotmega, common, minimal, type MavLinkData } from 'node-mavlink';
import { decodeFrame } from '../mavlink/decoder';
import { FrameEncoder } from '../mavlink/encoder';
import { FrameScanner } from '../mavlink/frame-scanner';
import { createBytePipe } from '../mavlink/sim/byte-pipe';
import { COPTER_MODE } from '../mavlink/sim/copter-modes';
import { wireXyScale } from '../mavlink/sim/mission-codec';
import { Simulator } from '../mavlink/sim/simulator';
import { compilePatrol } from '../patrol/patrol/compile';
import { readPatrol } from '../patrol/patrol/read-patrol';
import { readSiteFile } from '../patrol/site/read-site-file';
import type { MissionItem } from '../patrol/mission/mission-item';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_SITE = join(ROOT, 'assets', 'demo', 'demo.site.geojson');
export const DEMO_PATROL = join(ROOT, 'assets', 'demo', 'demo.patrol.json');

export interface GeneratedFlight {
  path: string;
  sidecar: string;
  packets: number;
  bytes: number;
  /** Simulated seconds from the first record to the last. */
  duration_s: number;
  sorties: number;
  /** Records by message name. */
  messages: Record<string, number>;
  /** Wall seconds the generation took. */
  wall_s: number;
}

export interface GenerateOptions {
  /** Simulated minutes to record (default 60); the sortie under way then ends with RTL and touchdown. */
  minutes?: number;
  /** REQUEST_DATA_STREAM rate for every stream group (default 50, the simulator's ceiling). */
  rate_hz?: number;
  /** Told now and then: simulated seconds so far. */
  onProgress?: (sim_s: number, packets: number) => void;
}

const STEP_MS = 20;
/** 2026-11-29 08:00:00 UTC, the recording's sim time 0. */
const EPOCH_US = BigInt(Date.UTC(2026, 10, 29, 8)) * 1000n;
const NAMES: Record<number, string> = {};
for (const reg of [minimal.REGISTRY, common.REGISTRY, ardupilotmega.REGISTRY]) for (const [id, cls] of Object.entries(reg)) NAMES[Number(id)] = (cls as { MSG_NAME: string }).MSG_NAME;

/** The tlog file: records buffered and written synchronously (the simulator runs synchronously too). */
class TlogFile {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  records = 0;
  bytes = 0;
  readonly counts = new Map<number, number>();

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(t_us: number, frame: Uint8Array, msgid: number): void {
    if (this.used + 8 + frame.length > this.buf.length) this.flush();
    this.buf.writeBigUInt64BE(BigInt(t_us), this.used);
    this.buf.set(frame, this.used + 8);
    this.used += 8 + frame.length;
    this.records++;
    this.bytes += 8 + frame.length;
    this.counts.set(msgid, (this.counts.get(msgid) ?? 0) + 1);
  }

  flush(): void {
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off);
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export async function generateFlight(path: string, opts: GenerateOptions = {}): Promise<GeneratedFlight> {
  const wall0 = performance.now();
  const minutes = opts.minutes ?? 60;
  const rate_hz = opts.rate_hz ?? 50;
  const siteText = readFileSync(DEMO_SITE, 'utf8');
  const site = readSiteFile(siteText, basename(DEMO_SITE)).site;
  const patrol = readPatrol(readFileSync(DEMO_PATROL, 'utf8'), basename(DEMO_PATROL), site);
  if (!site.home) throw new Error(`${DEMO_SITE}: no home`);
  const home = { lat_deg: site.home.lat_deg, lon_deg: site.home.lon_deg, alt_m: 110 };
  const compiled = compilePatrol(patrol, site, { autopilot: 'ardupilot', fileName: basename(DEMO_PATROL) });
  const homeItem: MissionItem = { command: 16, frame: 0, param1: 0, param2: 0, param3: 0, param4: 0, x: home.lat_deg, y: home.lon_deg, z: 0, autocontinue: true };
  const items = [homeItem, ...compiled.items];

  const { a, b } = createBytePipe();
  // A patrol drone with an hour's endurance (a 30 Ah pack): the hour is flown, not cut short by the battery failsafe.
  const sim = new Simulator({ port: a, home, epoch_us: EPOCH_US, dt_ms: STEP_MS, vehicle: { battery_capacity_mah: 30_000 } });
  const v = sim.vehicle(1);
  const tlog = new TlogFile(path);
  const now_us = (): number => Number(EPOCH_US) + Math.round(sim.sim_ms * 1000);

  // The ground station: what the vehicle sends is recorded; the mission protocol's and commands' answers are read.
  const gcs = new FrameEncoder({ sysid: 255, compid: 190 });
  const scanner = new FrameScanner();
  const inbox: MavLinkData[] = [];
  const WANTED = new Set([common.MissionRequest.MSG_ID, common.MissionRequestInt.MSG_ID, common.MissionAck.MSG_ID, common.CommandAck.MSG_ID]);
  b.onData((chunk) => scanner.push(chunk, (frame) => {
    tlog.write(now_us(), frame.raw, frame.msgid);
    if (WANTED.has(frame.msgid)) {
      const m = decodeFrame(frame);
      if (m) inbox.push(m);
    }
  }));
  const send = (msg: MavLinkData): void => {
    const frame = gcs.encode(msg);
    tlog.write(now_us(), frame, (msg.constructor as unknown as { MSG_ID: number }).MSG_ID);
    b.write(frame);
  };
  let nextHeartbeat_ms = 0;
  const run = (ms: number): void => {
    for (let t = 0; t < ms; t += STEP_MS) {
      if (sim.sim_ms >= nextHeartbeat_ms) {
        const hb = new minimal.Heartbeat();
        hb.type = minimal.MavType.GCS;
        hb.autopilot = minimal.MavAutopilot.INVALID;
        hb.baseMode = 0 as minimal.MavModeFlag;
        hb.customMode = 0;
        hb.systemStatus = minimal.MavState.ACTIVE;
        hb.mavlinkVersion = 3;
        send(hb);
        nextHeartbeat_ms += 1000;
      }
      sim.runFor(STEP_MS);
      if (sim.sim_ms % 60_000 < STEP_MS) opts.onProgress?.(sim.sim_ms / 1000, tlog.records);
    }
  };
  const command = (cmd: number, params: number[]): number | undefined => {
    const m = new common.CommandLong();
    m.targetSystem = 1;
    m.targetComponent = 1;
    m.command = cmd;
    [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7] = [0, 1, 2, 3, 4, 5, 6].map((i) => params[i] ?? 0);
    inbox.length = 0;
    send(m);
    for (let i = 0; i < 50; i++) {
      run(STEP_MS);
      const ack = inbox.find((x): x is common.CommandAck => x instanceof common.CommandAck && x.command === cmd);
      if (ack) return ack.result;
    }
    return undefined;
  };
  const until = (what: string, test: () => boolean, timeout_s: number): void => {
    const end = sim.sim_ms + timeout_s * 1000;
    while (!test()) {
      if (sim.sim_ms > end) throw new Error(`generating the flight: no ${what} within ${timeout_s} s of sim time (at ${(sim.sim_ms / 1000).toFixed(0)} s)`);
      run(100);
    }
  };

  // Boot: the position estimate comes up after a few seconds; then every stream at the maximum rate.
  run(6_000);
  for (const stream of [common.MavDataStream.ALL]) {
    const m = new common.RequestDataStream();
    m.targetSystem = 1;
    m.targetComponent = 1;
    m.reqStreamId = stream;
    m.reqMessageRate = rate_hz;
    m.startStop = 1;
    send(m);
  }
  run(1_000);

  // The mission protocol, as a ground station uploads: MISSION_COUNT, then each item the vehicle asks for.
  inbox.length = 0;
  const count = new common.MissionCount();
  Object.assign(count, { targetSystem: 1, targetComponent: 1, count: items.length, missionType: 0, opaqueId: 0 });
  send(count);
  for (let guard = 0; ; guard++) {
    if (guard > items.length * 20 + 100) throw new Error('generating the flight: the mission upload did not finish');
    const ack = inbox.find((x): x is common.MissionAck => x instanceof common.MissionAck);
    if (ack) {
      if (ack.type !== common.MavMissionResult.ACCEPTED) throw new Error(`generating the flight: mission upload refused (MAV_MISSION_RESULT ${ack.type})`);
      break;
    }
    const req = inbox.filter((x): x is common.MissionRequest => x instanceof common.MissionRequest || x instanceof common.MissionRequestInt).pop();
    inbox.length = 0;
    if (req) {
      const it = items[req.seq];
      const s = wireXyScale(it.command, it.frame);
      const m = new common.MissionItemInt();
      Object.assign(m, {
        targetSystem: 1, targetComponent: 1, seq: req.seq, frame: it.frame, command: it.command, current: 0, autocontinue: it.autocontinue ? 1 : 0,
        param1: it.param1, param2: it.param2, param3: it.param3, param4: it.param4, x: Math.round(it.x * s), y: Math.round(it.y * s), z: it.z, missionType: 0,
      });
      send(m);
    }
    run(STEP_MS * 3);
  }

  // Sorties until the hour is over: GUIDED, arm, take off, MISSION_START; the patrol ends with RTL and touchdown.
  const end_ms = minutes * 60_000;
  let sorties = 0;
  while (sim.sim_ms < end_ms) {
    if (command(common.MavCmd.DO_SET_MODE, [minimal.MavModeFlag.CUSTOM_MODE_ENABLED, COPTER_MODE.GUIDED]) !== common.MavResult.ACCEPTED) throw new Error('generating the flight: GUIDED refused');
    let armed = false;
    for (let i = 0; i < 30 && !armed; i++) {
      armed = command(common.MavCmd.COMPONENT_ARM_DISARM, [1]) === common.MavResult.ACCEPTED;
      if (!armed) run(1000);
    }
    if (!armed) throw new Error('generating the flight: arming refused');
    if (command(common.MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, patrol.takeoff_alt_m]) !== common.MavResult.ACCEPTED) throw new Error('generating the flight: takeoff refused');
    until('takeoff altitude', () => v.position().alt_rel_m >= patrol.takeoff_alt_m - 1, 120);
    if (command(common.MavCmd.MISSION_START, [0, 0]) !== common.MavResult.ACCEPTED) throw new Error('generating the flight: MISSION_START refused');
    sorties++;
    // The patrol, RTL and touchdown; if the hour ends mid-patrol, the sortie is called back (RTL).
    while (v.armed) {
      if (sim.sim_ms >= end_ms && v.mode === COPTER_MODE.AUTO) command(common.MavCmd.NAV_RETURN_TO_LAUNCH, []);
      run(500);
      if (sim.sim_ms > end_ms + 30 * 60_000) throw new Error('generating the flight: the vehicle never landed');
    }
    // On the ground a while (the crew changes the camera card), then the next sortie.
    run(Math.min(45_000, Math.max(0, end_ms - sim.sim_ms)));
  }
  tlog.close();
  sim.stop();

  const sidecar = path.replace(/\.tlog$/i, '.json');
  const started = new Date(Number(EPOCH_US / 1000n));
  writeFileSync(sidecar, `${JSON.stringify({
    format: 'watchpost-flight', version: 1, tlog: basename(path), link_uri: 'sim:in-process (bench/replay-generate.ts)',
    site_path: DEMO_SITE, patrol_path: DEMO_PATROL, started_utc: started.toISOString(), ended_utc: new Date(started.getTime() + sim.sim_ms).toISOString(),
    vehicles: [{ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA' }], findings: [],
  }, null, 2)}\n`);
  const messages: Record<string, number> = {};
  for (const [id, n] of [...tlog.counts].sort((x, y) => y[1] - x[1])) messages[NAMES[id] ?? `MSG_${id}`] = n;
  return { path, sidecar, packets: tlog.records, bytes: tlog.bytes, duration_s: sim.sim_ms / 1000, sorties, messages, wall_s: (performance.now() - wall0) / 1000 };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const out = resolve(opt('--out') ?? join(ROOT, 'bench', 'out', 'replay-hour.tlog'));
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dirname(out), { recursive: true });
  const r = await generateFlight(out, {
    minutes: Number(opt('--minutes') ?? 60), rate_hz: Number(opt('--rate-hz') ?? 50),
    onProgress: (s, n) => process.stderr.write(`  ${(s / 60).toFixed(0)} min simulated, ${n.toLocaleString('en-US')} packets\n`),
  });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
