// One entry point for mission files by name (.plan, or QGC WPL 110 as .waypoints / .txt / .mission), and the
// plan as the three item lists the mission protocol carries.

import type { MissionItem } from '../mission/mission-item';
import { MissionFileError } from './errors';
import { fenceToItems, itemsToFence } from './fence-items';
import { emptyPlan, type Plan } from './plan';
import { readPlanFile, writePlanFile, type PlanReadResult } from './plan-file';
import { itemsToRally, rallyToItems } from './rally-items';
import { readWaypointsFile, writeWaypointsFile } from './waypoints-file';

export type MissionFileFormat = 'plan' | 'waypoints';

const WAYPOINT_EXTENSIONS = ['.waypoints', '.txt', '.mission'];

/**
 * The most a mission file (.plan, QGC WPL 110) may weigh when read from disk: 8 MiB. Real ones are tiny (ArduPilot
 * holds a few thousand items; a waypoint line is under 200 bytes, a .plan item under 1 KB); the 64 MiB that sites
 * may take let a file of 60 million line ends through to the reader (9.5 s, 1.8 GB).
 */
export const MAX_MISSION_FILE_BYTES = 8 * 1024 * 1024;

/** The format a file name's extension says, or undefined for another extension. */
export function formatOfName(fileName: string): MissionFileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.plan')) return 'plan';
  return WAYPOINT_EXTENSIONS.some((ext) => lower.endsWith(ext)) ? 'waypoints' : undefined;
}

/** Reads a mission file by its extension, or by its first characters when the extension says nothing. */
export function readMissionFile(text: string, fileName: string): PlanReadResult {
  const start = text.replace(/^\ufeff/, '').trimStart();
  const format = formatOfName(fileName) ?? (start.startsWith('{') ? 'plan' : start.startsWith('QGC WPL') ? 'waypoints' : undefined);
  if (format === 'plan') return readPlanFile(text, fileName);
  if (format === 'waypoints') return { plan: readWaypointsFile(text, fileName), warnings: [] };
  throw new MissionFileError({ file: fileName, where: 'the document', expected: 'a QGroundControl .plan (JSON) or a QGC WPL 110 waypoint file', got: start === '' ? 'an empty file' : 'neither' });
}

/** The file text for `fileName`'s extension (.plan, or .waypoints / .txt / .mission). */
export function writeMissionFile(plan: Plan, fileName: string): string {
  const format = formatOfName(fileName);
  if (format === 'plan') return writePlanFile(plan);
  if (format === 'waypoints') return writeWaypointsFile(plan);
  throw new MissionFileError({ file: fileName, where: 'the file name', expected: `an extension .plan, ${WAYPOINT_EXTENSIONS.join(', ')}`, got: JSON.stringify(fileName) });
}

export interface WireLists {
  mission: MissionItem[];
  fence: MissionItem[];
  rally: MissionItem[];
}

/**
 * The plan as the lists the mission protocol uploads (mission without home). Refuses a plan whose mission lacks
 * the items of a complex item that stores none (e.g. a StructureScan): uploading it would be a partial mission.
 */
export function planToWire(plan: Plan, fileName = 'plan'): WireLists {
  const missing = (plan.complexItems ?? []).find((c) => c.count === 0);
  if (missing) {
    throw new MissionFileError({
      file: fileName, where: `the ${missing.complexItemType} complex item before mission item ${missing.at}`,
      expected: 'stored mission items (QGroundControl computes this kind from its geometry; Watchpost does not)', got: 'none',
    });
  }
  return { mission: plan.mission.map((m) => ({ ...m })), fence: fenceToItems(plan.fence), rally: rallyToItems(plan.rally) };
}

/** A plan from downloaded lists (fence and rally items checked; see itemsToFence / itemsToRally). */
export function planFromWire(lists: WireLists, home?: Plan['home']): Plan {
  const plan = emptyPlan();
  plan.mission = lists.mission.map((m) => ({ ...m }));
  plan.fence = itemsToFence(lists.fence);
  plan.rally = itemsToRally(lists.rally);
  if (home) plan.home = { ...home };
  return plan;
}
