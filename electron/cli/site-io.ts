// Site files on disk for the CLI: *.site.geojson (or any GeoJSON) and KML, errors as one-line usage errors.
import { readFile } from 'node:fs/promises';
import { readSiteFile } from '../../patrol/site/read-site-file';
import { SiteFileError } from '../../patrol/site/site-errors';
import type { Site } from '../../patrol/site/site';
import { UsageError } from './args';
import { checkTextFile } from './mission-io';

/** `what` names the site in errors (default "--site PATH"). */
export async function loadSite(path: string, what = `--site ${path}`): Promise<{ site: Site; warnings: string[] }> {
  let text: string;
  try {
    await checkTextFile(path, what);
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`${what}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message}`);
  }
  try {
    return readSiteFile(text, path);
  } catch (err) {
    if (err instanceof SiteFileError) throw new UsageError(err.message);
    throw err;
  }
}
