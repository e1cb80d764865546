// Mission files on disk for the CLI: read and parse (.plan / QGC WPL 110), and write without ever replacing
// an existing file unless asked, atomically (a temporary file renamed into place).
import { link as hardLink, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MissionFileError } from '../../patrol/formats/errors';
import { formatOfName, MAX_MISSION_FILE_BYTES, planToWire, readMissionFile, writeMissionFile, type WireLists } from '../../patrol/formats/mission-file';
import type { MissionType } from '../../patrol/mission/mission-item';
import type { PlanReadResult } from '../../patrol/formats/plan-file';
import type { LatLonAlt, Plan } from '../../patrol/formats/plan';
import type { MissionItem } from '../../patrol/mission/mission-item';
import { UsageError } from './args';

/**
 * Larger than any mission, site or patrol a person would make (as the app's workspace): a larger file is refused
 * before it is read (bad-file corpus, issue 13: a 1 GiB one-line file was read whole into memory first).
 */
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Refuses what is not a regular file of at most `maxBytes`, naming the file and its size; errno errors are thrown as
 * they come. By default a mission file by its name (.plan, .waypoints, .txt, .mission) may have MAX_MISSION_FILE_BYTES,
 * anything else (a site, a patrol) MAX_TEXT_FILE_BYTES.
 */
export async function checkTextFile(path: string, what = path, maxBytes = formatOfName(path) ? MAX_MISSION_FILE_BYTES : MAX_TEXT_FILE_BYTES): Promise<void> {
  const st = await stat(path);
  // A device (/dev/zero) or a pipe would be read without end.
  if (st.isDirectory()) throw new UsageError(`${what}: is a directory`);
  if (!st.isFile()) throw new UsageError(`${what} is not a regular file`);
  if (st.size > maxBytes) throw new UsageError(`${what}: ${st.size} bytes is larger than ${maxBytes} bytes${maxBytes === MAX_MISSION_FILE_BYTES ? ' (the most a mission file may have)' : ''}; not read`);
}

export async function loadMissionFile(path: string): Promise<PlanReadResult> {
  let text: string;
  try {
    await checkTextFile(path, path, MAX_MISSION_FILE_BYTES); // whatever its name: it is read as a mission
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  try {
    return readMissionFile(text, path);
  } catch (err) {
    if (err instanceof MissionFileError) throw new UsageError(err.message);
    throw err;
  }
}

export interface UploadSet extends PlanReadResult {
  lists: WireLists;
  /** A .plan is the whole set (an empty fence or rally list clears the vehicle's); a waypoint file is the mission only. */
  types: MissionType[];
}

/** Read a mission file and turn it into the lists to upload; a plan that cannot be uploaded whole is refused. */
export async function loadUploadSet(path: string): Promise<UploadSet> {
  const read = await loadMissionFile(path);
  try {
    const lists = planToWire(read.plan, path);
    return { ...read, lists, types: formatOfName(path) === 'plan' ? ['mission', 'fence', 'rally'] : ['mission'] };
  } catch (err) {
    if (err instanceof MissionFileError) throw new UsageError(err.message);
    throw err;
  }
}

/** Checked before anything is downloaded: the extension names a format, and the file is new (or --force). */
export async function checkMissionOut(path: string, force: boolean): Promise<void> {
  if (!formatOfName(path)) throw new UsageError(`--out ${path}: the extension must be .plan, .waypoints, .txt or .mission`);
  const existing = await stat(path).catch(() => null);
  if (existing && !force) throw new UsageError(`--out ${path} exists; pass --force to replace it`);
  if (existing && !existing.isFile()) throw new UsageError(`--out ${path} exists and is not a regular file`);
}

/**
 * Write atomically (a temporary file renamed or linked into place); without `force`, fail with EEXIST (keeping
 * what is there) if the file appeared meanwhile. Where hard links are not supported (FAT, some network shares)
 * the file is created exclusively instead, which still never replaces anything.
 */
export async function saveMissionFile(plan: Plan, path: string, force: boolean): Promise<void> {
  await saveTextFile(writeMissionFile(plan, path), path, force);
}

/** The same atomic, never-replacing (unless `force`) write for any text. */
export async function saveTextFile(text: string, path: string, force: boolean): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(tmp, text, { flag: 'wx' });
  let linked = false;
  try {
    if (force) {
      await rename(tmp, path);
      linked = true;
      return;
    }
    try {
      await hardLink(tmp, path); // fails with EEXIST instead of replacing
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      await writeFile(path, text, { flag: 'wx' });
    }
  } finally {
    if (!linked) await unlink(tmp);
  }
}

/**
 * The home to write into a downloaded plan, or none with a warning: a fake home (0,0) is never written.
 * ArduPilot's seq 0 is its current home (frame 0, AMSL), answered as 0,0 before its EKF has a position; PX4 has no
 * seq 0 home, and HOME_POSITION (the vehicle's snapshot) is the fallback. Without a home, a .plan gets
 * plannedHomePosition [null, null, null] (QGroundControl requires the member and reads nulls as not set), and a
 * QGC WPL 110 file line 0 as Mission Planner writes it when it has no home (all zeros).
 */
export function downloadedHome(
  seq0: MissionItem | undefined, homePosition: { lat: number; lon: number; alt_amsl_m: number } | null, out: string,
): { home?: LatLonAlt; warning?: string } {
  const seq0Set = seq0 !== undefined && seq0.frame === 0 && (seq0.x !== 0 || seq0.y !== 0);
  if (seq0Set) return { home: { lat_deg: seq0.x, lon_deg: seq0.y, alt_m: seq0.z } };
  if (homePosition && (homePosition.lat !== 0 || homePosition.lon !== 0)) return { home: { lat_deg: homePosition.lat, lon_deg: homePosition.lon, alt_m: homePosition.alt_amsl_m } };
  const why = seq0 !== undefined && seq0.x === 0 && seq0.y === 0 ? 'it answered 0,0 at mission seq 0' : seq0 !== undefined ? `its mission seq 0 is not a home (frame ${seq0.frame})` : 'no home at mission seq 0 and no HOME_POSITION';
  const how = formatOfName(out) === 'plan'
    ? 'plannedHomePosition is [null, null, null], which QGroundControl reads as not set'
    : 'line 0 is all zeros, as Mission Planner writes when it has no home';
  return { warning: `the vehicle has no home yet (${why}): the file has no home position (${how})` };
}
