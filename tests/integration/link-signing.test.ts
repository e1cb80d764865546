// MAVLink 2 signing on a ground-station session (mavlink/link-signing.ts through MavConnection and GcsSession), on
// real TCP sockets: a peer signing with node-mavlink's independent signer is heard, frames signed with another key,
// unsigned, replayed or stale are dropped before they reach the vehicle state and counted; our own frames go out
// signed (and node-mavlink verifies them); the last timestamp survives a restart with the clock set back; a tlog
// recorded over a signed link reads back with the project's reader, every frame signed.
import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { common, minimal, MavLinkPacketSignature, MavLinkProtocolV2, type MavLinkData } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameEncoder } from '../../mavlink/encoder';
import type { Frame } from '../../mavlink/frame';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { GcsSession } from '../../mavlink/gcs-session';
import { LinkSigning, restartMargin_10us } from '../../mavlink/link-signing';
import { openLink } from '../../mavlink/links/open-link';
import type { Link } from '../../mavlink/links/link';
import { signatureFields, signingKeyFromPassphrase, timestamp10us, verifySignature } from '../../mavlink/signing';
import { readTlog } from '../../mavlink/tlog/reader';
import { tlogInfo } from '../../mavlink/tlog/info';
import { waitUntil } from '../helpers/link-probe';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const PASSPHRASE = 'watchpost patrol key';
const KEY = signingKeyFromPassphrase(PASSPHRASE);
const OTHER_KEY = signingKeyFromPassphrase('not the patrol key');
const MINUTE_10US = 6_000_000;
const until = (what: string, cond: () => boolean, timeout_ms = 5_000): Promise<void> => waitUntil(cond, what, timeout_ms);

function heartbeat(): minimal.Heartbeat {
  return Object.assign(new minimal.Heartbeat(), {
    type: minimal.MavType.QUADROTOR, autopilot: minimal.MavAutopilot.ARDUPILOTMEGA, baseMode: minimal.MavModeFlag.CUSTOM_MODE_ENABLED,
    customMode: 4, systemStatus: minimal.MavState.STANDBY, mavlinkVersion: 3,
  });
}

function position(lat_deg: number): common.GlobalPositionInt {
  return Object.assign(new common.GlobalPositionInt(), {
    timeBootMs: 1000, lat: Math.round(lat_deg * 1e7), lon: 1_140_123_456, alt: 30_000, relativeAlt: 12_000, vx: 0, vy: 0, vz: 0, hdg: 9000,
  });
}

/** A vehicle's frame signed by node-mavlink (its sendSigned's way: the flag set before serialising), at `t_ms`. */
function nodeSigned(msg: MavLinkData, key: Uint8Array, t_ms: number, sysid = 1, seq = 0): Uint8Array {
  const protocol = new MavLinkProtocolV2(sysid, 1, MavLinkProtocolV2.IFLAG_SIGNED);
  return new Uint8Array(protocol.sign(protocol.serialize(msg, seq), 0, Buffer.from(key), t_ms));
}

async function link(uri: string): Promise<Link> {
  const l = await openLink(uri);
  cleanups.push(() => l.close());
  return l;
}

async function session(opts: Partial<Parameters<typeof GcsSession.open>[0]> = {}): Promise<GcsSession> {
  const s = await GcsSession.open({ uri: 'tcpin:127.0.0.1:0', ...opts });
  cleanups.push(() => s.close());
  return s;
}

/** Frames the peer receives, scanned. */
function frames(l: Link): Frame[] {
  const scanner = new FrameScanner();
  const got: Frame[] = [];
  l.onData((chunk) => scanner.push(chunk, (f) => got.push(f)));
  return got;
}

describe('a session that requires signing', () => {
  it('hears a vehicle that node-mavlink signs, and drops (and counts) wrong keys, unsigned, replayed and stale frames', async () => {
    const gcs = await session({ signing: { key: KEY, link_id: 3, require: true } });
    const peer = await link(`tcp:127.0.0.1:${gcs.link.localPort}`);
    const now_ms = Date.now();
    let seq = 0;
    // Impostors first: sysid 2 with another key, sysid 4 unsigned, sysid 5 signed with our key two minutes ago.
    peer.write(nodeSigned(heartbeat(), OTHER_KEY, now_ms, 2, seq++));
    peer.write(new FrameEncoder({ sysid: 4, compid: 1 }).encode(heartbeat()));
    peer.write(nodeSigned(heartbeat(), KEY, now_ms - 120_000, 5, seq++));
    // The real vehicle, then a replay of its position signed with the same key (the same bytes again)…
    const hb = nodeSigned(heartbeat(), KEY, now_ms, 1, seq++);
    const pos = nodeSigned(position(22.5), KEY, now_ms + 1, 1, seq++);
    peer.write(hb);
    peer.write(pos);
    await until('the vehicle', () => gcs.vehicles.list().length > 0);
    await until('its position', () => gcs.vehicles.list()[0].snapshot().lat !== null);
    // …and a forged position signed with the wrong key, and a replay of an old position under a new one.
    peer.write(nodeSigned(position(40), OTHER_KEY, now_ms + 2, 1, seq++));
    peer.write(pos);
    peer.write(nodeSigned(heartbeat(), KEY, now_ms + 3, 1, seq++)); // a last good frame: everything before it was handled
    await until('the last frame', () => (gcs.connection.stats().signing?.signed_ok ?? 0) === 3);

    expect(gcs.vehicles.list().map((v) => v.sysid)).toEqual([1]);
    expect(gcs.vehicles.list()[0].snapshot().lat).toBeCloseTo(22.5, 6);
    expect(gcs.connection.stats().signing).toEqual({
      signed_ok: 3, unsigned_accepted: 0, unsigned_dropped: 1, bad_signature: 2, replay: 1, out_of_window: 1, signed_out: expect.any(Number),
    });
    // Sequence statistics only count the frames accepted.
    expect(gcs.connection.stats().systems.map((s) => s.sysid)).toEqual([1]);
  });

  it('signs everything it sends: node-mavlink verifies our frames, timestamps strictly increase, with our link id', async () => {
    const gcs = await session({ signing: { key: KEY, link_id: 7, require: true } });
    const peer = await link(`tcp:127.0.0.1:${gcs.link.localPort}`);
    const got = frames(peer);
    peer.write(nodeSigned(heartbeat(), KEY, Date.now()));
    await until('the vehicle', () => gcs.vehicles.list().length > 0);
    // Our heartbeat (1 Hz) and the telemetry requests that follow the vehicle's first heartbeat.
    await until('our frames', () => got.length >= 4, 5_000);
    let last = 0;
    for (const f of got) {
      expect(f.signed).toBe(true);
      const sig = new MavLinkPacketSignature(Buffer.from(f.raw));
      expect(sig.matches(MavLinkPacketSignature.key(PASSPHRASE))).toBe(true);
      expect(sig.linkId).toBe(7);
      expect(sig.timestamp).toBeGreaterThan(last);
      last = sig.timestamp;
    }
    expect(Math.abs(last - timestamp10us())).toBeLessThan(10 * 100_000);
    const stats = gcs.connection.stats();
    expect(stats.signing?.signed_out).toBe(stats.framesOut); // (the first heartbeat went out before the peer connected)
  });

  it('never signs below the newest timestamp heard from the vehicle (whose window judges our new streams)', async () => {
    const gcs = await session({ signing: { key: KEY, link_id: 0, require: true } });
    const peer = await link(`tcp:127.0.0.1:${gcs.link.localPort}`);
    const got = frames(peer);
    // A vehicle whose clock is ten minutes ahead of ours (ArduPilot runs its signing clock from GPS time).
    const ahead_ms = Date.now() + 10 * 60_000;
    peer.write(nodeSigned(heartbeat(), KEY, ahead_ms));
    await until('the vehicle', () => gcs.vehicles.list().length > 0);
    const before = got.length;
    await until('a frame after it', () => got.length > before, 5_000);
    expect(signatureFields(got[got.length - 1].raw).timestamp_10us).toBeGreaterThan(timestamp10us(ahead_ms));
  });
});

describe('changing the signing of an open session (startSigning)', () => {
  it('only `require` changed: the streams heard are kept, so a frame accepted before is a replay after', async () => {
    const gcs = await session({ signing: { key: KEY, link_id: 0, require: false } });
    const peer = await link(`tcp:127.0.0.1:${gcs.link.localPort}`);
    const captured = nodeSigned(heartbeat(), KEY, Date.now());
    peer.write(captured);
    await until('the vehicle', () => gcs.connection.stats().signing?.signed_ok === 1);
    await gcs.startSigning({ key: Uint8Array.from(KEY), link_id: 0, require: true });
    expect(gcs.connection.stats().signing).toMatchObject({ signed_ok: 0, replay: 0 });
    peer.write(captured);
    peer.write(new FrameEncoder({ sysid: 1, compid: 1 }).encode(heartbeat())); // unsigned: now dropped
    await until('both judged', () => {
      const st = gcs.connection.stats().signing;
      return st !== null && st.replay + st.signed_ok + st.unsigned_dropped + st.unsigned_accepted === 2;
    });
    expect(gcs.connection.stats().signing).toMatchObject({ replay: 1, signed_ok: 0, unsigned_dropped: 1 });
    // Our timestamps go on increasing across the change.
    const before = gcs.connection.send(heartbeat());
    await gcs.startSigning({ key: KEY, link_id: 0, require: false });
    const after = gcs.connection.send(heartbeat());
    expect(signatureFields(after).timestamp_10us).toBeGreaterThan(signatureFields(before).timestamp_10us);
  });

  it('another key: the new signing never signs below the previous one\'s last timestamp (the vehicle keeps its streams)', async () => {
    const gcs = await session({ signing: { key: KEY, link_id: 0, require: true } });
    const peer = await link(`tcp:127.0.0.1:${gcs.link.localPort}`);
    // A vehicle ten minutes ahead: our timestamps follow it.
    peer.write(nodeSigned(heartbeat(), KEY, Date.now() + 10 * 60_000));
    await until('the vehicle', () => gcs.connection.stats().signing?.signed_ok === 1);
    const last = signatureFields(gcs.connection.send(heartbeat())).timestamp_10us;
    expect(last).toBeGreaterThan(timestamp10us() + 9 * MINUTE_10US);
    await gcs.startSigning({ key: OTHER_KEY, link_id: 0, require: true });
    const next = gcs.connection.send(heartbeat());
    expect(verifySignature(next, OTHER_KEY)).toBe(true);
    expect(signatureFields(next).timestamp_10us).toBeGreaterThan(last);
  });

  it('saves the previous signing\'s timestamp before the new one reads the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-signing-'));
    const file = join(dir, 'signing-timestamp.json');
    const gcs = await session({ signing: { key: KEY, link_id: 0, require: true, timestamp_file: file } });
    const last = signatureFields(gcs.connection.send(heartbeat())).timestamp_10us;
    await gcs.startSigning({ key: OTHER_KEY, link_id: 0, require: true, timestamp_file: file });
    expect(JSON.parse(readFileSync(file, 'utf8')).last_timestamp_10us).toBeGreaterThanOrEqual(last);
    // Seeded from that save plus the restart margin.
    expect(signatureFields(gcs.connection.send(heartbeat())).timestamp_10us).toBeGreaterThan(last + restartMargin_10us(5000));
  });

  it('a bad config changes nothing', async () => {
    const gcs = await session({ signing: { key: KEY, link_id: 0, require: true } });
    await expect(gcs.startSigning({ key: OTHER_KEY, link_id: 300, require: true })).rejects.toThrow(/link id must be an integer 0\.\.255, got 300/);
    expect(verifySignature(gcs.connection.send(heartbeat()), KEY)).toBe(true);
  });
});

describe('a session that signs but does not require it', () => {
  it('takes unsigned frames, still drops a wrong signature', async () => {
    const gcs = await session({ signing: { key: KEY, link_id: 0, require: false } });
    const peer = await link(`tcp:127.0.0.1:${gcs.link.localPort}`);
    peer.write(new FrameEncoder({ sysid: 1, compid: 1 }).encode(heartbeat()));
    peer.write(nodeSigned(heartbeat(), OTHER_KEY, Date.now(), 2));
    peer.write(nodeSigned(heartbeat(), KEY, Date.now(), 3));
    await until('two vehicles', () => gcs.vehicles.list().length === 2);
    await until('all counted', () => {
      const s = gcs.connection.stats().signing;
      return s !== null && s.unsigned_accepted + s.bad_signature + s.signed_ok === 3;
    });
    expect(gcs.vehicles.list().map((v) => v.sysid).sort()).toEqual([1, 3]);
    expect(gcs.connection.stats().signing).toMatchObject({ signed_ok: 1, unsigned_accepted: 1, bad_signature: 1, unsigned_dropped: 0 });
  });

  it('a session without signing reports no signing statistics', async () => {
    const gcs = await session();
    expect(gcs.connection.stats().signing).toBeNull();
  });
});

describe('the last timestamp across restarts', () => {
  const unsignedHeartbeat = (): Uint8Array => new FrameEncoder({ sysid: 255, compid: 190 }).encode(heartbeat());

  it('is kept in an owner-only file and read back: with the clock set back an hour, timestamps still increase', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-signing-'));
    const file = join(dir, 'sub', 'signing-timestamp.json');
    const T = timestamp10us();
    const first = await LinkSigning.open({ key: KEY, link_id: 0, require: true, timestamp_file: file }, { now_10us: () => T });
    let last = 0;
    for (let i = 0; i < 100; i++) last = signatureFields(first.sign(unsignedHeartbeat())).timestamp_10us;
    expect(last).toBe(T + 99);
    await first.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toEqual({ format: 'watchpost-signing-timestamp', version: 1, last_timestamp_10us: T + 99 });
    expect(readFileSync(file, 'utf8')).not.toContain(Buffer.from(KEY).toString('hex'));

    const second = await LinkSigning.open({ key: KEY, link_id: 0, require: true, timestamp_file: file }, { now_10us: () => T - 60 * MINUTE_10US });
    const next = signatureFields(second.sign(unsignedHeartbeat())).timestamp_10us;
    expect(next).toBeGreaterThan(T + 99);
    await second.close();
    // The file keeps the highest timestamp, whoever wrote last.
    const third = await LinkSigning.open({ key: KEY, link_id: 1, require: true, timestamp_file: file }, { now_10us: () => T - 120 * MINUTE_10US });
    await third.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).last_timestamp_10us).toBeGreaterThanOrEqual(next);
  });

  it('is saved while sending at most every save interval, not on every frame', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-signing-'));
    const file = join(dir, 'signing-timestamp.json');
    const s = await LinkSigning.open({ key: KEY, link_id: 0, require: true, timestamp_file: file }, { save_interval_ms: 200 });
    for (let i = 0; i < 50; i++) s.sign(unsignedHeartbeat());
    expect(() => statSync(file)).toThrow(/ENOENT/);
    await new Promise((r) => setTimeout(r, 250));
    s.sign(unsignedHeartbeat());
    await until('the periodic save', () => readdirSync(dir).includes('signing-timestamp.json'), 2_000);
    await until('the value', () => JSON.parse(readFileSync(file, 'utf8')).last_timestamp_10us === s.lastTimestamp, 2_000);
    await s.close();
  });

  it('a damaged file is set aside (never overwritten), reported, and signing starts from the clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-signing-'));
    const file = join(dir, 'signing-timestamp.json');
    writeFileSync(file, 'not json at all');
    const errors: string[] = [];
    const s = await LinkSigning.open({ key: KEY, link_id: 0, require: true, timestamp_file: file }, { onError: (e) => errors.push(e.message) });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/signing-timestamp\.json: not a Watchpost signing timestamp; moved to .*damaged-/);
    const aside = readdirSync(dir).find((n) => n.includes('.damaged-'));
    expect(aside && readFileSync(join(dir, aside), 'utf8')).toBe('not json at all');
    const t = signatureFields(s.sign(unsignedHeartbeat())).timestamp_10us;
    expect(Math.abs(t - timestamp10us())).toBeLessThan(100_000);
    await s.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).last_timestamp_10us).toBe(t);
  });

  it('restarts at least two save intervals past the saved timestamp (plus slack), as ArduPilot adds a minute to a 30 s save', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-signing-'));
    const file = join(dir, 'signing-timestamp.json');
    const S = timestamp10us();
    writeFileSync(file, JSON.stringify({ format: 'watchpost-signing-timestamp', version: 1, last_timestamp_10us: S }));
    for (const interval of [5000, 200]) {
      // The clock set back an hour: the first timestamp comes from the file alone.
      const s = await LinkSigning.open({ key: KEY, link_id: 0, require: true, timestamp_file: file }, { now_10us: () => S - 60 * MINUTE_10US, save_interval_ms: interval });
      const first = signatureFields(s.sign(unsignedHeartbeat())).timestamp_10us;
      expect(first).toBeGreaterThan(S + 2 * interval * 100);
      expect(first).toBe(S + restartMargin_10us(interval) + 1);
      // Well inside the vehicle's one-minute window, so a vehicle with a right clock still hears our new streams.
      expect(restartMargin_10us(interval)).toBeLessThan(MINUTE_10US / 2);
    }
  });

  it('saves at once after adopting a newer timestamp from the peer, so a kill -9 then cannot make it reuse timestamps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-signing-'));
    const file = join(dir, 'signing-timestamp.json');
    const T = timestamp10us();
    const first = await LinkSigning.open({ key: KEY, link_id: 0, require: true, timestamp_file: file }, { now_10us: () => T });
    // Nothing sent yet; a vehicle whose clock is an hour ahead speaks; our next frame adopts its time.
    const vehicle: Frame[] = [];
    new FrameScanner().push(nodeSigned(heartbeat(), KEY, Date.now() + 3_600_000), (f) => vehicle.push(f));
    expect(first.accept(vehicle[0])).toBe(true);
    const sent = signatureFields(first.sign(unsignedHeartbeat())).timestamp_10us;
    expect(sent).toBeGreaterThan(T + 59 * MINUTE_10US);
    // Saved right away, not at the next save interval (5 s): killed now (never closed), the file already has it.
    await until('the save', () => readdirSync(dir).includes('signing-timestamp.json') && JSON.parse(readFileSync(file, 'utf8')).last_timestamp_10us === sent, 2_000);
    const second = await LinkSigning.open({ key: KEY, link_id: 0, require: true, timestamp_file: file }, { now_10us: () => T });
    expect(signatureFields(second.sign(unsignedHeartbeat())).timestamp_10us).toBeGreaterThan(sent);
    await second.close();
  });

  it('refuses a link id outside 0..255 without naming the key', async () => {
    await expect(LinkSigning.open({ key: KEY, link_id: 256, require: true })).rejects.toThrow(/link id must be an integer 0\.\.255, got 256/);
  });
});

describe('recording a signed link', () => {
  it('the tlog holds the signed frames as they were on the wire (the dropped ones left out) and reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-signing-'));
    const tlog = join(dir, 'signed.tlog');
    const gcs = await GcsSession.open({ uri: 'tcpin:127.0.0.1:0', recordPath: tlog, signing: { key: KEY, link_id: 2, require: true } });
    const peer = await link(`tcp:127.0.0.1:${gcs.link.localPort}`);
    const got = frames(peer);
    const t0 = Date.now();
    const sent: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) {
      const f = nodeSigned(i % 2 ? position(22.5 + i / 1000) : heartbeat(), KEY, t0 + i, 1, i);
      sent.push(f);
      peer.write(f);
    }
    peer.write(nodeSigned(heartbeat(), OTHER_KEY, t0 + 100, 1, 20)); // dropped: not recorded
    await until('all counted', () => {
      const s = gcs.connection.stats().signing;
      return s !== null && s.signed_ok === 20 && s.bad_signature === 1;
    });
    await until('our telemetry requests', () => got.length >= 3);
    const out = gcs.connection.stats().framesOut;
    await gcs.close();

    const records = [];
    for await (const rec of readTlog(tlog)) records.push(rec);
    expect(records).toHaveLength(20 + out);
    expect(records.every((r) => r.frame.signed && verifySignature(r.frame.raw, KEY))).toBe(true);
    const received = records.filter((r) => r.frame.sysid === 1).map((r) => Buffer.from(r.frame.raw).toString('hex'));
    expect(received).toEqual(sent.map((f) => Buffer.from(f).toString('hex')));
    expect(records.filter((r) => r.frame.sysid === 255)).toHaveLength(out);
    const info = await tlogInfo(tlog);
    expect(info.frames).toEqual({ v1: 0, v2: 20 + out, signed: 20 + out });
    expect(info.bad_crc).toBe(0);
    expect(info.messages.GLOBAL_POSITION_INT).toBe(10);
  });
});
