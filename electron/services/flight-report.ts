// The patrol report of a recorded flight, assembled from its files: the tlog (replayed once for the vehicle, times,
// battery, events and the track; the duty posts by the checker of `watchpost checks`), its sidecar (findings and
// the site) or a site given. patrol/report writes it as HTML or CSV.
import { basename } from 'node:path';
import { FlightReplay } from '../../mavlink/replay/flight-replay';
import type { PatrolReport, ReportEvent, ReportPost } from '../../patrol/report/report-data';
import { TrackStats } from '../../patrol/track/track-stats';
import { readFlightFiles, recordingProblems } from './flight-files';

export interface ReportOptions {
  /** The site to check the posts against (default: the sidecar's). */
  sitePath?: string;
  /** The site's offset from UTC, minutes (default 480, China). */
  utcOffsetMin?: number;
  sysid?: number;
}

/** Track points drawn on the report's map. */
const MAP_POINTS = 2000;
/** MAV_SEVERITY_WARNING and worse are listed among the events. */
const WARNING = 4;

export async function buildReport(tlog: string, opts: ReportOptions = {}): Promise<PatrolReport> {
  const { sidecar, site, problems } = await readFlightFiles(tlog, opts.sitePath);
  const sitePath = opts.sitePath ?? sidecar?.site_path ?? null;
  const utc_offset_min = opts.utcOffsetMin ?? 480;
  // One walk of the file: the track, the events and (with a site) the posts by the checker of `watchpost checks`.
  const replay = await FlightReplay.load(tlog, { ...(site ? { site } : {}), ...(opts.sysid !== undefined ? { sysid: opts.sysid } : {}), utcOffsetMin: utc_offset_min });
  problems.push(...recordingProblems(replay.stats));
  const sysid = replay.posts?.sysid ?? opts.sysid ?? replay.firstAutopilot ?? replay.vehicleIds[0]?.sysid ?? null;

  const mine = (e: { sysid: number | null }) => e.sysid === sysid;
  const armedAt = replay.events.find((e) => mine(e) && e.kind === 'armed')?.t_us ?? null;
  const disarmedAt = armedAt === null ? null : ([...replay.events].reverse().find((e) => mine(e) && e.kind === 'disarmed' && e.t_us > armedAt)?.t_us ?? null);
  const snapAt = (t_us: number) => replay.snapshotsAt(t_us).find((v) => v.sysid === sysid);
  const first = snapAt(armedAt ?? replay.start_us);
  const last = snapAt(disarmedAt ?? replay.end_us);
  const stats = new TrackStats();
  const track = replay.track(sysid ?? -1);
  const map: Array<[number, number]> = [];
  const step = Math.max(1, Math.ceil(track.length / MAP_POINTS));
  for (let i = 0; i < track.length; i++) {
    stats.add(track.lat_deg.get(i), track.lon_deg.get(i), track.alt_rel_m.get(i));
    if (i % step === 0) map.push([track.lat_deg.get(i), track.lon_deg.get(i)]);
  }

  const posts: ReportPost[] = [];
  if (site && replay.posts) {
    for (const [i, c] of replay.posts.checks.entries()) {
      const post = site.posts[i];
      const long = c.visits.find((v) => v.duration_s >= post.dwell_s);
      const found = (sidecar?.findings ?? []).filter((f) => f.post === post.id);
      const latest = found.at(-1);
      posts.push({
        id: post.id, name: post.name, lat_deg: post.lat_deg, lon_deg: post.lon_deg, radius_m: post.radius_m, dwell_s: post.dwell_s, status: c.status,
        first_check_t_us: long ? long.enter_t_us + post.dwell_s * 1e6 : null, first_visit_t_us: c.visits[0]?.enter_t_us ?? null,
        longest_dwell_s: c.dwell_s, closest_m: Number.isFinite(c.closest_m) ? c.closest_m : null, photos: c.photos.length,
        finding: latest?.kind ?? null, note: latest?.note ?? null, findings_count: found.length,
      });
    }
  }

  const events: ReportEvent[] = [];
  for (const e of replay.events) {
    if (!mine(e)) continue;
    if (e.kind === 'mode' || e.kind === 'armed' || e.kind === 'disarmed') events.push({ t_us: e.t_us, kind: e.kind, text: e.kind === 'mode' ? e.value : '' });
    else if (e.kind === 'message' && /failsafe/i.test(e.value)) events.push({ t_us: e.t_us, kind: 'failsafe', text: e.value });
    else if (e.kind === 'message' && (e.severity ?? 7) <= WARNING) events.push({ t_us: e.t_us, kind: 'warning', text: e.value });
  }
  return {
    flight: basename(tlog), site, site_file: sitePath ? basename(sitePath) : null,
    vehicle: first ? { sysid: first.sysid, type: first.type, autopilot: first.autopilot } : null,
    start_t_us: replay.start_us, end_t_us: replay.end_us, takeoff_t_us: armedAt, landing_t_us: disarmedAt,
    distance_m: stats.distance_m, max_alt_rel_m: Number.isFinite(stats.max_alt_rel_m) ? stats.max_alt_rel_m : null,
    battery: { start_pct: first?.battery_remaining_pct ?? null, end_pct: last?.battery_remaining_pct ?? null, start_v: first?.battery_voltage_v ?? null, end_v: last?.battery_voltage_v ?? null },
    posts, items_reached: replay.events.filter((e) => mine(e) && e.kind === 'item').map((e) => ({ t_us: e.t_us, seq: Number(e.value) })),
    events, track: map, utc_offset_min, problems,
  };
}
