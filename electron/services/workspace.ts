// Which site and patrol the Plan view shows. On the first start (no settings.json yet) it is the bundled demo;
// afterwards the last file the user opened, or the demo when that is gone (the setting is kept: nothing saved is
// lost because a USB stick was not plugged in). A file is checked with patrol/ (the same reader as the CLI) before
// it is remembered, so a broken file never becomes the one the app reopens. Errors name the file and the place
// (line and column for bad JSON) and never quote its contents: in browser mode any path can be typed.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { checkPatrolRefs, PatrolFileError, readPatrol, writePatrol } from '../../patrol/patrol/read-patrol';
import { patrolOfPlan } from '../../patrol/patrol/to-plan';
import { readPlanFile } from '../../patrol/formats/plan-file';
import { formatOfName, MAX_MISSION_FILE_BYTES } from '../../patrol/formats/mission-file';
import { MissionFileError } from '../../patrol/formats/errors';
import { parseJsonText } from '../../patrol/formats/json-text';
import { readSiteFile } from '../../patrol/site/read-site-file';
import { SiteFileError } from '../../patrol/site/site-errors';
import { siteFileErrorText } from '../../patrol/site/site-error-text';
import { patrolFileErrorText } from '../../patrol/patrol/patrol-error-text';
import { missionFileErrorText } from '../../patrol/formats/mission-error-text';
import type { TextFile, Workspace } from '../api';
import type { LoadedSettings, SettingsStore } from './settings-store';

/** Larger than any site or patrol a person would make (the OSM fixtures are < 1 MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export const DEMO_SITE = 'demo/demo.site.geojson';
export const DEMO_PATROL = 'demo/demo.patrol.json';

/** A file that cannot be opened: the message names the file and what is wrong, ready to show. */
export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';
}

async function readText(path: string, what: string): Promise<TextFile> {
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new WorkspaceError(`${what} ${path}: is a folder, not a file`);
    // A device (/dev/zero) or a pipe would be read without end: only regular files.
    if (!s.isFile()) throw new WorkspaceError(`${what} ${path}: is not a regular file`);
    size = s.size;
  } catch (err) {
    if (err instanceof WorkspaceError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new WorkspaceError(`${what} ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message}`);
  }
  // A mission file by its name (a .plan; a .waypoints, refused later as no site) has a much smaller cap than a site.
  const max = formatOfName(path) ? MAX_MISSION_FILE_BYTES : MAX_FILE_BYTES;
  if (size > max) throw new WorkspaceError(`${what} ${path}: ${size} bytes is larger than ${max} bytes${max === MAX_MISSION_FILE_BYTES ? ' (the most a mission file may have)' : ''}`);
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new WorkspaceError(`${what} ${path}: ${err.message}`);
  });
  return { path, name: basename(path), text };
}

/** A patrol file is JSON with `legs`; anything else is taken for a site (whose reader reports bad JSON). */
function looksLikePatrol(file: TextFile): boolean {
  if (/\.patrol\.json$/i.test(file.name)) return true;
  if (/\.kml$/i.test(file.name)) return false;
  const parsed = parseJsonText(file.text, file.name);
  const json = parsed.ok ? parsed.value : null;
  return json !== null && typeof json === 'object' && 'legs' in json && !('features' in json);
}

/** Runs a reader; its file error becomes the workspace's, a site's worded in the UI's language (`lang`). */
function checked<T>(f: () => T, lang: 'en' | 'zh-CN' = 'en'): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof SiteFileError) throw new WorkspaceError(siteFileErrorText(err, lang));
    if (err instanceof PatrolFileError) throw new WorkspaceError(patrolFileErrorText(err, lang));
    if (err instanceof MissionFileError) throw new WorkspaceError(missionFileErrorText(err, lang));
    throw err;
  }
}

/** The patrol a .plan carries, as patrol-file text; a .plan without one (QGroundControl's) is refused, saying so. */
function embeddedPatrolText(file: TextFile): string {
  const patrol = patrolOfPlan(readPlanFile(file.text, file.name).plan, file.name);
  if (!patrol) throw new WorkspaceError(`${file.path}: a mission plan without a Watchpost patrol in it (QGroundControl's own): open its site instead; uploading it is \`watchpost mission upload\``);
  return writePatrol(patrol);
}

export class WorkspaceService {
  constructor(
    private readonly store: SettingsStore,
    /** The app's assets/ folder (holds demo/). */
    private readonly assetsDir: string,
  ) {}

  /** The UI's language, for the file errors it reads (English until chosen). */
  private get lang(): 'en' | 'zh-CN' {
    return this.store.settings.language === 'zh-CN' ? 'zh-CN' : 'en';
  }

  /** Opens `path` (a site or a patrol with its site) after checking it; does not remember it. */
  async read(path: string): Promise<Omit<Workspace, 'first_start' | 'demo' | 'problems'>> {
    // Relative to what? The app's working folder means nothing to the user: ask for the whole path.
    if (!isAbsolute(path)) throw new WorkspaceError(`${path}: give the whole path of the file (e.g. ${sep === '/' ? '/home/me/site.geojson' : 'C:\\sites\\site.geojson'})`);
    const abs = resolve(path);
    let file = await readText(abs, 'file');
    // A .plan that Watchpost wrote carries its patrol (`watchpost.patrol`): it opens as that patrol, editable.
    if (/\.plan$/i.test(file.name)) file = { ...file, text: checked(() => embeddedPatrolText(file), this.lang) };
    if (!looksLikePatrol(file)) {
      checked(() => readSiteFile(file.text, file.name), this.lang);
      return { site: file, patrol: null };
    }
    const patrol = checked(() => readPatrol(file.text, file.name), this.lang);
    const sitePath = resolve(dirname(abs), patrol.site);
    const site = await readText(sitePath, `the site of ${file.name}:`);
    const { site: parsed } = checked(() => readSiteFile(site.text, site.name), this.lang);
    checked(() => checkPatrolRefs(patrol, parsed, file.name), this.lang);
    return { site, patrol: file };
  }

  async openDemo(problems: string[] = [], first_start = false): Promise<Workspace> {
    const w = await this.read(join(this.assetsDir, DEMO_PATROL));
    return { ...w, first_start, demo: true, problems };
  }

  /** Opens a file the user chose and remembers it for the next start. */
  async open(path: string): Promise<Workspace> {
    const w = await this.read(path);
    await this.store.update({ last_site_path: w.site.path, last_patrol_path: w.patrol?.path ?? null });
    return { ...w, first_start: false, demo: false, problems: [] };
  }

  /** What to show at start, given the settings as loaded. */
  async startup(loaded: LoadedSettings): Promise<Workspace> {
    const problems = [...loaded.problems];
    if (loaded.first_start) {
      // Write settings.json now so that the next start is not a first start; the demo itself is not remembered
      // as a path (it moves with the app).
      await this.store.update({}).catch((err: Error) => problems.push(`settings not saved: ${err.message}`));
      return this.openDemo(problems, true);
    }
    const last = loaded.settings.last_patrol_path ?? loaded.settings.last_site_path;
    if (last === null) return this.openDemo(problems);
    try {
      const w = await this.read(last);
      return { ...w, first_start: false, demo: false, problems };
    } catch (err) {
      if (!(err instanceof WorkspaceError)) throw err;
      return this.openDemo([...problems, `could not reopen the last file: ${err.message}; the demo site is shown instead`]);
    }
  }
}
