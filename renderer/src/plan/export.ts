// Saving the compiled patrol as a file the user keeps: a .plan (QGroundControl; the patrol embedded, so it reopens
// editable) or .waypoints (Mission Planner), through the browser's download (the desktop window asks where).
import { patrolPlanText, patrolWaypointsText } from '../../../patrol/patrol/to-plan';
import type { PlanModel } from './plan-model';

export type ExportFormat = 'plan' | 'waypoints';

/** The file's name and text, or null when there is nothing compiled to export. */
export function exportFile(model: PlanModel, baseName: string, format: ExportFormat, sitePath: string): { name: string; text: string } | null {
  if (!model.patrol || !model.compiled) return null;
  // The download lands wherever the browser puts it: name the site by its whole path, so the .plan reopens.
  const patrol = { ...model.patrol, site: sitePath };
  const text = format === 'plan' ? patrolPlanText(patrol, model.site, model.compiled, { autopilot: 'ardupilot' }) : patrolWaypointsText(model.patrol, model.site, model.compiled, { autopilot: 'ardupilot' });
  return { name: `${baseName}.${format}`, text };
}

/** "demo.patrol.json" → "demo"; "knoxville.site.geojson" → "knoxville". */
export function baseNameOf(fileName: string): string {
  return fileName.replace(/(\.patrol)?\.json$/i, '').replace(/(\.site)?\.(geo)?json$/i, '').replace(/\.kml$/i, '');
}

export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: name.endsWith('.plan') ? 'application/json' : 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
