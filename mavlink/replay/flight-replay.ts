// A recorded flight, loaded for replay (issue 10). The file is read into memory once and walked record by record
// (the tlog record walker of `tlog info`); nothing is decoded into objects except the few messages that become
// events. Per vehicle the replay keeps where each state message is (vehicle-streams.ts), the track as columns
// with the values a row carries (track-columns.ts), the events (mode changes, arming, messages, items reached,
// link gaps) and the duty posts' state changes from the same track builder and checker as `watchpost checks`.
// A seek decodes the last message of each stream from memory: it never re-reads the file.
//
// Opening never waits for the whole file: `open` answers once the first part is walked (after `answerWithinMs`),
// with the end time read from the file's tail, and the walk goes on in slices that yield to the event loop, so
// seeks and other calls are answered meanwhile; `done` settles when the whole file is in.
import { open as openFile } from 'node:fs/promises';
import { constants as bufferConstants } from 'node:buffer';
import { common, minimal } from 'node-mavlink';
import { MAGIC_V2 } from '../frame';
import { RecordWalker, TIMESTAMP_BYTES, type TlogStats } from '../tlog/record-walker';
import type { VehicleSnapshot } from '../vehicle/vehicle-state';
import type { Site } from '../../patrol/site/site';
import type { TrackRow } from '../../patrol/formats/track-export';
import { PostTimeline, type PostStateAt } from './post-timeline';
import { lastAtOrBefore } from './search';
import { PayloadView, fieldOffset } from './payload-view';
import { TrackColumns } from './track-columns';
import { STATE_IDS, STATUSTEXT_ID, VehicleStreams, type Position, type ReplayEvent } from './vehicle-streams';

export type { ReplayEvent } from './vehicle-streams';
export { TrackColumns, type TrackPoint } from './track-columns';

/** No record for this long: a gap in the link (an event). */
export const LINK_GAP_US = 2_000_000;
const HEARTBEAT_ID = minimal.Heartbeat.MSG_ID;
const GPI_ID = common.GlobalPositionInt.MSG_ID;
const VFR_HUD_ID = common.VfrHud.MSG_ID;
const SYS_STATUS_ID = common.SysStatus.MSG_ID;
const BATTERY_STATUS_ID = common.BatteryStatus.MSG_ID;
const ITEM_REACHED_ID = common.MissionItemReached.MSG_ID;
const ITEM_REACHED_SEQ = fieldOffset(common.MissionItemReached, 'seq');
const CAMERA_CAPTURED_ID = common.CameraImageCaptured.MSG_ID;
/** The tail read first for the end time. */
const TAIL_BYTES = 64 * 1024;
const READ_BYTES = 4 << 20;
/** The walk's unit of work, and how long it works before it lets the event loop run. */
const PIECE_BYTES = 64 << 10;
const TURN_MS = 4;
/** How much longer `open` may wait for a vehicle's first HEARTBEAT before it answers anyway. */
const NO_VEHICLE_WAIT_MS = 250;

export interface FlightReplayOptions {
  /** The site whose duty posts the replay checks (none: no post states). It may still be being read: the track is
   *  gathered as the file is walked and checked against the site at the end. */
  site?: Site | Promise<Site | null | undefined>;
  /** Follow this vehicle for the post checks (default: the first autopilot heard). */
  sysid?: number;
  /** The site's offset from UTC in minutes, for the posts' shifts (the checks' default otherwise). */
  utcOffsetMin?: number;
  /** Told as the file is walked: bytes so far, and the file's size. */
  onProgress?: (bytes: number, total: number) => void;
  /** Bytes walked between yields to the event loop (default: as many 64 KiB pieces as fit in 4 ms). */
  sliceBytes?: number;
  /** How long `open` works before it answers with what it has (once a vehicle is heard), ms (default 20). */
  answerWithinMs?: number;
}

export class FlightReplay {
  private file: Buffer = Buffer.alloc(0);
  private readonly vehicles = new Map<number, VehicleStreams>();
  readonly events: ReplayEvent[] = [];
  private eventTimes: number[] = [];
  private readonly tracks = new Map<number, TrackColumns>();
  start_us = NaN;
  /** The last record's time, once the whole file is in (NaN before). */
  end_us = NaN;
  /** The end as the file's tail gives it, before the whole file is in. */
  private endEstimate_us = NaN;
  private lastT_us = NaN;
  stats: TlogStats | null = null;
  posts: PostTimeline | null = null;
  /** Records per second of the recording (index i: second i from the start): the link's health over time. */
  readonly recordsPerSecond: number[] = [];
  /** The first autopilot heard (the vehicle a report is about when none is named), and when (µs; NaN: none yet). */
  firstAutopilot: number | null = null;
  firstHeard_us = NaN;
  loadedBytes = 0;
  totalBytes = 0;
  /** The whole file has been walked. */
  complete = false;
  /** Why the walk stopped early (the file could not be read to its end), else null. */
  failure: Error | null = null;
  /** Settles (never rejects) when the whole file has been walked. */
  done: Promise<void> = Promise.resolve();

  private constructor(readonly path: string) {}

  /** Open a tlog: answers with its first part walked; the rest follows (see `done`). */
  static async open(path: string, opts: FlightReplayOptions = {}): Promise<FlightReplay> {
    const r = new FlightReplay(path);
    let fh: Awaited<ReturnType<typeof openFile>>;
    try {
      fh = await openFile(path, 'r');
    } catch (err) {
      throw new Error(`tlog: cannot open ${path} for reading: ${(err as Error).message}`, { cause: err });
    }
    let answered: () => void = () => {};
    const answer = new Promise<void>((resolve) => (answered = resolve));
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new Error(`tlog: ${path} is not a regular file`);
      if (st.size > bufferConstants.MAX_LENGTH) throw new Error(`tlog: ${path} is ${st.size} bytes; a replay holds at most ${bufferConstants.MAX_LENGTH} bytes in memory`);
      r.totalBytes = st.size;
      r.file = Buffer.allocUnsafe(st.size);
      await r.readTail(fh);
    } catch (err) {
      await fh.close();
      throw err;
    }
    r.done = r.walk(fh, opts, answered).then(
      () => {},
      (err: Error) => {
        r.failure = err;
        r.finish(null);
      },
    ).finally(() => {
      answered();
      void fh.close();
    });
    await answer;
    return r;
  }

  /** Open a tlog and wait until the whole file is in. */
  static async load(path: string, opts: FlightReplayOptions = {}): Promise<FlightReplay> {
    const r = await FlightReplay.open(path, { answerWithinMs: Infinity, ...opts });
    await r.done;
    if (r.failure) throw r.failure;
    return r;
  }

  /** The last records' time, from the file's last 64 KiB, so the timeline has its length before the walk ends. */
  private async readTail(fh: Awaited<ReturnType<typeof openFile>>): Promise<void> {
    const size = this.totalBytes;
    const from = Math.max(0, size - TAIL_BYTES);
    await readFully(fh, this.file, from, size - from);
    const w = new RecordWalker();
    w.walk(this.file, from, size, true, () => {});
    if (w.stats.maxT_us >= 0) this.endEstimate_us = w.stats.maxT_us;
  }

  private async walk(fh: Awaited<ReturnType<typeof openFile>>, opts: FlightReplayOptions, answered: () => void): Promise<void> {
    const size = this.totalBytes;
    const buf = this.file;
    const piece = opts.sliceBytes ?? PIECE_BYTES;
    const answerAt = performance.now() + (opts.answerWithinMs ?? 20);
    const timeline = opts.site ? new PostTimeline(opts.sysid, opts.utcOffsetMin !== undefined ? { utc_offset_min: opts.utcOffsetMin } : {}) : null;
    this.posts = null;
    const walker = new RecordWalker();
    this.stats = walker.stats;
    const sink = this.sink(timeline);
    let pos = 0;
    let read = 0;
    let pending = size > 0 ? readFully(fh, buf, 0, Math.min(READ_BYTES, size)) : Promise.resolve();
    while (read < size) {
      await pending;
      read = Math.min(size, read + READ_BYTES);
      if (read < size) pending = readFully(fh, buf, read, Math.min(READ_BYTES, size - read));
      // Turns of at most TURN_MS (or one piece of `sliceBytes` when that is given): between turns the event loop
      // answers everything else (calls, the page's files), so nothing waits for the walk more than a few ms.
      let stuck = false;
      while (pos < read && !stuck) {
        const turnEnd = performance.now() + TURN_MS;
        do {
          const end = Math.min(read, pos + piece);
          const next = walker.walk(buf, pos, end, end === size, sink);
          stuck = next === pos && end === read; // a record across the bytes read so far: wait for the next read
          pos = next;
        } while (!stuck && pos < read && opts.sliceBytes === undefined && performance.now() < turnEnd);
        this.loadedBytes = pos;
        opts.onProgress?.(pos, size);
        // The answer waits for a vehicle to be heard (the first frame shows it), but not long.
        const now = performance.now();
        if ((now >= answerAt && this.firstAutopilot !== null) || now >= answerAt + NO_VEHICLE_WAIT_MS) answered();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (size === 0 || pos < size) walker.walk(buf, pos, size, true, sink);
    walker.stats.bytes = size;
    this.loadedBytes = size;
    opts.onProgress?.(size, size);
    const site = await opts.site;
    this.finish(timeline && site ? { timeline, site } : null);
  }

  private finish(posts: { timeline: PostTimeline; site: Site } | null): void {
    if (this.complete) return;
    this.end_us = this.lastT_us;
    this.events.sort((a, b) => a.t_us - b.t_us);
    this.eventTimes = this.events.map((e) => e.t_us);
    if (posts) this.posts = posts.timeline.finish(posts.site, this.end_us);
    this.complete = true;
  }

  /** What happens at each record the walker accepts (no allocation but for the few messages kept as events). */
  private sink(timeline: PostTimeline | null) {
    const view = new PayloadView();
    const pos: Position = { boot_ms: 0, lat_e7: 0, lon_e7: 0, alt_mm: 0, rel_mm: 0, speed_mps: 0 };
    const lastItem = new Map<number, number>();
    const buf = this.file;
    let key = -1;
    let v: VehicleStreams | undefined;
    return (_b: Uint8Array, at: number, _length: number, t_us: number, known: boolean): void => {
      if (Number.isNaN(this.start_us)) this.start_us = t_us;
      const second = Math.floor((t_us - this.start_us) / 1e6);
      if (second >= 0 && second < 86_400 * 7) {
        while (this.recordsPerSecond.length <= second) this.recordsPerSecond.push(0);
        this.recordsPerSecond[second]++;
      }
      const last = this.lastT_us;
      if (!Number.isNaN(last) && t_us - last > LINK_GAP_US) this.events.push({ t_us: last, sysid: null, kind: 'link', value: `gap of ${((t_us - last) / 1e6).toFixed(1)} s` });
      this.lastT_us = Number.isNaN(last) ? t_us : Math.max(last, t_us);
      if (!known) return;
      const f = at + TIMESTAMP_BYTES;
      const v2 = buf[f] === MAGIC_V2;
      const msgid = v2 ? buf[f + 7] | (buf[f + 8] << 8) | (buf[f + 9] << 16) : buf[f + 5];
      const sysid = buf[f + (v2 ? 5 : 3)];
      const compid = buf[f + (v2 ? 6 : 4)];
      const stateMsg = STATE_IDS.has(msgid) || msgid === STATUSTEXT_ID;
      if (!stateMsg && msgid !== ITEM_REACHED_ID && msgid !== CAMERA_CAPTURED_ID) return;
      view.at(buf, at);
      if (msgid === ITEM_REACHED_ID) {
        const seq = view.u16(ITEM_REACHED_SEQ);
        if (lastItem.get(sysid) !== seq) this.events.push({ t_us, sysid, kind: 'item', value: String(seq) });
        lastItem.set(sysid, seq);
        return;
      }
      if (msgid === CAMERA_CAPTURED_ID) {
        const msg = view.decode(msgid);
        if (timeline && msg) timeline.builder.feed(t_us, sysid, compid, msg);
        return;
      }
      // Every sender's streams are kept (a vehicle's messages may come before its first HEARTBEAT); the vehicles
      // shown are the senders of a HEARTBEAT that is not a ground station's (MAV_TYPE_GCS) nor MAV_AUTOPILOT_INVALID.
      const k = (sysid << 8) | compid;
      if (k !== key || !v) {
        key = k;
        v = this.vehicles.get(k);
        if (!v) this.vehicles.set(k, (v = new VehicleStreams(sysid, compid)));
      }
      v.keep(msgid, t_us, at);
      switch (msgid) {
        case HEARTBEAT_ID: {
          const msg = view.decode(msgid) as minimal.Heartbeat | undefined;
          if (!msg) return;
          v.heartbeat(t_us, msg, this.events);
          if (v.isVehicle && this.firstAutopilot === null) {
            this.firstAutopilot = sysid;
            this.firstHeard_us = t_us;
          }
          timeline?.builder.feed(t_us, sysid, compid, msg);
          return;
        }
        case STATUSTEXT_ID: {
          if (!v.isVehicle) return;
          const msg = view.decode(msgid) as common.StatusText | undefined;
          if (msg) this.events.push({ t_us, sysid, kind: 'message', value: msg.text, severity: msg.severity });
          return;
        }
        case GPI_ID: {
          const p = v.position(view, pos);
          timeline?.builder.position(t_us, sysid, compid, p.boot_ms, p.lat_e7, p.lon_e7, p.rel_mm);
          if (p.lat_e7 === 0 && p.lon_e7 === 0) return;
          let tr = this.tracks.get(sysid);
          if (!tr) this.tracks.set(sysid, (tr = new TrackColumns(sysid)));
          tr.push(t_us, p.lat_e7 / 1e7, p.lon_e7 / 1e7, p.rel_mm / 1000, p.alt_mm / 1000, p.speed_mps, v.heading_deg, v.mode, v.armed, v.battery_v, v.battery_pct);
          return;
        }
        case VFR_HUD_ID: return v.vfrHud(view);
        case SYS_STATUS_ID: return v.sysStatus(view);
        case BATTERY_STATUS_ID: return v.batteryStatus(view);
      }
    };
  }

  /** The vehicles (autopilots and other components that sent a HEARTBEAT), by sysid then compid. */
  get vehicleIds(): Array<{ sysid: number; compid: number }> {
    return [...this.vehicles.values()].filter((v) => v.isVehicle).map((v) => ({ sysid: v.sysid, compid: v.compid })).sort((a, b) => a.sysid - b.sysid || a.compid - b.compid);
  }

  /** The time up to which the file is walked (µs since the epoch; the end once complete). */
  get loaded_us(): number {
    return this.lastT_us;
  }

  /** The recording's length; before the whole file is in, up to the last time its tail holds. */
  get duration_us(): number {
    if (Number.isNaN(this.start_us)) return 0;
    const end = this.complete ? this.end_us : Math.max(this.lastT_us, Number.isNaN(this.endEstimate_us) ? -Infinity : this.endEstimate_us);
    return Math.max(0, end - this.start_us);
  }

  /** Every vehicle as it was at `t_us` (those heard by then; while loading, up to what is in). */
  snapshotsAt(t_us: number): VehicleSnapshot[] {
    const out: VehicleSnapshot[] = [];
    for (const v of this.vehicles.values()) {
      if (!v.isVehicle) continue;
      const s = v.at(t_us, this.file);
      if (s) out.push(s);
    }
    return out.sort((a, b) => a.sysid - b.sysid || a.compid - b.compid);
  }

  /** The duty posts as they stood at `t_us` (null: no site, or not known until the whole file is in). */
  postsAt(t_us: number): PostStateAt[] | null {
    return this.posts ? this.posts.at(t_us) : null;
  }

  /** A vehicle's positions (never 0,0), in file order (the rows' values with them). */
  track(sysid: number): TrackColumns {
    return this.tracks.get(sysid) ?? new TrackColumns(sysid);
  }

  /** Every position of the vehicles (one `sysid`, else all), with the state then, for a track export. */
  trackRows(sysid?: number): TrackRow[] {
    const rows: TrackRow[] = [];
    for (const tr of this.tracks.values()) {
      if (sysid !== undefined && tr.sysid !== sysid) continue;
      if (!this.vehicleIds.some((v) => v.sysid === tr.sysid)) continue;
      for (let i = 0; i < tr.length; i++) rows.push(tr.row(i));
    }
    return rows.sort((a, b) => a.sysid - b.sysid || a.t_ms - b.t_ms);
  }

  /** Events up to and including `t_us`. */
  eventsUntil(t_us: number): ReplayEvent[] {
    return this.events.slice(0, lastAtOrBefore(this.eventTimes, t_us) + 1);
  }
}

/** Read `length` bytes at `offset` of the file into the same place of `buf` (a short read is read on). */
async function readFully(fh: Awaited<ReturnType<typeof openFile>>, buf: Buffer, offset: number, length: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, offset + done, length - done, offset + done);
    if (bytesRead === 0) throw new Error(`tlog: the file ended at byte ${offset + done}, before its stated size (it was cut while being read?)`);
    done += bytesRead;
  }
}
