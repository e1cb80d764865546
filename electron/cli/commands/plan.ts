// watchpost plan PATROL.json --out FILE.plan|FILE.waypoints [--site SITE] [--autopilot ardupilot|px4] [--force] [--json]
// watchpost plan SITE.geojson --auto --out FILE [--home LAT,LON] [--autopilot …] [--force] [--json]
// watchpost check-plan FILE.plan --site SITE.geojson [--json]
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { autoPatrol } from '../../../patrol/patrol/auto';
import { compilePatrol, type Autopilot } from '../../../patrol/patrol/compile';
import type { Patrol } from '../../../patrol/patrol/patrol';
import type { Site } from '../../../patrol/site/site';
import { PatrolFileError, readPatrol } from '../../../patrol/patrol/read-patrol';
import { patrolOfPlan, patrolPlanText, patrolWaypointsText } from '../../../patrol/patrol/to-plan';
import { readMissionFile } from '../../../patrol/formats/mission-file';
import { MissionFileError } from '../../../patrol/formats/errors';
import { preflight } from '../../../patrol/preflight/preflight';
import type { Finding } from '../../../patrol/preflight/types';
import { findingText, type FindingLanguage } from '../../../patrol/preflight/finding-text';
import { noteText } from '../../../patrol/patrol/note-text';
import { formatOfName } from '../../../patrol/formats/mission-file';
import { UsageError } from '../args';
import { checkMissionOut, checkTextFile, loadMissionFile, saveTextFile } from '../mission-io';
import { printJson } from '../output';
import { loadSite } from '../site-io';
import type { CommandResult } from '../main';

function printFindings(findings: readonly Finding[], lang: FindingLanguage = 'en'): void {
  for (const f of findings) {
    const where = [f.leg, f.item !== undefined ? `item ${f.item}` : undefined].filter(Boolean).join(', ');
    process.stdout.write(`  ${f.severity.padEnd(7)} ${f.code.padEnd(12)} ${where ? `(${where}) ` : ''}${findingText(f, lang)}\n`);
  }
}

/** In JSON, each finding also carries its text in the language asked for (the message stays English). */
const withText = (findings: readonly Finding[], lang: FindingLanguage) => (lang === 'en' ? findings : findings.map((f) => ({ ...f, text: findingText(f, lang) })));

const errorsIn = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error').length;

export interface PlanOptions {
  out: string;
  auto?: boolean;
  site?: string;
  home?: { lat_deg: number; lon_deg: number };
  autopilot: Autopilot;
  force?: boolean;
  json?: boolean;
  lang?: FindingLanguage;
}

export interface CheckPlanOptions {
  site: string;
  rtlAlt: number;
  rtlConeSlope: number;
  sideMargin: number;
  json?: boolean;
  lang?: FindingLanguage;
}

/** The site with `home` as its launch place, when given. */
function withHome(site: Site, home: PlanOptions['home']): Site {
  return home ? { ...site, home: { lat_deg: home.lat_deg, lon_deg: home.lon_deg } } : site;
}

/** The action of `plan` (registered in plan.meta.ts). */
export async function planAction(file: string, opts: PlanOptions, result: CommandResult): Promise<void> {
  await checkMissionOut(opts.out, opts.force === true);
  let patrol: Patrol;
  let sitePath: string;
  const autoNotes: string[] = [];
  if (opts.auto) {
    sitePath = opts.site ?? file;
    const { site } = await loadSite(sitePath);
    patrol = autoPatrol(withHome(site, opts.home), { site_ref: sitePath }, autoNotes);
  } else {
    const text = await checkTextFile(file).then(() => readFile(file, 'utf8')).catch((err: NodeJS.ErrnoException) => {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    });
    try {
      if (formatOfName(file) === 'plan') {
        // A .plan Watchpost wrote carries its patrol: plan it again (e.g. for PX4, or after the site changed).
        const embedded = patrolOfPlan(readMissionFile(text, file).plan, file);
        if (!embedded) throw new UsageError(`${file}: a mission plan without a Watchpost patrol in it (QGroundControl's own); give its patrol or its site with --auto`);
        patrol = embedded;
      } else patrol = readPatrol(text, file);
    } catch (err) {
      if (err instanceof PatrolFileError || err instanceof MissionFileError) throw new UsageError(err.message);
      throw err;
    }
    sitePath = opts.site ?? resolve(dirname(file), patrol.site);
  }
  const loaded = await loadSite(sitePath, opts.site || opts.auto ? undefined : `the patrol's site "${sitePath}"`);
  const site = withHome(loaded.site, opts.home);
  const warnings = [...loaded.warnings];
  if (opts.home) {
    warnings.push(loaded.site.home
      ? `--home ${opts.home.lat_deg},${opts.home.lon_deg} replaces the site's home (${loaded.site.home.lat_deg},${loaded.site.home.lon_deg})`
      : `home from --home ${opts.home.lat_deg},${opts.home.lon_deg}: the site has none (add a home Point to it so that the patrol reopens without --home)`);
  }
  let compiled;
  try {
    if (!opts.auto) readPatrol(JSON.stringify(patrol), file, site); // references to unknown buildings/posts
    compiled = compilePatrol(patrol, site, { autopilot: opts.autopilot, fileName: file });
  } catch (err) {
    if (err instanceof PatrolFileError) throw new UsageError(err.message);
    throw err;
  }
  const findings = preflight(compiled.items, site, { speed_mps: patrol.speed_mps });
  // The embedded patrol names its site relative to where the .plan goes, so the .plan reopens from there.
  const embedded = { ...patrol, site: relative(dirname(resolve(opts.out)), resolve(sitePath)) };
  const text = formatOfName(opts.out) === 'plan'
    ? patrolPlanText(embedded, site, compiled, { autopilot: opts.autopilot })
    : patrolWaypointsText(patrol, site, compiled, { autopilot: opts.autopilot });
  await saveTextFile(text, opts.out, opts.force === true);
  const summary = { out: opts.out, items: compiled.items.length, legs: patrol.legs.length, errors: errorsIn(findings), findings, warnings: [...warnings, ...autoNotes, ...compiled.warnings] };
  if (opts.json) printJson(summary);
  else {
    process.stdout.write(`${opts.out}: ${summary.items} items from ${summary.legs} legs; ${findings.length} preflight findings (${summary.errors} errors)\n`);
    for (const w of summary.warnings) process.stdout.write(`  note    ${noteText(w, opts.lang ?? 'en')}\n`);
    printFindings(findings, opts.lang);
  }
  // Written either way (to look at or fix), but a plan with preflight errors is not one to fly: exit 1.
  result.code = summary.errors > 0 ? 1 : 0;
}

/** The action of `check-plan` (registered in plan.meta.ts). */
export async function checkPlanAction(file: string, opts: CheckPlanOptions, result: CommandResult): Promise<void> {
  const { plan } = await loadMissionFile(file);
  const { site, warnings } = await loadSite(opts.site);
  const home = plan.home && !(plan.home.lat_deg === 0 && plan.home.lon_deg === 0) ? plan.home : undefined;
  const at = home ? { home: { lat_deg: home.lat_deg, lon_deg: home.lon_deg, alt_amsl_m: home.alt_m } } : {};
  const findings = preflight(plan.mission, site, { ...at, rtl_alt_m: opts.rtlAlt, rtl_cone_slope: opts.rtlConeSlope, side_margin_m: opts.sideMargin });
  const errors = errorsIn(findings);
  if (opts.json) printJson({ file, site: site.name, items: plan.mission.length, errors, findings: withText(findings, opts.lang ?? 'en'), warnings });
  else {
    process.stdout.write(`${file}: ${findings.length} findings (${errors} errors)\n`);
    for (const w of warnings) process.stdout.write(`  note    ${w}\n`);
    printFindings(findings, opts.lang);
  }
  result.code = errors > 0 ? 1 : 0;
}
