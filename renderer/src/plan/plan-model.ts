// What the Plan view shows, computed from the workspace's files with patrol/ (the same code as the CLI): the site,
// the patrol (the file's, or the site's default patrol when only a site is open), its mission items, the path the
// preflight checks walked, their findings and the flight-time estimate. Pure: no React, no DOM.
import type { Workspace } from '../../../electron/api';
import { autoPatrol } from '../../../patrol/patrol/auto';
import { compilePatrol, type CompiledPatrol } from '../../../patrol/patrol/compile';
import type { Patrol } from '../../../patrol/patrol/patrol';
import { readPatrol } from '../../../patrol/patrol/read-patrol';
import { preflightReport, type PreflightReport } from '../../../patrol/preflight/preflight';
import { readSiteFile } from '../../../patrol/site/read-site-file';
import type { Site } from '../../../patrol/site/site';

export interface PlanModel {
  site: Site;
  siteWarnings: string[];
  patrol: Patrol | null;
  /** True when the patrol is the site's default (no patrol file open). */
  patrolIsAuto: boolean;
  compiled: CompiledPatrol | null;
  report: PreflightReport | null;
  /** What the default patrol left out, and the compiler's own notes (volumes, altitudes). */
  patrolNotes: string[];
  /** Why there is no patrol, mission or report (the site itself read fine). */
  error: string | null;
}

/** Throws the site reader's error (naming the file, feature and property) when the site cannot be read. */
export function planModel(w: Workspace): PlanModel {
  const { site, warnings } = readSiteFile(w.site.text, w.site.name);
  const notes: string[] = [];
  let patrol: Patrol | null = null;
  try {
    patrol = w.patrol ? readPatrol(w.patrol.text, w.patrol.name, site) : autoPatrol(site, { site_ref: w.site.name }, notes);
  } catch (err) {
    return { site, siteWarnings: warnings, patrol: null, patrolIsAuto: w.patrol === null, compiled: null, report: null, patrolNotes: notes, error: (err as Error).message };
  }
  return modelOf(site, warnings, patrol, { patrolIsAuto: w.patrol === null, fileName: w.patrol?.name ?? w.site.name, notes });
}

/** The model of a site and patrol being edited: the patrol compiled and checked (what the editor re-runs as you edit). */
export function modelOf(site: Site, siteWarnings: string[], patrol: Patrol, opts: { patrolIsAuto?: boolean; fileName?: string; notes?: string[] } = {}): PlanModel {
  const model: PlanModel = { site, siteWarnings, patrol, patrolIsAuto: opts.patrolIsAuto ?? false, compiled: null, report: null, patrolNotes: [...(opts.notes ?? [])], error: null };
  try {
    model.compiled = compilePatrol(patrol, site, { autopilot: 'ardupilot', fileName: opts.fileName ?? site.name });
    model.patrolNotes.push(...model.compiled.warnings);
    model.report = preflightReport(model.compiled.items, site, { speed_mps: patrol.speed_mps });
  } catch (err) {
    model.error = (err as Error).message;
  }
  return model;
}
