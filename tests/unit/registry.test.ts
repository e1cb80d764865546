// Every message of minimal + common (+ standard) + ardupilotmega: serialised by node-mavlink's own serializer,
// scanned and decoded by ours. crc_extra values of well-known messages are pinned to the MAVLink C headers'.
import { MavLinkProtocolV1, MavLinkProtocolV2, type MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../mavlink/decoder';
import type { Frame } from '../../mavlink/frame';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { CRC_EXTRA, messageName, REGISTRY, type MessageClass } from '../../mavlink/registry';

/** An instance with every field set to a value that differs from zero (so truncation cannot hide it). */
function filled(cls: MessageClass): MavLinkData {
  const msg = Object.create(cls.prototype) as Record<string, unknown>;
  for (const f of cls.FIELDS) {
    const base = f.type.replace('[]', '');
    const one = base === 'char' ? 'a' : base.includes('64') ? 1n : 1;
    if (!f.type.endsWith('[]')) msg[f.name] = one;
    else msg[f.name] = base === 'char' ? 'a'.repeat(f.length) : Array.from({ length: f.length }, () => one);
  }
  return msg as unknown as MavLinkData;
}

function scan(bytes: Uint8Array[]): { frames: Frame[]; scanner: FrameScanner } {
  const scanner = new FrameScanner();
  const frames: Frame[] = [];
  for (const b of bytes) scanner.push(b, (f) => frames.push(f));
  return { frames, scanner };
}

const classes = Object.values(REGISTRY);

describe('the merged registry', () => {
  it('holds minimal, common and ardupilotmega messages', () => {
    expect(classes.length).toBeGreaterThan(280);
    for (const name of ['HEARTBEAT', 'GLOBAL_POSITION_INT', 'MISSION_ITEM_INT', 'AUTOPILOT_VERSION', 'CAMERA_IMAGE_CAPTURED', 'AHRS2', 'RALLY_POINT']) {
      expect(classes.map((c) => c.MSG_NAME)).toContain(name);
    }
  });

  it('has the crc_extra of the MAVLink C headers for well-known messages', () => {
    const pinned: Record<number, number> = {
      0: 50, 1: 124, 24: 24, 30: 39, 33: 104, 74: 20, 76: 152, 77: 143, 253: 83, 73: 38, 44: 221, 51: 196, 47: 153,
    };
    for (const [id, extra] of Object.entries(pinned)) expect(CRC_EXTRA[Number(id)], messageName(Number(id))).toBe(extra);
  });

  it('every message serialised by node-mavlink (MAVLink 2) scans with a valid CRC and decodes to what was sent', () => {
    const v2 = new MavLinkProtocolV2(42, 7);
    const sent = classes.map((cls) => filled(cls));
    const { frames, scanner } = scan(sent.map((m, i) => v2.serialize(m, i & 0xff)));
    expect(scanner.stats).toMatchObject({ frames: classes.length, badCrc: 0, unknown: 0, skippedBytes: 0 });
    frames.forEach((frame, i) => {
      expect(frame.msgid).toBe(classes[i].MSG_ID);
      expect({ ...decodeFrame(frame) }, classes[i].MSG_NAME).toEqual({ ...sent[i] });
    });
  });

  it('every message whose id fits MAVLink 1 scans as a v1 frame', () => {
    const v1 = new MavLinkProtocolV1(42, 7);
    const small = classes.filter((c) => c.MSG_ID < 256);
    const { frames, scanner } = scan(small.map((c, i) => v1.serialize(filled(c), i & 0xff)));
    expect(scanner.stats).toMatchObject({ frames: small.length, v1: small.length, badCrc: 0 });
    expect(frames.map((f) => f.msgid)).toEqual(small.map((c) => c.MSG_ID));
  });
});
