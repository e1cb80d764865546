// The simulator's side of the mission wire format: MISSION_ITEM_INT / MISSION_ITEM ⇄ the shared MissionItem
// model, and the small protocol messages the vehicle sends (MISSION_ACK, MISSION_COUNT, MISSION_REQUEST, …).
import { common, type MavLinkData } from 'node-mavlink';
import { f32, toCInt } from '../../patrol/mission/c-convert';
import { xyScale, type MissionItem } from '../../patrol/mission/mission-item';
import type { WireItem } from '../../patrol/mission/wire-item';
import type { Peer } from './vehicle';

/** MAV_MISSION_TYPE numbers the simulator stores. */
export const MISSION_TYPES = [0, 1, 2] as const;
export type MissionTypeNumber = (typeof MISSION_TYPES)[number];

export function isMissionType(n: number): n is MissionTypeNumber {
  return n === 0 || n === 1 || n === 2;
}


/** How this simulator (like ArduPilot) scales MISSION_ITEM_INT x/y: by command and frame (see xyScale). */
export function wireXyScale(command: number, frame: number): number {
  return xyScale(frame, command);
}

/** A received MISSION_ITEM_INT (x/y scaled ints) or legacy MISSION_ITEM (x/y floats) as a MissionItem. */
export function itemFromWire(m: common.MissionItemInt | common.MissionItem): MissionItem {
  const scale = m instanceof common.MissionItemInt ? wireXyScale(m.command, m.frame) : 1;
  return {
    command: m.command,
    frame: m.frame,
    param1: m.param1,
    param2: m.param2,
    param3: m.param3,
    param4: m.param4,
    x: m.x / scale,
    y: m.y / scale,
    z: m.z,
    autocontinue: m.autocontinue !== 0,
  };
}

/** Commands whose MISSION_ITEM x/y ArduPilot does not multiply by 1e7 (AP_Mission::convert_MISSION_ITEM_to_MISSION_ITEM_INT). */
const RAW_XY_ITEM_COMMANDS = new Set<number>([202, 203, 42703, 1000]);

/**
 * A received MISSION_ITEM_INT as it is, or a legacy MISSION_ITEM converted as ArduPilot converts it
 * (convert_MISSION_ITEM_to_MISSION_ITEM_INT: `mav_cmd.x = packet.x * 1.0e7f`, a float32 product cut to int32;
 * raw for the commands above). Undefined when a MISSION_ITEM's latitude or longitude is out of range there.
 */
export function wireFromMessage(m: common.MissionItemInt | common.MissionItem): WireItem | undefined {
  const base = {
    command: m.command, frame: m.frame, param1: m.param1, param2: m.param2, param3: m.param3, param4: m.param4,
    z: m.z, autocontinue: m.autocontinue !== 0,
  };
  if (m instanceof common.MissionItemInt) return { ...base, x: m.x, y: m.y };
  if (RAW_XY_ITEM_COMMANDS.has(m.command)) return { ...base, x: toCInt(m.x, 'int32_t', 'x86'), y: toCInt(m.y, 'int32_t', 'x86') };
  if (!(Math.abs(m.x) <= 90) || !(Math.abs(m.y) <= 180)) return undefined;
  return { ...base, x: toCInt(f32(m.x * 1e7), 'int32_t', 'x86'), y: toCInt(f32(m.y * 1e7), 'int32_t', 'x86') };
}

interface ItemHeader {
  seq: number;
  missionType: number;
  to: Peer;
  current: boolean;
}

function fillItem<T extends common.MissionItemInt | common.MissionItem>(m: T, item: MissionItem, h: ItemHeader, x: number, y: number): T {
  m.targetSystem = h.to.sysid;
  m.targetComponent = h.to.compid;
  m.seq = h.seq;
  m.frame = item.frame;
  m.command = item.command;
  m.current = h.current ? 1 : 0;
  m.autocontinue = 1; // ArduPilot reports every stored item with autocontinue 1
  m.param1 = item.param1;
  m.param2 = item.param2;
  m.param3 = item.param3;
  m.param4 = item.param4;
  m.x = x;
  m.y = y;
  m.z = item.z;
  m.missionType = h.missionType;
  return m;
}

export function itemIntMessage(item: MissionItem, h: ItemHeader): common.MissionItemInt {
  const scale = wireXyScale(item.command, item.frame);
  return fillItem(new common.MissionItemInt(), item, h, Math.round(item.x * scale), Math.round(item.y * scale));
}

export function itemFloatMessage(item: MissionItem, h: ItemHeader): common.MissionItem {
  return fillItem(new common.MissionItem(), item, h, item.x, item.y);
}

export function missionAck(to: Peer, result: number, missionType: number): MavLinkData {
  const m = new common.MissionAck();
  m.targetSystem = to.sysid;
  m.targetComponent = to.compid;
  m.type = result;
  m.missionType = missionType;
  m.opaqueId = 0;
  return m;
}

export function missionCount(to: Peer, count: number, missionType: number): MavLinkData {
  const m = new common.MissionCount();
  m.targetSystem = to.sysid;
  m.targetComponent = to.compid;
  m.count = count;
  m.missionType = missionType;
  m.opaqueId = 0;
  return m;
}

/** ArduPilot asks for items with MISSION_REQUEST (not _INT), whatever the GCS used. */
export function missionRequest(to: Peer, seq: number, missionType: number): MavLinkData {
  const m = new common.MissionRequest();
  m.targetSystem = to.sysid;
  m.targetComponent = to.compid;
  m.seq = seq;
  m.missionType = missionType;
  return m;
}

export function missionItemReached(seq: number): MavLinkData {
  const m = new common.MissionItemReached();
  m.seq = seq;
  return m;
}
