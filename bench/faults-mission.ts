// Part 1 of `npm run bench:faults` (bench/faults.ts): mission transfers through fault injection, classified by what
// the vehicle really holds afterwards. Each transfer: a fresh simulated ArduCopter on `udpin` holding a previous
// mission (written into its storage as ArduPilot stores it), the app's ground-station session on `udpout` (telemetry
// requested, as the app's links do), and the app's upload path — `uploadLists` with verify, which clears the
// mission after a failed upload (ArduPilot writes items in place). Then, whatever the upload said, the simulator's
// stored mission is read directly (no link involved) and compared by ArduPilot's storage rules, as the verify
// compares (patrol/mission/stored-compare.ts):
//   ok               the upload said ok and the vehicle holds exactly the mission sent;
//   clear failure    the upload failed with a typed result, and what it said the vehicle holds (cleared / unchanged
//                    / unknown) is what it holds: nothing, the whole previous mission, or — after 'unknown' — any;
//   flagged partial  it failed, said 'unknown' (clearing failed too: "check it before flying"), and the vehicle
//                    holds a mix of the new and the previous mission: not silent, but not clean either;
//   silently partial the upload said ok and the vehicle holds anything else, or it failed, said 'cleared' or
//                    'unchanged', and the vehicle holds a partial or mixed mission;
//   misreported      it failed and said 'cleared' / 'unchanged', but the vehicle holds another whole mission.
import { GcsSession } from '../mavlink/gcs-session';
import { createLink } from '../mavlink/links/open-link';
import { MissionAdapter } from '../mavlink/protocols/mission/autopilot-adapter';
import { uploadLists, type MissionState } from '../mavlink/protocols/mission/upload-lists';
import { offsetLatLon } from '../mavlink/sim/geo';
import { storeItem } from '../mavlink/sim/mission-store';
import { startSimulator } from '../mavlink/sim/simulator';
import { missionItem, type MissionItem } from '../patrol/mission/mission-item';
import { storedDifference } from '../patrol/mission/stored-compare';
import { toWire } from '../patrol/mission/wire-item';
import { minimal } from 'node-mavlink';
import { percentile, sleep } from './fly-support';

export interface PartOptions {
  quick: boolean;
  seed: number;
  /** A scratch folder of this run. */
  tmp: string;
  log: (line: string) => void;
}

export interface PartReport {
  title: string;
  table: string;
  notes: string[];
  seconds: number;
}

const HOME = { lat_deg: 22.5431, lon_deg: 114.0579, alt_m: 30 };
const LOSSES = [0, 0.1, 0.2, 0.3, 0.4];
const LATENCIES = [0, 100, 500];

/** A patrol-like mission (as bench/mission-upload.ts builds it): a takeoff, waypoints on a 200 m grid, DO commands. */
export function patrolMission(n: number, variant = 0): MissionItem[] {
  const items: MissionItem[] = [missionItem(22, { frame: 3, z: 20 + variant })];
  for (let i = 1; i < n; i++) {
    if (i % 10 === 5) {
      items.push(missionItem(178, { frame: 2, param1: 1, param2: 4 + ((i + variant) % 5), param3: -1 }));
      continue;
    }
    const p = offsetLatLon(HOME, (((i + variant) * 37) % 200) - 100, (((i + 3 * variant) * 53) % 200) - 100);
    items.push(missionItem(16, { frame: 3, param1: i % 3, x: p.lat_deg, y: p.lon_deg, z: 15 + ((i + variant) % 20) + variant }));
  }
  return items;
}

type Holds = 'new' | 'previous' | 'nothing' | 'partial';
type Verdict = 'ok' | 'clear failure' | 'flagged partial' | 'silently partial' | 'misreported';

interface Transfer {
  loss: number;
  latency_ms: number;
  items: number;
  previous: number;
  seed: number;
}

interface TransferResult extends Transfer {
  result: string;
  detail: string;
  state: MissionState;
  holds: Holds;
  holdsDetail: string;
  verdict: Verdict;
  seconds: number;
  retries: number;
  stillReceiving: boolean;
}

/** What the stored mission (vehicle numbering: index 0 is the home slot) is, against the new and the previous one. */
function classifyStore(stored: readonly MissionItem[], sent: readonly MissionItem[], previous: readonly MissionItem[]): { holds: Holds; detail: string } {
  const ignore = new Set([0]);
  if (stored.length <= 1) return { holds: 'nothing', detail: `${stored.length} item(s): the home slot at most` };
  if (!storedDifference('ardupilot', 'mission', sent, stored, ignore)) return { holds: 'new', detail: `${stored.length - 1} items, the new mission` };
  if (!storedDifference('ardupilot', 'mission', previous, stored, ignore)) return { holds: 'previous', detail: `${stored.length - 1} items, the previous mission` };
  // Which item comes from where: the new mission at its seq, the previous one, or neither.
  let fromNew = 0;
  let fromPrev = 0;
  let neither = 0;
  for (let s = 1; s < stored.length; s++) {
    const one = [stored[s]];
    if (s < sent.length && !storedDifference('ardupilot', 'mission', [sent[s]], one)) fromNew++;
    else if (s < previous.length && !storedDifference('ardupilot', 'mission', [previous[s]], one)) fromPrev++;
    else neither++;
  }
  return { holds: 'partial', detail: `${stored.length - 1} items (new mission ${sent.length - 1}, previous ${previous.length - 1}): ${fromNew} new, ${fromPrev} previous, ${neither} neither` };
}

function verdictOf(result: string, state: MissionState, holds: Holds): Verdict {
  if (result === 'ok') return holds === 'new' ? 'ok' : 'silently partial';
  if (state === 'unknown') return holds === 'partial' ? 'flagged partial' : 'clear failure';
  const said: Holds = state === 'cleared' ? 'nothing' : state === 'unchanged' ? 'previous' : 'new';
  if (holds === said) return 'clear failure';
  return holds === 'partial' ? 'silently partial' : 'misreported';
}

async function transferOnce(t: Transfer): Promise<TransferResult> {
  const faulty = t.loss > 0;
  const sim = await startSimulator({
    link: createLink('udpin:127.0.0.1:0'), home: HOME, speedup: 1,
    faults: { loss: t.loss, duplicate: faulty ? 0.05 : 0, reorder: faulty ? 0.05 : 0, latency_ms: t.latency_ms, seed: t.seed },
  });
  const v = sim.vehicles[0];
  // The previous mission, written into storage as ArduPilot's AP_Mission stores each item.
  const adapter = new MissionAdapter(minimal.MavAutopilot.ARDUPILOTMEGA, HOME);
  const previous = adapter.toVehicle('mission', patrolMission(t.previous, 7)).map((item, seq, all) => {
    const s = storeItem(0, toWire(item), seq, all.length);
    if (!s.ok) throw new Error(`previous mission item ${seq}: ${s.why}`);
    return s.item;
  });
  v.mission.store.replace(0, previous);
  const items = patrolMission(t.items);
  const sent = adapter.toVehicle('mission', items);
  const port = (sim.link as { localPort?: number }).localPort;
  const session = await GcsSession.open({ uri: `udpout:127.0.0.1:${port}` });
  try {
    const vehicle = await session.waitForVehicle(20_000);
    if (!vehicle) throw new Error(`no vehicle heard in 20 s (loss ${t.loss}, latency ${t.latency_ms} ms, seed ${t.seed})`);
    const started = performance.now();
    const { results, mission_state } = await uploadLists(session, vehicle, { mission: items, fence: [], rally: [] }, ['mission'], HOME, true);
    const seconds = (performance.now() - started) / 1000;
    const r = results.mission;
    if (!r) throw new Error('uploadLists gave no mission result');
    // Let frames still in flight (latency, held for reordering) arrive before looking.
    await sleep(Math.max(300, 3 * t.latency_ms + 100));
    const stillReceiving = v.mission.receiving(0);
    const { holds, detail: holdsDetail } = classifyStore(v.mission.store.items(0), sent, previous);
    return {
      ...t, result: r.result, detail: r.detail ?? '', state: mission_state, holds, holdsDetail,
      verdict: verdictOf(r.result, mission_state, holds), seconds, retries: r.retries, stillReceiving,
    };
  } finally {
    await session.close();
    await sim.stop();
  }
}

/** The grid: every loss × latency cell, with its runs and mission sizes (shorter missions where latency is long). */
function plan(quick: boolean, seed: number): Transfer[] {
  const out: Transfer[] = [];
  let k = 0;
  for (const latency_ms of LATENCIES) {
    for (const loss of LOSSES) {
      const runs = quick ? (latency_ms === 500 ? 1 : 2) : latency_ms === 0 ? 20 : latency_ms === 100 ? 14 : 8;
      const sizes = latency_ms === 0 ? [30, 80, 140, 200] : latency_ms === 100 ? [30, 60, 100] : [30, 45, 60];
      for (let i = 0; i < runs; i++, k++) {
        const items = sizes[i % sizes.length];
        // The previous mission is sometimes longer (the upload must cut it), sometimes shorter.
        const previous = i % 2 === 0 ? items + 20 + (k % 30) : Math.max(10, Math.round(items / 2));
        out.push({ loss, latency_ms, items, previous, seed: seed * 100_000 + k });
      }
    }
  }
  return out;
}

export async function runMission(opts: PartOptions): Promise<PartReport> {
  const started = performance.now();
  const transfers = plan(opts.quick, opts.seed);
  // Transfers wait on the link most of the time: several run at once, each on its own simulator and ports.
  // The slowest (long latency, heavy loss) start first so that the pool drains evenly.
  const order = [...transfers].sort((a, b) => b.latency_ms * (1 + 4 * b.loss) * b.items - a.latency_ms * (1 + 4 * a.loss) * a.items);
  const concurrency = 16;
  const results: TransferResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const t = order[next++];
      const r = await transferOnce(t);
      results.push(r);
      if (r.verdict !== 'ok') opts.log(`  mission: loss ${t.loss * 100} %, latency ${t.latency_ms} ms, ${t.items} items (previous ${t.previous}), seed ${t.seed}: ${r.verdict} — ${r.result}${r.detail ? ` (${r.detail})` : ''}; state ${r.state}; holds ${r.holdsDetail}${r.stillReceiving ? '; vehicle still in an upload' : ''}`);
      if (results.length % 25 === 0) opts.log(`  mission: ${results.length}/${order.length} transfers, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const rows: string[] = [];
  const totals = { n: 0, ok: 0, clear: 0, flagged: 0, silent: 0, mis: 0 };
  for (const latency_ms of LATENCIES) {
    for (const loss of LOSSES) {
      const cell = results.filter((r) => r.loss === loss && r.latency_ms === latency_ms);
      if (cell.length === 0) continue;
      const count = (v: Verdict) => cell.filter((r) => r.verdict === v).length;
      const clear = cell.filter((r) => r.verdict === 'clear failure');
      const kinds = new Map<string, number>();
      for (const r of clear) {
        const key = `${r.result} → ${r.holds}`;
        kinds.set(key, (kinds.get(key) ?? 0) + 1);
      }
      const secs = cell.map((r) => r.seconds).sort((a, b) => a - b);
      const sizes = [...new Set(cell.map((r) => r.items))].sort((a, b) => a - b).join(', ');
      const c = { ok: count('ok'), flagged: count('flagged partial'), silent: count('silently partial'), mis: count('misreported') };
      totals.n += cell.length; totals.ok += c.ok; totals.clear += clear.length; totals.flagged += c.flagged; totals.silent += c.silent; totals.mis += c.mis;
      const kindText = [...kinds].map(([k, n]) => `${n}× ${k}`).join('; ') || '—';
      rows.push(`| ${(loss * 100).toFixed(0)} % | ${latency_ms} | ${sizes} | ${cell.length} | ${c.ok} | ${clear.length} | ${kindText} | ${c.flagged} | ${c.silent} | ${c.mis} | ${percentile(secs, 50).toFixed(2)} | ${secs[secs.length - 1].toFixed(2)} |`);
    }
  }
  rows.push(`| **all** | | | **${totals.n}** | **${totals.ok}** | **${totals.clear}** | | **${totals.flagged}** | **${totals.silent}** | **${totals.mis}** | | |`);
  const table = [
    '| loss each way | latency ms | items | transfers | ok | clear failures | clear failures by result → vehicle holds | flagged partial | silently partial | misreported | median s | worst s |',
    '|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
  const seconds = (performance.now() - started) / 1000;
  const notes = [
    `Target (issue 13): ≥ 200 transfers, 0 silently partial missions — ${totals.n >= 200 && totals.silent === 0 ? 'met' : `**not met** (${totals.n} transfers, ${totals.silent} silently partial)`}.`,
    `${totals.n} transfers, ${concurrency} at a time (each its own simulator and UDP ports), in ${seconds.toFixed(0)} s; seed ${opts.seed}.`,
    'Each transfer: a fresh simulated ArduCopter on `udpin:127.0.0.1:0` (ArduPilot timing: item re-request after 1 s, upload cancelled after 8 s without progress; items written in place) holding a previous, different mission (sometimes longer, sometimes shorter); the app\'s session on `udpout` with telemetry requested; the app\'s upload path, `uploadLists` with verify (default mission timing: 1500 ms / 250 ms / 5 retries, adaptive), which clears the mission after a failed upload.',
    'Faults per frame, both directions, seeded per transfer: the loss shown, plus 5 % duplication and 5 % reordering when loss > 0, and the latency shown (wall time). Time is the whole `uploadLists` call: upload, verify read-back and, after a failure, the clear (median nearest-rank). Missions are shorter where latency is long (each item is one round trip: 1 s at 500 ms each way).',
    'Then, whatever the upload said, the simulator\'s stored mission is read directly (after the frames in flight have landed) and compared by ArduPilot\'s storage rules as the verify compares (`storedDifference`): the new mission, the previous one, nothing (at most the home slot), or partial (anything else: a mix).',
    'ok = said ok and holds the new mission. Clear failure = failed with a typed result and holds what `mission_state` said (cleared → nothing; unchanged → previous; unknown → anything whole). Flagged partial = failed, `mission_state` unknown (the clear failed too; the app says "check it before flying") and the vehicle holds a mix. Silently partial = said ok but holds anything else, or failed, said cleared/unchanged, and holds a mix. Misreported = failed, said cleared/unchanged, holds another whole mission.',
  ];
  return { title: 'Mission transfers over faulty links', table, notes, seconds };
}
