// What the simulated vehicle stores for the mission protocol: the mission (item 0 is home, as in ArduPilot),
// the fence and the rally points, each a list of MissionItem, plus the checks an item must pass to be stored.
// Lists are replaced whole (an upload that does not complete never touches them).
import { common } from 'node-mavlink';
import { isGlobalFrame, type MissionItem } from '../../patrol/mission/mission-item';
import type { MissionTypeNumber } from './mission-codec';

const { MavCmd, MavMissionResult: R, MavFrame } = common;

/** Fence item commands ArduPilot stores (MissionItemProtocol_Fence). */
const FENCE_COMMANDS = new Set<number>([
  MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION,
  MavCmd.NAV_FENCE_CIRCLE_INCLUSION, MavCmd.NAV_FENCE_CIRCLE_EXCLUSION, MavCmd.NAV_FENCE_RETURN_POINT,
]);
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

  clear(type: MissionTypeNumber): void {
    this.replace(type, []);
  }

  /** Home was set: like AP_Mission::write_home_to_storage, an empty mission gets its home slot. */
  homeSet(): void {
    if (this.lists[0].length === 0) this.replace(0, [this.home()]);
  }
}

function checkLatLon(item: MissionItem): number {
  if (!isGlobalFrame(item.frame)) return R.ACCEPTED;
  if (!(Math.abs(item.x) <= 90)) return R.INVALID_PARAM5_X;
  if (!(Math.abs(item.y) <= 180)) return R.INVALID_PARAM6_Y;
  return R.ACCEPTED;
}

/**
 * Can item `seq` of a `count`-item upload be stored? A MAV_MISSION_RESULT. Like ArduPilot: latitude/longitude in
 * range, DO_JUMP to an existing item other than home; fence items are fence commands in a global frame; rally
 * items are NAV_RALLY_POINT relative to home. (Unlike ArduPilot, any other mission command is stored as it is.)
 */
export function checkItem(type: MissionTypeNumber, item: MissionItem, seq: number, count: number): number {
  if (type === 1) {
    if (!FENCE_COMMANDS.has(item.command)) return R.UNSUPPORTED;
    if (!isGlobalFrame(item.frame)) return R.UNSUPPORTED_FRAME;
    return checkLatLon(item);
  }
  if (type === 2) {
    if (item.command !== MavCmd.NAV_RALLY_POINT) return R.UNSUPPORTED;
    if (item.frame !== MavFrame.GLOBAL_RELATIVE_ALT && item.frame !== MavFrame.GLOBAL_RELATIVE_ALT_INT) return R.UNSUPPORTED_FRAME;
    if (!(Math.abs(item.z) <= 32767)) return R.INVALID_PARAM7;
    return checkLatLon(item);
  }
  if (seq === 0) return R.ACCEPTED; // the home slot: stored, never flown
  if (item.command === MavCmd.DO_JUMP) {
    const target = Math.round(item.param1);
    if (target <= 0 || target >= count) return R.ERROR;
  }
  return checkLatLon(item);
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
