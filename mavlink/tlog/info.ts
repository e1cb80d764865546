// `watchpost tlog info`: what a .tlog holds, in one pass.
import { minimal } from 'node-mavlink';
import { stat } from 'node:fs/promises';
import { decodePayload } from '../decoder';
import { MAGIC_V2 } from '../frame';
import { messageName } from '../registry';
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

function enumName(table: Record<number, string>, value: number): string {
  return table[value] ?? `UNKNOWN_${value}`;
}

/**
 * One pass of the record walker over the file, as the indexer does: no Frame objects, message id and source read
 * from the header bytes in place, only HEARTBEATs decoded (for each system's type and autopilot).
 */
export async function tlogInfo(path: string): Promise<TlogInfo> {
  try {
    await stat(path);
  } catch (err) {
    throw new Error(`tlog: cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const walker = new RecordWalker();
  const counts = new Map<number, number>();
  /** Frames per sysid * 256 + compid. */
  const frames = new Uint32Array(65536);
  const identity = new Map<number, { type: string; autopilot: string }>();
  const sink = (buf: Uint8Array, pos: number): void => {
    const f = pos + TIMESTAMP_BYTES;
    const v2 = buf[f] === MAGIC_V2;
    const msgid = v2 ? buf[f + 7] | (buf[f + 8] << 8) | (buf[f + 9] << 16) : buf[f + 5];
    const key = v2 ? buf[f + 5] * 256 + buf[f + 6] : buf[f + 3] * 256 + buf[f + 4];
    counts.set(msgid, (counts.get(msgid) ?? 0) + 1);
    frames[key]++;
    if (msgid === minimal.Heartbeat.MSG_ID) {
      const payload = v2 ? f + 10 : f + 6;
      const hb = decodePayload(msgid, buf.subarray(payload, payload + buf[f + 1])) as minimal.Heartbeat;
      identity.set(key, {
        type: enumName(minimal.MavType as unknown as Record<number, string>, hb.type),
        autopilot: enumName(minimal.MavAutopilot as unknown as Record<number, string>, hb.autopilot),
      });
    }
  };
  for await (const w of windows(path)) {
    w.consumed = walker.walk(w.buf, w.start, w.end, w.atEnd, sink);
    walker.stats.bytes = w.base + w.end;
  }
  const s = walker.stats;
  const messages: Record<string, number> = {};
  for (const [id, n] of [...counts].sort((a, b) => a[0] - b[0])) messages[messageName(id)] = n;
  const systems: TlogSystem[] = [];
  for (let key = 0; key < frames.length; key++) {
    if (frames[key] === 0) continue;
    const id = identity.get(key);
    systems.push({ sysid: key >> 8, compid: key & 255, type: id?.type ?? null, autopilot: id?.autopilot ?? null, frames: frames[key] });
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
