// MissionItem ⇄ MISSION_ITEM_INT / MISSION_ITEM, and the small mission-protocol messages we send.
import { common, type MavLinkData } from 'node-mavlink';
import { xyScale, type MissionItem } from '../../../patrol/mission/mission-item';
import type { MavAddress } from '../env';

export type MissionItemIntMsg = InstanceType<typeof common.MissionItemInt>;
export type MissionItemMsg = InstanceType<typeof common.MissionItem>;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * x/y as MISSION_ITEM_INT carries them; throws naming the item and field when out of int32 range. An unset (NaN)
 * x/y, as QGroundControl plans hold for commands without a position, goes as 0: an int32 has no NaN.
 */
function scaledInt(v: number, frame: number, command: number, field: 'x' | 'y', seq: number): number {
  if (Number.isNaN(v)) return 0;
  const n = Math.round(v * xyScale(frame, command));
  if (!Number.isFinite(v) || n < INT32_MIN || n > INT32_MAX) {
    throw new Error(`mission item ${seq}: ${field} = ${v} does not fit MISSION_ITEM_INT (frame ${frame}, × ${xyScale(frame, command)} must be an int32)`);
  }
  return n;
}

/** Check an item before upload; throws an Error naming the item and field. */
export function validateItem(item: MissionItem, seq: number): void {
  if (!Number.isInteger(item.command) || item.command < 0 || item.command > 65535) throw new Error(`mission item ${seq}: command must be an integer 0..65535, got ${item.command}`);
  if (!Number.isInteger(item.frame) || item.frame < 0 || item.frame > 255) throw new Error(`mission item ${seq}: frame must be an integer 0..255, got ${item.frame}`);
  for (const k of ['param1', 'param2', 'param3', 'param4', 'z'] as const) {
    if (typeof item[k] !== 'number') throw new Error(`mission item ${seq}: ${k} must be a number, got ${typeof item[k]}`);
  }
  scaledInt(item.x, item.frame, item.command, 'x', seq);
  scaledInt(item.y, item.frame, item.command, 'y', seq);
}

export function toItemInt(item: MissionItem, seq: number, missionType: number, target: MavAddress): MissionItemIntMsg {
  const m = new common.MissionItemInt();
  m.targetSystem = target.sysid;
  m.targetComponent = target.compid;
  m.seq = seq;
  m.frame = item.frame;
  m.command = item.command;
  m.current = 0;
  m.autocontinue = item.autocontinue ? 1 : 0;
  m.param1 = item.param1; m.param2 = item.param2; m.param3 = item.param3; m.param4 = item.param4;
  m.x = scaledInt(item.x, item.frame, item.command, 'x', seq);
  m.y = scaledInt(item.y, item.frame, item.command, 'y', seq);
  m.z = item.z;
  m.missionType = missionType;
  return m;
}

/** A received MISSION_ITEM_INT, or a legacy MISSION_ITEM (x/y already degrees or metres as floats). */
export function fromWireItem(m: MissionItemIntMsg | MissionItemMsg): MissionItem {
  const isInt = m instanceof common.MissionItemInt;
  const scale = isInt ? xyScale(m.frame, m.command) : 1;
  return {
    command: m.command,
    frame: m.frame,
    param1: m.param1, param2: m.param2, param3: m.param3, param4: m.param4,
    x: m.x / scale,
    y: m.y / scale,
    z: m.z,
    autocontinue: m.autocontinue !== 0,
  };
}

export function missionCount(count: number, missionType: number, target: MavAddress): MavLinkData {
  const m = new common.MissionCount();
  m.targetSystem = target.sysid; m.targetComponent = target.compid;
  m.count = count; m.missionType = missionType; m.opaqueId = 0;
  return m;
}

export function missionAck(type: number, missionType: number, target: MavAddress): MavLinkData {
  const m = new common.MissionAck();
  m.targetSystem = target.sysid; m.targetComponent = target.compid;
  m.type = type; m.missionType = missionType; m.opaqueId = 0;
  return m;
}

export function missionRequestList(missionType: number, target: MavAddress): MavLinkData {
  const m = new common.MissionRequestList();
  m.targetSystem = target.sysid; m.targetComponent = target.compid; m.missionType = missionType;
  return m;
}

export function missionRequestInt(seq: number, missionType: number, target: MavAddress): MavLinkData {
  const m = new common.MissionRequestInt();
  m.targetSystem = target.sysid; m.targetComponent = target.compid; m.seq = seq; m.missionType = missionType;
  return m;
}

export function missionClearAll(missionType: number, target: MavAddress): MavLinkData {
  const m = new common.MissionClearAll();
  m.targetSystem = target.sysid; m.targetComponent = target.compid; m.missionType = missionType;
  return m;
}

export function missionSetCurrent(seq: number, target: MavAddress): MavLinkData {
  const m = new common.MissionSetCurrent();
  m.targetSystem = target.sysid; m.targetComponent = target.compid; m.seq = seq;
  return m;
}
