// MAVLink 2 signing in the app (issue 13, point 1), through the real browser-mode API over a real WebSocket, with the
// app's own simulated copter requiring signing on a loopback TCP port: the key stored for the link's URI (in
// signing-keys.json, owner-only) makes the link hear the vehicle and command it; with a wrong key the vehicle's
// frames are dropped, counted, never acted on and not recorded; with none the vehicle ignores our commands and the
// summary says it signs; a key changed while the link is open applies at once; no answer, event or log line holds a
// key.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import type { LinkSummary, LiveVehicle } from '../../electron/api';
import { keyFingerprint, SIGNING_KEYS_FILE } from '../../electron/services/signing-keys';
import { signingKeyFromPassphrase, verifySignature } from '../../mavlink/signing';
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

afterEach(async () => {
  vi.restoreAllMocks();
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

  it('a damaged key file: the link opens without a key and says why; saving the key sets the file aside and signs at once', async () => {
    const logs = consoleLines();
    const dataDir = temp();
    const ws = await connect((await serve(dataDir)).url);
    const links = events<LinkSummary[]>(ws, 'links');
    const damaged = `{"format": "watchpost-signing-keys", "version": 1, "links": {"x": {"key_hex": "${KEY_HEX}"`; // cut short
    writeFileSync(join(dataDir, SIGNING_KEYS_FILE), damaged, { mode: 0o600 });
    const listed = await ok(ws, 'signingKeys');
    expect(listed.keys).toEqual([]);
    expect(listed.problem).toMatch(/signing-keys\.json: not JSON \(line 1, column \d+\)/);
    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 5, signing_key: PASSPHRASE });
    const link = await ok(ws, 'openLink', sim.uri);
    expect(link.signing).toMatchObject({ state: 'off', problem: expect.stringMatching(/signing-keys\.json: not JSON/) });
    expect(JSON.stringify(link)).not.toContain(KEY_HEX);
    expect(logs.some((l) => /signing keys: .*signing-keys\.json: not JSON/.test(l))).toBe(true);

    await ok(ws, 'setSigningKey', sim.uri, { key: PASSPHRASE, require: true });
    expect(readdirSync(dataDir).filter((f) => f.startsWith(`${SIGNING_KEYS_FILE}.damaged-`))).toHaveLength(1);
    const fixed = await until('the link signing after the key was saved again', () => {
      const l = latest(links, link.id);
      return l && l.signing.state === 'required' && l.signing.signed_ok > 5 ? l : undefined;
    });
    expect(fixed.signing.problem).toBeNull();
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
