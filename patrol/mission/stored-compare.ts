// Compare a mission as sent with the mission an autopilot reads back, as that autopilot stores items: ArduPilot
// (ardupilot-storage.ts) and PX4 (px4-storage.ts) each keep only some fields, in C types of their own, so a
// verbatim comparison calls a good upload different. A difference found here is real, and says where it is:
// the item, the field, what was sent, what the autopilot would keep, and what came back.
import { arduPilotAnswers, ARDUPILOT_COPTER_RULES, ARDUPILOT_UNCOMPARED, type StoreOutcome } from './ardupilot-storage';
import { px4Answers, px4Knows, PX4_UNCOMPARED } from './px4-storage';
import { xyScale, type MissionItem, type MissionType } from './mission-item';
import { sameWireValue, toWire, WIRE_FIELDS, type WireField, type WireItem } from './wire-item';

/** Whose storage rules to compare by; 'verbatim' keeps every field as MISSION_ITEM_INT carries it. */
export type ItemStorage = 'ardupilot' | 'px4' | 'verbatim';

export interface ItemDifference {
  /** Index in the lists compared (the vehicle's numbering). */
  seq: number;
  /** 'count' when the lists differ in length; 'item' when the autopilot would have refused the item sent. */
  field: WireField | 'count' | 'item';
  sent: number | boolean;
  /** What the autopilot keeps of the value sent (several where C leaves the conversion to the platform). */
  expected: Array<number | boolean>;
  got: number | boolean;
  /** The command sent at `seq` and its name. */
  command: number;
  command_name: string;
  /** Whose rules: 'ArduPilot', 'PX4' or 'the wire'. */
  storage_name: string;
  /** The values as people read them (x/y in degrees). */
  shown: { sent: string; expected: string; got: string };
}

/** One sentence naming the item (numbered from `firstSeq`'s offset: -1 for ArduPilot's mission, whose seq 0 is home). */
export function describeDifference(d: ItemDifference, seqOffset = 0): string {
  const seq = d.seq + seqOffset;
  if (d.field === 'count') return `sent ${Number(d.sent) + seqOffset} items, read back ${Number(d.got) + seqOffset}`;
  if (d.field === 'item') return `item ${seq} (${d.command_name}): ${d.storage_name} would refuse it (${d.shown.expected}), yet it reads back as ${d.shown.got}`;
  return `item ${seq} (${d.command_name}) ${d.field}: sent ${d.shown.sent}, ${d.storage_name} keeps ${d.shown.expected}, read back ${d.shown.got}`;
}

const STORAGE_NAME: Readonly<Record<ItemStorage, string>> = { ardupilot: 'ArduPilot', px4: 'PX4', verbatim: 'the wire' };

function answers(storage: ItemStorage, type: MissionType, w: WireItem): StoreOutcome[] {
  if (storage === 'ardupilot') return arduPilotAnswers(type, w);
  if (storage === 'px4') return px4Answers(type, w);
  return [{ ok: true, item: w }];
}

function uncompared(storage: ItemStorage, type: MissionType): ReadonlySet<string> {
  if (storage === 'ardupilot') return new Set(ARDUPILOT_UNCOMPARED[type]);
  if (storage === 'px4') return new Set(PX4_UNCOMPARED[type]);
  return new Set();
}

function knows(storage: ItemStorage, command: number): boolean {
  return storage === 'ardupilot' ? ARDUPILOT_COPTER_RULES.has(command) : storage === 'px4' ? px4Knows(command) : true;
}

function commandName(command: number): string {
  const rule = ARDUPILOT_COPTER_RULES.get(command);
  return rule ? rule.name : `command ${command}`;
}

/** A wire value for people: x/y back in degrees (or metres) as the item's frame scales them. */
function shown(field: string, v: number | boolean, w: WireItem): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if ((field === 'x' || field === 'y') && xyScale(w.frame, w.command) !== 1) return String(v / xyScale(w.frame, w.command));
  return String(v);
}

function differingField(got: WireItem, want: WireItem, skip: ReadonlySet<string>): WireField | undefined {
  return WIRE_FIELDS.find((f) => !skip.has(f) && !sameWireValue(got[f], want[f]));
}

/** The first place where `got` is not what `storage` makes of `sent`, or undefined when it is all as stored. */
export function storedDifference(
  storage: ItemStorage, type: MissionType, sent: readonly MissionItem[], got: readonly MissionItem[],
  ignoreSeqs: ReadonlySet<number> = new Set(),
): ItemDifference | undefined {
  const who = STORAGE_NAME[storage];
  const skip = uncompared(storage, type);
  const n = Math.min(sent.length, got.length);
  for (let seq = 0; seq < n; seq++) {
    if (ignoreSeqs.has(seq)) continue;
    const w = toWire(sent[seq]);
    const g = toWire(got[seq]);
    const all = answers(storage, type, w);
    const kept = all.flatMap((a) => (a.ok ? [a.item] : []));
    const name = commandName(w.command);
    if (kept.length === 0) {
      // The vehicle took an item the table says it refuses (a newer firmware, a command we have no rule for):
      // what it keeps is unknown, so only the command is compared.
      if (g.command === w.command) continue;
      const why = all.map((a) => (a.ok ? '' : a.why)).find(Boolean) ?? 'refused';
      return {
        seq, field: 'item', sent: w.command, expected: [], got: g.command, command: w.command, command_name: name, storage_name: who,
        shown: { sent: name, expected: why, got: commandName(g.command) },
      };
    }
    if (kept.some((k) => differingField(g, k, skip) === undefined)) continue;
    const field = differingField(g, kept[0], skip) as WireField;
    const expected = [...new Set(kept.map((k) => k[field]))];
    const keeps = expected.map((e) => shown(field, e, kept[0])).join(' or ');
    return {
      seq, field, sent: w[field], expected, got: g[field], command: w.command, command_name: name, storage_name: who,
      shown: { sent: shown(field, w[field], w), expected: keeps, got: shown(field, g[field], g) },
    };
  }
  if (sent.length !== got.length) {
    return {
      seq: n, field: 'count', sent: sent.length, expected: [sent.length], got: got.length, command: -1, command_name: '', storage_name: who,
      shown: { sent: String(sent.length), expected: String(sent.length), got: String(got.length) },
    };
  }
  return undefined;
}

/** `items` as `storage` answers them after storing (for a simulator or a test); refused items stay as sent. */
export function asStored(storage: ItemStorage, type: MissionType, items: readonly MissionItem[], platform: 0 | 1 = 0): MissionItem[] {
  return items.map((item) => {
    const all = answers(storage, type, toWire(item));
    const a = all[Math.min(platform, all.length - 1)];
    if (!a.ok) return { ...item };
    const scale = xyScale(a.item.frame, a.item.command);
    return { ...a.item, x: a.item.x / scale, y: a.item.y / scale };
  });
}

export interface ItemRefusal {
  seq: number;
  command: number;
  command_name: string;
  /** MAV_MISSION_RESULT the autopilot would answer. */
  result: number;
  why: string;
}

/**
 * The first item `storage` would certainly refuse (a NaN or infinite param, a location out of range, a frame a
 * location cannot be in), so that an upload can stop before it changes anything on the vehicle. Commands the
 * table does not know are left to the vehicle (a newer firmware may take them).
 */
export function certainRefusal(storage: ItemStorage, type: MissionType, items: readonly MissionItem[]): ItemRefusal | undefined {
  if (storage === 'verbatim') return undefined;
  for (let seq = 0; seq < items.length; seq++) {
    const w = toWire(items[seq]);
    const all = answers(storage, type, w);
    if (all.some((a) => a.ok)) continue;
    const first = all[0];
    // UNSUPPORTED for a command the table has no rule for may be a newer firmware's: left to the vehicle.
    if (first.ok || (first.result === 3 && !knows(storage, w.command))) continue;
    return { seq, command: w.command, command_name: commandName(w.command), result: first.result, why: first.why };
  }
  return undefined;
}
