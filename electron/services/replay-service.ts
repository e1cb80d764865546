// The flights open for replay (issue 10): a tlog loaded once (mavlink/replay), then answered at any time t without
// re-reading the file. What crosses to the page: the flight's outline once (vehicles, the whole track downsampled
// for the screen, events, the site and findings from the sidecar), then the state at the times the player asks.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { FlightReplay } from '../../mavlink/replay/flight-replay';
import type { ReplayAt, ReplayInfo, ReplaySeries, ReplayTrack } from '../api';
import { readFlightFiles, recordingProblems } from './flight-files';

/** Track points sent to the page per vehicle (the screen has fewer pixels along a track). */
export const TRACK_POINTS_MAX = 4000;
/** Flights kept loaded (the oldest is dropped). */
const KEEP = 3;

export class ReplayService {
  private readonly open = new Map<string, { replay: FlightReplay; info: ReplayInfo }>();
  private next = 1;

  constructor(private readonly onProgress?: (p: { path: string; bytes: number; total: number }) => void) {}

  /** Load a tlog (its sidecar's site and findings with it, or `sitePath` to check its posts against). */
  async openFlight(path: string, sitePath?: string): Promise<ReplayInfo> {
    const abs = resolve(path);
    const total = await stat(abs).then((s) => s.size, (err: NodeJS.ErrnoException) => {
      throw new Error(`${abs}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    });
    const { sidecar, site, siteFile, problems } = await readFlightFiles(abs, sitePath);
    const replay = await FlightReplay.load(abs, { ...(site ? { site } : {}), onProgress: (bytes) => this.onProgress?.({ path: abs, bytes, total }) });
    problems.push(...recordingProblems(replay.stats));
    const start_ms = Number.isNaN(replay.start_us) ? 0 : replay.start_us / 1000;
    const id = `replay-${this.next++}`;
    const info: ReplayInfo = {
      id, path: abs, name: basename(abs), start_ms, duration_ms: replay.duration_us / 1000,
      vehicles: replay.vehicleIds,
      tracks: [...new Set(replay.vehicleIds.map((v) => v.sysid))].map((sysid) => downsample(sysid, replay.track(sysid), start_ms)),
      series: seriesOf(replay, start_ms),
      records_per_s: replay.recordsPerSecond,
      events: replay.events.map((e) => ({ t_ms: e.t_us / 1000, sysid: e.sysid, kind: e.kind, value: e.value, ...(e.severity !== undefined ? { severity: e.severity } : {}) })),
      site: siteFile,
      posts_sysid: replay.posts?.sysid ?? null,
      findings: sidecar?.findings ?? [],
      problems,
    };
    this.open.set(id, { replay, info });
    while (this.open.size > KEEP) this.open.delete(this.open.keys().next().value as string);
    return info;
  }

  /** The flight at `t_ms` (ms from its start): every vehicle's state and the duty posts'. */
  at(id: string, t_ms: number): ReplayAt {
    const o = this.open.get(id);
    if (!o) throw new Error(`no flight ${JSON.stringify(id)} open for replay; open: ${[...this.open.keys()].join(', ') || 'none'}`);
    const t = Math.min(Math.max(0, t_ms), o.info.duration_ms);
    const t_us = (o.info.start_ms + t) * 1000;
    // At the very end (within a microsecond) the flight is over: the posts never reached are missed.
    const end = t >= o.info.duration_ms;
    return { id, t_ms: t, vehicles: o.replay.snapshotsAt(t_us).map((v) => ({ ...v, link_id: id })), posts: o.replay.postsAt(end ? o.replay.end_us : t_us) };
  }
}

/** Each vehicle's values at its positions, at most TRACK_POINTS_MAX of them, for the charts and the track's colours. */
function seriesOf(replay: FlightReplay, start_ms: number): ReplaySeries[] {
  const rows = replay.trackRows();
  return [...new Set(rows.map((r) => r.sysid))].map((sysid) => {
    const mine = rows.filter((r) => r.sysid === sysid);
    const step = Math.max(1, Math.ceil(mine.length / TRACK_POINTS_MAX));
    const out: ReplaySeries = { sysid, t_ms: [], lat_deg: [], lon_deg: [], alt_rel_m: [], speed_mps: [], battery_pct: [], mode: [] };
    for (let i = 0; i < mine.length; i += step) {
      const r = mine[i];
      out.t_ms.push(r.t_ms - start_ms);
      out.lat_deg.push(r.lat_deg);
      out.lon_deg.push(r.lon_deg);
      out.alt_rel_m.push(r.alt_rel_m);
      out.speed_mps.push(r.groundspeed_mps);
      out.battery_pct.push(r.battery_pct);
      out.mode.push(r.mode);
    }
    return out;
  });
}

/** At most TRACK_POINTS_MAX points, evenly by index (the positions are evenly timed), the last one kept. */
function downsample(sysid: number, track: ReturnType<FlightReplay['track']>, start_ms: number): ReplayTrack {
  const step = Math.max(1, Math.ceil(track.length / TRACK_POINTS_MAX));
  const out: ReplayTrack = { sysid, t_ms: [], lat_deg: [], lon_deg: [], alt_rel_m: [] };
  for (let i = 0; i < track.length; i += step) push(track[i]);
  if (track.length > 0 && (track.length - 1) % step !== 0) push(track[track.length - 1]);
  return out;
  function push(p: (typeof track)[number]) {
    out.t_ms.push(p.t_us / 1000 - start_ms);
    out.lat_deg.push(p.lat_deg);
    out.lon_deg.push(p.lon_deg);
    out.alt_rel_m.push(p.alt_rel_m);
  }
}
