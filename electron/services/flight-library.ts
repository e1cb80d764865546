// The flight library (issue 10): every .tlog in the flights folder, described from the files themselves — its
// sidecar when there is one (site, findings, times), and a pass over the tlog (duration, vehicles, distance,
// highest altitude, and the duty posts checked against the sidecar's site) — so nothing depends on a cache. A
// damaged file is listed with its problem, never hidden, never stopping the list.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FlightReplay } from '../../mavlink/replay/flight-replay';
import { readSiteFile } from '../../patrol/site/read-site-file';
import type { Site } from '../../patrol/site/site';
import { TrackStats } from '../../patrol/track/track-stats';
import { readSidecar, type FlightSidecar } from './flight-sidecar';
import type { LibraryFlight } from '../api';

export type { LibraryFlight };


/** Flights are read this many at a time. */
const PARALLEL = 2;

/** Every .tlog in `dir`, newest first. A missing folder is an empty library. */
export async function listFlights(dir: string): Promise<LibraryFlight[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.tlog'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${dir}: cannot list the flights folder: ${(err as Error).message}`, { cause: err });
  }
  const out: LibraryFlight[] = [];
  for (let i = 0; i < names.length; i += PARALLEL) out.push(...(await Promise.all(names.slice(i, i + PARALLEL).map((n) => describeFlight(join(dir, n))))));
  return out.sort((a, b) => (b.started_utc ?? '').localeCompare(a.started_utc ?? '') || a.name.localeCompare(b.name));
}

/** One flight, from its sidecar (`<name>.json` beside it) and its tlog. Never throws: problems are listed. */
export async function describeFlight(path: string): Promise<LibraryFlight> {
  const problems: string[] = [];
  const entry: LibraryFlight = {
    path, name: basename(path), size_bytes: 0, started_utc: null, ended_utc: null, duration_s: 0, site_path: null, site_name: null, vehicles: [],
    distance_m: 0, max_alt_rel_m: null, posts_checked: null, posts_total: null, findings: 0, watchpost: false, problems,
  };
  try {
    entry.size_bytes = (await stat(path)).size;
  } catch (err) {
    problems.push(`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return entry;
  }
  const sidecar = await sidecarOf(path, problems);
  let site: Site | null = null;
  if (sidecar) {
    entry.watchpost = true;
    entry.findings = sidecar.findings.length;
    entry.site_path = sidecar.site_path;
    if (sidecar.site_path) site = await siteOf(sidecar.site_path, problems);
  }
  let replay: FlightReplay;
  try {
    replay = await FlightReplay.load(path, site ? { site } : {});
  } catch (err) {
    problems.push(`the recording cannot be read: ${(err as Error).message}`);
    return entry;
  }
  const st = replay.stats;
  if (st && st.records === 0) problems.push('no MAVLink records in the file');
  if (st && st.skippedBytes > 0) problems.push(`${st.skippedBytes} bytes of damage skipped`);
  if (st && st.partialTailBytes > 0) problems.push(`the last record is cut off (${st.partialTailBytes} bytes)`);
  if (!Number.isNaN(replay.start_us)) {
    entry.started_utc = sidecar?.started_utc ?? new Date(replay.start_us / 1000).toISOString();
    entry.ended_utc = sidecar?.ended_utc ?? new Date(replay.end_us / 1000).toISOString();
    entry.duration_s = replay.duration_us / 1e6;
  } else if (sidecar) entry.started_utc = sidecar.started_utc;
  const last = replay.snapshotsAt(replay.end_us);
  entry.vehicles = replay.vehicleIds.map((v) => {
    const s = last.find((x) => x.sysid === v.sysid && x.compid === v.compid);
    return { ...v, type: s?.type ?? 'unknown', autopilot: s?.autopilot ?? 'unknown' };
  });
  let maxAlt = Number.NEGATIVE_INFINITY;
  for (const sysid of new Set(replay.vehicleIds.map((v) => v.sysid))) {
    const stats = new TrackStats();
    for (const p of replay.track(sysid)) stats.add(p.lat_deg, p.lon_deg, p.alt_rel_m);
    entry.distance_m += stats.distance_m;
    maxAlt = Math.max(maxAlt, stats.max_alt_rel_m);
  }
  entry.max_alt_rel_m = Number.isFinite(maxAlt) ? maxAlt : null;
  const posts = replay.postsAt(replay.end_us);
  if (site && posts) {
    entry.site_name = site.name;
    entry.posts_total = posts.length;
    entry.posts_checked = posts.filter((p) => p.state === 'checked').length;
  }
  return entry;
}

async function sidecarOf(tlog: string, problems: string[]): Promise<FlightSidecar | null> {
  const path = tlog.replace(/\.tlog$/i, '.json');
  try {
    await stat(path);
  } catch {
    return null; // a tlog from another ground station has none
  }
  try {
    return await readSidecar(path);
  } catch (err) {
    problems.push((err as Error).message);
    return null;
  }
}

async function siteOf(path: string, problems: string[]): Promise<Site | null> {
  try {
    return readSiteFile(await readFile(path, 'utf8'), basename(path)).site;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    problems.push(e.code === 'ENOENT' ? `the site ${path} is gone: posts not checked` : `the site ${path}: ${e.message}`);
    return null;
  }
}
