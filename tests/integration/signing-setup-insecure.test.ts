// `watchpost signing setup` sends the key in clear (SETUP_SIGNING): over a link that is neither serial nor loopback it
// refuses before opening the link, with result `insecure_link` and a reason naming the kind of link, unless
// --insecure-link. Shown with the real command against the real simulator (in this process, so that what its vehicle
// hears is counted) served on an address of this machine that is not loopback, as an aircraft on the network is.
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLink } from '../../mavlink/links/open-link';
import { signingKeyFromPassphrase } from '../../mavlink/signing';
import { SETUP_SIGNING_MSGID } from '../../mavlink/sim/signing';
import { startSimulator } from '../../mavlink/sim/simulator';
import { run } from '../helpers/cli';

const PASSPHRASE = 'insecure link passphrase';
const KEY_HEX = Buffer.from(signingKeyFromPassphrase(PASSPHRASE)).toString('hex');
const HEARTBEAT = 0;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function env(): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'watchpost-signing-cfg-')) };
}

/** A keyless simulated copter served on `host`, counting the SETUP_SIGNING and HEARTBEAT messages its vehicle hears. */
async function sim(host: string): Promise<{ uri: string; setups: () => number; heartbeats: () => number; enabled: () => boolean }> {
  const handle = await startSimulator({ link: createLink(`tcpin:${host}:0`), speedup: 5 });
  cleanups.push(() => handle.stop());
  let setups = 0;
  let heartbeats = 0;
  handle.vehicles[0].onMessage(SETUP_SIGNING_MSGID, () => void setups++);
  handle.vehicles[0].onMessage(HEARTBEAT, () => void heartbeats++);
  const port = (handle.link as { localPort?: number }).localPort;
  return { uri: `tcp:${host}:${port}`, setups: () => setups, heartbeats: () => heartbeats, enabled: () => handle.vehicles[0].signing.enabled };
}

const lan = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('signing setup over an insecure link', () => {
  it.skipIf(lan === undefined)('refused before the link is opened, unless --insecure-link', async () => {
    const s = await sim(lan as string);
    const e = env();
    const refused = await run(['signing', 'setup', '--link', s.uri, '--key', PASSPHRASE, '--timeout', '5', '--json'], 30_000, { env: e });
    expect(refused.code).toBe(1);
    const out = JSON.parse(refused.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ ok: false, result: 'insecure_link', link: s.uri, sysid: null, signed_frames_verified: 0, command_result: null });
    expect(out.reason).toContain(`${s.uri} is a TCP link to ${lan} (not loopback)`);
    expect(out.reason).toMatch(/carries the key in clear.*pass --insecure-link/);
    // Not even connected: the vehicle heard nothing from it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(s.heartbeats()).toBe(0);
    expect(s.setups()).toBe(0);

    const plain = await run(['signing', 'setup', '--link', s.uri, '--key', PASSPHRASE, '--timeout', '5'], 30_000, { env: e });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/signing not set up: not sent: tcp:.* is a TCP link to .* \(not loopback\)/);
    expect(s.setups()).toBe(0);

    const sent = await run(['signing', 'setup', '--link', s.uri, '--key', PASSPHRASE, '--timeout', '5', '--insecure-link', '--json'], 30_000, { env: e });
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ ok: true, result: 'ok', link: s.uri, sysid: 1, command_result: 'accepted' });
    expect(s.setups()).toBe(1);
    expect(s.enabled()).toBe(true);
    expect(s.heartbeats()).toBeGreaterThan(0); // the counter above does count the command's heartbeats
    for (const r of [refused, plain, sent]) for (const secret of [PASSPHRASE, KEY_HEX]) expect(r.stdout + r.stderr).not.toContain(secret);
  }, 60_000);

  it('a loopback link needs no --insecure-link', async () => {
    const s = await sim('127.0.0.1');
    const r = await run(['signing', 'setup', '--link', s.uri, '--key', PASSPHRASE, '--timeout', '5', '--json'], 30_000, { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, result: 'ok' });
    expect(s.setups()).toBe(1);
  }, 60_000);

  it('--help names the option and says why', async () => {
    const r = await run(['signing', 'setup', '--help']);
    expect(r.stdout).toMatch(/--insecure-link/);
    expect(r.stdout).toMatch(/in clear/);
  }, 30_000);
});
