// MAVLink 2 signing end to end, on real sockets with the real simulator (in this process, so that its counters and
// its vehicle can be read, or as `watchpost sim --signing-key`) and the real `watchpost` command: the right key
// works; a wrong key, or none, fails with a clear message while the simulator counts and ignores the frames; a
// wrong-key peer's commands (arming, a mission upload) do nothing; a replayed signed command is refused;
// `signing setup` gives a keyless vehicle its key; a recording of a signed link reads back. No key is ever printed.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { common } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { GcsSession } from '../../mavlink/gcs-session';
import { createLink, openLink } from '../../mavlink/links/open-link';
import { signingKeyFromPassphrase, timestamp10us, verifySignature } from '../../mavlink/signing';
import type { VehicleConfig } from '../../mavlink/sim/config';
import { startSimulator, type SimulatorHandle } from '../../mavlink/sim/simulator';
import { readTlog } from '../../mavlink/tlog/reader';
import { BIN, readyObject, run, startSim, stopSims, type Run, type SimReady } from '../helpers/cli';
import { waitUntil } from '../helpers/link-probe';

const PASSPHRASE = 'patrol signing passphrase';
const KEY = signingKeyFromPassphrase(PASSPHRASE);
const KEY_HEX = Buffer.from(KEY).toString('hex');
const WRONG = 'the wrong passphrase';
const PLAN = join(process.cwd(), 'tests', 'fixtures', 'plan', 'mavsdk_qgroundcontrol_sample.plan');
const FORCE_ARM = 21196;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  stopSims();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The command's data folder (where it keeps the signing timestamp): a fresh one, never the user's. */
function env(): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'watchpost-signing-cfg-')) };
}

/** Neither the passphrase nor the key in hex may appear in anything a command printed. */
function expectNoKey(r: Run, ...secrets: string[]): void {
  for (const s of [PASSPHRASE, KEY_HEX, WRONG, ...secrets]) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
}

/** A simulator in this process serving tcpin on a free port (speedup 5: the position estimate is up in 2 s). */
async function sim(signing_key?: Uint8Array, vehicle: Partial<VehicleConfig> = {}): Promise<{ handle: SimulatorHandle; uri: string }> {
  const handle = await startSimulator({ link: createLink('tcpin:127.0.0.1:0'), speedup: 5, signing_key, vehicle });
  cleanups.push(() => handle.stop());
  const port = (handle.link as { localPort?: number }).localPort;
  return { handle, uri: `tcp:127.0.0.1:${port}` };
}

function armCommand(arm: number): common.CommandLong {
  return Object.assign(new common.CommandLong(), {
    targetSystem: 1, targetComponent: 1, command: common.MavCmd.COMPONENT_ARM_DISARM, _param1: arm, _param2: FORCE_ARM,
    _param3: 0, _param4: 0, _param5: 0, _param6: 0, _param7: 0,
  });
}

describe('watchpost status against a simulator that requires signing', () => {
  it('works with the right key (passphrase or hex), from `watchpost sim --signing-key`', async () => {
    const s = await startSim(['--link', 'tcpin:127.0.0.1:0', '--speedup', '5', '--signing-key', PASSPHRASE]);
    expect((s as unknown as { signing: boolean }).signing).toBe(true);
    const e = env();
    for (const key of [PASSPHRASE, KEY_HEX]) {
      const r = await run(['status', '--link', `tcp:127.0.0.1:${s.local_port}`, '--signing-key', key, '--timeout', '10', '--json'], 30_000, { env: e });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ sysid: 1, autopilot: 'ARDUPILOTMEGA' });
      expect(JSON.parse(r.stdout).lat).toBeCloseTo(-35.363262, 5);
      expectNoKey(r);
    }
    // The last timestamp sent is kept in the data folder, owner-only, and holds no key.
    const file = join(e.XDG_CONFIG_HOME as string, 'watchpost', 'signing-timestamp.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).last_timestamp_10us).toBeGreaterThan(timestamp10us() - 6_000_000);
    expect(readFileSync(file, 'utf8')).not.toContain(KEY_HEX);
  }, 60_000);

  it('`watchpost sim` says on stderr, when it stops, what signing dropped', async () => {
    // The key from the environment: from the command line, a warning that others can see it would come first.
    const child = spawn(process.execPath, [BIN, 'sim', '--link', 'tcpin:127.0.0.1:0', '--speedup', '5', '--duration', '4', '--json'], { env: { ...process.env, WATCHPOST_SIGNING_KEY: PASSPHRASE } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise((resolve) => child.on('close', resolve));
    const ready = await readyObject<SimReady>(child, 'sim', 10_000);
    const r = await run(['status', '--link', `tcp:127.0.0.1:${ready.local_port}`, '--signing-key', WRONG, '--timeout', '2'], 30_000, { env: env() });
    expect(r.code).toBe(1);
    await closed;
    expect(stderr).toMatch(/^vehicle 1 signing: on, 0 signed ok, 0 unsigned dropped, [1-9]\d* bad signature, 0 replayed, 0 out of window, 0 unsigned accepted, 0 key changes\n$/);
    expect(stderr).not.toContain(PASSPHRASE);
  }, 30_000);

  it('with a wrong key: no vehicle, a clear reason, and the simulator dropped every frame it sent', async () => {
    const { handle, uri } = await sim(KEY);
    const r = await run(['status', '--link', uri, '--signing-key', WRONG, '--timeout', '3'], 30_000, { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no vehicle heard on tcp:127\.0\.0\.1:\d+ within 3 s: \d+ frames? dropped by signing \(\d+ signed with another key\); is --signing-key the vehicle's key\?/);
    expectNoKey(r);
    const stats = handle.vehicles[0].signing.stats();
    expect(stats.bad_signature).toBeGreaterThanOrEqual(3); // heartbeats and telemetry requests
    expect(stats.signed_ok).toBe(0);
  }, 30_000);

  it('with no key: the vehicle is heard but ignores the requests, and status says to give --signing-key', async () => {
    const { handle, uri } = await sim(KEY);
    const r = await run(['status', '--link', uri, '--timeout', '4'], 30_000, { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no telemetry from vehicle 1 .* within 4 s: vehicle 1 signs its frames \(MAVLink 2 signing\) and ignores unsigned commands except on its USB port: give --signing-key/);
    expect(handle.vehicles[0].signing.stats().unsigned_dropped).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it('a key given to a vehicle that does not sign: no vehicle, and the reason', async () => {
    const { uri } = await sim();
    const r = await run(['status', '--link', uri, '--signing-key', PASSPHRASE, '--timeout', '3'], 30_000, { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dropped by signing \(\d+ unsigned\); the vehicle does not sign: set its key with `watchpost signing setup` over USB, or leave out --signing-key/);
    expectNoKey(r);
  }, 30_000);
});

describe("a wrong-key peer's commands", () => {
  it('are refused: an arm command does nothing and gets no answer; a mission upload changes nothing', async () => {
    const { handle, uri } = await sim(KEY);
    const v = handle.vehicles[0];
    const intruder = await GcsSession.open({ uri, signing: { key: signingKeyFromPassphrase(WRONG), link_id: 0, require: false }, requestTelemetry: false });
    cleanups.push(() => intruder.close());
    const r = await intruder.commands.send(
      { kind: 'long', target: { sysid: 1, compid: 1 }, command: common.MavCmd.COMPONENT_ARM_DISARM, params: [1, FORCE_ARM] },
      { timeout_ms: 300, retries: 2 },
    );
    expect(r.result).toBe('timeout');
    expect(v.armed).toBe(false);
    expect(v.signing.stats().bad_signature).toBeGreaterThanOrEqual(3);

    const up = await run(['mission', 'upload', PLAN, '--link', uri, '--signing-key', WRONG, '--timeout', '3'], 30_000, { env: env() });
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/signed with another key/);
    expectNoKey(up);
    expect([v.mission.store.count(0), v.mission.store.count(1), v.mission.store.count(2)]).toEqual([1, 0, 0]); // home only
    // The owner's upload goes through.
    const ok = await run(['mission', 'upload', PLAN, '--link', uri, '--signing-key', PASSPHRASE, '--timeout', '10', '--json'], 60_000, { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(v.mission.store.count(0)).toBeGreaterThan(1);
  }, 60_000);

  it('a replayed signed command (the same bytes sent again) is refused', async () => {
    const { handle, uri } = await sim(KEY);
    const v = handle.vehicles[0];
    const gcs = await GcsSession.open({ uri, signing: { key: KEY, link_id: 0, require: true }, requestTelemetry: false });
    cleanups.push(() => gcs.close());
    await gcs.waitForVehicle(5_000);
    const captured = gcs.connection.send(armCommand(1)); // the signed COMMAND_LONG as it went on the wire
    await waitUntil(() => v.armed, 'armed by the signed command', 3_000);
    gcs.connection.send(armCommand(0));
    await waitUntil(() => !v.armed, 'disarmed', 3_000);
    // An eavesdropper who recorded the arm command sends it again, from its own connection.
    const replayer = await openLink(uri);
    cleanups.push(() => replayer.close());
    const before = v.signing.stats().replay;
    replayer.write(captured);
    await waitUntil(() => v.signing.stats().replay === before + 1, 'the replay counted', 3_000);
    expect(v.armed).toBe(false);
  }, 30_000);
});

describe('watchpost signing setup', () => {
  it('gives a keyless simulator its key; then status works with the key and not without it', async () => {
    const s = await startSim(['--link', 'tcpin:127.0.0.1:0', '--speedup', '5']);
    const uri = `tcp:127.0.0.1:${s.local_port}`;
    const e = env();
    const r = await run(['signing', 'setup', '--link', uri, '--key', PASSPHRASE, '--timeout', '5', '--json'], 30_000, { env: e });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, result: 'ok', sysid: 1, compid: 1, command_result: 'accepted' });
    expect(out.signed_frames_verified).toBeGreaterThan(0);
    expect(Math.abs(out.initial_timestamp_10us - timestamp10us())).toBeLessThan(30 * 100_000);
    expectNoKey(r);

    const without = await run(['status', '--link', uri, '--timeout', '3'], 30_000, { env: e });
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/give --signing-key/);
    const withKey = await run(['status', '--link', uri, '--signing-key', PASSPHRASE, '--timeout', '10', '--json'], 30_000, { env: e });
    expect(withKey.code, withKey.stderr).toBe(0);
    expect(JSON.parse(withKey.stdout).lat).toBeCloseTo(-35.363262, 5);

    // A second, unsigned SETUP_SIGNING (an attacker's, or a forgotten key) is ignored by the vehicle: reported.
    const again = await run(['signing', 'setup', '--link', uri, '--key', WRONG, '--timeout', '3'], 30_000, { env: e });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/signing not set up: vehicle 1 sent nothing signed with the new key within 3 s/);
    expectNoKey(again);
    // Signed with the current key, the key changes.
    const change = await run(['signing', 'setup', '--link', uri, '--key', WRONG, '--signing-key', PASSPHRASE, '--timeout', '5'], 30_000, { env: e });
    expect(change.code, change.stderr).toBe(0);
    expect(change.stdout).toMatch(/^signing set up on vehicle 1 \(tcp:127\.0\.0\.1:\d+\): \d+ signed frames verified, signed command accepted\n$/);
    expectNoKey(change);
  }, 90_000);

  it('refuses an armed vehicle before sending anything', async () => {
    const { handle, uri } = await sim(undefined, { disarm_delay_s: 0 }); // armed on the ground, it stays armed
    handle.vehicles[0].armed = true;
    const r = await run(['signing', 'setup', '--link', uri, '--key', PASSPHRASE, '--timeout', '3', '--json'], 30_000, { env: env() });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, result: 'armed' });
    expect(handle.vehicles[0].signing.enabled).toBe(false);
  }, 30_000);
});

describe('watchpost record over a signed link', () => {
  it('records the signed frames both ways; the tlog reads back with every frame signed and verified', async () => {
    const { uri } = await sim(KEY);
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-signing-'));
    const tlog = join(dir, 'signed.tlog');
    const r = await run(['record', '--link', uri, '--out', tlog, '--duration', '3', '--signing-key', PASSPHRASE, '--json'], 30_000, { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.signing.signed_ok).toBeGreaterThan(10);
    expect(summary.signing).toMatchObject({ bad_signature: 0, unsigned_dropped: 0, replay: 0, out_of_window: 0 });
    expectNoKey(r);

    const info = await run(['tlog', 'info', tlog, '--json']);
    expect(info.code, info.stderr).toBe(0);
    const frames = JSON.parse(info.stdout).frames;
    expect(frames.signed).toBe(frames.v2);
    expect(frames.signed).toBe(summary.records);
    let n = 0;
    for await (const rec of readTlog(tlog)) {
      expect(rec.frame.signed && verifySignature(rec.frame.raw, KEY)).toBe(true);
      n++;
    }
    expect(n).toBe(summary.records);
    expect(JSON.parse(info.stdout).messages.GLOBAL_POSITION_INT).toBeGreaterThan(0);
  }, 30_000);
});

describe('--signing-key on the command line', () => {
  it('is on every command that talks to a vehicle', async () => {
    for (const args of [['status'], ['record'], ['mission', 'upload'], ['mission', 'download'], ['mission', 'clear'], ['fly'], ['sim'], ['signing', 'setup']]) {
      const r = await run([...args, '--help']);
      expect(r.stdout, args.join(' ')).toMatch(/--signing-key <passphrase\|hex>/);
    }
  });

  it.each([
    [['status', '--link', 'tcp:127.0.0.1:9', '--signing-key', '   '], /--signing-key: empty/],
    [['status', '--link', 'tcp:127.0.0.1:9', '--signing-key', 'ab'.repeat(20)], /--signing-key: 40 hex digits, but a key written in hex has 64/],
    [['sim', '--link', 'tcpin:127.0.0.1:0', '--signing-key', 'c'.repeat(63)], /--signing-key: 63 hex digits/],
    [['signing', 'setup', '--link', 'tcp:127.0.0.1:9'], /--key: required; give the key with --key-file PATH, WATCHPOST_SIGNING_NEW_KEY or --key/],
  ])('%j → exit 2, one line, the value never quoted', async (args, reason) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
    const value = args[args.indexOf('--signing-key') + 1];
    if (args.includes('--signing-key') && value.trim()) expect(r.stderr).not.toContain(value);
  });
});

/** A key file holding `text`, with `mode` (owner-only by default). */
function keyFile(text: string, mode = 0o600): string {
  const path = join(mkdtempSync(join(tmpdir(), 'watchpost-key-')), 'patrol.key');
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

const ARGV_WARNING = /^watchpost: warning: --signing-key puts the key on the command line, where other users can see it \(ps\) and shell history keeps it; use --signing-key-file PATH or WATCHPOST_SIGNING_KEY$/m;

describe('the key from a file or the environment instead of the command line', () => {
  it('status works with --signing-key-file and with WATCHPOST_SIGNING_KEY (no warning); --signing-key warns on stderr', async () => {
    const { uri } = await sim(KEY);
    const e = env();
    const fromFile = await run(['status', '--link', uri, '--signing-key-file', keyFile(`${PASSPHRASE}\n`), '--timeout', '10', '--json'], 30_000, { env: e });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ sysid: 1, autopilot: 'ARDUPILOTMEGA' });
    expect(fromFile.stderr).toBe('');
    expectNoKey(fromFile);

    const fromEnv = await run(['status', '--link', uri, '--timeout', '10', '--json'], 30_000, { env: { ...e, WATCHPOST_SIGNING_KEY: KEY_HEX } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout).sysid).toBe(1);
    expect(fromEnv.stderr).toBe('');
    expectNoKey(fromEnv);

    const fromArgv = await run(['status', '--link', uri, '--signing-key', PASSPHRASE, '--timeout', '10', '--json'], 30_000, { env: e });
    expect(fromArgv.code, fromArgv.stderr).toBe(0);
    expect(fromArgv.stderr).toMatch(ARGV_WARNING);
    expect(fromArgv.stderr.trimEnd().split('\n')).toHaveLength(1);
    expectNoKey(fromArgv);

    // The file's content is the key: another passphrase in it is the wrong key.
    const wrong = await run(['status', '--link', uri, '--signing-key-file', keyFile(`${WRONG}\n`), '--timeout', '3'], 30_000, { env: e });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/signed with another key/);
    expectNoKey(wrong);
  }, 60_000);

  it('signing setup takes the new key from WATCHPOST_SIGNING_NEW_KEY or --key-file, the current one from WATCHPOST_SIGNING_KEY', async () => {
    const { handle, uri } = await sim();
    const e = env();
    const first = await run(['signing', 'setup', '--link', uri, '--timeout', '5', '--json'], 30_000, { env: { ...e, WATCHPOST_SIGNING_NEW_KEY: PASSPHRASE } });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: true, result: 'ok', command_result: 'accepted' });
    expect(handle.vehicles[0].signing.enabled).toBe(true);
    expect(first.stderr).toBe('');
    expectNoKey(first);

    const change = await run(['signing', 'setup', '--link', uri, '--key-file', keyFile(`${WRONG}\r\n`), '--timeout', '5', '--json'], 30_000, { env: { ...e, WATCHPOST_SIGNING_KEY: PASSPHRASE } });
    expect(change.code, change.stderr).toBe(0);
    expect(JSON.parse(change.stdout)).toMatchObject({ ok: true, result: 'ok' });
    expectNoKey(change);
    // The vehicle now holds the key of the file (its trailing newline left out): status with that passphrase works.
    const after = await run(['status', '--link', uri, '--timeout', '10', '--json'], 30_000, { env: { ...e, WATCHPOST_SIGNING_KEY: WRONG } });
    expect(after.code, after.stderr).toBe(0);
  }, 90_000);

  const readable = keyFile(`${PASSPHRASE}\n`, 0o644);
  const groupReadable = keyFile(`${PASSPHRASE}\n`, 0o640);
  const ownerOnly = keyFile(`${PASSPHRASE}\n`);
  const link = ['--link', 'tcp:127.0.0.1:9', '--timeout', '1'];
  const escape = (path: string) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  it.each([
    ['a key file others can read', ['status', ...link, '--signing-key-file', readable], {}, new RegExp(`^watchpost: --signing-key-file ${escape(readable)}: other users can read it \\(mode 644\\); make it readable by its owner only: chmod 600 `)],
    ['a key file the group can read', ['record', '--link', 'tcp:127.0.0.1:9', '--out', '/dev/null', '--signing-key-file', groupReadable], {}, /--signing-key-file .*patrol\.key: other users can read it \(mode 640\)/],
    ['a key file that is not there', ['sim', '--link', 'tcpin:127.0.0.1:0', '--signing-key-file', '/nonexistent/patrol.key'], {}, /--signing-key-file \/nonexistent\/patrol\.key: cannot open it \(ENOENT\)/],
    ['a new key file others can read', ['signing', 'setup', ...link, '--key-file', readable], {}, /--key-file .*patrol\.key: other users can read it \(mode 644\)/],
    ['file and environment', ['status', ...link, '--signing-key-file', ownerOnly], { WATCHPOST_SIGNING_KEY: PASSPHRASE }, /give the key one way only: --signing-key-file PATH, WATCHPOST_SIGNING_KEY or --signing-key \(got --signing-key-file and WATCHPOST_SIGNING_KEY\)/],
    ['command line and environment', ['mission', 'clear', ...link, '--signing-key', PASSPHRASE], { WATCHPOST_SIGNING_KEY: PASSPHRASE }, /give the key one way only: .*\(got --signing-key and WATCHPOST_SIGNING_KEY\)/],
    ['command line and file', ['fly', PLAN, ...link, '--signing-key', PASSPHRASE, '--signing-key-file', ownerOnly], {}, /give the key one way only: .*\(got --signing-key and --signing-key-file\)/],
    ['the new key twice', ['signing', 'setup', ...link, '--key', PASSPHRASE], { WATCHPOST_SIGNING_NEW_KEY: PASSPHRASE }, /give the key one way only: --key-file PATH, WATCHPOST_SIGNING_NEW_KEY or --key \(got --key and WATCHPOST_SIGNING_NEW_KEY\)/],
    ['a mistyped key in the environment', ['status', ...link], { WATCHPOST_SIGNING_KEY: 'ab'.repeat(20) }, /^watchpost: WATCHPOST_SIGNING_KEY: 40 hex digits, but a key written in hex has 64/],
  ] as const)('refuses %s: exit 2, one line, no key', async (_what, args, extra, reason) => {
    const r = await run([...args], 30_000, { env: { ...env(), ...extra } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
    expectNoKey(r, 'ab'.repeat(20));
  });

  it('--signing-key-file is on every command that has --signing-key, --key-file on signing setup', async () => {
    for (const args of [['status'], ['record'], ['mission', 'upload'], ['mission', 'download'], ['mission', 'clear'], ['fly'], ['sim'], ['signing', 'setup']]) {
      const r = await run([...args, '--help']);
      expect(r.stdout, args.join(' ')).toMatch(/--signing-key-file <path>/);
    }
    expect((await run(['signing', 'setup', '--help'])).stdout).toMatch(/--key-file <path>/);
  });
});
