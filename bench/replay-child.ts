// One task of `npm run bench:replay` (bench/replay.ts) in its own process, so its time and peak memory are its own;
// prints one JSON line. Tasks:
//   open FILE.tlog [SEEKS]  the replay core as the app's Node side uses it: FlightReplay.load (with the sidecar's site, as
//                           ReplayService does) and the first frame's state (snapshotsAt + postsAt at the start); then
//                           SEEKS random seeks (snapshotsAt + postsAt at a random time), each timed
//   service FILE.tlog       the app's Node side as the ui process runs it, without the WebSocket: ReplayService.openFlight
//                           (sidecar, site, FlightReplay.load, then the page's outline: tracks, series, events) + at(id, 0)
//   node-mavlink FILE.tlog  node-mavlink's own pipeline reading the file: createReadStream → MavLinkTLogPacketSplitter →
//                           MavLinkPacketParser, every packet counted (nothing decoded)
//   full-decode FILE.tlog   a UAV Log Viewer-style load: every message decoded into a JS object (node-mavlink's
//                           classes, as its parser builds one object per message) and every one kept in memory, by
//                           message name, with its time
//   idle                    loads the same modules and does nothing: the memory every task starts from
// and, for the diagnosis (what the parts of an open cost on this file):
//   index FILE.tlog         mavlink/tlog/indexer.ts's one pass (offset, time, message id of every record; no decoding)
//   decode-wanted FILE.tlog readTlog + decodeFrame of the messages FlightReplay.load keeps, each dropped at once
//   open-diag FILE.tlog     as service, then what the loaded replay holds (message objects, array slots), kept alive
//                           until exit so that --heap-prof reports it by allocation site
import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { MavLinkPacketParser, MavLinkTLogPacketSplitter, type MavLinkPacket } from 'node-mavlink';
import { decodeFrame } from '../mavlink/decoder';
import { FlightReplay } from '../mavlink/replay/flight-replay';
import { REGISTRY } from '../mavlink/registry';
import { indexTlog } from '../mavlink/tlog/indexer';
import { readTlog } from '../mavlink/tlog/reader';
import { TRACK_MESSAGE_IDS } from '../mavlink/track/track-builder';
import { ReplayService } from '../electron/services/replay-service';
import { readSiteFile } from '../patrol/site/read-site-file';
import type { Site } from '../patrol/site/site';

export interface OpenResult {
  task: 'open';
  /** FlightReplay.load, s. */
  load_s: number;
  /** load + the first frame's state (snapshotsAt + postsAt at the start), s. */
  first_frame_s: number;
  /** Each seek (snapshotsAt + postsAt at a random time), ms, in the order run. */
  seeks_ms: number[];
  records: number;
  duration_s: number;
  vehicles: number;
  track_points: number;
  events: number;
  posts: number;
  heapUsed_MB: number;
  maxRss_MB: number;
}

export interface ServiceResult {
  task: 'service';
  /** openFlight, s. */
  open_s: number;
  /** openFlight + at(id, 0), s. */
  first_frame_s: number;
  /** The outline's JSON size (what crosses to the page once). */
  info_bytes: number;
  heapUsed_MB: number;
  maxRss_MB: number;
}

export interface ReadResult {
  task: 'node-mavlink' | 'full-decode' | 'idle' | 'index' | 'decode-wanted';
  seconds: number;
  packets: number;
  /** full-decode: message objects kept. */
  kept: number;
  heapUsed_MB: number;
  maxRss_MB: number;
}

const maxRss_MB = (): number => process.resourceUsage().maxRSS / 1024;
const heapUsed_MB = (): number => getHeapStatistics().used_heap_size / 1048576;
const now = (): number => performance.now();

/** The site of the flight's sidecar, read as ReplayService reads it (none: no posts). */
function sidecarSite(path: string): Site | undefined {
  try {
    const sidecar = JSON.parse(readFileSync(path.replace(/\.tlog$/i, '.json'), 'utf8')) as { site_path?: string | null };
    if (!sidecar.site_path) return undefined;
    return readSiteFile(readFileSync(sidecar.site_path, 'utf8'), basename(sidecar.site_path)).site;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function open(path: string, seeks: number): Promise<OpenResult> {
  const t0 = now();
  const site = sidecarSite(path);
  const replay = await FlightReplay.load(path, site ? { site } : {});
  const t1 = now();
  replay.snapshotsAt(replay.start_us);
  replay.postsAt(replay.start_us);
  const t2 = now();
  // Seeks: uniformly random times over the flight (a fixed seed: the same times every run).
  let s = 12345;
  const rand = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const seeks_ms: number[] = [];
  let sink = 0;
  for (let i = 0; i < seeks; i++) {
    const t_us = replay.start_us + rand() * replay.duration_us;
    const a = now();
    const v = replay.snapshotsAt(t_us);
    const p = replay.postsAt(t_us);
    seeks_ms.push(now() - a);
    sink += v.length + (p?.length ?? 0);
  }
  if (sink < 0) process.stderr.write('unreachable\n');
  const sysid = replay.vehicleIds[0]?.sysid;
  return {
    task: 'open', load_s: (t1 - t0) / 1000, first_frame_s: (t2 - t0) / 1000, seeks_ms,
    records: replay.stats?.records ?? 0, duration_s: replay.duration_us / 1e6, vehicles: replay.vehicleIds.length,
    track_points: sysid === undefined ? 0 : replay.track(sysid).length, events: replay.events.length, posts: site?.posts.length ?? 0,
    heapUsed_MB: heapUsed_MB(), maxRss_MB: maxRss_MB(),
  };
}

async function service(path: string): Promise<ServiceResult> {
  const svc = new ReplayService();
  const t0 = now();
  const info = await svc.openFlight(path);
  const t1 = now();
  svc.at(info.id, 0);
  const t2 = now();
  return { task: 'service', open_s: (t1 - t0) / 1000, first_frame_s: (t2 - t0) / 1000, info_bytes: JSON.stringify(info).length, heapUsed_MB: heapUsed_MB(), maxRss_MB: maxRss_MB() };
}

function nodeMavlinkPackets(path: string, onPacket: (p: MavLinkPacket) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(path);
    const parser = input.pipe(new MavLinkTLogPacketSplitter()).pipe(new MavLinkPacketParser());
    input.on('error', reject);
    parser.on('data', onPacket);
    parser.on('error', reject);
    parser.on('end', resolve);
  });
}

async function nodeMavlink(path: string): Promise<ReadResult> {
  const t0 = now();
  let packets = 0;
  await nodeMavlinkPackets(path, () => packets++);
  return { task: 'node-mavlink', seconds: (now() - t0) / 1000, packets, kept: 0, heapUsed_MB: heapUsed_MB(), maxRss_MB: maxRss_MB() };
}

async function fullDecode(path: string): Promise<ReadResult> {
  const t0 = now();
  let packets = 0;
  let kept = 0;
  const messages: Record<string, Array<{ time_ms: number; msg: object }>> = {};
  await nodeMavlinkPackets(path, (p) => {
    packets++;
    const cls = REGISTRY[p.header.msgid];
    if (!cls) return;
    const msg = p.protocol.data(p.payload, cls);
    (messages[cls.MSG_NAME] ??= []).push({ time_ms: Number(p.header.timestamp ?? 0n), msg });
    kept++;
  });
  const seconds = (now() - t0) / 1000;
  const heap = heapUsed_MB();
  if (Object.keys(messages).length === 0 && packets > 0) process.stderr.write('nothing decoded\n');
  return { task: 'full-decode', seconds, packets, kept, heapUsed_MB: heap, maxRss_MB: maxRss_MB() };
}

/** What FlightReplay.load decodes (its STATE_IDS, STATUSTEXT, MISSION_ITEM_REACHED and the track builder's ids). */
const WANTED = new Set([0, 1, 24, 30, 33, 42, 74, 147, 242, 253, 46, ...TRACK_MESSAGE_IDS]);

async function index(path: string): Promise<ReadResult> {
  const t0 = now();
  const ix = await indexTlog(path);
  return { task: 'index', seconds: (now() - t0) / 1000, packets: ix.count, kept: 0, heapUsed_MB: heapUsed_MB(), maxRss_MB: maxRss_MB() };
}

async function decodeWanted(path: string): Promise<ReadResult> {
  const t0 = now();
  let packets = 0;
  let decoded = 0;
  for await (const batch of readTlog(path).batches()) {
    for (const { frame } of batch) {
      packets++;
      if (!WANTED.has(frame.msgid)) continue;
      if (decodeFrame(frame)) decoded++;
    }
  }
  return { task: 'decode-wanted', seconds: (now() - t0) / 1000, packets, kept: decoded, heapUsed_MB: heapUsed_MB(), maxRss_MB: maxRss_MB() };
}

export interface OpenDiagResult {
  task: 'open-diag';
  load_s: number;
  heapUsed_MB: number;
  maxRss_MB: number;
  /** Message objects the loaded replay keeps (every stream of every sender, STATUSTEXT included). */
  message_objects: number;
  /** Slots of the plain arrays beside them (t_us and n of each stream: two per message). */
  array_slots: number;
  track_points: number;
  /** Kept message objects by message id. */
  by_msgid: Record<string, number>;
}

async function openDiag(path: string): Promise<OpenDiagResult> {
  const svc = new ReplayService();
  const t0 = now();
  const info = await svc.openFlight(path);
  svc.at(info.id, 0);
  const load_s = (now() - t0) / 1000;
  (globalThis as { __replay?: unknown }).__replay = svc; // alive at exit: --heap-prof reports what it holds
  const replay = (svc as unknown as { open: Map<string, { replay: FlightReplay }> }).open.get(info.id)?.replay;
  if (!replay) throw new Error('open-diag: the service holds no replay');
  // The private per-vehicle streams, read for the numbers only.
  type Stream = { t_us: number[]; n: number[]; msgs: unknown[] };
  const vehicles = (replay as unknown as { vehicles: Map<string, { streams: Map<number, Stream>; texts: Stream }> }).vehicles;
  let message_objects = 0;
  let array_slots = 0;
  const by_msgid: Record<string, number> = {};
  for (const v of vehicles.values()) {
    for (const [id, s] of [...v.streams, [253, v.texts] as const]) {
      message_objects += s.msgs.length;
      array_slots += s.t_us.length + s.n.length;
      const name = REGISTRY[id]?.MSG_NAME ?? String(id);
      by_msgid[name] = (by_msgid[name] ?? 0) + s.msgs.length;
    }
  }
  const track_points = replay.vehicleIds.reduce((n, v) => n + replay.track(v.sysid).length, 0);
  return { task: 'open-diag', load_s, heapUsed_MB: heapUsed_MB(), maxRss_MB: maxRss_MB(), message_objects, array_slots, track_points, by_msgid };
}

const [task, path, arg] = process.argv.slice(2);
let result: OpenResult | ReadResult | OpenDiagResult | ServiceResult;
if (task === 'open' && path) result = await open(path, Number(arg ?? 1000));
else if (task === 'service' && path) result = await service(path);
else if (task === 'node-mavlink' && path) result = await nodeMavlink(path);
else if (task === 'full-decode' && path) result = await fullDecode(path);
else if (task === 'index' && path) result = await index(path);
else if (task === 'decode-wanted' && path) result = await decodeWanted(path);
else if (task === 'open-diag' && path) result = await openDiag(path);
else if (task === 'idle') result = { task: 'idle', seconds: 0, packets: 0, kept: 0, heapUsed_MB: heapUsed_MB(), maxRss_MB: maxRss_MB() };
else {
  process.stderr.write('usage: replay-child.ts open|service|node-mavlink|full-decode|index|decode-wanted|open-diag FILE.tlog [SEEKS] | idle\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
