// The Plan editor's files on the Node side (issue 11): saving what the editor wrote (site, patrol, .plan, .waypoints,
// KML) where the user said, never over a file unless asked, never half written; and the recovery copy of unsaved
// edits in the app's data folder, written as the user edits and offered again after a crash.
import { readFile, stat, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../mavlink/atomic-write';

/** What the editor saves, by the end of the name. */
export const PLAN_FILE_ENDINGS = ['.site.geojson', '.geojson', '.patrol.json', '.plan', '.waypoints', '.kml'] as const;
/** Larger than any plan the editor makes (a 5,000-building OSM site is a few MB). */
export const PLAN_FILE_MAX_BYTES = 64 * 1024 * 1024;
const RECOVERY = 'recovery.plan-edit.json';

export interface Saved {
  path: string;
  bytes: number;
}

/** Save `text` at `path` (absolute; one of PLAN_FILE_ENDINGS). Refuses to replace a file unless `overwrite`. */
export async function savePlanFile(path: string, text: string, overwrite: boolean): Promise<Saved> {
  if (!isAbsolute(path)) throw new Error(`${path}: give the whole path of the file (it starts with / or a drive letter)`);
  const abs = resolve(path);
  if (!PLAN_FILE_ENDINGS.some((e) => abs.toLowerCase().endsWith(e))) throw new Error(`${abs}: a plan is saved as ${PLAN_FILE_ENDINGS.join(', ')}`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > PLAN_FILE_MAX_BYTES) throw new Error(`${abs}: ${bytes} bytes is more than a plan file holds (${PLAN_FILE_MAX_BYTES})`);
  const folder = await stat(dirname(abs)).catch(() => null);
  if (!folder?.isDirectory()) throw new Error(`${dirname(abs)}: no such folder`);
  const existing = await stat(abs).catch(() => null);
  if (existing?.isDirectory()) throw new Error(`${abs}: is a folder`);
  if (existing && !overwrite) throw new Error(`${abs}: a file of that name exists; save again to replace it`);
  try {
    await writeFileAtomic(abs, text, { exclusive: !overwrite });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(`${abs}: ${e.code === 'EEXIST' ? 'a file of that name exists; save again to replace it' : `cannot save: ${e.message}`}`, { cause: err });
  }
  return { path: abs, bytes };
}

export interface Recovery {
  text: string;
  saved_utc: string;
}

/** The recovery copy: the editor's state as its text (the editor's own JSON), replaced at each write. */
export async function writeRecovery(dataDir: string, text: string): Promise<void> {
  if (Buffer.byteLength(text, 'utf8') > PLAN_FILE_MAX_BYTES) throw new Error('the recovery copy is larger than a plan file holds');
  await writeFileAtomic(join(dataDir, RECOVERY), JSON.stringify({ saved_utc: new Date().toISOString(), text }));
}

/** The recovery copy, or null when there is none (a damaged one is removed and reported as none). */
export async function readRecovery(dataDir: string): Promise<Recovery | null> {
  const raw = await readFile(join(dataDir, RECOVERY), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new Error(`${join(dataDir, RECOVERY)}: cannot read the recovery copy: ${err.message}`);
  });
  if (raw === null) return null;
  try {
    const r = JSON.parse(raw) as Partial<Recovery>;
    if (typeof r.text === 'string' && typeof r.saved_utc === 'string') return { text: r.text, saved_utc: r.saved_utc };
  } catch {
    // fall through: a copy cut off by a crash mid-write cannot happen (atomic), but a hand-edited one can
  }
  await clearRecovery(dataDir);
  return null;
}

export async function clearRecovery(dataDir: string): Promise<void> {
  await unlink(join(dataDir, RECOVERY)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
