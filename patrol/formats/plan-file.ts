// QGroundControl .plan read and write (fileType "Plan", version 1; mission version 2; geoFence version 2;
// rallyPoints version 2), after QGC's MissionController / MissionItem / GeoFenceController /
// RallyPointController. Older forms: SimpleItems with `coordinate` [lat, lon, alt] and 4 params (QGC still
// reads them); geoFence version 1 ({polygon: [[lat, lon]...], breachReturn: [lat, lon(, alt)]}: ArduPilot's
// inclusion polygon) and rallyPoints version 1 (same points array), which today's QGC opens but ignores: we
// read them, with a warning. Coordinates are range-checked where they are coordinates (fence, rally, home, and
// position commands in a global frame: see coordinates.ts). A plan without home is written with
// plannedHomePosition [null, null, null]: QGroundControl requires the member and reads nulls as an unset home.

import { missionItem, type MissionItem } from '../mission/mission-item';
import { badCoordinate, hasPosition } from './coordinates';
import { MissionFileError, describeValue, formatJsonPath } from './errors';
import { parseJsonText } from './json-text';
import { CMD, emptyPlan, type ComplexItemRecord, type Fence, type LatLonAlt, type Plan, type PlanItemMeta } from './plan';
import {
  complexItemSchema, geoFenceV1Schema, geoFenceV2Schema, itemTypeSchema, missionSchema, parseAt, planRootSchema, rallyV1Schema, rallyV2Schema, simpleItemSchema, versionedSchema,
} from './plan-schema';

export interface PlanReadResult {
  plan: Plan;
  /** What the reader noticed: older sections read, complex items that store no items. */
  warnings: string[];
}

type Path = readonly PropertyKey[];

/** Reads a .plan file's text; `fileName` names the file in errors. Throws MissionFileError on bad input. */
export function readPlanFile(text: string, fileName: string): PlanReadResult {
  const json = parseJson(text, fileName);
  const root = parseAt(planRootSchema, json, fileName, []);
  const warnings: string[] = [];
  const plan = emptyPlan();
  readMission(root.mission, fileName, plan, warnings);
  plan.fence = readFence(root.geoFence, fileName, warnings);
  plan.rally = readRally(root.rallyPoints, fileName, warnings);
  if (root.watchpost !== undefined) plan.watchpost = root.watchpost;
  return { plan, warnings };
}

function parseJson(text: string, file: string): unknown {
  if (text.replace(/^\ufeff/, '').trim() === '') throw new MissionFileError({ file, where: 'the document', expected: 'a JSON object (a QGroundControl plan)', got: 'an empty file', path: '' });
  const r = parseJsonText(text, file);
  if (r.ok) return r.value;
  // Where and what, never the text itself (V8's message quotes it).
  throw new MissionFileError({ file, where: `line ${r.line}, column ${r.column}: not valid JSON`, expected: r.expected, got: r.got, line: r.line, path: '' });
}

function readMission(value: unknown, file: string, plan: Plan, warnings: string[]): void {
  const m = parseAt(missionSchema, value, file, ['mission']);
  const home = m.plannedHomePosition;
  if (home && home[0] !== null) plan.home = toLatLonAlt(home);
  if (m.cruiseSpeed !== undefined) plan.cruiseSpeed_mps = m.cruiseSpeed;
  if (m.hoverSpeed !== undefined) plan.hoverSpeed_mps = m.hoverSpeed;
  if (m.firmwareType !== undefined) plan.firmwareType = m.firmwareType;
  if (m.vehicleType !== undefined) plan.vehicleType = m.vehicleType;
  if (m.globalPlanAltitudeMode !== undefined) plan.globalPlanAltitudeMode = m.globalPlanAltitudeMode;

  const meta: PlanItemMeta[] = [];
  const paths: Path[] = [];
  const complexItems: ComplexItemRecord[] = [];
  m.items.forEach((raw, i) => {
    const path = ['mission', 'items', i];
    const { type } = parseAt(itemTypeSchema, raw, file, path);
    if (type === 'SimpleItem') {
      const read = readSimpleItem(raw, file, path);
      plan.mission.push(read.item);
      meta.push(read.meta);
      paths.push(path);
      return;
    }
    const c = parseAt(complexItemSchema, raw, file, path);
    const stored = c.TransectStyleComplexItem?.Items;
    const record: ComplexItemRecord = { complexItemType: c.complexItemType, at: plan.mission.length, count: 0, json: raw };
    if (stored === undefined) {
      warnings.push(`${file}: ${formatJsonPath(path)}: the ${c.complexItemType} complex item stores no mission items (QGroundControl computes them from its geometry); its items are not in the mission`);
    } else {
      stored.forEach((inner, j) => {
        const innerPath = [...path, 'TransectStyleComplexItem', 'Items', j];
        const read = readSimpleItem(inner, file, innerPath);
        plan.mission.push(read.item);
        meta.push({ ...read.meta, complexItem: complexItems.length });
        paths.push(innerPath);
      });
      record.count = stored.length;
    }
    complexItems.push(record);
  });
  resolveJumpTargets(plan.mission, meta, paths, file);
  if (meta.some((x) => Object.keys(x).length > 0)) plan.missionMeta = meta;
  if (complexItems.length > 0) plan.complexItems = complexItems;
}

/** One SimpleItem object (v2: params[7]; older: params[4] + coordinate [lat, lon, alt]). */
export function readSimpleItem(raw: unknown, file: string, path: Path): { item: MissionItem; meta: PlanItemMeta } {
  const s = parseAt(simpleItemSchema, raw, file, path);
  const want = s.coordinate ? 4 : 7;
  if (s.params.length !== want) {
    const where = formatJsonPath([...path, 'params']);
    const expected = s.coordinate ? '4 values (the item has "coordinate")' : '7 values (null for NaN)';
    throw new MissionFileError({ file, where, expected, got: `${s.params.length} values`, path: where });
  }
  const p = s.params.map((v) => (v === null ? NaN : v));
  const [x, y, z] = s.coordinate ?? [p[4], p[5], p[6]];
  const item = missionItem(s.command, { frame: s.frame, param1: p[0], param2: p[1], param3: p[2], param4: p[3], x, y, z, autocontinue: s.autoContinue });
  const bad = hasPosition(item) ? badCoordinate(x, y, true) : undefined;
  if (bad) {
    const where = formatJsonPath([...path, ...(s.coordinate ? ['coordinate', bad.axis === 'x' ? 0 : 1] : ['params', bad.axis === 'x' ? 4 : 5])]);
    throw new MissionFileError({ file, where, expected: `${bad.expected} (command ${s.command} in frame ${s.frame})`, got: describeValue(bad.axis === 'x' ? x : y), path: where });
  }
  const meta: PlanItemMeta = {};
  if (s.doJumpId !== undefined) meta.doJumpId = s.doJumpId;
  if (s.AltitudeMode !== undefined) meta.altitudeMode = s.AltitudeMode;
  if (s.Altitude !== undefined) meta.altitude = s.Altitude;
  if (s.AMSLAltAboveTerrain !== undefined) meta.amslAltAboveTerrain = s.AMSLAltAboveTerrain;
  return { item, meta };
}

/** DO_JUMP param1 in a .plan is the target's doJumpId (top-level SimpleItems only, as QGC); make it an index. */
function resolveJumpTargets(mission: MissionItem[], meta: PlanItemMeta[], paths: Path[], file: string): void {
  mission.forEach((item, i) => {
    if (item.command !== CMD.DO_JUMP || meta[i].complexItem !== undefined) return;
    const target = mission.findIndex((_, j) => meta[j].complexItem === undefined && meta[j].doJumpId === Math.trunc(item.param1));
    if (target < 0) {
      const where = formatJsonPath([...paths[i], 'params', 0]);
      throw new MissionFileError({ file, where, expected: 'the doJumpId of a SimpleItem in this plan (DO_JUMP target)', got: describeValue(item.param1), path: where });
    }
    mission[i] = { ...item, param1: target };
  });
}

function readFence(value: unknown, file: string, warnings: string[]): Fence {
  if (value === undefined) return { polygons: [], circles: [] };
  const { version } = parseAt(versionedSchema('a geoFence object'), value, file, ['geoFence']);
  if (version === undefined || version === 1) {
    const v1 = parseAt(geoFenceV1Schema, value, file, ['geoFence']);
    if (v1.polygon && v1.polygon.length > 0 && v1.polygon.length < 3) {
      throw new MissionFileError({ file, where: 'geoFence.polygon', expected: 'at least 3 vertices', got: `${v1.polygon.length} values`, path: 'geoFence.polygon' });
    }
    warnings.push(`${file}: geoFence: version ${version ?? '(none)'} is QGroundControl's older fence form (one inclusion polygon and a breach return point), which QGroundControl now ignores; read`);
    const fence: Fence = { polygons: v1.polygon?.length ? [{ inclusion: true, points: v1.polygon.map(([lat_deg, lon_deg]) => ({ lat_deg, lon_deg })) }] : [], circles: [] };
    if (v1.breachReturn) fence.breachReturn = { lat_deg: v1.breachReturn[0], lon_deg: v1.breachReturn[1], alt_m: v1.breachReturn[2] ?? 0 };
    return fence;
  }
  const g = parseAt(geoFenceV2Schema, value, file, ['geoFence']);
  const fence: Fence = {
    polygons: g.polygons.map((p) => ({ inclusion: p.inclusion ?? true, points: p.polygon.map(([lat_deg, lon_deg]) => ({ lat_deg, lon_deg })) })),
    circles: g.circles.map((c) => ({ inclusion: c.inclusion ?? true, center: { lat_deg: c.circle.center[0], lon_deg: c.circle.center[1] }, radius_m: c.circle.radius })),
  };
  if (g.breachReturn) fence.breachReturn = toLatLonAlt(g.breachReturn);
  return fence;
}

function readRally(value: unknown, file: string, warnings: string[]): LatLonAlt[] {
  if (value === undefined) return [];
  const { version } = parseAt(versionedSchema('a rallyPoints object'), value, file, ['rallyPoints']);
  if (version === 1) {
    warnings.push(`${file}: rallyPoints: version 1 is QGroundControl's older rally form, which QGroundControl now ignores; read`);
    return parseAt(rallyV1Schema, value, file, ['rallyPoints']).points.map(toLatLonAlt);
  }
  return parseAt(rallyV2Schema, value, file, ['rallyPoints']).points.map(toLatLonAlt);
}

function toLatLonAlt([lat_deg, lon_deg, alt_m]: readonly [number, number, number]): LatLonAlt {
  return { lat_deg, lon_deg, alt_m };
}

// ---- writing ----

/** The plan as .plan text (QGC's layout: sorted keys, 4-space indent). NaN and infinities are written as null. */
export function writePlanFile(plan: Plan): string {
  const home = plan.home;
  const mission: Record<string, unknown> = {};
  if (plan.cruiseSpeed_mps !== undefined) mission.cruiseSpeed = plan.cruiseSpeed_mps;
  mission.firmwareType = plan.firmwareType ?? 0;
  if (plan.globalPlanAltitudeMode !== undefined) mission.globalPlanAltitudeMode = plan.globalPlanAltitudeMode;
  if (plan.hoverSpeed_mps !== undefined) mission.hoverSpeed = plan.hoverSpeed_mps;
  mission.items = missionItemsJson(plan);
  // No home: nulls, as QGroundControl writes an unset coordinate (its loader requires the member, allows null).
  mission.plannedHomePosition = home ? [home.lat_deg, home.lon_deg, home.alt_m] : [null, null, null];
  if (plan.vehicleType !== undefined) mission.vehicleType = plan.vehicleType;
  mission.version = 2;
  const geoFence: Record<string, unknown> = {};
  if (plan.fence.breachReturn) geoFence.breachReturn = [plan.fence.breachReturn.lat_deg, plan.fence.breachReturn.lon_deg, plan.fence.breachReturn.alt_m];
  geoFence.circles = plan.fence.circles.map((c) => ({ circle: { center: [c.center.lat_deg, c.center.lon_deg], radius: c.radius_m }, inclusion: c.inclusion, version: 1 }));
  geoFence.polygons = plan.fence.polygons.map((p) => ({ inclusion: p.inclusion, polygon: p.points.map((v) => [v.lat_deg, v.lon_deg]), version: 1 }));
  geoFence.version = 2;
  const doc: Record<string, unknown> = {
    fileType: 'Plan',
    geoFence,
    groundStation: 'Watchpost',
    mission,
    rallyPoints: { points: plan.rally.map((r) => [r.lat_deg, r.lon_deg, r.alt_m]), version: 2 },
    version: 1,
  };
  if (plan.watchpost !== undefined) doc.watchpost = plan.watchpost;
  return `${JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 4)}\n`;
}

function missionItemsJson(plan: Plan): unknown[] {
  const mission = plan.mission;
  const meta = mission.map((_, i) => plan.missionMeta?.[i] ?? {});
  const ids = assignJumpIds(meta);
  const jumpTargets = new Set<number>();
  mission.forEach((item, i) => {
    if (item.command !== CMD.DO_JUMP || meta[i].complexItem !== undefined) return;
    const t = item.param1;
    if (!Number.isInteger(t) || t < 0 || t >= mission.length) {
      throw new MissionFileError({ file: 'plan to write', where: `mission item ${i} (DO_JUMP)`, expected: `a target index from 0 to ${mission.length - 1} in param1`, got: describeValue(t) });
    }
    jumpTargets.add(t);
  });
  const records = plan.complexItems ?? [];
  records.forEach((r, k) => {
    if (!Number.isInteger(r.at) || r.at < 0 || r.at + r.count > mission.length || (k > 0 && r.at < records[k - 1].at + records[k - 1].count)) {
      throw new MissionFileError({ file: 'plan to write', where: `complexItems[${k}]`, expected: 'items in order within the mission', got: `at ${r.at}, count ${r.count}` });
    }
  });
  const out: unknown[] = [];
  let next = 0;
  const emitUpTo = (end: number) => {
    for (; next < end; next++) {
      const item = mission[next];
      const isJump = item.command === CMD.DO_JUMP && meta[next].complexItem === undefined;
      out.push(simpleItemJson(item, meta[next], ids[next], isJump ? ids[item.param1] : undefined));
    }
  };
  records.forEach((r, k) => {
    emitUpTo(r.at);
    if (keptAsIs(r, k, mission, meta, jumpTargets)) {
      out.push(r.json);
      next = r.at + r.count;
    }
  });
  emitUpTo(mission.length);
  return out;
}

/** doJumpId of every item: its own when it has one, else its QGC sequence number (index + 1) or the next free. */
function assignJumpIds(meta: readonly PlanItemMeta[]): number[] {
  const used = new Set(meta.map((m) => m.doJumpId).filter((v): v is number => v !== undefined));
  return meta.map((m, i) => {
    if (m.doJumpId !== undefined) return m.doJumpId;
    let id = i + 1;
    while (used.has(id)) id++;
    used.add(id);
    return id;
  });
}

/** A complex item is written back as read when its stored items are still exactly the mission's items there. */
function keptAsIs(r: ComplexItemRecord, k: number, mission: MissionItem[], meta: PlanItemMeta[], jumpTargets: Set<number>): boolean {
  if (r.count === 0) return true;
  let stored: MissionItem[];
  try {
    stored = readPlanComplexStored(r.json);
  } catch (err) {
    if (err instanceof MissionFileError) return false;
    throw err;
  }
  if (stored.length !== r.count) return false;
  for (let j = 0; j < r.count; j++) {
    const i = r.at + j;
    if (meta[i].complexItem !== k || jumpTargets.has(i) || !sameItem(stored[j], mission[i])) return false;
  }
  return true;
}

function readPlanComplexStored(json: unknown): MissionItem[] {
  const c = parseAt(complexItemSchema, json, 'complex item', []);
  return (c.TransectStyleComplexItem?.Items ?? []).map((inner, j) => readSimpleItem(inner, 'complex item', ['Items', j]).item);
}

function sameItem(a: MissionItem, b: MissionItem): boolean {
  return (Object.keys(a) as (keyof MissionItem)[]).every((key) => Object.is(a[key], b[key]));
}

function simpleItemJson(item: MissionItem, meta: PlanItemMeta, doJumpId: number, jumpTargetId: number | undefined): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (meta.amslAltAboveTerrain !== undefined) json.AMSLAltAboveTerrain = meta.amslAltAboveTerrain;
  if (meta.altitude !== undefined) json.Altitude = meta.altitude;
  if (meta.altitudeMode !== undefined) json.AltitudeMode = meta.altitudeMode;
  json.autoContinue = item.autocontinue;
  json.command = item.command;
  json.doJumpId = doJumpId;
  json.frame = item.frame;
  const param1 = item.command === CMD.DO_JUMP && jumpTargetId !== undefined ? jumpTargetId : item.param1;
  json.params = [param1, item.param2, item.param3, item.param4, item.x, item.y, item.z];
  json.type = 'SimpleItem';
  return json;
}
