// The compiled command line's stamp: which build is current, and every file it was built from with its
// modification time and size. bin/watchpost.js checks it on every run (a stat per file, about a millisecond) and
// rebuilds when any file differs, so a changed source is never run stale. Plain JavaScript: it runs before
// anything is compiled.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export const STAMP_VERSION = 2;
export const STAMP_FILE = 'current.json';

/**
 * Where builds go: node_modules/.cache/watchpost-cli, or WATCHPOST_CLI_CACHE (relative to the project). It must lie
 * inside the project, since the compiled modules import npm packages from its node_modules.
 */
export function cacheDir(root, env = process.env) {
  const chosen = env.WATCHPOST_CLI_CACHE;
  if (!chosen) return join(root, 'node_modules', '.cache', 'watchpost-cli');
  return isAbsolute(chosen) ? chosen : resolve(root, chosen);
}

/**
 * The current build's stamp, or null when there is none yet. A stamp that cannot be read as one (written by
 * another version of this script, or damaged) counts as none: the caller rebuilds and replaces it.
 */
export function readStamp(cache) {
  let text;
  try {
    text = readFileSync(join(cache, STAMP_FILE), 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  }
  let stamp;
  try {
    stamp = JSON.parse(text);
  } catch {
    return null; // not JSON: rebuilt and replaced
  }
  const ok = stamp && stamp.version === STAMP_VERSION && typeof stamp.dir === 'string' && typeof stamp.root === 'string' && Array.isArray(stamp.inputs);
  return ok ? stamp : null;
}

/** SHA-1 of a file's bytes, hex. */
export function fileHash(path) {
  return createHash('sha1').update(readFileSync(path)).digest('hex');
}

/**
 * The inputs of a build (paths relative to `root`) that are no longer as they were built: changed, touched,
 * replaced or gone. An input recorded with no time (it changed while the build ran) is always stale. An input
 * modified shortly before its build carries a content hash, checked too: a file system with coarse times (FAT,
 * SMB: 2 s) may give a second edit of the same size the same time.
 */
export function staleInputs(stamp, root) {
  const stale = [];
  for (const [path, mtimeMs, size, hash] of stamp.inputs) {
    const full = join(root, path);
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st || st.mtimeMs !== mtimeMs || st.size !== size || (hash && fileHash(full) !== hash)) stale.push(path);
  }
  return stale;
}

/**
 * The build to run: `{ dir }` when the stamp is current for this project, else `{ reason }` saying why it must be
 * rebuilt.
 */
export function currentBuild(root, cache = cacheDir(root)) {
  const stamp = readStamp(cache);
  if (!stamp) return { reason: 'not built yet' };
  if (stamp.root !== root) return { reason: `built for ${stamp.root}` };
  const stale = staleInputs(stamp, root);
  if (stale.length > 0) return { reason: `changed since the last build: ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ` and ${stale.length - 3} more` : ''}` };
  const dir = join(cache, stamp.dir);
  if (!statSync(join(dir, 'main.js'), { throwIfNoEntry: false })) return { reason: `${dir} is gone` };
  return { dir };
}
