// `watchpost tlog info`: what a .tlog holds, in one pass.
import { minimal } from 'node-mavlink';
import { decodeFrame } from '../decoder';
import { messageName } from '../registry';
import { readTlog } from './reader';

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

export async function tlogInfo(path: string): Promise<TlogInfo> {
  const reader = readTlog(path);
  const counts = new Map<number, number>();
  const systems = new Map<number, TlogSystem>();
  for await (const batch of reader.batches()) {
    for (const { frame } of batch) {
      counts.set(frame.msgid, (counts.get(frame.msgid) ?? 0) + 1);
      const key = frame.sysid * 256 + frame.compid;
      let sys = systems.get(key);
      if (!sys) {
        sys = { sysid: frame.sysid, compid: frame.compid, type: null, autopilot: null, frames: 0 };
        systems.set(key, sys);
      }
      sys.frames++;
      if (frame.msgid === minimal.Heartbeat.MSG_ID) {
        const hb = decodeFrame(frame) as minimal.Heartbeat;
        sys.type = enumName(minimal.MavType as unknown as Record<number, string>, hb.type);
        sys.autopilot = enumName(minimal.MavAutopilot as unknown as Record<number, string>, hb.autopilot);
      }
    }
  }
  const s = reader.stats;
  const messages: Record<string, number> = {};
  for (const [id, n] of [...counts].sort((a, b) => a[0] - b[0])) messages[messageName(id)] = n;
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
    systems: [...systems.values()].sort((a, b) => a.sysid - b.sysid || a.compid - b.compid),
  };
}
