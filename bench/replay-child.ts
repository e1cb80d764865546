// One task of `npm run bench:replay` (bench/replay.ts) in its own process, so its time and peak memory are its own;
// prints one JSON line. The replay answers before the whole file is read (FlightReplay.open answers within
// ~150 ms with what is walked so far, and walks on in the background; `replay.done` settles once all is in), so
// the tasks time the first frame and the whole file apart. Tasks:
//   open FILE.tlog          the replay core as the app's Node side uses it: FlightReplay.open (with the sidecar's site,
//                           as ReplayService does) and the first frame's state (snapshotsAt + postsAt at the time read
//                           so far, as soon as it answers); then the time until `done` (the whole file walked); peak
//                           RSS over all of it
//   load FILE.tlog [SEEKS]  FlightReplay.load (open + wait for done: the whole file), its memory once complete (JS heap,
//                           array buffers: the file is held in memory), then SEEKS random seeks over the whole flight
//                           (snapshotsAt + postsAt at a uniformly random time), each timed
//   service FILE.tlog       the app's Node side as the ui process runs it, without the WebSocket: ReplayService.openFlight
//                           (sidecar, site, FlightReplay.open, the outline so far) + at(id, info.loaded_ms) = the first
//                           frame; then the time until the progress event with done: true and the whole outline
//                           (`info(id)`); peak RSS over all of it
//   node-mavlink FILE.tlog  node-mavlink's own pipeline reading the file: createReadStream → MavLinkTLogPacketSplitter →
//                           MavLinkPacketParser, every packet counted (nothing decoded)
//   full-decode FILE.tlog   a UAV Log Viewer-style load: every message decoded into a JS object (node-mavlink's
//                           classes, as its parser builds one object per message) and every one kept in memory, by
//                           message name, with its time
//   idle                    loads the same modules and does nothing: the memory every task starts from
// and, for the diagnosis (what the parts of an open cost on this file):
//   index FILE.tlog         mavlink/tlog/indexer.ts's one pass (offset, time, message id of every record; no decoding)
//   open-diag FILE.tlog     as service, to the whole outline, then what the opened replay holds (the file buffer, each
//                           stream's time and offset columns, the track columns, the events), kept alive until exit so
//                           that --heap-prof reports it by allocation site
import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { MavLinkPacketParser, MavLinkTLogPacketSplitter, type MavLinkPacket } from 'node-mavlink';
import { FlightReplay } from '../mavlink/replay/flight-replay';
import { REGISTRY } from '../mavlink/registry';
import { indexTlog } from '../mavlink/tlog/indexer';
import { ReplayService } from '../electron/services/replay-service';
import type { ApiEvents, ReplayInfo } from '../electron/api';
import { readSiteFile } from '../patrol/site/read-site-file';
import type { Site } from '../patrol/site/site';

export interface OpenResult {
  task: 'open';
  /** FlightReplay.open answered (the first part walked), s. */
  answer_s: number;
  /** open + the first frame's state (snapshotsAt + postsAt at the time read so far), s. */
  first_frame_s: number;
  /** The open's answer was partial (complete === false), as designed for a large file. */
  partial: boolean;
  /** How far the file was walked when it answered: bytes, and seconds of flight. */
  answer_bytes: number;
  answer_loaded_s: number;
  /** The duration known at the answer (from the file's tail), s. */
  answer_duration_s: number;
  /** Vehicles in the first frame. */
  first_vehicles: number;
  /** From the start of open until `done` settled (the whole file walked), s. */
  complete_s: number;
  total_bytes: number;
  heapUsed_MB: number;
  arrayBuffers_MB: number;
  maxRss_MB: number;
}

export interface LoadResult {
  task: 'load';
  /** FlightReplay.load (open + done), s. */
  load_s: number;
  /** Each seek (snapshotsAt + postsAt at a uniformly random time of the whole flight), ms, in the order run. */
  seeks_ms: number[];
  records: number;
  duration_s: number;
  vehicles: number;
  track_points: number;
  events: number;
  posts: number;
  /** After the load, before the seeks. */
  heapUsed_MB: number;
  arrayBuffers_MB: number;
  maxRss_MB: number;
}

export interface ServiceResult {
  task: 'service';
  /** openFlight answered, s. */
  open_s: number;
  /** openFlight + at(id, info.loaded_ms), s. */
  first_frame_s: number;
  /** The answer was partial (complete === false). */
  partial: boolean;
  /** How far the file was read at the answer, s of flight, and the duration it gave, s. */
  loaded_s: number;
  duration_s: number;
  /** Vehicles in the first frame. */
  first_vehicles: number;
  /** The first answer's JSON size (what crosses to the page first). */
  info_bytes: number;
  /** From the start of openFlight until the progress event with done: true, s. */
  done_s: number;
  /** … and `info(id)` answered with the whole outline, s. */
  complete_s: number;
  /** The whole outline's JSON size, and whether it says complete. */
  whole_bytes: number;
  whole_complete: boolean;
  whole_duration_s: number;
  progress_events: number;
  heapUsed_MB: number;
  arrayBuffers_MB: number;
  maxRss_MB: number;
}

export interface ReadResult {
  task: 'node-mavlink' | 'full-decode' | 'idle' | 'index';
  seconds: number;
  packets: number;
  /** full-decode: message objects kept. */
  kept: number;
  heapUsed_MB: number;
  maxRss_MB: number;
}

const MB = 1048576;
const maxRss_MB = (): number => process.resourceUsage().maxRSS / 1024;
const heapUsed_MB = (): number => getHeapStatistics().used_heap_size / MB;
const arrayBuffers_MB = (): number => process.memoryUsage().arrayBuffers / MB;
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

async function open(path: string): Promise<OpenResult> {
  const t0 = now();
  const site = sidecarSite(path);
  const replay = await FlightReplay.open(path, site ? { site } : {});
  const t1 = now();
  const partial = !replay.complete;
  const answer_bytes = replay.loadedBytes;
  const answer_loaded_s = (replay.loaded_us - replay.start_us) / 1e6;
  const answer_duration_s = replay.duration_us / 1e6;
  // The first frame: the state at the time read so far (the frontier: every stream's last record there).
  const at = replay.complete ? replay.start_us : replay.loaded_us;
  const first = replay.snapshotsAt(at);
  replay.postsAt(at);
  const t2 = now();
  await replay.done;
  const t3 = now();
  if (replay.failure) throw replay.failure;
  return {
    task: 'open', answer_s: (t1 - t0) / 1000, first_frame_s: (t2 - t0) / 1000, partial, answer_bytes, answer_loaded_s, answer_duration_s,
    first_vehicles: first.length, complete_s: (t3 - t0) / 1000, total_bytes: replay.totalBytes,
    heapUsed_MB: heapUsed_MB(), arrayBuffers_MB: arrayBuffers_MB(), maxRss_MB: maxRss_MB(),
  };
}

async function load(path: string, seeks: number): Promise<LoadResult> {
  const t0 = now();
  const site = sidecarSite(path);
  const replay = await FlightReplay.load(path, site ? { site } : {});
  const t1 = now();
  if (!replay.complete) throw new Error('FlightReplay.load settled with the replay not complete');
  const heap = heapUsed_MB();
  const buffers = arrayBuffers_MB();
  // Seeks: uniformly random times over the whole flight (a fixed seed: the same times every run).
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
    task: 'load', load_s: (t1 - t0) / 1000, seeks_ms,
    records: replay.stats?.records ?? 0, duration_s: replay.duration_us / 1e6, vehicles: replay.vehicleIds.length,
    track_points: sysid === undefined ? 0 : replay.track(sysid).length, events: replay.events.length, posts: site?.posts.length ?? 0,
    heapUsed_MB: heap, arrayBuffers_MB: buffers, maxRss_MB: maxRss_MB(),
  };
}

/** ReplayService.openFlight, the first frame, and the whole outline once the file is all read. */
async function openToComplete(path: string): Promise<{ svc: ReplayService; first: ReplayInfo; whole: ReplayInfo; t: number[]; first_vehicles: number; progress: number }> {
  let progress = 0;
  let doneAt = NaN;
  let settle: () => void = () => {};
  const finished = new Promise<void>((resolve) => (settle = resolve));
  const svc = new ReplayService((p: ApiEvents['replayProgress']) => {
    progress++;
    if (!p.done) return;
    doneAt = now();
    settle();
  });
  const t0 = now();
  const first = await svc.openFlight(path);
  const t1 = now();
  const at = svc.at(first.id, first.loaded_ms);
  const t2 = now();
  await finished;
  const whole = svc.info(first.id);
  const t4 = now();
  return { svc, first, whole, t: [t0, t1, t2, doneAt, t4], first_vehicles: at.vehicles.length, progress };
}

async function service(path: string): Promise<ServiceResult> {
  const { first, whole, t: [t0, t1, t2, t3, t4], first_vehicles, progress } = await openToComplete(path);
  return {
    task: 'service', open_s: (t1 - t0) / 1000, first_frame_s: (t2 - t0) / 1000, partial: !first.complete,
    loaded_s: first.loaded_ms / 1000, duration_s: first.duration_ms / 1000, first_vehicles, info_bytes: JSON.stringify(first).length,
    done_s: (t3 - t0) / 1000, complete_s: (t4 - t0) / 1000, whole_bytes: JSON.stringify(whole).length, whole_complete: whole.complete,
    whole_duration_s: whole.duration_ms / 1000, progress_events: progress,
    heapUsed_MB: heapUsed_MB(), arrayBuffers_MB: arrayBuffers_MB(), maxRss_MB: maxRss_MB(),
  };
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

async function index(path: string): Promise<ReadResult> {
  const t0 = now();
  const ix = await indexTlog(path);
  return { task: 'index', seconds: (now() - t0) / 1000, packets: ix.count, kept: 0, heapUsed_MB: heapUsed_MB(), maxRss_MB: maxRss_MB() };
}

export interface OpenDiagResult {
  task: 'open-diag';
  /** openFlight until the whole outline, s. */
  complete_s: number;
  heapUsed_MB: number;
  arrayBuffers_MB: number;
  maxRss_MB: number;
  /** The file held in memory, MB. */
  file_MB: number;
  /** Records kept in the vehicles' streams (a time and an offset each), and the bytes of those columns (capacity). */
  stream_records: number;
  stream_MB: number;
  /** Track points (all vehicles) and the bytes of their columns (capacity). */
  track_points: number;
  track_MB: number;
  events: number;
  /** Stream records by message name. */
  by_msgid: Record<string, number>;
}

/** A Growable's length and the bytes it holds (its capacity), read from its private array. */
function growable(g: unknown): { n: number; bytes: number } {
  const x = g as { length: number; data: { byteLength: number } };
  return { n: x.length, bytes: x.data.byteLength };
}

async function openDiag(path: string): Promise<OpenDiagResult> {
  const t0 = now();
  const { svc, first } = await openToComplete(path);
  const complete_s = (now() - t0) / 1000;
  (globalThis as { __replay?: unknown }).__replay = svc; // alive at exit: --heap-prof reports what it holds
  const replay = (svc as unknown as { open: Map<string, { replay: FlightReplay }> }).open.get(first.id)?.replay;
  if (!replay) throw new Error('open-diag: the service holds no replay');
  // The private per-sender streams (time and file offset of each record, by message id) and track columns, read for
  // the numbers only.
  type Stream = { t: unknown; off: unknown };
  const senders = (replay as unknown as { vehicles: Map<number, { streams: Map<number, Stream>; texts: Stream }> }).vehicles;
  let stream_records = 0;
  let stream_bytes = 0;
  const by_msgid: Record<string, number> = {};
  for (const v of senders.values()) {
    for (const [id, s] of [...v.streams, [253, v.texts] as const]) {
      const t = growable(s.t);
      const off = growable(s.off);
      stream_records += t.n;
      stream_bytes += t.bytes + off.bytes;
      const name = REGISTRY[id]?.MSG_NAME ?? String(id);
      by_msgid[name] = (by_msgid[name] ?? 0) + t.n;
    }
  }
  let track_points = 0;
  let track_bytes = 0;
  for (const tr of (replay as unknown as { tracks: Map<number, Record<string, unknown>> }).tracks.values()) {
    track_points += (tr as unknown as { length: number }).length;
    for (const col of Object.values(tr)) if (col && typeof col === 'object' && 'data' in col) track_bytes += growable(col).bytes;
  }
  const file = (replay as unknown as { file: Buffer }).file;
  return {
    task: 'open-diag', complete_s, heapUsed_MB: heapUsed_MB(), arrayBuffers_MB: arrayBuffers_MB(), maxRss_MB: maxRss_MB(),
    file_MB: file.byteLength / MB, stream_records, stream_MB: stream_bytes / MB, track_points, track_MB: track_bytes / MB,
    events: replay.events.length, by_msgid,
  };
}

const [task, path, arg] = process.argv.slice(2);
let result: OpenResult | LoadResult | ReadResult | OpenDiagResult | ServiceResult;
if (task === 'open' && path) result = await open(path);
else if (task === 'load' && path) result = await load(path, Number(arg ?? 1000));
else if (task === 'service' && path) result = await service(path);
else if (task === 'node-mavlink' && path) result = await nodeMavlink(path);
else if (task === 'full-decode' && path) result = await fullDecode(path);
else if (task === 'index' && path) result = await index(path);
else if (task === 'open-diag' && path) result = await openDiag(path);
else if (task === 'idle') result = { task: 'idle', seconds: 0, packets: 0, kept: 0, heapUsed_MB: heapUsed_MB(), maxRss_MB: maxRss_MB() };
else {
  process.stderr.write('usage: replay-child.ts open|load|service|node-mavlink|full-decode|index|open-diag FILE.tlog [SEEKS] | idle\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
