// What the simulated vehicle stores for the mission protocol: the mission (item 0 is home, as in ArduPilot),
// the fence and the rally points, each a list of MissionItem, plus the checks an item must pass to be stored.
// Mission and rally items are written in place as they arrive, as ArduPilot does (see mission-server.ts).
import { common } from 'node-mavlink';
import { storeArduPilot } from '../../patrol/mission/ardupilot-storage';
import { isGlobalFrame, type MissionItem, type MissionType } from '../../patrol/mission/mission-item';
import { fromWire, type WireItem } from '../../patrol/mission/wire-item';
import type { MissionTypeNumber } from './mission-codec';

const { MavCmd, MavMissionResult: R, MavFrame } = common;

/** Fence item commands ArduPilot stores (MissionItemProtocol_Fence). */
const FENCE_COMMANDS = new Set<number>([
  MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION,
  MavCmd.NAV_FENCE_CIRCLE_INCLUSION, MavCmd.NAV_FENCE_CIRCLE_EXCLUSION, MavCmd.NAV_FENCE_RETURN_POINT,
]);
const TYPE_NAME: readonly MissionType[] = ['mission', 'fence', 'rally'];
const POLYGON_COMMANDS = new Set<number>([MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION]);

export class MissionStore {
  private readonly lists: [MissionItem[], MissionItem[], MissionItem[]] = [[], [], []];
  /** Bumped whenever a list changes (MISSION_COUNT's opaque id could be built on it). */
  readonly changes: [number, number, number] = [0, 0, 0];

  /** `home` gives the vehicle's own home as mission item 0 (ArduPilot reads item 0 from the AHRS, not storage). */
  constructor(private readonly home: () => MissionItem) {}

  count(type: MissionTypeNumber): number {
    return this.lists[type].length;
  }

  /** Stored items; for the mission, index 0 is the home slot (what was uploaded there, not the home reported). */
  items(type: MissionTypeNumber): readonly MissionItem[] {
    return this.lists[type];
  }

  /** The item a download returns: mission seq 0 is always the vehicle's home, even with nothing stored. */
  read(type: MissionTypeNumber, seq: number): MissionItem | undefined {
    if (type === 0 && seq === 0) return this.home();
    return this.lists[type][seq];
  }

  replace(type: MissionTypeNumber, items: readonly MissionItem[]): void {
    this.lists[type] = items.map((it) => ({ ...it }));
    this.changes[type]++;
  }

  /** MissionItemProtocol::truncate on MISSION_COUNT: a longer stored list is cut to the new count. */
  truncate(type: MissionTypeNumber, count: number): void {
    if (this.lists[type].length <= count) return;
    this.lists[type] = this.lists[type].slice(0, count);
    this.changes[type]++;
  }

  /** MissionItemProtocol::handle_mission_item: replace_item below the stored count, else append_item. */
  writeAt(type: MissionTypeNumber, seq: number, item: MissionItem): void {
    const list = this.lists[type];
    if (seq < list.length) list[seq] = { ...item };
    else list.push({ ...item });
    this.changes[type]++;
  }

  clear(type: MissionTypeNumber): void {
    this.replace(type, []);
  }

  /** Home was set: like AP_Mission::write_home_to_storage, an empty mission gets its home slot. */
  homeSet(): void {
    if (this.lists[0].length === 0) this.replace(0, [this.home()]);
  }
}

export type StoreResult = { ok: true; item: MissionItem } | { ok: false; result: number; why: string };

/**
 * Item `seq` of a `count`-item upload, as this simulated ArduCopter stores it: converted and answered exactly as
 * ArduPilot's AP_Mission does (patrol/mission/ardupilot-storage.ts, the table the ground station's verify also
 * compares by; SITL on x86-64 for what C leaves undefined), or refused with ArduPilot's MAV_MISSION_RESULT.
 * Fence items must be fence commands in a global frame and rally items NAV_RALLY_POINT relative to home
 * (MissionItemProtocol_Fence, MissionItemProtocol_Rally); a DO_JUMP must name an existing item other than home.
 */
export function storeItem(type: MissionTypeNumber, w: WireItem, seq: number, count: number): StoreResult {
  if (type === 1) {
    if (!FENCE_COMMANDS.has(w.command)) return { ok: false, result: R.UNSUPPORTED, why: `command ${w.command} is not a fence item` };
    if (!isGlobalFrame(w.frame)) return { ok: false, result: R.UNSUPPORTED_FRAME, why: `frame ${w.frame} is not global` };
  }
  if (type === 2 && w.command === MavCmd.NAV_RALLY_POINT && w.frame !== MavFrame.GLOBAL_RELATIVE_ALT && w.frame !== MavFrame.GLOBAL_RELATIVE_ALT_INT) {
    return { ok: false, result: R.UNSUPPORTED_FRAME, why: `rally frame ${w.frame} is not relative to home` };
  }
  if (type === 0 && seq > 0 && w.command === MavCmd.DO_JUMP) {
    const target = Math.trunc(w.param1);
    if (target <= 0 || target >= count) return { ok: false, result: R.ERROR, why: `DO_JUMP to item ${target} of ${count}` };
  }
  const stored = storeArduPilot(TYPE_NAME[type], w, 'x86');
  return stored.ok ? { ok: true, item: fromWire(stored.item) } : stored;
}

/** A whole fence list: polygons come as param1 consecutive vertices of one kind (≥ 3), circles have a radius. */
export function checkFenceList(items: readonly MissionItem[]): string | undefined {
  for (let i = 0; i < items.length;) {
    const it = items[i];
    if (POLYGON_COMMANDS.has(it.command)) {
      const n = Math.round(it.param1);
      if (n < 3) return `fence item ${i}: a polygon needs at least 3 vertices, param1 says ${it.param1}`;
      for (let k = i; k < i + n; k++) {
        const v = items[k];
        if (!v || v.command !== it.command || Math.round(v.param1) !== n) return `fence item ${k}: vertex ${k - i + 1} of the ${n}-vertex polygon starting at item ${i} is missing`;
      }
      i += n;
    } else {
      if ((it.command === MavCmd.NAV_FENCE_CIRCLE_INCLUSION || it.command === MavCmd.NAV_FENCE_CIRCLE_EXCLUSION) && !(it.param1 > 0)) {
        return `fence item ${i}: a circle needs a radius > 0 in param1, got ${it.param1}`;
      }
      i++;
    }
  }
  return undefined;
}
