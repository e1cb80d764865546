// The flight library (issue 10): every .tlog in the flights folder, described from the files themselves — its
// sidecar when there is one (site, findings, times), and a pass over the tlog (duration, vehicles, distance,
// highest altitude, and the duty posts checked against the sidecar's site) — so nothing depends on a cache. A
// damaged file is listed with its problem, never hidden, never stopping the list.
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { FlightReplay } from '../../mavlink/replay/flight-replay';
import { TrackStats } from '../../patrol/track/track-stats';
import { readFlightFiles, recordingProblems, sidecarPathOf } from './flight-files';
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
  const files = await readFlightFiles(path);
  problems.push(...files.problems);
  const { sidecar, site } = files;
  if (sidecar) {
    entry.watchpost = true;
    entry.findings = sidecar.findings.length;
    entry.site_path = sidecar.site_path;
  }
  let replay: FlightReplay;
  try {
    replay = await FlightReplay.load(path, site ? { site } : {});
  } catch (err) {
    problems.push(`the recording cannot be read: ${(err as Error).message}`);
    return entry;
  }
  problems.push(...recordingProblems(replay.stats));
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
    const tr = replay.track(sysid);
    for (let i = 0; i < tr.length; i++) stats.add(tr.lat_deg.get(i), tr.lon_deg.get(i), tr.alt_rel_m.get(i));
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

/** Where deleted flights go: inside the library, so that a delete can be undone. */
export const TRASH = '.trash';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** The flight's files: the tlog and its sidecar when there is one. */
async function filesOf(tlog: string): Promise<string[]> {
  const sidecar = sidecarPathOf(tlog);
  return [tlog, ...((await exists(sidecar)) ? [sidecar] : [])];
}

/** Move a flight (tlog and sidecar) into the library's trash. Answers where it went (for undo). */
export async function trashFlight(dir: string, tlog: string): Promise<{ path: string; trash_path: string }> {
  if (dirname(resolve(tlog)) !== resolve(dir)) throw new Error(`${tlog}: not a flight of the flights folder ${dir}`);
  if (!(await exists(tlog))) throw new Error(`${tlog}: no such file`);
  const trash = join(dir, TRASH);
  await mkdir(trash, { recursive: true });
  // A name already in the trash (the same flight deleted twice) gets a suffix: nothing in the trash is replaced.
  let base = basename(tlog).replace(/\.tlog$/i, '');
  for (let n = 2; await exists(join(trash, `${base}.tlog`)); n++) base = `${basename(tlog).replace(/\.tlog$/i, '')}~${n}`;
  for (const f of await filesOf(tlog)) await rename(f, join(trash, `${base}${extname(f)}`));
  return { path: resolve(tlog), trash_path: join(trash, `${base}.tlog`) };
}

/** Undo a delete: the flight back into the folder under its own name (refused if that name is taken meanwhile). */
export async function restoreFlight(dir: string, trashPath: string, name: string): Promise<LibraryFlight> {
  if (dirname(resolve(trashPath)) !== resolve(join(dir, TRASH))) throw new Error(`${trashPath}: not in the library's trash`);
  if (!/^[^/\\]+\.tlog$/i.test(name)) throw new Error(`${name}: not a flight's file name`);
  const to = join(dir, name);
  if (await exists(to)) throw new Error(`${to} exists: the flight in the trash is kept as it is`);
  for (const f of await filesOf(trashPath)) await rename(f, join(dir, `${name.replace(/\.tlog$/i, '')}${extname(f)}`));
  return describeFlight(to);
}

/** Import a tlog from elsewhere: copied into the folder (never over a flight already there). */
export async function importFlight(dir: string, from: string): Promise<LibraryFlight> {
  if (!/\.tlog$/i.test(from)) throw new Error(`${from}: not a .tlog file`);
  const st = await stat(from).catch(() => null);
  if (!st?.isFile()) throw new Error(`${from}: no such file`);
  await mkdir(dir, { recursive: true });
  const to = join(dir, basename(from));
  await copyFile(from, to, constants.COPYFILE_EXCL).catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'EEXIST' ? `${to} exists: a flight of that name is already in the library` : `${from}: cannot copy: ${err.message}`);
  });
  return describeFlight(to);
}
