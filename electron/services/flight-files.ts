// A recorded flight's companion files, read the same way by the library, the replay and the report: the sidecar
// beside the tlog (none for another ground station's recording), the site its posts are checked against (the
// sidecar's, or one the user gives), and what went wrong on the way — said, never thrown, except for a site the
// user named, which must exist.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { TlogStats } from '../../mavlink/tlog/reader';
import { readSiteFile } from '../../patrol/site/read-site-file';
import type { Site } from '../../patrol/site/site';
import type { TextFile } from '../api';
import { readSidecar, type FlightSidecar } from './flight-sidecar';
import { MAX_FILE_BYTES } from './workspace';

export interface FlightFiles {
  sidecar: FlightSidecar | null;
  site: Site | null;
  siteFile: TextFile | null;
  problems: string[];
}

export const sidecarPathOf = (tlog: string): string => tlog.replace(/\.tlog$/i, '.json');

export async function readFlightFiles(tlog: string, sitePath?: string): Promise<FlightFiles> {
  const problems: string[] = [];
  const sidecar = await readSidecar(sidecarPathOf(tlog)).catch((err: Error) => {
    if (!/ENOENT/.test(err.message)) problems.push(err.message); // no sidecar: a tlog from elsewhere
    return null;
  });
  const path = sitePath ?? sidecar?.site_path ?? null;
  if (!path) return { sidecar, site: null, siteFile: null, problems };
  try {
    // As the workspace does: a regular file of a size a site can have, checked before it is read (bad-file corpus).
    const st = await stat(path);
    if (!st.isFile()) throw new Error('is not a regular file');
    if (st.size > MAX_FILE_BYTES) throw new Error(`${st.size} bytes is larger than ${MAX_FILE_BYTES} bytes; not read`);
    const text = await readFile(path, 'utf8');
    return { sidecar, site: readSiteFile(text, basename(path)).site, siteFile: { path, name: basename(path), text }, problems };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (sitePath) throw new Error(`${sitePath}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    problems.push(e.code === 'ENOENT' ? `the site ${path} is gone: posts not checked` : `the site ${path}: ${e.message}`);
    return { sidecar, site: null, siteFile: null, problems };
  }
}

/** What reading the recording passed over, in words. */
export function recordingProblems(st: TlogStats | null): string[] {
  if (!st) return [];
  return [
    ...(st.records === 0 ? ['no MAVLink records in the file'] : []),
    ...(st.skippedBytes > 0 ? [`${st.skippedBytes} bytes of damage skipped`] : []),
    ...(st.partialTailBytes > 0 ? [`the last record is cut off (${st.partialTailBytes} bytes)`] : []),
  ];
}
