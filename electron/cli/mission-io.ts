// Mission files on disk for the CLI: read and parse (.plan / QGC WPL 110), and write without ever replacing
// an existing file unless asked, atomically (a temporary file renamed into place).
import { link as hardLink, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MissionFileError } from '../../patrol/formats/errors';
import { formatOfName, planToWire, readMissionFile, writeMissionFile, type WireLists } from '../../patrol/formats/mission-file';
import type { MissionType } from '../../patrol/mission/mission-item';
import type { PlanReadResult } from '../../patrol/formats/plan-file';
import type { Plan } from '../../patrol/formats/plan';
import { UsageError } from './args';

export async function loadMissionFile(path: string): Promise<PlanReadResult> {
  let text: string;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new UsageError(`${path} is not a regular file`);
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
