// `watchpost tlog info`: what a .tlog holds, in one pass.
import { stat } from 'node:fs/promises';
import { MAGIC_V2 } from '../frame';
import { MAV_AUTOPILOT_NAMES, MAV_TYPE_NAMES } from '../message-table.generated';
import { messageName } from '../wire-table';
import { windows } from './chunked-file';
import { RecordWalker, TIMESTAMP_BYTES } from './record-walker';

export interface TlogSystem {
  sysid: number;
  compid: number;
  /** MAV_TYPE name from the last HEARTBEAT (e.g. "QUADROTOR"), or null if it sent none. */
  type: string | null;
  /** MAV_AUTOPILOT name from the last HEARTBEAT (e.g. "ARDUPILOTMEGA"), or null if it sent none. */
  autopilot: string | null;
  frames: number;
}

export interface TlogInfo {
  bytes: number;
  records: number;
  frames: { v1: number; v2: number; signed: number };
  bad_crc: number;
  unknown: number;
  skipped_bytes: number;
  partial_tail_bytes: number;
  backwards_steps: number;
  /** Earliest record time (ISO 8601, UTC); null for an empty file or a time a Date cannot hold. */
  first_utc: string | null;
  /** Latest record time. Earliest/latest rather than first/last in file order, so backwards steps cannot make it negative. */
  last_utc: string | null;
  /** last_utc − first_utc in seconds. */
  duration_s: number;
  /** Record counts keyed by MAVLink message name; ids outside the registry appear as UNKNOWN_<id>. */
  messages: Record<string, number>;
  /** Every (sysid, compid) seen, sorted, with its HEARTBEAT identity when it sent one. */
  systems: TlogSystem[];
}

function isoOrNull(t_us: number): string | null {
  if (t_us < 0) return null;
  const d = new Date(t_us / 1000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function enumName(table: Readonly<Record<number, string>>, value: number): string {
  return table[value] ?? `UNKNOWN_${value}`;
}

/** HEARTBEAT (message 0) on the wire: custom_mode (uint32) first — MAVLink orders fields by size — then type and
 *  autopilot (uint8), at payload offsets 4 and 5; a MAVLink 2 payload cut short reads as zeros there. */
const HEARTBEAT_ID = 0;
const HEARTBEAT_TYPE_AT = 4;
const HEARTBEAT_AUTOPILOT_AT = 5;

/**
 * One pass of the record walker over the file, as the indexer does: no Frame objects and no message classes (so
 * the command starts without loading node-mavlink's dialects); message id and source read from the header bytes
 * in place, each system's type and autopilot from its HEARTBEATs' two bytes.
 */
export async function tlogInfo(path: string): Promise<TlogInfo> {
  try {
    await stat(path);
  } catch (err) {
    throw new Error(`tlog: cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const walker = new RecordWalker();
  /** Records per message id: a typed array for ids below 65536 (every dialect's), a Map above. */
  const counts = new Uint32Array(65536);
  const countsHigh = new Map<number, number>();
  /** Frames per sysid * 256 + compid, and the last HEARTBEAT's type * 256 + autopilot (-1: none yet). */
  const frames = new Uint32Array(65536);
  const identity = new Int32Array(65536).fill(-1);
  const sink = (buf: Uint8Array, pos: number): void => {
    const f = pos + TIMESTAMP_BYTES;
    const v2 = buf[f] === MAGIC_V2;
    const msgid = v2 ? buf[f + 7] | (buf[f + 8] << 8) | (buf[f + 9] << 16) : buf[f + 5];
    const key = v2 ? buf[f + 5] * 256 + buf[f + 6] : buf[f + 3] * 256 + buf[f + 4];
    if (msgid < 65536) counts[msgid]++;
    else countsHigh.set(msgid, (countsHigh.get(msgid) ?? 0) + 1);
    frames[key]++;
    if (msgid === HEARTBEAT_ID) {
      const payload = v2 ? f + 10 : f + 6;
      const len = buf[f + 1];
      const type = len > HEARTBEAT_TYPE_AT ? buf[payload + HEARTBEAT_TYPE_AT] : 0;
      const autopilot = len > HEARTBEAT_AUTOPILOT_AT ? buf[payload + HEARTBEAT_AUTOPILOT_AT] : 0;
      identity[key] = type * 256 + autopilot;
    }
  };
  for await (const w of windows(path)) {
    w.consumed = walker.walk(w.buf, w.start, w.end, w.atEnd, sink);
    walker.stats.bytes = w.base + w.end;
  }
  const s = walker.stats;
  const messages: Record<string, number> = {};
  for (let id = 0; id < counts.length; id++) if (counts[id] > 0) messages[messageName(id)] = counts[id];
  for (const [id, n] of [...countsHigh].sort((a, b) => a[0] - b[0])) messages[messageName(id)] = n;
  const systems: TlogSystem[] = [];
  for (let key = 0; key < frames.length; key++) {
    if (frames[key] === 0) continue;
    const id = identity[key];
    systems.push({
      sysid: key >> 8,
      compid: key & 255,
      type: id < 0 ? null : enumName(MAV_TYPE_NAMES, id >> 8),
      autopilot: id < 0 ? null : enumName(MAV_AUTOPILOT_NAMES, id & 255),
      frames: frames[key],
    });
  }
  return {
    bytes: s.bytes,
    records: s.records,
    frames: { v1: s.v1, v2: s.v2, signed: s.signed },
    bad_crc: s.badCrc,
    unknown: s.unknown,
    skipped_bytes: s.skippedBytes,
    partial_tail_bytes: s.partialTailBytes,
    backwards_steps: s.backwardsSteps,
    first_utc: isoOrNull(s.minT_us),
    last_utc: isoOrNull(s.maxT_us),
    duration_s: s.records > 0 ? (s.maxT_us - s.minT_us) / 1e6 : 0,
    messages,
    systems,
  };
}
