// MavConnection and GcsSession on real UDP sockets: per-system statistics from sequence gaps, and hostile input
// (random bytes, well-formed frames of every known message with random payloads) that must not stop the session.
import { minimal, common } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { MavConnection } from '../../mavlink/connection';
import { frameCrc } from '../../mavlink/crc';
import { FrameEncoder } from '../../mavlink/encoder';
import { GcsSession } from '../../mavlink/gcs-session';
import { FakeClock } from '../../mavlink/protocols/fake-clock';
import { openLink } from '../../mavlink/links/open-link';
import type { Link } from '../../mavlink/links/link';
import { CRC_EXTRA, PAYLOAD_LENGTH } from '../../mavlink/registry';
import { mulberry32 } from '../../mavlink/sim/faults';
import { waitUntil } from '../helpers/link-probe';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function link(uri: string): Promise<Link> {
  const l = await openLink(uri);
  cleanups.push(() => l.close());
  return l;
}

const until = (what: string, cond: () => boolean, timeout_ms = 5_000): Promise<void> => waitUntil(cond, what, timeout_ms);

function heartbeat(type = minimal.MavType.QUADROTOR): minimal.Heartbeat {
  return Object.assign(new minimal.Heartbeat(), {
    type, autopilot: minimal.MavAutopilot.ARDUPILOTMEGA, baseMode: minimal.MavModeFlag.CUSTOM_MODE_ENABLED, customMode: 4, systemStatus: minimal.MavState.STANDBY, mavlinkVersion: 3,
  });
}

/** A MAVLink 2 frame with a correct CRC around an arbitrary payload. */
function rawFrame(sysid: number, compid: number, seq: number, msgid: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(10 + payload.length + 2);
  f.set([0xfd, payload.length, 0, 0, seq, sysid, compid, msgid & 0xff, (msgid >> 8) & 0xff, msgid >> 16], 0);
  f.set(payload, 10);
  const crc = frameCrc(f, 1, 10 + payload.length, CRC_EXTRA[msgid]);
  f[10 + payload.length] = crc & 0xff;
  f[11 + payload.length] = crc >> 8;
  return f;
}

describe('per-system link statistics', () => {
  it('counts frames, loss from sequence gaps and last heard per (sysid, compid)', async () => {
    // TCP, so that every gap is one we made (loopback UDP may drop datagrams on a loaded machine).
    const rx = await link('tcpin:127.0.0.1:0');
    const conn = new MavConnection({ link: rx });
    cleanups.push(() => conn.dispose());
    const tx = await link(`tcp:127.0.0.1:${rx.localPort}`);
    const a = new FrameEncoder({ sysid: 7, compid: 1 });
    const b = new FrameEncoder({ sysid: 9, compid: 154 });
    let sentBytes = 0;
    for (let i = 0; i < 300; i++) {
      const fa = a.encode(heartbeat());
      const lostInTransit = i >= 100 && i < 110; // a gap of 10 sequence numbers...
      if (!lostInTransit) {
        tx.write(fa);
        sentBytes += fa.length;
      }
      if (i % 3 === 0) {
        const fb = b.encode(heartbeat(minimal.MavType.GIMBAL));
        tx.write(fb);
        sentBytes += fb.length;
      }
    }
    // ...and the 255 → 0 wrap of the sequence number, which is not loss.
    await until('all frames', () => conn.stats().scan.frames === 290 + 100);
    const stats = conn.stats();
    expect(stats.link.bytesIn).toBe(sentBytes);
    expect(stats.scan).toMatchObject({ frames: 390, badCrc: 0, skippedBytes: 0 });
    const s7 = stats.systems.find((s) => s.sysid === 7 && s.compid === 1);
    const s9 = stats.systems.find((s) => s.sysid === 9 && s.compid === 154);
    expect(s7).toMatchObject({ frames: 290, lost: 10 });
    expect(s7?.loss_pct).toBeCloseTo((100 * 10) / 300, 5);
    expect(s9).toMatchObject({ frames: 100, lost: 0, loss_pct: 0 });
    expect(Date.now() - (s7?.last_heard_ms ?? 0)).toBeLessThan(5_000);
  });
});

describe('several peers on one tcpin link', () => {
  it('frames split across chunks from two clients at once are each reassembled from their own bytes', async () => {
    const rx = await link('tcpin:127.0.0.1:0');
    const conn = new MavConnection({ link: rx });
    cleanups.push(() => conn.dispose());
    const clients = [await link(`tcp:127.0.0.1:${rx.localPort}`), await link(`tcp:127.0.0.1:${rx.localPort}`)];
    const encoders = [new FrameEncoder({ sysid: 1, compid: 1 }), new FrameEncoder({ sysid: 2, compid: 1 })];
    const got = new Map<number, number>();
    conn.onFrame((f) => got.set(f.sysid, (got.get(f.sysid) ?? 0) + 1));
    for (let i = 0; i < 50; i++) {
      const frames = encoders.map((e) => e.encode(heartbeat()));
      // Each frame goes in two writes, the halves of the two clients interleaved in time.
      for (const half of [0, 1]) {
        frames.forEach((f, k) => clients[k].write(half === 0 ? f.subarray(0, 7) : f.subarray(7)));
        await new Promise((r) => setTimeout(r, 1));
      }
    }
    await until('100 frames', () => conn.stats().scan.frames === 100);
    expect(Object.fromEntries(got)).toEqual({ 1: 50, 2: 50 });
    expect(conn.stats().scan).toMatchObject({ badCrc: 0, skippedBytes: 0 });
  });
});

describe('a ground-station session under hostile input', () => {
  it('random bytes and random payloads for every known message leave it working, with nothing thrown', async () => {
    const gcs = await GcsSession.open({ uri: 'udpin:127.0.0.1:0' });
    cleanups.push(() => gcs.close());
    const errors: string[] = [];
    gcs.connection.onError((err, where) => errors.push(`${where}: ${err.message}`));
    const tx = await link(`udpout:127.0.0.1:${gcs.link.localPort}`);
    const enc = new FrameEncoder({ sysid: 1, compid: 1 });
    tx.write(enc.encode(heartbeat()));
    await gcs.waitForVehicle(3_000);

    const rand = mulberry32(42);
    const ids = [...CRC_EXTRA.keys()].filter((id) => CRC_EXTRA[id] >= 0);
    let sent = 0;
    for (let round = 0; round < 3; round++) {
      for (const id of ids) {
        const len = Math.floor(rand() * (PAYLOAD_LENGTH[id] + 1)); // truncated, full, and empty payloads
        const payload = Uint8Array.from({ length: len }, () => Math.floor(rand() * 256));
        tx.write(rawFrame(1, 1, sent & 0xff, id, payload));
        sent++;
        if (sent % 40 === 0) tx.write(Uint8Array.from({ length: 64 }, () => Math.floor(rand() * 256)));
        if (sent % 10 === 0) await new Promise((r) => setTimeout(r, 1)); // pace the datagrams
      }
    }
    // Loopback UDP may still drop a few datagrams on a loaded machine: most, not all, must arrive.
    await until('the hostile frames', () => gcs.connection.stats().scan.frames >= sent * 0.9, 10_000);
    expect(errors).toEqual([]);
    expect(gcs.connection.stats().listenerErrors).toBe(0);

    // Still tracking the vehicle correctly afterwards.
    const pos = Object.assign(new common.GlobalPositionInt(), { timeBootMs: 1, lat: 223_456_789, lon: 1_140_123_456, alt: 30_000, relativeAlt: 12_000, vx: 0, vy: 0, vz: 0, hdg: 9000 });
    tx.write(enc.encode(heartbeat()));
    tx.write(enc.encode(pos));
    await until('the real position', () => gcs.vehicles.list()[0]?.snapshot().lat === 22.3456789);
    const snap = gcs.vehicles.list()[0].snapshot();
    expect(snap).toMatchObject({ lon: 114.0123456, alt_rel_m: 12, heading_deg: 90 });
    expect(() => JSON.stringify(gcs.vehicles.snapshot())).not.toThrow();
  }, 30_000);

  it('a listener that throws is reported and does not stop the others or the recording', async () => {
    const rx = await link('udpin:127.0.0.1:0');
    const written: number[] = [];
    const conn = new MavConnection({ link: rx, recorder: { write: (raw) => written.push(raw.length) } });
    cleanups.push(() => conn.dispose());
    const errors: string[] = [];
    conn.onError((err, where) => errors.push(`${where}: ${err.message}`));
    conn.onMessage(() => {
      throw new Error('boom');
    });
    let seen = 0;
    conn.onMessage(() => seen++);
    const tx = await link(`udpout:127.0.0.1:${rx.localPort}`);
    const enc = new FrameEncoder({ sysid: 3, compid: 1 });
    for (let i = 0; i < 5; i++) tx.write(enc.encode(heartbeat()));
    await until('five messages', () => seen === 5);
    expect(written).toHaveLength(5);
    expect(conn.stats().listenerErrors).toBe(5);
    expect(errors[0]).toMatch(/udpin:127\.0\.0\.1:0: handling message 0 from 3\/1: boom/);
  });
});

describe('GcsSession.waitForVehicle', () => {
  it("times out on the session's clock (a fake one here), and resolves at once when a vehicle is heard", async () => {
    const clock = new FakeClock();
    const gcs = await GcsSession.open({ uri: 'udpin:127.0.0.1:0', clock, active: false });
    cleanups.push(() => gcs.close());
    let settled: unknown = 'pending';
    void gcs.waitForVehicle(60_000).then((v) => (settled = v));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe('pending');
    clock.advance(60_000); // no real minute passes
    await until('the wait to end on the fake clock', () => settled !== 'pending', 1_000);
    expect(settled).toBeNull();

    const waiting = gcs.waitForVehicle(60_000);
    const tx = await link(`udpout:127.0.0.1:${gcs.link.localPort}`);
    tx.write(new FrameEncoder({ sysid: 7, compid: 1 }).encode(heartbeat()));
    expect((await waiting)?.sysid).toBe(7);
  });
});
