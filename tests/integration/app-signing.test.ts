// MAVLink 2 signing in the app (issue 13, point 1), through the real browser-mode API over a real WebSocket, with the
// app's own simulated copter requiring signing on a loopback TCP port: the key stored for the link's URI (in
// signing-keys.json, owner-only) makes the link hear the vehicle and command it; with a wrong key the vehicle's
// frames are dropped, counted, never acted on and not recorded; with none the vehicle ignores our commands and the
// summary says it signs; a key changed while the link is open applies at once; no answer, event or log line holds a
// key. "Send key to vehicle" (sendSigningKey) gives a keyless simulator (in this process, so that what it hears can be
// counted) the link's key with SETUP_SIGNING, as `watchpost signing setup` does: it then requires the key, and an armed
// vehicle is refused before anything is sent. And a wrong-key period leaves no false loss figure behind.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { common } from 'node-mavlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import type { LinkSummary, LiveVehicle } from '../../electron/api';
import { SIGNING_TIMESTAMP_FILE } from '../../electron/services/data-dir';
import { keyFingerprint, SIGNING_KEYS_FILE } from '../../electron/services/signing-keys';
import { GcsSession } from '../../mavlink/gcs-session';
import { createLink } from '../../mavlink/links/open-link';
import { signatureFields, signingKeyFromPassphrase, verifySignature } from '../../mavlink/signing';
import { SETUP_SIGNING_MSGID } from '../../mavlink/sim/signing';
import { startSimulator, type SimulatorHandle } from '../../mavlink/sim/simulator';
import { readTlog, type TlogRecord } from '../../mavlink/tlog/reader';
import { tlogInfo } from '../../mavlink/tlog/info';
import { closeAll, connect, events, failure, ok, serve, temp, until } from '../helpers/browser-api';

const DEMO_HOME = { lat_deg: 34.7505859, lon_deg: 113.7492901, alt_m: 100 };
const PASSPHRASE = 'north gate patrol 2026';
const KEY = signingKeyFromPassphrase(PASSPHRASE);
const KEY_HEX = Buffer.from(KEY).toString('hex');
const WRONG = 'south gate patrol 2026';
const WRONG_KEY_HEX = Buffer.from(signingKeyFromPassphrase(WRONG)).toString('hex');
/** What must never appear in an answer, an event or a log line. */
const SECRETS = [PASSPHRASE, KEY_HEX, KEY_HEX.toUpperCase(), WRONG, WRONG_KEY_HEX];

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanups.splice(0).reverse()) await c();
  await closeAll();
});

/** Every message the page receives (answers and events), as text. */
function wire(ws: WebSocket): string[] {
  const all: string[] = [];
  ws.on('message', (data) => all.push(String(data)));
  return all;
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) for (const s of SECRETS) expect(text.includes(s), `a key or passphrase in: ${text.slice(0, 200)}`).toBe(false);
}

/** Everything written to the console while the test runs (the server runs in this process). */
function consoleLines(): string[] {
  const lines: string[] = [];
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  }
  return lines;
}

function latest(links: { all: Array<{ payload: LinkSummary[] }> }, id: string): LinkSummary | undefined {
  return links.all.at(-1)?.payload.find((l) => l.id === id);
}

describe('MAVLink 2 signing through the app API', () => {
  it('the right key: telemetry heard, a command accepted, every frame signed in the recording; the key never answered', async () => {
    const logs = consoleLines();
    const dataDir = temp();
    const ws = await connect((await serve(dataDir)).url);
    const seen = wire(ws);
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    const links = events<LinkSummary[]>(ws, 'links');

    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 5, signing_key: PASSPHRASE });
    expect(sim.signing).toBe(true);
    expect(await ok(ws, 'signingKeys')).toEqual({ keys: [], problem: null });
    const entry = await ok(ws, 'setSigningKey', sim.uri, { key: PASSPHRASE, require: true });
    expect(entry).toEqual({ link_uri: sim.uri, fingerprint: keyFingerprint(KEY), require: true, added_utc: expect.any(String) });
    // The key file: owner-only, holding the key (SHA-256 of the passphrase), never the passphrase.
    const file = join(dataDir, SIGNING_KEYS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(KEY_HEX);
    expect(text).not.toContain(PASSPHRASE);
    expect(await ok(ws, 'signingKeys')).toEqual({ keys: [entry], problem: null });

    const link = await ok(ws, 'openLink', sim.uri);
    expect(link.signing).toMatchObject({ state: 'required', fingerprint: keyFingerprint(KEY) });
    const v = await until('vehicle 1 with a position, over the signed link', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && x.lat !== null), 15_000);
    expect(Math.abs((v.lat ?? 0) - DEMO_HOME.lat_deg)).toBeLessThan(1e-3);
    const action = await ok(ws, 'vehicleAction', link.id, { action: 'mode', mode: 'LOITER' });
    expect(action).toMatchObject({ ok: true, result: 'accepted' });
    await until('LOITER reported by the vehicle', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && x.mode === 'LOITER'), 10_000);
    const summary = await until('signed frames counted', () => {
      const l = latest(links, link.id);
      return l && l.signing.signed_ok > 20 && l.signing.signed_out > 0 ? l : undefined;
    });
    expect(summary.signing).toMatchObject({ state: 'required', fingerprint: keyFingerprint(KEY), unsigned_dropped: 0, bad_signature: 0, replayed: 0, out_of_window: 0, signed_unchecked: 0 });

    await ok(ws, 'closeLink', link.id);
    // Every frame recorded, theirs and ours, is signed.
    const info = await tlogInfo(link.tlog_path);
    expect(info.systems.map((s) => s.sysid)).toEqual(expect.arrayContaining([1, 255]));
    expect(info.frames.signed).toBe(info.frames.v2);
    expect(info.frames.signed).toBeGreaterThan(50);

    expect(await ok(ws, 'removeSigningKey', sim.uri)).toEqual({ removed: true });
    expect(await ok(ws, 'removeSigningKey', sim.uri)).toEqual({ removed: false });
    expect((await ok(ws, 'signingKeys')).keys).toEqual([]);
    expectNoSecret(seen);
    expectNoSecret(logs);
  }, 60_000);

  it('a wrong key: the vehicle dropped and counted, nothing recorded of it, no command; the right key applies to the open link at once', async () => {
    const logs = consoleLines();
    const dataDir = temp();
    const ws = await connect((await serve(dataDir)).url);
    const seen = wire(ws);
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    const links = events<LinkSummary[]>(ws, 'links');
    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 5, signing_key: KEY_HEX });
    const wrong = await ok(ws, 'setSigningKey', sim.uri, { key: WRONG, require: true });
    const link = await ok(ws, 'openLink', sim.uri);

    const dropped = await until('frames with a bad signature counted', () => {
      const l = latest(links, link.id);
      return l && l.signing.bad_signature > 10 ? l : undefined;
    });
    expect(dropped.signing).toMatchObject({ state: 'required', fingerprint: wrong.fingerprint, signed_ok: 0 });
    expect(dropped.sysids).toEqual([]);
    expect(dropped.last_heard_utc).toBeNull(); // nothing was acted on: not even "heard"
    expect(vehicles.all.every((e) => e.payload.length === 0)).toBe(true);
    expect(await failure(ws, 'vehicleAction', [link.id, { action: 'mode', mode: 'LOITER' }])).toMatch(/no vehicle heard/);
    expect((await ok(ws, 'links')).find((l) => l.id === link.id)?.signing.bad_signature).toBeGreaterThan(10);

    // The right key, typed as 64 hex digits, while the link is open: same link, same recording, heard at once.
    const rightSet_us = Date.now() * 1000;
    const right = await ok(ws, 'setSigningKey', sim.uri, { key: KEY_HEX, require: true });
    expect(right.fingerprint).toBe(keyFingerprint(KEY));
    await until('vehicle 1 heard after the key changed', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && x.lat !== null), 15_000);
    const fixed = await until('the link signing with the right key', () => {
      const l = latest(links, link.id);
      return l && l.signing.fingerprint === right.fingerprint && l.signing.signed_ok > 5 ? l : undefined;
    });
    expect(fixed.signing).toMatchObject({ state: 'required', bad_signature: 0 }); // counters start again with the key
    expect((await ok(ws, 'vehicleAction', link.id, { action: 'mode', mode: 'LOITER' })).ok).toBe(true);

    // Only require changes (the key kept): signing, unsigned frames would pass.
    const relaxed = await ok(ws, 'setSigningKey', sim.uri, { require: false });
    expect(relaxed).toMatchObject({ fingerprint: right.fingerprint, require: false });
    await until('the link signing without requiring it', () => (latest(links, link.id)?.signing.state === 'signing' ? true : undefined));

    await ok(ws, 'closeLink', link.id);
    // The recording holds the vehicle only from the moment the right key was set, every frame of it signed with that
    // key: none of the frames dropped before.
    const theirs: TlogRecord[] = [];
    for await (const rec of readTlog(link.tlog_path)) if (rec.frame.sysid === 1) theirs.push(rec);
    expect(theirs.length).toBeGreaterThan(5);
    expect(theirs.every((r) => verifySignature(r.frame.raw, KEY))).toBe(true);
    expect(Math.min(...theirs.map((r) => r.t_us))).toBeGreaterThanOrEqual(rightSet_us);
    expectNoSecret(seen);
    expectNoSecret(logs);
  }, 60_000);

  it('no key: the vehicle heard (its frames signed, unchecked) but deaf to our unsigned commands, and the summary says so', async () => {
    const ws = await connect((await serve(temp())).url);
    const links = events<LinkSummary[]>(ws, 'links');
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 5, signing_key: PASSPHRASE });
    const link = await ok(ws, 'openLink', sim.uri);
    expect(link.signing.state).toBe('off');
    await until('vehicle 1 heard', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1));
    const off = await until('signed frames seen on a link without a key', () => {
      const l = latest(links, link.id);
      return l && l.signing.signed_unchecked > 10 ? l : undefined;
    });
    expect(off.signing).toMatchObject({ state: 'off', fingerprint: null, signed_ok: 0, signed_out: 0 });
    const action = await ok(ws, 'vehicleAction', link.id, { action: 'mode', mode: 'LOITER' });
    expect(action).toMatchObject({ ok: false, result: 'timeout' });
    expect(vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1)?.mode).not.toBe('LOITER');
  }, 60_000);

  it('a vehicle that does not sign, with signing required: its frames dropped as unsigned, none recorded', async () => {
    const ws = await connect((await serve(temp())).url);
    const links = events<LinkSummary[]>(ws, 'links');
    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 5 });
    expect(sim.signing).toBe(false);
    await ok(ws, 'setSigningKey', sim.uri, { key: PASSPHRASE, require: true });
    const link = await ok(ws, 'openLink', sim.uri);
    const l = await until('unsigned frames dropped', () => {
      const x = latest(links, link.id);
      return x && x.signing.unsigned_dropped > 10 ? x : undefined;
    });
    expect(l.signing).toMatchObject({ state: 'required', signed_ok: 0, unsigned_accepted: 0 });
    expect(l.sysids).toEqual([]);
    // Removing the key while open: the link stops signing and hears the vehicle.
    const removed_us = Date.now() * 1000;
    expect(await ok(ws, 'removeSigningKey', sim.uri)).toEqual({ removed: true });
    await until('vehicle heard once the key is removed', () => (latest(links, link.id)?.sysids.includes(1) ? true : undefined));
    expect(latest(links, link.id)?.signing.state).toBe('off');
    await ok(ws, 'closeLink', link.id);
    // The vehicle's frames are in the recording only from the key's removal on; ours were signed until then.
    const records: TlogRecord[] = [];
    for await (const rec of readTlog(link.tlog_path)) records.push(rec);
    const theirs = records.filter((r) => r.frame.sysid === 1);
    expect(theirs.length).toBeGreaterThan(5);
    expect(Math.min(...theirs.map((r) => r.t_us))).toBeGreaterThanOrEqual(removed_us);
    const ours = records.filter((r) => r.frame.sysid === 255);
    expect(ours.filter((r) => r.t_us < removed_us).every((r) => r.frame.signed && verifySignature(r.frame.raw, KEY))).toBe(true);
    expect(ours.filter((r) => r.t_us > removed_us + 500_000).every((r) => !r.frame.signed)).toBe(true);
  }, 60_000);

  it('a damaged key file: links fail closed (every frame dropped, nothing acted on or recorded) and say why; saving a key sets the file aside and every link works again', async () => {
    const logs = consoleLines();
    const dataDir = temp();
    const ws = await connect((await serve(dataDir)).url);
    const links = events<LinkSummary[]>(ws, 'links');
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    const damaged = `{"format": "watchpost-signing-keys", "version": 1, "links": {"x": {"key_hex": "${KEY_HEX}"`; // cut short
    writeFileSync(join(dataDir, SIGNING_KEYS_FILE), damaged, { mode: 0o600 });
    const listed = await ok(ws, 'signingKeys');
    expect(listed.keys).toEqual([]);
    expect(listed.problem).toMatch(/signing-keys\.json: not JSON \(line 1, column \d+\)/);
    // Two copters that do not sign at all (what a spoofer sends): a link that failed open would take them.
    const a = await keylessSim();
    const b = await keylessSim();
    const linkA = await ok(ws, 'openLink', a.uri);
    const linkB = await ok(ws, 'openLink', b.uri);
    for (const l of [linkA, linkB]) {
      expect(l.signing).toMatchObject({ state: 'required', fingerprint: null, problem: expect.stringMatching(/signing-keys\.json: not JSON/) });
      expect(l.signing.link_id).toEqual(expect.any(Number));
      expect(JSON.stringify(l)).not.toContain(KEY_HEX);
    }
    expect(logs.some((l) => /signing keys: .*signing-keys\.json: not JSON.*drops every frame/.test(l))).toBe(true);
    // Every frame of both vehicles dropped as unsigned: nothing heard, no vehicle, no command possible.
    for (const l of [linkA, linkB]) {
      const x = await until(`unsigned frames dropped on ${l.id}`, () => {
        const y = latest(links, l.id);
        return y && y.signing.unsigned_dropped > 10 ? y : undefined;
      });
      expect(x.signing).toMatchObject({ state: 'required', fingerprint: null, signed_ok: 0, unsigned_accepted: 0, problem: expect.stringMatching(/not JSON/) });
      expect(x.sysids).toEqual([]);
      expect(x.last_heard_utc).toBeNull();
      expect(await failure(ws, 'vehicleAction', [l.id, { action: 'mode', mode: 'LOITER' }])).toMatch(/no vehicle heard/);
    }
    expect(vehicles.all.every((e) => e.payload.length === 0)).toBe(true);
    expect(await failure(ws, 'sendSigningKey', [linkA.id, { sysid: 1 }])).toMatch(/signing keys: .*not JSON.*save the link's key again/);

    // Saving A's key (not required: its copter does not sign) sets the damaged file aside: A signs, B (no key stored
    // for it any more) is off, and both hear their vehicle at once, on the same links and recordings.
    const fixed_us = Date.now() * 1000;
    await ok(ws, 'setSigningKey', a.uri, { key: PASSPHRASE, require: false });
    expect(readdirSync(dataDir).filter((f) => f.startsWith(`${SIGNING_KEYS_FILE}.damaged-`))).toHaveLength(1);
    expect(await ok(ws, 'signingKeys')).toMatchObject({ problem: null, keys: [{ link_uri: a.uri, fingerprint: keyFingerprint(KEY) }] });
    const fixedA = await until('link A heard, signing, once the key was saved', () => {
      const l = latest(links, linkA.id);
      return l && l.signing.state === 'signing' && l.sysids.includes(1) ? l : undefined;
    }, 15_000);
    expect(fixedA.signing).toMatchObject({ fingerprint: keyFingerprint(KEY), problem: null });
    const fixedB = await until('link B heard, off, once the file was set aside', () => {
      const l = latest(links, linkB.id);
      return l && l.signing.state === 'off' && l.sysids.includes(1) ? l : undefined;
    }, 15_000);
    expect(fixedB.signing).toMatchObject({ fingerprint: null, problem: null, link_id: null });
    expect((await ok(ws, 'vehicleAction', linkB.id, { action: 'mode', mode: 'LOITER' })).ok).toBe(true);

    // Nothing of either vehicle was recorded while the file was damaged.
    for (const l of [linkA, linkB]) {
      await ok(ws, 'closeLink', l.id);
      const theirs: TlogRecord[] = [];
      for await (const rec of readTlog(l.tlog_path)) if (rec.frame.sysid === 1) theirs.push(rec);
      expect(theirs.length).toBeGreaterThan(3);
      expect(Math.min(...theirs.map((r) => r.t_us))).toBeGreaterThanOrEqual(fixed_us);
    }
    expectNoSecret(logs);
  }, 60_000);

  it('bad arguments: clear errors that never quote the key', async () => {
    const ws = await connect((await serve(temp())).url);
    const seen = wire(ws);
    const hexish = 'ab'.repeat(20); // 40 hex digits: a mistyped key, not a passphrase
    const e1 = await failure(ws, 'setSigningKey', ['tcp:127.0.0.1:5760', { key: hexish, require: true }]);
    expect(e1).toMatch(/40 hex digits/);
    expect(e1).not.toContain(hexish);
    expect(await failure(ws, 'setSigningKey', ['tcp:127.0.0.1:5760', { require: true }])).toMatch(/no key stored for tcp:127\.0\.0\.1:5760/);
    const e2 = await failure(ws, 'setSigningKey', ['nonsense', { key: PASSPHRASE, require: true }]);
    expect(e2).toMatch(/nonsense/);
    expect(await failure(ws, 'setSigningKey', ['tcp:127.0.0.1:5760', { key: '', require: true }])).toMatch(/argument 1\.key/);
    expect(await failure(ws, 'setSigningKey', ['tcp:127.0.0.1:5760', { key: PASSPHRASE }])).toMatch(/argument 1\.require/);
    const e3 = await failure(ws, 'startSimulator', [{ ...DEMO_HOME, signing_key: hexish }]);
    expect(e3).toMatch(/signing key/);
    expect(e3).not.toContain(hexish);
    expectNoSecret(seen);
  }, 30_000);
});

/** A keyless simulated copter in this process on a loopback TCP server (as signing-cli.test.ts starts it), with the
 *  SETUP_SIGNING messages its vehicle 1 hears (and takes as messages: signed right or sent while keyless) counted. */
async function keylessSim(host = '127.0.0.1'): Promise<{ handle: SimulatorHandle; uri: string; setups: () => number }> {
  // disarm_delay_s 0: armed on the ground, it stays armed (the armed case).
  const handle = await startSimulator({ link: createLink(`tcpin:${host}:0`), speedup: 5, home: DEMO_HOME, vehicle: { disarm_delay_s: 0 } });
  cleanups.push(() => handle.stop());
  let n = 0;
  handle.vehicles[0].onMessage(SETUP_SIGNING_MSGID, () => void n++);
  const port = (handle.link as { localPort?: number }).localPort;
  return { handle, uri: `tcp:${host}:${port}`, setups: () => n };
}

/** An address of this machine that is not loopback (e.g. its LAN address), to serve a simulator the app's link reaches
 *  as a network link would reach an aircraft; undefined on a machine without one. */
function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** The frames of a recording, and whether the key's bytes appear anywhere in the file. */
async function recording(path: string): Promise<{ msgids: Set<number>; keyInFile: boolean }> {
  const msgids = new Set<number>();
  for await (const rec of readTlog(path)) msgids.add(rec.frame.msgid);
  return { msgids, keyInFile: readFileSync(path).includes(Buffer.from(KEY)) };
}

const modeCommand = (custom_mode: number) => ({
  kind: 'long' as const, target: { sysid: 1, compid: 1 }, command: common.MavCmd.DO_SET_MODE, params: [1, custom_mode],
});
const LOITER = 5;

describe('Send key to vehicle (sendSigningKey)', () => {
  it('a keyless simulator gets the link\'s key: then it requires it (a keyless session is ignored) and the app\'s link commands it', async () => {
    const logs = consoleLines();
    const { handle, uri, setups } = await keylessSim();
    const v = handle.vehicles[0];
    const ws = await connect((await serve(temp())).url);
    const seen = wire(ws);
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    const links = events<LinkSummary[]>(ws, 'links');
    // The key saved for the link, not yet required: the link signs, the keyless vehicle's unsigned frames pass.
    const entry = await ok(ws, 'setSigningKey', uri, { key: PASSPHRASE, require: false });
    const link = await ok(ws, 'openLink', uri);
    expect(link.signing).toMatchObject({ state: 'signing', fingerprint: entry.fingerprint });
    await until('vehicle 1 heard, unsigned', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && x.connected));
    expect(v.signing.enabled).toBe(false);

    const out = await ok(ws, 'sendSigningKey', link.id, { sysid: 1 });
    expect(out).toMatchObject({
      ok: true, result: 'ok', link_id: link.id, sysid: 1, compid: 1, fingerprint: keyFingerprint(KEY), command_result: 'accepted', reason: null,
    });
    expect(out.signed_frames_verified).toBeGreaterThan(0);
    expect(Math.abs(out.initial_timestamp_10us - (Date.now() - Date.UTC(2015, 0, 1)) * 100)).toBeLessThan(30 * 100_000);
    // The vehicle heard exactly one SETUP_SIGNING and now signs and checks with the key.
    expect(setups()).toBe(1);
    expect(v.signing.stats()).toMatchObject({ enabled: true, key_changes: 1 });

    // A second session without the key: the vehicle ignores its commands (and counts them dropped).
    const intruder = await GcsSession.open({ uri, requestTelemetry: false });
    cleanups.push(() => intruder.close());
    const dropped = v.signing.stats().unsigned_dropped;
    const r = await intruder.commands.send(modeCommand(LOITER), { timeout_ms: 300, retries: 2 });
    expect(r.result).toBe('timeout');
    expect(v.signing.stats().unsigned_dropped).toBeGreaterThanOrEqual(dropped + 3);
    expect(v.mode).not.toBe(LOITER);

    // The app's link, signing with the key, commands it; required now, it goes on hearing it.
    await ok(ws, 'setSigningKey', uri, { require: true });
    const action = await ok(ws, 'vehicleAction', link.id, { action: 'mode', mode: 'LOITER' });
    expect(action).toMatchObject({ ok: true, result: 'accepted' });
    await until('LOITER reported by the vehicle over the required link', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && x.mode === 'LOITER'), 10_000);
    const l = await until('signed frames counted on the required link', () => {
      const x = latest(links, link.id);
      return x && x.signing.state === 'required' && x.signing.signed_ok > 10 ? x : undefined;
    });
    expect(l.signing).toMatchObject({ bad_signature: 0, replayed: 0, out_of_window: 0 });

    // SETUP_SIGNING carries the key in clear: sent, never recorded.
    await ok(ws, 'closeLink', link.id);
    const rec = await recording(link.tlog_path);
    expect(rec.msgids.has(common.SetupSigning.MSG_ID)).toBe(false);
    expect(rec.keyInFile).toBe(false);
    expect(rec.msgids.has(common.CommandLong.MSG_ID)).toBe(true);
    expectNoSecret(seen);
    expectNoSecret(logs);
  }, 60_000);

  it('a vehicle whose signing time runs ahead of the clock gets the key again and its frames are never taken for replays', async () => {
    // The app's signing time a minute and a half ahead of the clock (kept across runs in signing-timestamp.json, it
    // only grows). The vehicle takes over the newest timestamp it hears, so it signs that far ahead too. SETUP_SIGNING
    // then restarts its time a minute past initial_timestamp (ArduPilot's load_signing_key): from the clock alone that
    // would be behind what it already sent, and its next frames would be dropped here as replays.
    const dataDir = temp();
    const ahead_10us = (Date.now() - Date.UTC(2015, 0, 1) + 90_000) * 100;
    writeFileSync(join(dataDir, SIGNING_TIMESTAMP_FILE), `${JSON.stringify({ format: 'watchpost-signing-timestamp', version: 1, last_timestamp_10us: ahead_10us })}\n`, { mode: 0o600 });
    const handle = await startSimulator({ link: createLink('tcpin:127.0.0.1:0'), speedup: 5, home: DEMO_HOME, signing_key: KEY });
    cleanups.push(() => handle.stop());
    const uri = `tcp:127.0.0.1:${(handle.link as { localPort?: number }).localPort}`;
    const ws = await connect((await serve(dataDir)).url);
    const links = events<LinkSummary[]>(ws, 'links');
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    await ok(ws, 'setSigningKey', uri, { key: PASSPHRASE, require: true });
    const link = await ok(ws, 'openLink', uri);
    await until('vehicle 1 heard over the required link', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && x.connected));
    await until('the vehicle signs ahead of the clock', () => (handle.vehicles[0].signing.timestamp_10us ?? 0) > ahead_10us);

    const out = await ok(ws, 'sendSigningKey', link.id, { sysid: 1 });
    expect(out).toMatchObject({ ok: true, result: 'ok' });
    expect(out.initial_timestamp_10us).toBeGreaterThan(ahead_10us);
    const before = latest(links, link.id)?.signing.signed_ok ?? 0;
    const l = await until('frames signed after the new key counted', () => {
      const x = latest(links, link.id);
      return x && x.signing.signed_ok > before + 40 ? x : undefined;
    }, 15_000);
    expect(l.signing).toMatchObject({ bad_signature: 0, replayed: 0, out_of_window: 0, unsigned_dropped: 0 });
  }, 60_000);

  it('an armed vehicle is refused before anything is sent', async () => {
    const { handle, uri, setups } = await keylessSim();
    const v = handle.vehicles[0];
    v.armed = true; // armed on the ground (disarm_delay_s 0: it stays armed)
    const ws = await connect((await serve(temp())).url);
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    await ok(ws, 'setSigningKey', uri, { key: PASSPHRASE, require: false });
    const link = await ok(ws, 'openLink', uri);
    await until('vehicle 1 heard armed', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && x.armed && x.connected));

    const out = await ok(ws, 'sendSigningKey', link.id, { sysid: 1 });
    expect(out).toMatchObject({ ok: false, result: 'armed', sysid: 1, signed_frames_verified: 0, command_result: null });
    expect(out.reason).toMatch(/vehicle 1 is armed.*disarm first/);
    // Nothing went out: the vehicle heard no SETUP_SIGNING (it would have said "Won't setup signing when armed").
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(setups()).toBe(0);
    expect(v.signing.stats()).toMatchObject({ enabled: false, key_changes: 0 });
    expect(vehicles.all.some((e) => e.payload.some((x) => x.statustext.some((st) => /signing/i.test(st.text))))).toBe(false);
    // Disarmed, the same call gives it the key.
    v.disarmNow('Disarming motors');
    await until('vehicle 1 heard disarmed', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && !x.armed));
    expect((await ok(ws, 'sendSigningKey', link.id, { sysid: 1 })).result).toBe('ok');
    expect(setups()).toBe(1);
  }, 60_000);

  const lan = nonLoopbackAddress();
  it.skipIf(lan === undefined)('a link that is neither serial nor loopback: refused before anything is sent, unless the user confirmed "send over this insecure link"', async () => {
    const logs = consoleLines();
    const { handle, uri, setups } = await keylessSim(lan);
    const v = handle.vehicles[0];
    const ws = await connect((await serve(temp())).url);
    const seen = wire(ws);
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    await ok(ws, 'setSigningKey', uri, { key: PASSPHRASE, require: false });
    const link = await ok(ws, 'openLink', uri);
    await until('vehicle 1 heard over the network address', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && x.connected));

    const out = await ok(ws, 'sendSigningKey', link.id, { sysid: 1 });
    expect(out).toMatchObject({ ok: false, result: 'insecure_link', link_id: link.id, sysid: 1, fingerprint: keyFingerprint(KEY), signed_frames_verified: 0, command_result: null });
    expect(out.reason).toContain(`${uri} is a TCP link to ${lan} (not loopback)`);
    expect(out.reason).toMatch(/carries the key in clear.*confirm "send over this insecure link"/);
    // Nothing went out: the vehicle heard no SETUP_SIGNING and has no key.
    expect(await failure(ws, 'sendSigningKey', [link.id, { sysid: 1, insecure_link: 'yes' }])).toMatch(/argument 1\.insecure_link/);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(setups()).toBe(0);
    expect(v.signing.stats()).toMatchObject({ enabled: false, key_changes: 0 });
    expect((await ok(ws, 'sendSigningKey', link.id, { sysid: 1, insecure_link: false })).result).toBe('insecure_link');
    expect(setups()).toBe(0);

    // Confirmed: sent, and checked both ways as over USB.
    const sent = await ok(ws, 'sendSigningKey', link.id, { sysid: 1, insecure_link: true });
    expect(sent).toMatchObject({ ok: true, result: 'ok', command_result: 'accepted', reason: null });
    expect(setups()).toBe(1);
    expect(v.signing.stats()).toMatchObject({ enabled: true, key_changes: 1 });
    expectNoSecret(seen);
    expectNoSecret(logs);
  }, 60_000);

  it('refuses clearly: no key stored, no such vehicle, bad arguments', async () => {
    const { uri } = await keylessSim();
    const ws = await connect((await serve(temp())).url);
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    const link = await ok(ws, 'openLink', uri);
    await until('vehicle 1 heard', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1));
    expect(await failure(ws, 'sendSigningKey', [link.id, { sysid: 1 }])).toMatch(/no signing key stored for tcp:127\.0\.0\.1:\d+: save one/);
    await ok(ws, 'setSigningKey', uri, { key: PASSPHRASE, require: false });
    expect(await failure(ws, 'sendSigningKey', [link.id, { sysid: 7 }])).toMatch(/no vehicle 7 on tcp:127\.0\.0\.1:\d+/);
    expect(await failure(ws, 'sendSigningKey', ['link-99', { sysid: 1 }])).toMatch(/no open link "link-99"/);
    expect(await failure(ws, 'sendSigningKey', [link.id, {}])).toMatch(/argument 1\.sysid/);
    expect(await failure(ws, 'sendSigningKey', [link.id, { sysid: 1, key: PASSPHRASE }])).toMatch(/argument 1/);
  }, 30_000);
});

describe('loss figures across a key change', () => {
  it('frames dropped under a wrong key leave no false loss: the link\'s and the vehicle\'s loss start again with the key', async () => {
    const ws = await connect((await serve(temp())).url);
    const links = events<LinkSummary[]>(ws, 'links');
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 5, signing_key: PASSPHRASE });
    // No key first (the vehicle heard, its frames unchecked), as the Connections panel's user meets it.
    const link = await ok(ws, 'openLink', sim.uri);
    // (It ignores our unsigned requests for telemetry: heartbeats only, so far.)
    await until('vehicle 1 heard', () => vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1 && x.link_received >= 2), 10_000);
    // A wrong key, required, for well under the 2.5 s after which a silence counts as an outage, not as lost frames.
    await ok(ws, 'setSigningKey', sim.uri, { key: WRONG, require: true });
    await until('frames dropped by the wrong key', () => {
      const l = latest(links, link.id);
      return l && l.signing.bad_signature > 5 ? l : undefined;
    });
    await ok(ws, 'setSigningKey', sim.uri, { key: PASSPHRASE, require: true });
    const l = await until('the right key heard for a while', () => {
      const x = latest(links, link.id);
      return x && x.signing.fingerprint === keyFingerprint(KEY) && x.signing.signed_ok > 150 ? x : undefined;
    }, 20_000);
    // Loopback TCP loses nothing: every figure is 0 (before, the frames dropped by signing read as 5-10 % lost).
    expect(l.loss_pct).toBe(0);
    const v = vehicles.all.at(-1)?.payload.find((x) => x.sysid === 1);
    expect(v?.link_received).toBeGreaterThan(50);
    expect(v?.link_lost).toBe(0);
    expect(v?.link_loss_pct).toBe(0);
  }, 60_000);
});

describe('two links to one vehicle', () => {
  it('each signs with its own link id: a vehicle requiring signing obeys both and drops nothing as a replay', async () => {
    // One copter requiring the key, reached over two TCP connections (two addresses of this machine: two URIs), as a
    // radio and a WiFi link to one aircraft: one signing stream each on the vehicle, (255, 190, link id).
    const handle = await startSimulator({ link: createLink('tcpin:0.0.0.0:0'), speedup: 5, home: DEMO_HOME, signing_key: KEY });
    cleanups.push(() => handle.stop());
    const v = handle.vehicles[0];
    const port = (handle.link as { localPort?: number }).localPort;
    const uris = [`tcp:127.0.0.1:${port}`, `tcp:127.0.0.2:${port}`];
    const ws = await connect((await serve(temp())).url);
    const links = events<LinkSummary[]>(ws, 'links');
    const vehicles = events<LiveVehicle[]>(ws, 'vehicles');
    for (const uri of uris) await ok(ws, 'setSigningKey', uri, { key: PASSPHRASE, require: true });
    const [a, b] = [await ok(ws, 'openLink', uris[0]), await ok(ws, 'openLink', uris[1])];
    expect(a.signing).toMatchObject({ state: 'required', link_id: 1 });
    expect(b.signing).toMatchObject({ state: 'required', link_id: 2 });

    for (const l of [a, b]) {
      await until(`${l.id} hears the vehicle, signed`, () => {
        const x = latest(links, l.id);
        return x && x.sysids.includes(1) && x.signing.signed_ok > 20 && x.signing.signed_out > 5 ? x : undefined;
      }, 15_000);
    }
    // Commands over each link are obeyed, in turn.
    expect(await ok(ws, 'vehicleAction', a.id, { action: 'mode', mode: 'LOITER' })).toMatchObject({ ok: true, result: 'accepted' });
    await until('LOITER', () => vehicles.all.at(-1)?.payload.find((x) => x.link_id === b.id && x.mode === 'LOITER'), 10_000);
    expect(await ok(ws, 'vehicleAction', b.id, { action: 'mode', mode: 'ALT_HOLD' })).toMatchObject({ ok: true, result: 'accepted' });
    await until('ALT_HOLD', () => vehicles.all.at(-1)?.payload.find((x) => x.link_id === a.id && x.mode === 'ALT_HOLD'), 10_000);
    expect(await ok(ws, 'vehicleAction', a.id, { action: 'mode', mode: 'LOITER' })).toMatchObject({ ok: true, result: 'accepted' });
    // Heartbeats of both links have been interleaving on the vehicle all along: none dropped as a replay.
    const sent = await until('both links\' heartbeats taken by the vehicle for a while', () => {
      const st = v.signing.stats();
      return st.signed_ok > 15 || st.replay > 0 ? st : undefined;
    }, 20_000);
    expect(sent).toMatchObject({ replay: 0, bad_signature: 0, unsigned_dropped: 0, out_of_window: 0 });
    for (const l of [a, b]) {
      expect((await ok(ws, 'links')).find((x) => x.id === l.id)?.signing).toMatchObject({ bad_signature: 0, replayed: 0, out_of_window: 0, unsigned_dropped: 0 });
    }

    // Each link's own frames carry its link id; a third link takes the lowest free one once the first is closed.
    await ok(ws, 'closeLink', a.id);
    for (const [l, id] of [[a, 1], [b, 2]] as const) {
      if (l === b) await ok(ws, 'closeLink', b.id);
      const ours: number[] = [];
      for await (const rec of readTlog(l.tlog_path)) if (rec.frame.sysid === 255 && rec.frame.signed) ours.push(signatureFields(rec.frame.raw).link_id);
      expect(ours.length).toBeGreaterThan(5);
      expect(new Set(ours)).toEqual(new Set([id]));
    }
  }, 60_000);

  it('link ids: the lowest free one from 1, released when the link closes', async () => {
    const [s1, s2, s3] = [await keylessSim(), await keylessSim(), await keylessSim()];
    const ws = await connect((await serve(temp())).url);
    for (const s of [s1, s2, s3]) await ok(ws, 'setSigningKey', s.uri, { key: PASSPHRASE, require: false });
    const l1 = await ok(ws, 'openLink', s1.uri);
    const l2 = await ok(ws, 'openLink', s2.uri);
    expect([l1.signing.link_id, l2.signing.link_id]).toEqual([1, 2]);
    await ok(ws, 'closeLink', l1.id);
    const l3 = await ok(ws, 'openLink', s3.uri);
    expect(l3.signing.link_id).toBe(1);
    const l1again = await ok(ws, 'openLink', s1.uri);
    expect(l1again.signing.link_id).toBe(3);
    // A link without a key signs nothing: no link id shown.
    await ok(ws, 'removeSigningKey', s2.uri);
    const listed = await ok(ws, 'links');
    expect(listed.find((x) => x.id === l2.id)?.signing).toMatchObject({ state: 'off', link_id: null });
  }, 30_000);
});
