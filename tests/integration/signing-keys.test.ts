// The app's signing keys per link (electron/services/signing-keys.ts) in real files: owner-only from creation, a
// fingerprint (never the key) for the UI, a damaged file kept aside and never overwritten (and told apart from "no
// key" by lookup, so that the app's links fail closed), and a stored key that
// opens a signed session with the real simulator on a real socket.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GcsSession } from '../../mavlink/gcs-session';
import { signingKeyFromText } from '../../mavlink/link-signing';
import { createLink } from '../../mavlink/links/open-link';
import { signingKeyFromPassphrase } from '../../mavlink/signing';
import { startSimulator } from '../../mavlink/sim/simulator';
import { keyFingerprint, SigningKeyStore } from '../../electron/services/signing-keys';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const KEY = signingKeyFromPassphrase('store me');
const HEX = Buffer.from(KEY).toString('hex');
const dataDir = (): string => join(mkdtempSync(join(tmpdir(), 'watchpost-keys-')), 'data');

describe('SigningKeyStore', () => {
  it('writes signing-keys.json owner-only (0600), lists fingerprints only, and gives the config a link opens with', async () => {
    const dir = dataDir();
    const store = new SigningKeyStore(dir);
    expect(await store.list()).toEqual({ keys: [], problem: null });
    const info = await store.set('tcp:127.0.0.1:5760', KEY, true, new Date('2026-03-14T09:30:00Z'));
    expect(info).toEqual({ link_uri: 'tcp:127.0.0.1:5760', fingerprint: keyFingerprint(KEY), require: true, added_utc: '2026-03-14T09:30:00.000Z' });
    expect(statSync(join(dir, 'signing-keys.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await store.set('serial:/dev/ttyUSB0:57600', signingKeyFromPassphrase('radio'), false);
    expect(statSync(join(dir, 'signing-keys.json')).mode & 0o777).toBe(0o600);

    const listed = await store.list();
    expect(listed.keys.map((k) => k.link_uri).sort()).toEqual(['serial:/dev/ttyUSB0:57600', 'tcp:127.0.0.1:5760']);
    expect(JSON.stringify(listed)).not.toContain(HEX);
    expect(listed.keys[0].fingerprint).toMatch(/^[0-9a-f]{8}$/);

    const config = await store.signingFor('tcp:127.0.0.1:5760');
    expect(config && Buffer.from(config.key).toString('hex')).toBe(HEX);
    expect(config).toMatchObject({ link_id: 0, require: true, timestamp_file: join(dir, 'signing-timestamp.json') });
    expect(await store.signingFor('udpin:0.0.0.0:14550')).toBeUndefined();

    expect(await store.remove('tcp:127.0.0.1:5760')).toBe(true);
    expect(await store.remove('tcp:127.0.0.1:5760')).toBe(false);
    expect((await store.list()).keys.map((k) => k.link_uri)).toEqual(['serial:/dev/ttyUSB0:57600']);
    expect(readFileSync(join(dir, 'signing-keys.json'), 'utf8')).not.toContain(HEX);
  });

  it('makes a file others could read owner-only again when it reads it', async () => {
    const dir = dataDir();
    const store = new SigningKeyStore(dir);
    await store.set('tcp:127.0.0.1:5760', KEY, true);
    chmodSync(join(dir, 'signing-keys.json'), 0o644);
    await store.list();
    expect(statSync(join(dir, 'signing-keys.json')).mode & 0o777).toBe(0o600);
  });

  it('reports a damaged file without quoting it, and keeps it aside on the next save', async () => {
    const dir = dataDir();
    const store = new SigningKeyStore(dir);
    await store.set('tcp:127.0.0.1:5760', KEY, true);
    const path = join(dir, 'signing-keys.json');
    const damaged = readFileSync(path, 'utf8').replace(HEX, `${HEX.slice(0, 60)}zzzz`);
    writeFileSync(path, damaged);
    const listed = await store.list();
    expect(listed.keys).toEqual([]);
    expect(listed.problem).toMatch(/signing-keys\.json: links\.tcp:127\.0\.0\.1:5760\.key_hex: expected 64 lowercase hex digits; kept as signing-keys\.json\.damaged-/);
    expect(listed.problem).not.toContain(HEX.slice(0, 60));
    expect(await store.signingFor('tcp:127.0.0.1:5760')).toBeUndefined();
    // lookup tells "damaged" from "no key": a link must not open without the key it may require.
    expect(await store.lookup('tcp:127.0.0.1:5760', 3)).toEqual({ config: undefined, problem: listed.problem });
    expect(await store.lookup('tcp:127.0.0.1:9999')).toEqual({ config: undefined, problem: listed.problem });

    await store.set('udpin:0.0.0.0:14550', KEY, false);
    expect(await store.lookup('tcp:127.0.0.1:5760')).toEqual({ config: undefined, problem: null });
    expect(await store.lookup('udpin:0.0.0.0:14550', 7)).toMatchObject({ config: { key: KEY, link_id: 7, require: false }, problem: null });
    const aside = readdirSync(dir).find((n) => n.startsWith('signing-keys.json.damaged-'));
    expect(aside && readFileSync(join(dir, aside), 'utf8')).toBe(damaged);
    expect((await store.list()).keys.map((k) => k.link_uri)).toEqual(['udpin:0.0.0.0:14550']);

    writeFileSync(path, '{"format": "watchpost-signing-keys", oops');
    expect((await store.list()).problem).toMatch(/signing-keys\.json: not JSON \(line 1, column \d+\)/);
  });

  it('refuses a bad link URI or key length, without naming the key', async () => {
    const store = new SigningKeyStore(dataDir());
    await expect(store.set('udp:1.2.3.4:5', KEY, true)).rejects.toThrow(/udp/);
    await expect(store.set('tcp:127.0.0.1:5760', KEY.subarray(0, 16), true)).rejects.toThrow(/expected 32 bytes, got 16/);
  });

  it('a stored key opens a signed session with a simulator that requires it', async () => {
    const handle = await startSimulator({ link: createLink('tcpin:127.0.0.1:0'), speedup: 5, signing_key: KEY });
    cleanups.push(() => handle.stop());
    const uri = `tcp:127.0.0.1:${(handle.link as { localPort?: number }).localPort}`;
    const dir = dataDir();
    const store = new SigningKeyStore(dir);
    await store.set(uri, KEY, true);
    const gcs = await GcsSession.open({ uri, signing: await store.signingFor(uri) });
    const vehicle = await gcs.waitForVehicle(5_000);
    expect(vehicle?.sysid).toBe(1);
    await gcs.close();
    expect(handle.vehicles[0].signing.stats()).toMatchObject({ unsigned_dropped: 0, bad_signature: 0 });
    expect(handle.vehicles[0].signing.stats().signed_ok).toBeGreaterThan(0);
    expect(statSync(join(dir, 'signing-timestamp.json')).mode & 0o777).toBe(0o600);
  });
});

describe('signingKeyFromText (the app field and --signing-key)', () => {
  it('reads 64 hex digits as the key and anything else as a passphrase; refuses what is neither, quoting nothing', () => {
    const hex = signingKeyFromText(` ${HEX.toUpperCase()} `);
    expect(hex.ok && Buffer.from(hex.key).toString('hex')).toBe(HEX);
    const pass = signingKeyFromText('store me');
    expect(pass.ok && Buffer.from(pass.key).toString('hex')).toBe(HEX);
    expect(signingKeyFromText('cafe').ok).toBe(true); // short hex-looking passphrases are passphrases
    const empty = signingKeyFromText('  ');
    expect(!empty.ok && empty.error).toMatch(/empty/);
    const typo = signingKeyFromText(HEX.slice(0, 63));
    expect(!typo.ok && typo.error).toBe('63 hex digits, but a key written in hex has 64 (a passphrase needs a character other than 0-9 and a-f)');
  });
});
