// Part 3 of `npm run bench:faults` (bench/faults.ts): a link dropped and restored mid-flight. The app's link service
// (LinkService, as the desktop app and the browser mode run it: a GcsSession recording into its flight, findings in
// the sidecar) opens `tcp:` to a proxy in front of a simulated ArduCopter flying a looping patrol. 50 times the proxy
// breaks the link and restores it after 0.5–4 s, alternating two kinds of fault:
//   closed    the connection is closed and the port refuses new ones (a simulator or a radio bridge going away);
//   blackout  the connection stays up but no byte passes either way (a radio out of range).
// Each time: a finding before the fault and one during it; after the restore, the time until the app hears the
// vehicle again and until its position moves. At the end the link is closed, the tlog read back (the vehicle's
// frames resume after every restore) and the sidecar read (every finding there, as made).
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { readSidecar } from '../electron/services/flight-sidecar';
import { SILENCE_LOST_MS } from '../electron/services/link-summary';
import { LinkService } from '../electron/services/link-service';
import type { LinkSummary, LiveVehicle } from '../electron/api';
import { mulberry32 } from '../mavlink/sim/faults';
import { readTlog } from '../mavlink/tlog/reader';
import { percentile, sleep, until } from './fly-support';
import type { PartOptions, PartReport } from './faults-mission';
import { startFlyingSim } from './faults-recorder';

/** A TCP proxy on a fixed loopback port that can close (and refuse) or black out its connections. */
class DropProxy {
  port = 0;
  blackout = false;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly upstreamPort: number) {}

  async listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    server.listen({ host: '127.0.0.1', port: this.port });
    await once(server, 'listening');
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Close every connection and stop listening (new connections are refused). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const up = connect({ host: '127.0.0.1', port: this.upstreamPort });
    this.sockets.add(client);
    this.sockets.add(up);
    client.on('data', (d) => {
      if (!this.blackout) up.write(d);
    });
    up.on('data', (d) => {
      if (!this.blackout) client.write(d);
    });
    const end = (): void => {
      client.destroy();
      up.destroy();
      this.sockets.delete(client);
      this.sockets.delete(up);
    };
    for (const s of [client, up]) {
      s.on('error', end);
      s.on('close', end);
    }
  }
}

type Kind = 'closed' | 'blackout';

interface Cycle {
  kind: Kind;
  drop_ms: number;
  restore_ms: number;
  outage_ms: number;
  /** When the app showed the link lost (null: it never did during the fault). */
  lostAfter_ms: number | null;
  /** After the restore: the vehicle heard again, its position moving again (null: not within 20 s). */
  heard_ms: number | null;
  moving_ms: number | null;
  /** After the restore: the first vehicle frame in the recording (filled in at the end). */
  recorded_ms: number | null;
}

export async function runLinks(opts: PartOptions): Promise<PartReport> {
  const started = performance.now();
  mkdirSync(opts.tmp, { recursive: true });
  const cycles = opts.quick ? 6 : 50;
  const random = mulberry32(opts.seed * 104_729 + 7);
  const flying = await startFlyingSim(1, false);
  const proxy = new DropProxy(flying.port);
  await proxy.listen();
  let links: LinkSummary[] = [];
  let vehicle: LiveVehicle | undefined;
  const errors: string[] = [];
  const service = new LinkService({
    flightsDir: opts.tmp,
    onLinks: (l) => (links = l),
    onVehicles: (v) => (vehicle = v.find((x) => x.sysid === 1) ?? vehicle),
    onError: (e) => errors.push(e.message),
  });
  const results: Cycle[] = [];
  const made: Array<{ id: string; post: string; kind: string }> = [];
  let summary: LinkSummary | undefined;
  try {
    summary = await service.open(`tcp:127.0.0.1:${proxy.port}`);
    const id = summary.id;
    await until('the vehicle on the app\'s link, with a position', () => (vehicle && vehicle.lat !== null ? true : undefined), 20_000);
    const finding = async (post: string, kind: 'staffed' | 'absent' | 'crowd'): Promise<void> => {
      const f = await service.addFinding(id, { post, kind, sysid: 1 });
      made.push({ id: f.id, post, kind });
    };
    for (let i = 0; i < cycles; i++) {
      const kind: Kind = i % 2 === 0 ? 'closed' : 'blackout';
      await sleep(1000 + random() * 1500); // flying normally
      await finding(`P${i}-before`, 'staffed');
      // Blackouts up to 8 s (under the TCP link's 10 s idle watchdog): past 3.5 s of silence the app shows the link lost.
      const outage_ms = kind === 'closed' ? 500 + random() * 3500 : 1000 + random() * 7000;
      const drop_ms = Date.now();
      if (kind === 'closed') await proxy.close();
      else proxy.blackout = true;
      let lostAfter_ms: number | null = null;
      const lostWatch = setInterval(() => {
        if (lostAfter_ms === null && links.find((l) => l.id === id)?.state === 'lost') lostAfter_ms = Date.now() - drop_ms;
      }, 20);
      await sleep(outage_ms / 2);
      await finding(`P${i}-during`, i % 3 === 0 ? 'crowd' : 'absent'); // the operator marks a post while the link is down
      await sleep(outage_ms / 2);
      clearInterval(lostWatch);
      const before = vehicle;
      const restore_ms = Date.now();
      if (kind === 'closed') await proxy.listen();
      else proxy.blackout = false;
      let heard_ms: number | null = null;
      let moving_ms: number | null = null;
      const end = restore_ms + 20_000;
      while (Date.now() < end && (heard_ms === null || moving_ms === null)) {
        const v = vehicle;
        if (heard_ms === null && v && v.last_heard_ms > restore_ms) heard_ms = v.last_heard_ms - restore_ms;
        if (moving_ms === null && v && heard_ms !== null && (v.lat !== before?.lat || v.lon !== before?.lon || v.alt_rel_m !== before?.alt_rel_m)) moving_ms = Date.now() - restore_ms;
        await sleep(10);
      }
      const c: Cycle = { kind, drop_ms, restore_ms, outage_ms: restore_ms - drop_ms, lostAfter_ms, heard_ms, moving_ms, recorded_ms: null };
      results.push(c);
      if (process.env.FAULTS_DEBUG || heard_ms === null || moving_ms === null) opts.log(`  links: cycle ${i} (${kind}, ${c.outage_ms} ms): lost shown after ${lostAfter_ms ?? '—'} ms; heard again after ${heard_ms ?? 'NEVER'} ms, moving after ${moving_ms ?? 'NEVER'} ms`);
    }
    await sleep(1000);
  } finally {
    await service.closeAll();
    await proxy.close();
    await flying.stop();
  }
  if (!summary) throw new Error('links: the link never opened');

  // The recording: the vehicle's frames after each restore.
  const times: number[] = [];
  let damaged = 0;
  const reader = readTlog(summary.tlog_path);
  for await (const batch of reader.batches()) for (const r of batch) if (r.frame.sysid === 1) times.push(r.t_us / 1000);
  damaged = reader.stats.badCrc + reader.stats.skippedBytes + reader.stats.partialTailBytes;
  let j = 0;
  for (const c of results) {
    while (j < times.length && times[j] <= c.restore_ms) j++;
    if (j < times.length) c.recorded_ms = times[j] - c.restore_ms;
  }
  // The findings: every one made is in the sidecar, as made.
  const sidecar = await readSidecar(summary.tlog_path.replace(/\.tlog$/, '.json'));
  const kept = sidecar.findings.map((f) => `${f.id} ${f.post} ${f.kind}`);
  const want = made.map((f) => `${f.id} ${f.post} ${f.kind}`);
  const missing = want.filter((w) => !kept.includes(w)).length;
  const extra = kept.filter((k) => !want.includes(k)).length;
  const inOrder = missing === 0 && extra === 0 && kept.every((k, i) => k === want[i]);

  const rows: string[] = [];
  for (const kind of ['closed', 'blackout', 'all'] as const) {
    const cs = results.filter((c) => kind === 'all' || c.kind === kind);
    if (cs.length === 0) continue;
    const stat = (xs: Array<number | null>): string => {
      const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
      return v.length ? `${percentile(v, 50).toFixed(0)} / ${v[v.length - 1].toFixed(0)}` : '—';
    };
    const never = (xs: Array<number | null>): number => xs.filter((x) => x === null).length;
    const outages = cs.map((c) => c.outage_ms).sort((a, b) => a - b);
    const expectLost = cs.filter((c) => c.kind === 'closed' || c.outage_ms > SILENCE_LOST_MS + 1500);
    rows.push(`| ${kind} | ${cs.length} | ${outages[0].toFixed(0)}–${outages[outages.length - 1].toFixed(0)} | ${cs.filter((c) => c.lostAfter_ms !== null).length} (${expectLost.filter((c) => c.lostAfter_ms !== null).length} of ${expectLost.length}) | ${cs.length - never(cs.map((c) => c.heard_ms))} | ${stat(cs.map((c) => c.heard_ms))} | ${cs.length - never(cs.map((c) => c.moving_ms))} | ${stat(cs.map((c) => c.moving_ms))} | ${cs.length - never(cs.map((c) => c.recorded_ms))} | ${stat(cs.map((c) => c.recorded_ms))} |`);
  }
  const table = [
    '| fault | drops | outage ms | shown lost (of those expected) | telemetry resumed | heard again after restore: median / worst ms | position moving again | median / worst ms | recording resumed | first vehicle record after restore: median / worst ms |',
    '|---|---:|---|---:|---:|---|---:|---|---:|---|',
    ...rows,
    '',
    '| findings made | in the sidecar, as made and in order | missing | unexpected | recording: vehicle records | damaged bytes (bad CRC, skipped, partial tail) | recording / sidecar errors |',
    '|---:|---|---:|---:|---:|---:|---:|',
    `| ${made.length} | ${inOrder ? 'yes' : '**no**'} | ${missing} | ${extra} | ${times.length} | ${damaged} | ${errors.length} |`,
  ].join('\n');
  const seconds = (performance.now() - started) / 1000;
  const resumed = results.filter((c) => c.heard_ms !== null && c.moving_ms !== null).length;
  const recorded = results.filter((c) => c.recorded_ms !== null).length;
  const notes = [
    `Targets (issue 13): telemetry resumes each time — ${resumed === results.length ? 'met' : `**not met** (${resumed} of ${results.length})`}; recording resumes each time — ${recorded === results.length ? 'met' : `**not met** (${recorded} of ${results.length})`}; findings intact — ${inOrder ? 'met' : '**not met**'}. Medians are nearest-rank.`,
    `${results.length} drops in ${seconds.toFixed(0)} s. The app's link service (\`LinkService\`, in this process) on \`tcp:127.0.0.1:PROXY\`, recording into its flight; the proxy forwards to a simulated ArduCopter (speed-up 1, \`tcpin\`) flying a looping patrol in AUTO (started by a second ground-station session, which then disconnects).`,
    '`closed`: the proxy closes both sides of the connection and stops listening (reconnects are refused) for the outage (0.5–4 s), then listens again on the same port; the link reconnects by itself (TCP link: 200 ms, doubling to 2 s between attempts). `blackout`: the connection stays up, no byte passes either way for the outage (1–8 s: shorter than the link\'s 10 s idle watchdog, so the TCP link itself never drops).',
    'Shown lost = the app\'s link summary said `lost` during the fault; expected for every `closed` fault, and for a blackout longer than the 3.5 s of silence after which a link shows lost plus 1.5 s (the service checks silent links once a second, and link summaries go out at most 4 times a second). Heard again = the vehicle snapshot\'s `last_heard_ms` after the restore; position moving = a snapshot whose position differs from the last one before the restore (the vehicle may be holding at a waypoint for up to 2 s); both watched for 20 s. Recording resumed = a frame from the vehicle in the tlog after the restore (read back with `readTlog` after the link was closed).',
    'Findings: one before each fault and one during it (the link down), each saved at once by `addFinding`; at the end the sidecar is read with `readSidecar` and compared (id, post, kind).',
  ];
  return { title: 'Links dropped and restored mid-flight', table, notes, seconds };
}
