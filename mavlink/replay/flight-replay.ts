// A recorded flight, loaded for replay (issue 10): one pass over the tlog keeps, per vehicle, the messages the views
// need as time-stamped streams (the last value of each stream at time t answers a seek: Foxglove's "backfill"), the
// events (mode changes, arming, messages, items reached, link gaps), the track, and the duty posts' state changes
// from the same track builder and checker as `watchpost checks` and the live links. A seek never re-reads the file.
// The state at time t is built by the vehicle state code of the live links (VehicleState), fed the last message of
// each stream, so a replayed instrument reads exactly as it read live.
import { common, minimal, type MavLinkData } from 'node-mavlink';
import { decodeFrame } from '../decoder';
import { readTlog, type TlogStats } from '../tlog/reader';
import { TRACK_MESSAGE_IDS } from '../track/track-builder';
import { VehicleState, type VehicleSnapshot } from '../vehicle/vehicle-state';
import type { Clock } from '../protocols/env';
import type { Site } from '../../patrol/site/site';
import { PostTimeline, type PostStateAt } from './post-timeline';
import { lastAtOrBefore } from './search';
import type { TrackRow } from '../../patrol/formats/track-export';

/** The messages whose last value makes a vehicle's state (VehicleState reads these). */
const STATE_IDS = new Set([0, 1, 24, 30, 33, 42, 74, 147, 242]);
const STATUSTEXT_ID = 253;
const MISSION_ITEM_REACHED_ID = 46;
/** No record for this long: a gap in the link (an event). */
export const LINK_GAP_US = 2_000_000;
/** STATUSTEXT entries a snapshot carries (as live). */
const SNAPSHOT_TEXTS = 10;

export interface ReplayEvent {
  t_us: number;
  sysid: number | null;
  kind: 'mode' | 'armed' | 'disarmed' | 'message' | 'item' | 'link';
  value: string;
  severity?: number;
}

interface Stream {
  t_us: number[];
  /** The record's place in the file: messages with the same time are applied in file order. */
  n: number[];
  msgs: MavLinkData[];
}

/** One vehicle (sysid, compid) of the recording. */
class VehicleStreams {
  readonly streams = new Map<number, Stream>();
  /** For each HEARTBEAT: since when the vehicle has been armed (µs), or NaN when disarmed. */
  readonly armedSince: number[] = [];
  readonly texts: Stream = { t_us: [], n: [], msgs: [] };
  /** Sent a HEARTBEAT as a vehicle (not a ground station): shown; other senders' streams are kept but not shown. */
  isVehicle = false;
  private lastMode: string | null = null;
  private lastArmed = false;
  private readonly state: VehicleState;
  private now_ms = 0;

  constructor(readonly sysid: number, readonly compid: number) {
    // A clock the replay sets to each message's time, so "last heard" and "connected" are as they were then.
    this.state = new VehicleState({ now_ms: () => this.now_ms } as Clock, sysid, compid);
  }

  add(t_us: number, n: number, msgid: number, msg: MavLinkData, events: ReplayEvent[]): void {
    const s = msgid === STATUSTEXT_ID ? this.texts : this.streamOf(msgid);
    s.t_us.push(t_us);
    s.n.push(n);
    s.msgs.push(msg);
    if (msg instanceof minimal.Heartbeat) {
      if (msg.type === minimal.MavType.GCS || msg.autopilot === minimal.MavAutopilot.INVALID) {
        this.armedSince.push(NaN);
        return; // a ground station's (or a camera's) heartbeat: no vehicle events
      }
      this.isVehicle = true;
      this.now_ms = t_us / 1000;
      this.state.handle(msg, { sysid: this.sysid, compid: this.compid });
      const armed = this.state.armed;
      const prev = this.armedSince.at(-1);
      this.armedSince.push(armed ? (prev !== undefined && !Number.isNaN(prev) ? prev : t_us) : NaN);
      const mode = this.state.mode;
      if (mode !== this.lastMode) events.push({ t_us, sysid: this.sysid, kind: 'mode', value: mode });
      if (this.lastMode !== null && armed !== this.lastArmed) events.push({ t_us, sysid: this.sysid, kind: armed ? 'armed' : 'disarmed', value: '' });
      this.lastMode = mode;
      this.lastArmed = armed;
    } else if (msg instanceof common.StatusText && this.isVehicle) {
      events.push({ t_us, sysid: this.sysid, kind: 'message', value: msg.text, severity: msg.severity });
    }
  }

  private streamOf(msgid: number): Stream {
    let s = this.streams.get(msgid);
    if (!s) this.streams.set(msgid, (s = { t_us: [], n: [], msgs: [] }));
    return s;
  }

  /**
   * Play the whole recording through one VehicleState, in time order (file order for equal times), and call `row`
   * at every position (GLOBAL_POSITION_INT that is not 0,0) with the state then: the rows of a track export.
   */
  play(row: (t_us: number, s: VehicleSnapshot) => void): void {
    const all: Array<{ t: number; n: number; id: number; msg: MavLinkData }> = [];
    for (const [id, s] of [...this.streams, [STATUSTEXT_ID, this.texts] as const]) for (let i = 0; i < s.t_us.length; i++) all.push({ t: s.t_us[i], n: s.n[i], id, msg: s.msgs[i] });
    all.sort((a, b) => a.t - b.t || a.n - b.n);
    let now = 0;
    const v = new VehicleState({ now_ms: () => now } as Clock, this.sysid, this.compid);
    for (const m of all) {
      now = m.t / 1000;
      v.handle(m.msg, { sysid: this.sysid, compid: this.compid });
      if (m.msg instanceof common.GlobalPositionInt && (m.msg.lat !== 0 || m.msg.lon !== 0)) row(m.t, v.snapshot());
    }
  }

  /** The vehicle as it was at `t_us`: the last message of each stream, in time order, through VehicleState. */
  at(t_us: number): VehicleSnapshot | null {
    const picks: Array<{ t: number; n: number; msg: MavLinkData }> = [];
    let heartbeat = -1;
    for (const [id, s] of this.streams) {
      const i = lastAtOrBefore(s.t_us, t_us);
      if (i < 0) continue;
      picks.push({ t: s.t_us[i], n: s.n[i], msg: s.msgs[i] });
      if (id === 0) heartbeat = i;
    }
    if (heartbeat < 0) return null; // not heard yet at t
    const last = lastAtOrBefore(this.texts.t_us, t_us);
    for (let i = Math.max(0, last - SNAPSHOT_TEXTS + 1); i <= last; i++) picks.push({ t: this.texts.t_us[i], n: this.texts.n[i], msg: this.texts.msgs[i] });
    picks.sort((a, b) => a.t - b.t || a.n - b.n);
    let now = 0;
    const v = new VehicleState({ now_ms: () => now } as Clock, this.sysid, this.compid);
    for (const p of picks) {
      now = p.t / 1000;
      v.handle(p.msg, { sysid: this.sysid, compid: this.compid });
    }
    now = t_us / 1000;
    const since = this.armedSince[heartbeat];
    v.armed_since_ms = Number.isNaN(since) ? undefined : since / 1000;
    return v.snapshot();
  }
}


export interface TrackPoint {
  t_us: number;
  lat_deg: number;
  lon_deg: number;
  alt_rel_m: number;
}

export interface FlightReplayOptions {
  /** The site whose duty posts the replay checks (none: no post states). */
  site?: Site;
  /** Follow this vehicle for the post checks (default: the first autopilot heard). */
  sysid?: number;
  /** Told as the file is read: bytes read so far. */
  onProgress?: (bytes: number) => void;
}

export class FlightReplay {
  private readonly vehicles = new Map<string, VehicleStreams>();
  readonly events: ReplayEvent[] = [];
  private eventTimes: number[] = [];
  private readonly tracks = new Map<number, TrackPoint[]>();
  start_us = NaN;
  end_us = NaN;
  stats: TlogStats | null = null;
  posts: PostTimeline | null = null;
  /** Records per second of the recording (index i: second i from the start): the link's health over time. */
  readonly recordsPerSecond: number[] = [];

  private constructor(readonly path: string) {}

  static async load(path: string, opts: FlightReplayOptions = {}): Promise<FlightReplay> {
    const r = new FlightReplay(path);
    const timeline = opts.site ? new PostTimeline(opts.site, opts.sysid) : null;
    const reader = readTlog(path);
    let last_t = NaN;
    let n = 0;
    const lastItem = new Map<number, number>();
    for await (const batch of reader.batches()) {
      for (const { t_us, frame } of batch) {
        n++;
        if (Number.isNaN(r.start_us)) r.start_us = t_us;
        const second = Math.floor((t_us - r.start_us) / 1e6);
        if (second >= 0 && second < 86_400 * 7) {
          while (r.recordsPerSecond.length <= second) r.recordsPerSecond.push(0);
          r.recordsPerSecond[second]++;
        }
        if (!Number.isNaN(last_t) && t_us - last_t > LINK_GAP_US) r.events.push({ t_us: last_t, sysid: null, kind: 'link', value: `gap of ${((t_us - last_t) / 1e6).toFixed(1)} s` });
        last_t = Number.isNaN(last_t) ? t_us : Math.max(last_t, t_us);
        const id = frame.msgid;
        const wanted = STATE_IDS.has(id) || id === STATUSTEXT_ID || id === MISSION_ITEM_REACHED_ID || TRACK_MESSAGE_IDS.has(id);
        if (!wanted) continue;
        const msg = decodeFrame(frame);
        if (!msg) continue;
        if (timeline && TRACK_MESSAGE_IDS.has(id)) timeline.feed(t_us, frame.sysid, frame.compid, msg);
        if (id === MISSION_ITEM_REACHED_ID && msg instanceof common.MissionItemReached) {
          if (lastItem.get(frame.sysid) !== msg.seq) r.events.push({ t_us, sysid: frame.sysid, kind: 'item', value: String(msg.seq) });
          lastItem.set(frame.sysid, msg.seq);
          continue;
        }
        if (!STATE_IDS.has(id) && id !== STATUSTEXT_ID) continue;
        // Every sender's streams are kept (a vehicle's messages may come before its first HEARTBEAT); the vehicles
        // shown are the senders of a HEARTBEAT that is not a ground station's (MAV_TYPE_GCS) nor MAV_AUTOPILOT_INVALID.
        const key = `${frame.sysid}/${frame.compid}`;
        let v = r.vehicles.get(key);
        if (!v) r.vehicles.set(key, (v = new VehicleStreams(frame.sysid, frame.compid)));
        v.add(t_us, n, id, msg, r.events);
        if (msg instanceof common.GlobalPositionInt && (msg.lat !== 0 || msg.lon !== 0)) {
          let tr = r.tracks.get(frame.sysid);
          if (!tr) r.tracks.set(frame.sysid, (tr = []));
          tr.push({ t_us, lat_deg: msg.lat / 1e7, lon_deg: msg.lon / 1e7, alt_rel_m: msg.relativeAlt / 1000 });
        }
      }
      opts.onProgress?.(reader.stats.bytes);
    }
    r.end_us = last_t;
    r.stats = reader.stats;
    r.events.sort((a, b) => a.t_us - b.t_us);
    r.eventTimes = r.events.map((e) => e.t_us);
    if (timeline) r.posts = timeline.finish(r.end_us);
    return r;
  }

  /** The vehicles (autopilots and other components that sent a HEARTBEAT), by sysid then compid. */
  get vehicleIds(): Array<{ sysid: number; compid: number }> {
    return [...this.vehicles.values()].filter((v) => v.isVehicle).map((v) => ({ sysid: v.sysid, compid: v.compid })).sort((a, b) => a.sysid - b.sysid || a.compid - b.compid);
  }

  get duration_us(): number {
    return Number.isNaN(this.start_us) ? 0 : this.end_us - this.start_us;
  }

  /** Every vehicle as it was at `t_us` (those heard by then). */
  snapshotsAt(t_us: number): VehicleSnapshot[] {
    const out: VehicleSnapshot[] = [];
    for (const v of this.vehicles.values()) {
      if (!v.isVehicle) continue;
      const s = v.at(t_us);
      if (s) out.push(s);
    }
    return out.sort((a, b) => a.sysid - b.sysid || a.compid - b.compid);
  }

  /** The duty posts as they stood at `t_us` (null: no site). At the end of the recording, a post never reached is missed. */
  postsAt(t_us: number): PostStateAt[] | null {
    return this.posts ? this.posts.at(t_us) : null;
  }

  /** A vehicle's positions (never 0,0), in time order. */
  track(sysid: number): readonly TrackPoint[] {
    return this.tracks.get(sysid) ?? [];
  }

  /** Every position of the vehicles (one `sysid`, else all), with the state then, for a track export. */
  trackRows(sysid?: number): TrackRow[] {
    const rows: TrackRow[] = [];
    for (const v of this.vehicles.values()) {
      if (!v.isVehicle || (sysid !== undefined && v.sysid !== sysid)) continue;
      v.play((t_us, s) => rows.push({
        sysid: s.sysid, t_ms: t_us / 1000, lat_deg: s.lat as number, lon_deg: s.lon as number, alt_rel_m: s.alt_rel_m ?? 0, alt_amsl_m: s.alt_amsl_m ?? 0,
        groundspeed_mps: s.groundspeed_mps, heading_deg: s.heading_deg, mode: s.mode, armed: s.armed, battery_v: s.battery_voltage_v, battery_pct: s.battery_remaining_pct,
      }));
    }
    return rows.sort((a, b) => a.sysid - b.sysid || a.t_ms - b.t_ms);
  }

  /** Events up to and including `t_us`. */
  eventsUntil(t_us: number): ReplayEvent[] {
    return this.events.slice(0, lastAtOrBefore(this.eventTimes, t_us) + 1);
  }
}
