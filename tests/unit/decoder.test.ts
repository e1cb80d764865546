// decodeFrame against node-mavlink's own deserialiser and against the messages that were encoded.
import { describe, expect, it } from 'vitest';
import { common, MavLinkProtocolV1, minimal } from 'node-mavlink';
import { decodeFrame, decodePayload } from '../../mavlink/decoder';
import { FrameEncoder } from '../../mavlink/encoder';
import { FrameScanner } from '../../mavlink/frame-scanner';
import type { Frame } from '../../mavlink/frame';
import { messageClass } from '../../mavlink/registry';
import { concatBytes, sampleMessage, signedFrame } from '../fixtures/sample-traffic';

function scan(bytes: Uint8Array): Frame[] {
  const scanner = new FrameScanner();
  const out: Frame[] = [];
  scanner.push(bytes, (f) => out.push(f));
  scanner.flush((f) => out.push(f));
  return out;
}

/** Field-by-field view of a message instance (node-mavlink classes carry no other own state). */
const fields = (m: object): Record<string, unknown> => ({ ...m });

describe('decodeFrame', () => {
  it('decodes v1, v2 and signed v2 frames of every sample kind as node-mavlink does', () => {
    const v1 = new FrameEncoder({ sysid: 3, compid: 1, version: 1 });
    const v2 = new FrameEncoder({ sysid: 1, compid: 1 });
    for (let k = 0; k < 8; k++) {
      const msg = sampleMessage(k, 1000 + k);
      const frames = scan(concatBytes([v1.encode(msg), v2.encode(msg), signedFrame(msg, k)]));
      expect(frames.map((f) => [f.version, f.signed])).toEqual([[1, false], [2, false], [2, true]]);
      const cls = messageClass(frames[0].msgid);
      if (!cls) throw new Error(`no class for ${frames[0].msgid}`);
      // node-mavlink's reference: the full-length payload of the v1 frame through its own data().
      const reference = fields(new MavLinkProtocolV1().data(Buffer.from(frames[0].payload), cls));
      for (const f of frames) {
        const decoded = decodeFrame(f);
        expect(decoded).toBeInstanceOf(cls);
        expect(fields(decoded as object)).toEqual(reference);
      }
    }
  });

  it('zero-extends truncated MAVLink 2 payloads to the untruncated message', () => {
    const msg = new common.GlobalPositionInt();
    msg.timeBootMs = 123_456;
    msg.lat = -353_632_620;
    msg.lon = 1_491_652_370;
    msg.alt = 584_000;
    msg.relativeAlt = 12_000;
    msg.vx = -150; // vy, vz and hdg stay 0: the wire payload is trimmed after vx
    const frame = scan(new FrameEncoder({ sysid: 1, compid: 1 }).encode(msg))[0];
    expect(frame.payload.length).toBeLessThan(common.GlobalPositionInt.PAYLOAD_LENGTH);
    expect(fields(decodeFrame(frame) as object)).toEqual(fields(msg));
    // Every legal truncation of the full payload decodes to the same message.
    const full = new Uint8Array(common.GlobalPositionInt.PAYLOAD_LENGTH);
    full.set(frame.payload);
    for (let n = frame.payload.length; n <= full.length; n++) {
      expect(fields(decodePayload(frame.msgid, full.subarray(0, n)) as object)).toEqual(fields(msg));
    }
  });

  it('zero-extends trimmed arrays, strings and extension fields', () => {
    const text = new common.StatusText();
    text.severity = common.MavSeverity.WARNING;
    text.text = 'low';
    const hb = new minimal.Heartbeat();
    // (node-mavlink's constructors default enum fields to their *names*; set every field.)
    hb.customMode = 0;
    hb.type = minimal.MavType.QUADROTOR;
    hb.autopilot = minimal.MavAutopilot.GENERIC;
    hb.baseMode = 0 as minimal.MavModeFlag;
    hb.systemStatus = minimal.MavState.UNINIT;
    hb.mavlinkVersion = 0;
    const encoder = new FrameEncoder({ sysid: 1, compid: 1 });
    const frames = scan(concatBytes([encoder.encode(text), encoder.encode(hb)]));
    expect(frames[0].payload.length).toBe(4);
    const decoded = decodeFrame(frames[0]) as common.StatusText;
    expect(decoded.text).toBe('low');
    expect(decoded.severity).toBe(common.MavSeverity.WARNING);
    expect(decoded.id).toBe(0);
    expect(decoded.chunkSeq).toBe(0);
    expect(frames[1].payload.length).toBeLessThan(minimal.Heartbeat.PAYLOAD_LENGTH);
    expect(fields(decodeFrame(frames[1]) as object)).toEqual(fields(hb));
  });

  it('returns undefined for an unknown message id and never throws on a short payload', () => {
    expect(decodePayload(0xabcdef, new Uint8Array(4))).toBeUndefined();
    for (const id of [0, 24, 33, 147, 253]) expect(decodePayload(id, new Uint8Array(0))).toBeDefined();
  });
});
