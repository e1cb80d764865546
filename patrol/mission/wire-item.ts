// A mission item exactly as MISSION_ITEM_INT carries it: params and z as float32, x and y as the int32 the
// message holds (degrees × 1e7, metres × 1e4, or raw for the commands xyScale names). Autopilots store from and
// answer with these numbers, so the storage tables (ardupilot-storage.ts, px4-storage.ts) work on them.
import { f32 } from './c-convert';
import { xyScale, type MissionItem } from './mission-item';

/** The fields of a MissionItem, but x and y hold the int32 MISSION_ITEM_INT carries (not degrees or metres). */
export type WireItem = MissionItem;

export const WIRE_FIELDS = ['command', 'frame', 'param1', 'param2', 'param3', 'param4', 'x', 'y', 'z', 'autocontinue'] as const;
export type WireField = (typeof WIRE_FIELDS)[number];

/** MISSION_ITEM_INT's int32 x/y carry an unset (NaN) value as 0, as our sender does. */
function wireInt(v: number, scale: number): number {
  return Number.isNaN(v) ? 0 : Math.round(v * scale);
}

export function toWire(item: MissionItem): WireItem {
  const scale = xyScale(item.frame, item.command);
  return {
    command: item.command,
    frame: item.frame,
    param1: f32(item.param1),
    param2: f32(item.param2),
    param3: f32(item.param3),
    param4: f32(item.param4),
    x: wireInt(item.x, scale),
    y: wireInt(item.y, scale),
    z: f32(item.z),
    autocontinue: item.autocontinue,
  };
}

export function fromWire(w: WireItem): MissionItem {
  const scale = xyScale(w.frame, w.command);
  return { ...w, x: w.x / scale, y: w.y / scale };
}

/** An item of `command` with every other field as an autopilot's zeroed answer has it (frame 0, autocontinue 1). */
export function zeroWire(command: number): WireItem {
  return { command, frame: 0, param1: 0, param2: 0, param3: 0, param4: 0, x: 0, y: 0, z: 0, autocontinue: true };
}

/** Equal as the wire carries them (NaN equals NaN). */
export function sameWireValue(a: number | boolean, b: number | boolean): boolean {
  return Object.is(a, b) || a === b;
}
