// The simulated copter's MAVLink 2 signing (mavlink/sim/signing.ts), as ArduPilot's GCS_Signing.cpp does it: with
// a key it signs what it sends and acts only on frames signed with the key (RADIO_STATUS / RADIO excepted, and
// everything on the trusted USB link); SETUP_SIGNING sets, changes and clears the key, never while armed.
import { common, MavLinkPacketSignature, MavLinkProtocolV2, type MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../mavlink/frame';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { createBytePipe } from '../../mavlink/sim/byte-pipe';
import { Simulator, type SimulatorOptions } from '../../mavlink/sim/simulator';
import { signatureFields, signingKeyFromPassphrase, SigningSender, timestamp10us, verifySignature } from '../../mavlink/signing';
import { TestGcs } from './sim-helpers';

const { MavCmd, MavResult } = common;
const KEY = signingKeyFromPassphrase('sim key');
const OTHER = signingKeyFromPassphrase('another key');
const ARM = MavCmd.COMPONENT_ARM_DISARM;
const FORCE = 21196;

/** A GCS on a pipe to the simulator that signs (or not) what it sends, and keeps the raw frames it receives. */
function signingSim(opts: Omit<SimulatorOptions, 'port'> = {}): {
  sim: Simulator; gcs: TestGcs; frames: Frame[]; send(msg: MavLinkData, key?: Uint8Array): Uint8Array; port: { write(b: Uint8Array): void };
} {
  const { a, b } = createBytePipe();
  const sim = new Simulator({ epoch_us: 1_700_000_000_000_000n, ...opts, port: a });
  const gcs = new TestGcs(b, () => sim.sim_ms);
  const frames: Frame[] = [];
  const scanner = new FrameScanner();
  b.onData((chunk) => scanner.push(chunk, (f) => frames.push(f)));
  const senders = new Map<Uint8Array, SigningSender>();
  // One stream (sysid, compid, link id) whatever the key: its timestamps keep increasing across keys, as the vehicle
  // keeps each stream's last timestamp across a key change (and as GcsSession.startSigning does).
  let last_10us = 0;
  const send = (msg: MavLinkData, key?: Uint8Array): Uint8Array => {
    let raw = gcs.encoder.encode(msg);
    if (key) {
      let s = senders.get(key);
      if (!s) senders.set(key, (s = new SigningSender(key, 0)));
      s.advancePast(last_10us);
      raw = s.sign(raw);
      last_10us = s.lastTimestamp;
    }
    b.write(raw);
    return raw;
  };
  return { sim, gcs, frames, send, port: b };
}

function armCommand(arm = 1): common.CommandLong {
  return Object.assign(new common.CommandLong(), { targetSystem: 1, targetComponent: 1, command: ARM, _param1: arm, _param2: FORCE, _param3: 0, _param4: 0, _param5: 0, _param6: 0, _param7: 0 });
}

function setupSigning(key: Uint8Array, initial_10us: number): common.SetupSigning {
  return Object.assign(new common.SetupSigning(), { targetSystem: 1, targetComponent: 1, secretKey: [...key], initialTimestamp: BigInt(initial_10us) });
}

describe('a simulated copter with a signing key', () => {
  it('signs everything it sends with the key (node-mavlink agrees), link id 1, a minute past the stored time', () => {
    const stored = timestamp10us();
    const { sim, frames } = signingSim({ signing_key: KEY });
    sim.runFor(3_000);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    for (const f of frames) {
      expect(f.signed).toBe(true);
      expect(verifySignature(f.raw, KEY)).toBe(true);
      expect(new MavLinkPacketSignature(Buffer.from(f.raw)).matches(MavLinkPacketSignature.key('sim key'))).toBe(true);
      expect(signatureFields(f.raw).link_id).toBe(1);
    }
    // load_signing_key: "use a timestamp 1 minute past the last recorded timestamp".
    expect(signatureFields(frames[0].raw).timestamp_10us).toBeGreaterThanOrEqual(stored + 6_000_000);
  });

  it('acts only on commands signed with its key: unsigned, wrong-key and replayed ones are dropped and counted', () => {
    const { sim, gcs, send, port } = signingSim({ signing_key: KEY });
    const v = sim.vehicle(1);
    send(armCommand()); // unsigned
    send(armCommand(), OTHER); // signed with another key
    expect(gcs.ack(ARM)).toBeUndefined();
    expect(v.armed).toBe(false);
    const signed = send(armCommand(), KEY);
    expect(gcs.ack(ARM)?.result).toBe(MavResult.ACCEPTED);
    expect(v.armed).toBe(true);
    send(armCommand(0), KEY);
    expect(v.armed).toBe(false);
    gcs.clear();
    port.write(signed); // the captured arm command, sent again byte for byte
    expect(gcs.ack(ARM)).toBeUndefined();
    expect(v.armed).toBe(false);
    // A frame from a stream it has not heard, signed with the key but two minutes old.
    const old = new SigningSender(KEY, 9, { now_10us: () => timestamp10us() - 12_000_000 });
    port.write(old.sign(gcs.encoder.encode(armCommand())));
    expect(v.armed).toBe(false);
    expect(v.signing.stats()).toEqual({
      enabled: true, signed_ok: 2, unsigned_accepted: 0, unsigned_dropped: 1, bad_signature: 1, replay: 1, out_of_window: 1, key_changes: 0,
    });
  });

  it('takes RADIO_STATUS unsigned (SiK radios inject it), as ArduPilot’s accept list does', () => {
    const { sim, send } = signingSim({ signing_key: KEY });
    const radio = Object.assign(new common.RadioStatus(), { rssi: 200, remrssi: 190, txbuf: 100, noise: 40, remnoise: 41, rxerrors: 0, fixed: 0 });
    send(radio);
    send(armCommand());
    expect(sim.vehicle(1).signing.stats()).toMatchObject({ unsigned_accepted: 1, unsigned_dropped: 1 });
  });

  it('on the trusted (USB) link takes unsigned frames too, and still signs its own with link id 0', () => {
    const { sim, gcs, send, frames } = signingSim({ signing_key: KEY, signing_trusted_link: true });
    send(armCommand());
    expect(sim.vehicle(1).armed).toBe(true);
    expect(gcs.ack(ARM)?.result).toBe(MavResult.ACCEPTED);
    expect(sim.vehicle(1).signing.stats()).toMatchObject({ unsigned_accepted: 1, unsigned_dropped: 0 });
    expect(frames.every((f) => f.signed && signatureFields(f.raw).link_id === 0)).toBe(true);
  });
});

describe('SETUP_SIGNING', () => {
  it('on a copter without a key: sets it (unsigned, as over USB); then only signed frames count', () => {
    const { sim, gcs, send, frames } = signingSim();
    const v = sim.vehicle(1);
    sim.runFor(1_000);
    expect(frames.every((f) => !f.signed)).toBe(true);
    send(setupSigning(KEY, timestamp10us()));
    expect(v.signing.enabled).toBe(true);
    send(armCommand());
    expect(v.armed).toBe(false);
    send(armCommand(), KEY);
    expect(v.armed).toBe(true);
    expect(gcs.ack(ARM)?.result).toBe(MavResult.ACCEPTED);
    frames.length = 0;
    sim.runFor(1_000);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((f) => f.signed && verifySignature(f.raw, KEY))).toBe(true);
  });

  it('is refused while armed, with ArduPilot’s STATUSTEXT', () => {
    const { sim, gcs, send } = signingSim();
    send(armCommand());
    expect(sim.vehicle(1).armed).toBe(true);
    send(setupSigning(KEY, timestamp10us()));
    expect(sim.vehicle(1).signing.enabled).toBe(false);
    expect(gcs.texts()).toContain("ERROR: Won't setup signing when armed");
  });

  it('with a key set: an unsigned or wrong-key SETUP_SIGNING is ignored; one signed with the key changes or clears it', () => {
    const { sim, send } = signingSim({ signing_key: KEY });
    const v = sim.vehicle(1);
    send(setupSigning(OTHER, timestamp10us())); // unsigned: an attacker's attempt to take the link over
    send(setupSigning(OTHER, timestamp10us()), OTHER);
    expect(v.signing.stats()).toMatchObject({ enabled: true, key_changes: 0, unsigned_dropped: 1, bad_signature: 1 });
    send(setupSigning(OTHER, timestamp10us()), KEY); // the owner changes the key
    expect(v.signing.stats().key_changes).toBe(1);
    send(armCommand(), KEY);
    expect(v.armed).toBe(false);
    send(armCommand(), OTHER);
    expect(v.armed).toBe(true);
    send(armCommand(0), OTHER);
    // All zero key and timestamp: signing off (GCS_Signing.cpp, load_signing_key).
    send(setupSigning(new Uint8Array(32), 0), OTHER);
    expect(v.signing.enabled).toBe(false);
    send(armCommand());
    expect(v.armed).toBe(true);
  });

  it('keeps the streams heard across a key change, as ArduPilot keeps signing_streams: a captured command cannot be replayed after', () => {
    const { sim, send, port } = signingSim({ signing_key: KEY });
    const v = sim.vehicle(1);
    const captured = send(armCommand(), KEY);
    expect(v.armed).toBe(true);
    send(armCommand(0), KEY);
    expect(v.armed).toBe(false);
    // The key is set again (the same key, an initial timestamp a second behind the ground station's clock, as a
    // second `signing setup` may send): the captured ARM, still within the minute, must not work.
    send(setupSigning(KEY, timestamp10us() - 100_000), KEY);
    expect(v.signing.stats().key_changes).toBe(1);
    port.write(captured);
    expect(v.armed).toBe(false);
    expect(v.signing.stats().replay).toBe(1);
    // The ground station goes on with newer timestamps: obeyed.
    send(armCommand(), KEY);
    expect(v.armed).toBe(true);
  });

  it('addressed to another vehicle, leaves this one alone', () => {
    const { sim, send } = signingSim({ vehicles: 2 });
    send(Object.assign(setupSigning(KEY, timestamp10us()), { targetSystem: 2 }));
    expect(sim.vehicle(1).signing.enabled).toBe(false);
    expect(sim.vehicle(2).signing.enabled).toBe(true);
  });
});

describe('interoperating with node-mavlink as the ground station', () => {
  it('a command node-mavlink signs is obeyed; node-mavlink verifies the answer', () => {
    const { sim, gcs, port, frames } = signingSim({ signing_key: KEY });
    const protocol = new MavLinkProtocolV2(255, 190, MavLinkProtocolV2.IFLAG_SIGNED);
    port.write(new Uint8Array(protocol.sign(protocol.serialize(armCommand(), 0), 0, Buffer.from(KEY), Date.now())));
    expect(sim.vehicle(1).armed).toBe(true);
    expect(gcs.ack(ARM)?.result).toBe(MavResult.ACCEPTED);
    const ack = frames.filter((f) => f.msgid === common.CommandAck.MSG_ID).pop();
    expect(ack && new MavLinkPacketSignature(Buffer.from(ack.raw)).matches(MavLinkPacketSignature.key('sim key'))).toBe(true);
  });
});
