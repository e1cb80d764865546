// `npm run bench:mission`: mission upload with verify to the simulator over loopback UDP, through fault
// injection (loss each way, with 5 % duplication and 5 % reordering), for 50, 200 and 700 items at 0 %, 10 %
// and 30 % loss, ≥ 20 runs each. Prints median seconds and success rate, and keeps the table in
// bench/MISSION-RESULTS.md. Options: --runs N, --sizes 50,200, --losses 0,0.1.
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { GcsSession } from '../mavlink/gcs-session';
import { createLink } from '../mavlink/links/open-link';
import { offsetLatLon } from '../mavlink/sim/geo';
import { startSimulator } from '../mavlink/sim/simulator';
import { missionItem, type MissionItem } from '../patrol/mission/mission-item';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(arg('--runs') ?? 20);
const sizes = (arg('--sizes') ?? '50,200,700').split(',').map(Number);
const losses = (arg('--losses') ?? '0,0.1,0.3').split(',').map(Number);
const HOME = { lat_deg: 22.5431, lon_deg: 114.0579, alt_m: 30 };

/** A patrol-like mission: a takeoff, then waypoints on a 200 m grid around home, with a few DO commands. */
function mission(n: number): MissionItem[] {
  const items: MissionItem[] = [missionItem(22, { frame: 3, z: 20 })];
  for (let i = 1; i < n; i++) {
    if (i % 10 === 5) {
      items.push(missionItem(178, { frame: 2, param1: 1, param2: 4 + (i % 5), param3: -1 }));
      continue;
    }
    const p = offsetLatLon(HOME, ((i * 37) % 200) - 100, ((i * 53) % 200) - 100);
    items.push(missionItem(16, { frame: 3, param1: i % 3, x: p.lat_deg, y: p.lon_deg, z: 15 + (i % 20) }));
  }
  return items;
}

interface Run {
  ok: boolean;
  seconds: number;
  retries: number;
}

async function uploadOnce(n: number, loss: number, seed: number): Promise<Run> {
  const sim = await startSimulator({
    link: createLink('udpin:127.0.0.1:0'), home: HOME, speedup: 1,
    faults: loss > 0 ? { loss, duplicate: 0.05, reorder: 0.05, seed } : {},
  });
  const port = (sim.link as { localPort?: number }).localPort;
  const session = await GcsSession.open({ uri: `udpout:127.0.0.1:${port}`, requestTelemetry: false });
  try {
    // No stream requests: the link carries the mission protocol and heartbeats only.
    const vehicle = await session.waitForVehicle(10_000);
    if (!vehicle) throw new Error('no vehicle');
    const adapter = session.missionAdapterFor(vehicle, HOME);
    const started = performance.now();
    const r = await adapter.upload(session.missions, vehicle, 'mission', mission(n), { verify: true });
    return { ok: r.result === 'ok', seconds: (performance.now() - started) / 1000, retries: r.retries };
  } finally {
    await session.close();
    await sim.stop();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const n of sizes) {
    for (const loss of losses) {
      const results: Run[] = [];
      for (let i = 0; i < runs; i++) results.push(await uploadOnce(n, loss, 1000 + i));
      const ok = results.filter((r) => r.ok);
      const row = `| ${n} | ${(loss * 100).toFixed(0)} % | ${runs} | ${median(results.map((r) => r.seconds)).toFixed(2)} | ${Math.max(...results.map((r) => r.seconds)).toFixed(2)} | ${((100 * ok.length) / runs).toFixed(0)} % | ${median(results.map((r) => r.retries)).toFixed(0)} |`;
      process.stderr.write(`${row}\n`);
      rows.push(row);
    }
  }
  const table = [
    '| items | loss each way | runs | median s | worst s | success | median resends |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
  const notes = [
    'Each run: a fresh simulated ArduCopter on `udpin:127.0.0.1:0` (ArduPilot timing: item re-request after 1 s, upload timeout 8 s), a ground-station session on `udpout`, upload of the mission with verify (download and compare), default mission timing (MAVLink mission service: 1500 ms / 250 ms / 5 retries, with adaptive resends).',
    'Faults are injected per frame in both directions by the simulator (seeded per run): the given loss, plus 5 % duplication and 5 % reordering when loss > 0. Time includes the verify download.',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ${new Date().toISOString().slice(0, 16)}Z.`,
    'Targets: 200 items at 10 % loss in < 5 s with 100 % success; ≥ 95 % success at 30 % loss.',
  ];
  const out = `${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
  process.stdout.write(`\n${out}`);
  await writeFile(fileURLToPath(new URL('./MISSION-RESULTS.md', import.meta.url)), `# Benchmark: mission upload with verify over lossy UDP\n\nRun with \`npm run bench:mission\`.\n\n${out}`);
}

await main();
