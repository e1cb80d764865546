// MAVLink 2 message signing (mavlink/signing.ts), checked against the MAVLink spec's "Message Signing" page and
// against node-mavlink's independent implementation (MavLinkPacketSignature) in both directions: key derivation,
// signatures, timestamps, the replay and one-minute-window rules, bit flips, and our frame scanner on signed frames.
import {
  common, minimal, MavLinkPacketParser, MavLinkPacketSignature, MavLinkPacketSplitter, MavLinkProtocolV1, MavLinkProtocolV2,
  type MavLinkData, type MavLinkPacket,
} from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { FrameEncoder } from '../../mavlink/encoder';
import type { Frame } from '../../mavlink/frame';
import { FrameScanner } from '../../mavlink/frame-scanner';
import {
  signatureFields, signFrame, signingKeyFromHex, signingKeyFromPassphrase, SigningSender, SigningVerifier, timestamp10us,
  verifySignature, type SigningCheck,
} from '../../mavlink/signing';

const EPOCH_MS = Date.UTC(2015, 0, 1);
const T_MS = Date.UTC(2026, 2, 14, 9, 30); // a fixed "now" for the tests
const T = (T_MS - EPOCH_MS) * 100; // the same in 10 µs units
const MINUTE = 6_000_000;
const PASSPHRASES = ['watchpost', 'correct horse battery staple', '巡逻无人机 密钥', 'p'.repeat(200)];
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function heartbeat(): MavLinkData {
  const m = new minimal.Heartbeat();
  m.type = minimal.MavType.QUADROTOR;
  m.autopilot = minimal.MavAutopilot.ARDUPILOTMEGA;
  m.baseMode = minimal.MavModeFlag.CUSTOM_MODE_ENABLED;
  m.customMode = 4;
  m.systemStatus = minimal.MavState.ACTIVE;
  m.mavlinkVersion = 3;
  return m;
}

function commandLong(): MavLinkData {
  const m = new common.CommandLong();
  m.targetSystem = 1;
  m.targetComponent = 1;
  m.command = common.MavCmd.COMPONENT_ARM_DISARM;
  m._param1 = 1;
  m._param2 = 21196;
  return m;
}

function missionItemInt(): MavLinkData {
  const m = new common.MissionItemInt();
  m.targetSystem = 1;
  m.targetComponent = 1;
  m.seq = 7;
  m.frame = common.MavFrame.GLOBAL_RELATIVE_ALT_INT;
  m.command = common.MavCmd.NAV_WAYPOINT;
  m.autocontinue = 1;
  m.x = 311234567;
  m.y = 1214567890;
  m.z = 35;
  return m;
}

function statusText(): MavLinkData {
  const m = new common.StatusText();
  m.severity = common.MavSeverity.INFO;
  m.text = 'patrol leg 3 reached';
  return m;
}

/** A message id above 255 (two id bytes in use) and a trimmed payload. */
function uavcanNodeStatus(): MavLinkData {
  const m = new common.UavcanNodeStatus();
  m.timeUsec = 123456789n;
  m.uptimeSec = 3600;
  return m;
}

const MESSAGES: [string, () => MavLinkData][] = [
  ['HEARTBEAT', heartbeat],
  ['HEARTBEAT (all zero)', () => new minimal.Heartbeat()],
  ['COMMAND_LONG', commandLong],
  ['MISSION_ITEM_INT', missionItemInt],
  ['STATUSTEXT', statusText],
  ['UAVCAN_NODE_STATUS', uavcanNodeStatus],
];

/** A frame signed by node-mavlink, the way its sendSigned does it (the flag set before serialising). */
function nodeSigned(msg: MavLinkData, key: Uint8Array, linkId: number, t_ms: number, sysid = 1, compid = 1): Uint8Array {
  const protocol = new MavLinkProtocolV2(sysid, compid, MavLinkProtocolV2.IFLAG_SIGNED);
  return new Uint8Array(protocol.sign(protocol.serialize(msg, 0), linkId, Buffer.from(key), t_ms));
}

/** An unsigned MAVLink 2 frame as our encoder makes it. */
function unsigned(msg: MavLinkData, sysid = 1, compid = 1): Uint8Array {
  return new FrameEncoder({ sysid, compid }).encode(msg);
}

/** Frames through node-mavlink's splitter (which checks the CRC) and parser. */
async function nodeParse(bytes: Uint8Array): Promise<{ packets: MavLinkPacket[]; crcErrors: number }> {
  const splitter = new MavLinkPacketSplitter();
  const parser = new MavLinkPacketParser();
  const packets: MavLinkPacket[] = [];
  const done = new Promise((resolve) => parser.on('end', resolve));
  parser.on('data', (p: MavLinkPacket) => packets.push(p));
  splitter.pipe(parser);
  splitter.end(Buffer.from(bytes));
  await done;
  return { packets, crcErrors: splitter.invalidPackages };
}

function scan(bytes: Uint8Array[]): { frames: Frame[]; scanner: FrameScanner } {
  const scanner = new FrameScanner();
  const frames: Frame[] = [];
  for (const b of bytes) scanner.push(b, (f) => frames.push(f));
  scanner.flush((f) => frames.push(f));
  return { frames, scanner };
}

describe('signing keys and timestamps', () => {
  it('derives the key as SHA-256 of the UTF-8 passphrase, as node-mavlink (and MAVProxy, QGroundControl) do', () => {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    expect(hex(signingKeyFromPassphrase('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const p of [...PASSPHRASES, 'passphrase']) {
      const key = signingKeyFromPassphrase(p);
      expect(key.length).toBe(32);
      expect(hex(key), p).toBe(hex(MavLinkPacketSignature.key(p)));
    }
  });

  it('reads a key of 64 hex digits and says what is wrong with anything else', () => {
    const digits = '00112233445566778899aabbccddeeffFFEEDDCCBBAA99887766554433221100';
    const r = signingKeyFromHex(`  ${digits}\n`);
    expect(r.ok && hex(r.key)).toBe(digits.toLowerCase());
    const short = signingKeyFromHex(digits.slice(0, 62));
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.error).toMatch(/64 hex digits.*got 62/);
    const bad = signingKeyFromHex(`${digits.slice(0, 10)}g${digits.slice(11)}`);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/"g" at position 11 is not a hex digit/);
    expect(signingKeyFromHex('').ok).toBe(false);
  });

  it('counts timestamps in 10 µs units since 2015-01-01 UTC', () => {
    expect(timestamp10us(EPOCH_MS)).toBe(0);
    expect(timestamp10us(EPOCH_MS + 1000)).toBe(100_000);
    expect(timestamp10us(new Date(T_MS))).toBe(T);
    expect(Math.abs(timestamp10us() - (Date.now() - EPOCH_MS) * 100)).toBeLessThan(100_000);
  });
});

describe('interoperability with node-mavlink', () => {
  it.each(MESSAGES)('%s: frames node-mavlink signs verify with ours, and ours are the same bytes', (_name, make) => {
    PASSPHRASES.forEach((p, i) => {
      const key = signingKeyFromPassphrase(p);
      const t_ms = T_MS + i * 1234;
      const theirs = nodeSigned(make(), key, 10 + i, t_ms, 1 + i, 190);
      expect(verifySignature(theirs, key)).toBe(true);
      expect(signatureFields(theirs)).toEqual({ link_id: 10 + i, timestamp_10us: (t_ms - EPOCH_MS) * 100 });
      const verifier = new SigningVerifier(key, { now_10us: () => T });
      expect(verifier.check(theirs)).toBe('ok');
      // The same message, link id and timestamp signed by us: identical bytes (flag, CRC, signature and all).
      const ours = signFrame(unsigned(make(), 1 + i, 190), key, 10 + i, BigInt((t_ms - EPOCH_MS) * 100));
      expect(hex(ours)).toBe(hex(theirs));
    });
  });

  it.each(MESSAGES)('%s: frames we sign match with node-mavlink and pass its CRC check', async (_name, make) => {
    const frames: Uint8Array[] = [];
    PASSPHRASES.forEach((p, i) => {
      const key = signingKeyFromPassphrase(p);
      const frame = new SigningSender(key, i, { now_10us: () => T + i }).sign(unsigned(make()));
      frames.push(frame);
      const sig = new MavLinkPacketSignature(Buffer.from(frame));
      expect(sig.matches(MavLinkPacketSignature.key(p))).toBe(true);
      expect(sig.matches(MavLinkPacketSignature.key(`${p}!`))).toBe(false);
      expect(sig.linkId).toBe(i);
      expect(sig.timestamp).toBe(T + i);
    });
    const { packets, crcErrors } = await nodeParse(Buffer.concat(frames));
    expect(crcErrors).toBe(0);
    expect(packets.length).toBe(frames.length);
    packets.forEach((packet, i) => {
      expect(packet.header.incompatibilityFlags & 1).toBe(1);
      expect(packet.signature?.matches(MavLinkPacketSignature.key(PASSPHRASES[i]))).toBe(true);
    });
  });
});

describe('SigningVerifier', () => {
  const key = signingKeyFromPassphrase('watchpost');
  const signed = (t: number, sysid = 1, compid = 1, link = 0, msg: MavLinkData = heartbeat()): Uint8Array =>
    signFrame(unsigned(msg, sysid, compid), key, link, t);

  it('rejects a wrong key, a replay, an older timestamp, a stale new stream and unsigned frames, and counts them', () => {
    const v = new SigningVerifier(key, { now_10us: () => T });
    const results: SigningCheck[] = [];
    const check = (frame: Uint8Array, expected: SigningCheck): void => {
      const r = v.check(frame);
      results.push(r);
      expect(r).toBe(expected);
    };
    check(signFrame(unsigned(heartbeat()), signingKeyFromPassphrase('not watchpost'), 0, T), 'bad-signature');
    const first = signed(T);
    check(first, 'ok');
    check(first, 'replay'); // the same bytes again
    check(signed(T - 1), 'replay'); // older than the stream's last
    check(signed(T, 1, 1, 0, commandLong()), 'replay'); // equal is not newer, whatever the message
    check(signed(T + 1), 'ok');
    check(signed(T - 2 * MINUTE, 2), 'out-of-window'); // a new stream 2 minutes behind the link's newest
    check(signed(T - 2 * MINUTE, 1, 1, 1), 'out-of-window'); // another link id is another stream
    check(signed(T - MINUTE + 100, 2), 'ok'); // within the minute
    check(signed(T - MINUTE + 50, 2), 'replay'); // now a known stream: older than its last
    check(signed(T + 10 * MINUTE, 3), 'ok'); // ahead is accepted (as the reference C implementation does)...
    check(signed(T + 5 * MINUTE, 4), 'out-of-window'); // ...and moves the link's newest timestamp forward
    check(unsigned(heartbeat()), 'unsigned');
    check(new MavLinkProtocolV1(1, 1).serialize(heartbeat(), 0), 'unsigned');
    expect(v.newestTimestamp).toBe(T + 10 * MINUTE);
    const tally: Record<string, number> = {};
    for (const r of results) tally[r] = (tally[r] ?? 0) + 1;
    expect(v.counts).toEqual({ ok: 4, unsigned: 2, 'bad-signature': 1, replay: 4, 'out-of-window': 3 });
    expect(v.counts).toEqual({ ok: 0, unsigned: 0, 'bad-signature': 0, replay: 0, 'out-of-window': 0, ...tally });
  });

  it('judges the first frame of a link against the local clock', () => {
    const v = new SigningVerifier(key, { now_10us: () => T });
    expect(v.check(signed(T - 2 * MINUTE))).toBe('out-of-window');
    expect(v.newestTimestamp).toBeUndefined();
    expect(v.check(signed(T - MINUTE + 1))).toBe('ok');
    const narrow = new SigningVerifier(key, { now_10us: () => T, window_10us: 100 });
    expect(narrow.check(signed(T - 101))).toBe('out-of-window');
    expect(narrow.check(signed(T - 100))).toBe('ok');
  });

  it('judges a new stream against the local signing timestamp: max(clock, newest accepted, last we sent), as mavlink_helpers.h', () => {
    // Our own last timestamp counts: we signed ten minutes ahead of our clock (a peer's time adopted, a restart seed).
    let sent = 0;
    const v = new SigningVerifier(key, { now_10us: () => T, sent_10us: () => sent });
    sent = T + 10 * MINUTE;
    expect(v.localTimestamp).toBe(T + 10 * MINUTE);
    expect(v.check(signed(T, 1))).toBe('out-of-window');
    expect(v.check(signed(T + 9 * MINUTE, 1))).toBe('ok');
    // The clock counts even once a frame was accepted: a peer that sent 30 s behind the clock cannot open a new stream
    // 80 s behind it just because that is within a minute of its own earlier frame.
    const w = new SigningVerifier(key, { now_10us: () => T });
    expect(w.check(signed(T - MINUTE / 2, 1))).toBe('ok');
    expect(w.check(signed(T - (MINUTE * 4) / 3, 2))).toBe('out-of-window');
    // And the newest accepted counts when it is ahead of the clock (as before).
    expect(w.check(signed(T + 5 * MINUTE, 3))).toBe('ok');
    expect(w.check(signed(T + MINUTE, 4))).toBe('out-of-window');
  });

  it('peek says what check would, changing nothing', () => {
    const v = new SigningVerifier(key, { now_10us: () => T });
    const f = signed(T);
    expect(v.peek(f)).toBe('ok');
    expect(v.peek(f)).toBe('ok');
    expect(v.counts.ok).toBe(0);
    expect(v.newestTimestamp).toBeUndefined();
    expect(v.check(f)).toBe('ok');
    expect(v.peek(f)).toBe('replay');
    expect(v.counts).toMatchObject({ ok: 1, replay: 0 });
  });

  it('shares its stream table with the verifier of a new key on the same link: no replay across the change', () => {
    const v = new SigningVerifier(key, { now_10us: () => T });
    expect(v.check(signed(T + 100))).toBe('ok');
    const other = signingKeyFromPassphrase('the next key');
    const next = new SigningVerifier(other, { now_10us: () => T, streams: v.streams });
    expect(next.check(signFrame(unsigned(heartbeat()), other, 0, T + 50))).toBe('replay');
    expect(next.check(signFrame(unsigned(heartbeat()), other, 0, T + 101))).toBe('ok');
  });

  it('rejects a flipped bit anywhere in a signed frame: header, payload, CRC, link id, timestamp, signature', () => {
    for (const [name, make] of MESSAGES) {
      const frame = signFrame(unsigned(make(), 7, 1), key, 3, T);
      expect(new SigningVerifier(key, { now_10us: () => T }).check(frame), name).toBe('ok');
      for (let at = 0; at < frame.length; at++) {
        for (let bit = 0; bit < 8; bit++) {
          const bad = frame.slice();
          bad[at] ^= 1 << bit;
          const r = new SigningVerifier(key, { now_10us: () => T }).check(bad);
          // The signature catches it before any timestamp rule; clearing the flag (or the magic byte) leaves it unsigned.
          expect(r === 'bad-signature' || r === 'unsigned', `${name} byte ${at} bit ${bit}: ${r}`).toBe(true);
          expect(verifySignature(bad, key)).toBe(false);
        }
      }
    }
  });
});

describe('SigningSender', () => {
  const key = signingKeyFromPassphrase('watchpost');

  it('gives 1000 frames signed in the same tick strictly increasing timestamps, all accepted', () => {
    const sender = new SigningSender(key, 1, { now_10us: () => T });
    const verifier = new SigningVerifier(key, { now_10us: () => T });
    const stamps: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const frame = sender.sign(unsigned(heartbeat()));
      stamps.push(signatureFields(frame).timestamp_10us);
      expect(verifier.check(frame)).toBe('ok');
    }
    expect(stamps[0]).toBe(T);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]);
    expect(sender.lastTimestamp).toBe(stamps[999]);
  });

  it('seeded with a last timestamp ahead of a clock that went back, continues above it', () => {
    let now = T;
    const seed = T + 30 * MINUTE;
    const sender = new SigningSender(key, 0, { now_10us: () => now, last_timestamp: seed });
    expect(signatureFields(sender.sign(unsigned(heartbeat()))).timestamp_10us).toBe(seed + 1);
    expect(signatureFields(sender.sign(unsigned(heartbeat()))).timestamp_10us).toBe(seed + 2);
    expect(sender.lastTimestamp).toBe(seed + 2);
    now = seed + MINUTE; // the clock catches up: back to the clock
    expect(signatureFields(sender.sign(unsigned(heartbeat()))).timestamp_10us).toBe(seed + MINUTE);
  });

  it('signs with the system clock by default', () => {
    const before = timestamp10us();
    const frame = new SigningSender(key, 0).sign(unsigned(heartbeat()));
    const t = signatureFields(frame).timestamp_10us;
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(timestamp10us());
  });

  it('refuses what it cannot sign: a bad key, link id or timestamp, or a frame that is not a whole MAVLink 2 frame', () => {
    const frame = unsigned(heartbeat());
    expect(() => new SigningSender(new Uint8Array(16), 0)).toThrow(/32 bytes/);
    expect(() => signFrame(frame, key, 256, T)).toThrow(/link_id/);
    expect(() => signFrame(frame, key, 0, -1)).toThrow(/timestamp/);
    expect(() => signFrame(frame, key, 0, 2n ** 48n)).toThrow(/timestamp/);
    expect(() => signFrame(frame.subarray(0, frame.length - 1), key, 0, T)).toThrow(/announces/);
    expect(() => signFrame(new MavLinkProtocolV1(1, 1).serialize(heartbeat(), 0), key, 0, T)).toThrow(/MAVLink 2/);
    // Re-signing a signed frame replaces its signature.
    const once = signFrame(frame, key, 0, T);
    expect(hex(signFrame(once, key, 0, T))).toBe(hex(once));
    expect(signatureFields(signFrame(once, key, 5, T + 1))).toEqual({ link_id: 5, timestamp_10us: T + 1 });
  });
});

describe('the frame scanner on signed frames', () => {
  it('returns a signed frame whole, the 13 signature bytes included, among unsigned ones and across chunks', () => {
    const key = signingKeyFromPassphrase('watchpost');
    const sent = [
      unsigned(heartbeat()),
      signFrame(unsigned(commandLong()), key, 1, T),
      nodeSigned(missionItemInt(), key, 2, T_MS),
      unsigned(statusText()),
      signFrame(unsigned(uavcanNodeStatus()), key, 1, T + 1),
    ];
    const stream = Buffer.concat(sent);
    for (const chunk of [stream.length, 7, 1]) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < stream.length; at += chunk) chunks.push(new Uint8Array(stream.subarray(at, at + chunk)));
      const { frames, scanner } = scan(chunks);
      expect(frames.map((f) => hex(f.raw))).toEqual(sent.map(hex));
      expect(frames.map((f) => f.signed)).toEqual([false, true, true, false, true]);
      expect(scanner.stats).toMatchObject({ frames: 5, signed: 3, badCrc: 0, skippedBytes: 0 });
      const v = new SigningVerifier(key, { now_10us: () => T });
      expect(frames.map((f) => v.check(f.raw))).toEqual(['unsigned', 'ok', 'ok', 'unsigned', 'ok']);
    }
  });
});
