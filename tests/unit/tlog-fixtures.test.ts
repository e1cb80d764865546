// The real tlogs in tests/fixtures, read three ways: by our reader/indexer/tlogInfo, by a small
// reference walker written here (its own bitwise CRC, crc_extra straight from node-mavlink's
// classes), and against facts stated in tests/fixtures/SOURCES.md.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ardupilotmega, common, minimal, standard, type MavLinkDataConstructor, type MavLinkData } from 'node-mavlink';
import { indexTlog } from '../../mavlink/tlog/indexer';
import { tlogInfo } from '../../mavlink/tlog/info';
import { readTlog } from '../../mavlink/tlog/reader';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const CLASSES = new Map<number, MavLinkDataConstructor<MavLinkData>>();
for (const reg of [ardupilotmega.REGISTRY, common.REGISTRY, standard.REGISTRY, minimal.REGISTRY]) {
  for (const cls of Object.values(reg)) CLASSES.set(cls.MSG_ID, cls);
}

/** CRC-16/MCRF4XX one bit at a time (reflected polynomial 0x8408), then crc_extra. */
function x25(bytes: Uint8Array, start: number, end: number, extra: number): number {
  let crc = 0xffff;
  const feed = (b: number): void => {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  };
  for (let i = start; i < end; i++) feed(bytes[i]);
  feed(extra);
  return crc;
}

interface Reference {
  records: number;
  v1: number;
  v2: number;
  badCrc: number;
  byName: Record<string, number>;
  tail: number;
}

/**
 * At p: 8 timestamp bytes, then a start byte, then a frame whose length its header gives. A frame
 * whose CRC (with its class's MAGIC_NUMBER) matches, or whose id has no class, is a record; one with a
 * wrong CRC is counted as bad and stepped over whole. No start byte: move one byte on.
 */
function referenceWalk(b: Uint8Array): Reference {
  const ref: Reference = { records: 0, v1: 0, v2: 0, badCrc: 0, byName: {}, tail: 0 };
  let p = 0;
  while (p + 8 < b.length) {
    const f = p + 8;
    const v2 = b[f] === 0xfd;
    if (b[f] !== 0xfe && !v2) {
      p++;
      continue;
    }
    const header = v2 ? 10 : 6;
    const length = header + b[f + 1] + 2 + (v2 && b[f + 2] & 1 ? 13 : 0);
    if (f + length > b.length) {
      ref.tail = b.length - p;
      break;
    }
    const msgid = v2 ? b[f + 7] + b[f + 8] * 256 + b[f + 9] * 65536 : b[f + 5];
    const cls = CLASSES.get(msgid);
    const crcAt = f + header + b[f + 1];
    p = f + length;
    if (cls && x25(b, f + 1, crcAt, cls.MAGIC_NUMBER) !== b[crcAt] + b[crcAt + 1] * 256) {
      ref.badCrc++;
      continue;
    }
    ref.records++;
    if (v2) ref.v2++;
    else ref.v1++;
    const name = cls ? cls.MSG_NAME : `UNKNOWN_${msgid}`;
    ref.byName[name] = (ref.byName[name] ?? 0) + 1;
  }
  return ref;
}

const FILES = ['dronekit_flight_replay_flight.tlog', 'mavometer_px4_test.tlog', 'ardusub_log_tools_small.tlog'];

describe.each(FILES)('fixture %s', (name) => {
  const path = fixture(name);
  const ref = referenceWalk(readFileSync(path));

  it('tlogInfo counts every message as the reference walker does', async () => {
    const info = await tlogInfo(path);
    expect(info.records).toBe(ref.records);
    expect(info.frames.v1).toBe(ref.v1);
    expect(info.frames.v2).toBe(ref.v2);
    expect(info.messages).toEqual(ref.byName);
    expect(info.bad_crc).toBe(ref.badCrc);
    expect(info.partial_tail_bytes).toBe(ref.tail);
    expect(info.systems.reduce((n, s) => n + s.frames, 0)).toBe(ref.records);
  });

  it('the indexer and the reader (at odd chunk sizes) agree with the reference walker', async () => {
    const index = await indexTlog(path, { chunkBytes: 4093 });
    const byName: Record<string, number> = {};
    for (const id of index.msgid) {
      const n = CLASSES.get(id)?.MSG_NAME ?? `UNKNOWN_${id}`;
      byName[n] = (byName[n] ?? 0) + 1;
    }
    expect(byName).toEqual(ref.byName);
    const reader = readTlog(path, { chunkBytes: 777 });
    let i = 0;
    for await (const rec of reader) {
      if (rec.offset !== index.offset[i] || rec.t_us !== index.t_us[i] || rec.frame.msgid !== index.msgid[i]) {
        throw new Error(`record ${i} differs between reader and indexer`);
      }
      i++;
    }
    expect(i).toBe(ref.records);
    expect(reader.stats).toEqual(index.stats);
  });
});

describe('facts from SOURCES.md', () => {
  it('dronekit: 76,791 MAVLink 1 packets over 1,377 s, the last 19 bytes a partial record', async () => {
    const info = await tlogInfo(fixture(FILES[0]));
    // Every packet is either read or rejected for its CRC: message 142 had another definition in 2015.
    expect(info.records + info.bad_crc).toBe(76_791);
    expect(info.frames).toEqual({ v1: info.records, v2: 0, signed: 0 });
    expect(info.partial_tail_bytes).toBe(19);
    expect(Math.round(info.duration_s)).toBe(1377);
    expect(info.first_utc?.slice(0, 4)).toBe('2015');
    const ids = info.systems.map((s) => s.sysid);
    expect(ids).toEqual(expect.arrayContaining([1, 51, 255]));
    expect(info.systems.find((s) => s.sysid === 1 && s.compid === 1)).toMatchObject({ type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA' });
  });

  it('mavometer: 81 MAVLink 1 and 2,035 MAVLink 2 packets over 93 s, PX4, no GPS position', async () => {
    const info = await tlogInfo(fixture(FILES[1]));
    expect(info.frames.v1).toBe(81);
    expect(info.frames.v2).toBe(2035);
    expect(info.bad_crc).toBe(0);
    expect(info.skipped_bytes).toBe(0);
    expect(Math.round(info.duration_s)).toBe(93);
    expect(info.messages.GLOBAL_POSITION_INT).toBeUndefined();
    expect(info.systems.find((s) => s.sysid === 1 && s.compid === 1)).toMatchObject({ type: 'QUADROTOR', autopilot: 'PX4' });
  });

  it('ardusub: 35,916 MAVLink 2 packets over 263 s from several components', async () => {
    const info = await tlogInfo(fixture(FILES[2]));
    expect(info.records + info.bad_crc).toBe(35_916);
    expect(info.frames.v1).toBe(0);
    expect(Math.round(info.duration_s)).toBe(263);
    expect(info.systems.find((s) => s.sysid === 1 && s.compid === 1)).toMatchObject({ type: 'SUBMARINE', autopilot: 'ARDUPILOTMEGA' });
    const components = info.systems.filter((s) => s.sysid === 1).map((s) => s.compid);
    expect(components.length).toBeGreaterThanOrEqual(3);
  });
});
