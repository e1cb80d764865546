// The flights open for replay (issue 10): a tlog read once into memory (mavlink/replay), then answered at any
// time t without re-reading the file. `openFlight` answers as soon as the first part of the file is walked (the
// first frame can be drawn), the rest is walked in slices meanwhile, with progress events; the page then asks for
// the whole outline. What crosses to the page: the flight's outline (vehicles, the whole track downsampled for
// the screen, the charts' series, events, the site and findings from the sidecar), then the state at the times
// the player asks.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { FlightReplay, type FlightReplayOptions, type TrackColumns } from '../../mavlink/replay/flight-replay';
import type { ApiEvents, FlightFinding, ReplayAt, ReplayInfo, ReplaySeries, ReplayTrack, TextFile } from '../api';
import { readFlightFiles, recordingProblems } from './flight-files';

/** Track points sent to the page per vehicle (the screen has fewer pixels along a track). */
export const TRACK_POINTS_MAX = 4000;
/** Track points of the light outline sent before the whole file is in. */
const PARTIAL_TRACK_POINTS = 100;
const PROGRESS_EVERY_MS = 100;
/** Flights kept loaded (the oldest is dropped). */
const KEEP = 3;

interface OpenFlight {
  replay: FlightReplay;
  id: string;
  path: string;
  site: TextFile | null;
  findings: FlightFinding[];
  /** The files' problems (sidecar, site); the recording's are added once it is all read. */
  problems: string[];
  /** The outline once the whole file is in. */
  complete: ReplayInfo | null;
}

export class ReplayService {
  private readonly open = new Map<string, OpenFlight>();
  private next = 1;

  constructor(
    private readonly onProgress?: (p: ApiEvents['replayProgress']) => void,
    /** How the file is walked (FlightReplay's defaults otherwise). */
    private readonly walk: Pick<FlightReplayOptions, 'answerWithinMs' | 'sliceBytes'> = {},
  ) {}

  /** Open a tlog (its sidecar's site and findings with it, or `sitePath` to check its posts against). */
  async openFlight(path: string, sitePath?: string): Promise<ReplayInfo> {
    const abs = resolve(path);
    await stat(abs).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`${abs}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    });
    // The files beside it are read while the walk begins (the site is needed only at its end); a site the user
    // chose is read first, as its problems answer the call.
    const files = readFlightFiles(abs, sitePath);
    if (sitePath) await files;
    const id = `replay-${this.next++}`;
    // Progress ten times a second at most (each is a message to the page and a redraw there).
    let told = -Infinity;
    const progress = (bytes: number, total: number) => {
      const now = performance.now();
      if (bytes >= total || now - told < PROGRESS_EVERY_MS) return;
      told = now;
      this.onProgress?.({ path: abs, id, bytes, total, done: false });
    };
    const [replay, { sidecar, siteFile, problems }] = await Promise.all([
      FlightReplay.open(abs, { ...this.walk, site: files.then((f) => f.site, () => null), onProgress: progress }),
      files,
    ]);
    const flight: OpenFlight = { replay, id, path: abs, site: siteFile, findings: sidecar?.findings ?? [], problems, complete: null };
    this.open.set(id, flight);
    while (this.open.size > KEEP) this.open.delete(this.open.keys().next().value as string);
    const finish = () => {
      if (flight.complete) return;
      flight.problems.push(...recordingProblems(replay.stats));
      if (replay.failure) flight.problems.push(`the recording could not be read to its end: ${replay.failure.message}`);
      flight.complete = outline(flight);
    };
    if (replay.complete) finish(); // a small file is read before the first answer
    void replay.done.then(() => {
      finish();
      this.onProgress?.({ path: abs, id, bytes: replay.totalBytes, total: replay.totalBytes, done: true });
    });
    return flight.complete ?? outline(flight);
  }

  /** The flight's outline as far as it is read (all of it once complete). */
  info(id: string): ReplayInfo {
    const o = this.flight(id);
    return o.complete ?? outline(o);
  }

  /** The flight at `t_ms` (ms from its start): every vehicle's state and the duty posts'. */
  at(id: string, t_ms: number): ReplayAt {
    return at(this.flight(id), t_ms);
  }

  private flight(id: string): OpenFlight {
    const o = this.open.get(id);
    if (!o) throw new Error(`no flight ${JSON.stringify(id)} open for replay; open: ${[...this.open.keys()].join(', ') || 'none'}`);
    return o;
  }
}

function at({ replay, id }: OpenFlight, t_ms: number): ReplayAt {
  const duration_ms = replay.duration_us / 1000;
  const t = Math.min(Math.max(0, t_ms), duration_ms);
  const t_us = (Number.isNaN(replay.start_us) ? 0 : replay.start_us) + t * 1000;
  // At the very end the flight is over: the posts never reached are missed.
  const end = replay.complete && t >= duration_ms;
  return { id, t_ms: t, vehicles: replay.snapshotsAt(t_us).map((v) => ({ ...v, link_id: id })), posts: replay.postsAt(end ? replay.end_us : t_us) };
}

/**
 * The flight's outline. Before the whole file is in, a light one (the vehicles, the times, the site, the track so far
 * in a few points for the map to show where it is): the first frame is drawn from it at once, and the whole track,
 * the charts and the events come with the whole outline.
 */
function outline(o: OpenFlight): ReplayInfo {
  const { replay } = o;
  const start_ms = Number.isNaN(replay.start_us) ? 0 : replay.start_us / 1000;
  const vehicles = [...new Set(replay.vehicleIds.map((v) => v.sysid))];
  const first_ms = Number.isNaN(replay.firstHeard_us) ? 0 : replay.firstHeard_us / 1000 - start_ms;
  const sysids = replay.complete ? vehicles : [];
  return {
    id: o.id, path: o.path, name: basename(o.path), start_ms, duration_ms: replay.duration_us / 1000,
    vehicles: replay.vehicleIds,
    tracks: vehicles.map((sysid) => trackOf(replay.track(sysid), start_ms, replay.complete ? TRACK_POINTS_MAX : PARTIAL_TRACK_POINTS)),
    series: sysids.map((sysid) => seriesOf(replay.track(sysid), start_ms)).filter((s) => s.t_ms.length > 0),
    records_per_s: replay.complete ? replay.recordsPerSecond.slice() : [],
    events: (replay.complete ? replay.events : []).map((e) => ({ t_ms: e.t_us / 1000, sysid: e.sysid, kind: e.kind, value: e.value, ...(e.severity !== undefined ? { severity: e.severity } : {}) })),
    site: o.site,
    posts_sysid: replay.posts?.sysid ?? null,
    findings: o.findings,
    problems: o.problems.slice(),
    complete: replay.complete,
    loaded_ms: replay.complete ? replay.duration_us / 1000 : Math.max(0, replay.loaded_us / 1000 - start_ms),
    first_ms,
    first: at(o, first_ms),
  };
}

/** The positions to send: at most `max`, evenly by index (positions are evenly timed), the last one kept. */
function picks(n: number, max = TRACK_POINTS_MAX): number[] {
  const step = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  if (n > 0 && out.at(-1) !== n - 1) out.push(n - 1);
  return out;
}

function trackOf(tr: TrackColumns, start_ms: number, max: number): ReplayTrack {
  const at = picks(tr.length, max);
  return {
    sysid: tr.sysid, t_ms: at.map((i) => tr.t_us.get(i) / 1000 - start_ms), lat_deg: at.map((i) => tr.lat_deg.get(i)),
    lon_deg: at.map((i) => tr.lon_deg.get(i)), alt_rel_m: at.map((i) => tr.alt_rel_m.get(i)),
  };
}

/** A vehicle's values at its positions, for the charts and the track's colours. */
function seriesOf(tr: TrackColumns, start_ms: number): ReplaySeries {
  const at = picks(tr.length);
  const num = (v: number) => (Number.isNaN(v) ? null : v);
  return {
    sysid: tr.sysid, t_ms: at.map((i) => tr.t_us.get(i) / 1000 - start_ms), lat_deg: at.map((i) => tr.lat_deg.get(i)), lon_deg: at.map((i) => tr.lon_deg.get(i)),
    alt_rel_m: at.map((i) => tr.alt_rel_m.get(i)), speed_mps: at.map((i) => tr.speed_mps.get(i)), battery_pct: at.map((i) => num(tr.battery_pct.get(i))),
    mode: at.map((i) => tr.modes[tr.mode.get(i)]),
  };
}
