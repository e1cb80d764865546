// The `watchpost` command as a user runs it: a real process through bin/watchpost.js, real sockets, real files.
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, startSim, stopSims } from '../helpers/cli';

const FIXTURES = join(process.cwd(), 'tests', 'fixtures');

afterEach(stopSims);

describe('watchpost --help and bad arguments', () => {
  it('prints help for the program and each command, exit 0', async () => {
    for (const args of [['--help'], ['sim', '--help'], ['status', '--help'], ['record', '--help'], ['tlog', 'info', '--help']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: watchpost/);
    }
  });

  it.each([
    [['status'], /required option '--link <uri>'/],
    [['status', '--link', 'udp:1.2.3.4:5'], /unknown kind "udp"/],
    [['status', '--link', 'tcp:127.0.0.1:99999'], /port/],
    [['status', '--link', 'tcp:127.0.0.1:5760', '--timeout', '-3'], /positive number of seconds/],
    [['sim', '--link', 'tcpin:127.0.0.1:0', '--home', '1,2'], /LAT,LON,ALT_M/],
    [['sim', '--link', 'tcpin:127.0.0.1:0', '--loss', '1.5'], /probability between 0 and 1/],
    [['sim', '--link', 'tcpin:127.0.0.1:0', '--vehicles', '0'], /integer from 1 to 250/],
    [['sim', '--link', 'tcpin:127.0.0.1:0', '--speedup', '20000'], /number from 0.01 to 10000/],
    [['sim', '--link', 'tcpin:127.0.0.1:0', '--home', '0,0,10'], /0,0 is what autopilots report/],
    [['record', '--link', 'udpin:127.0.0.1:0', '--out', 'x.tlog', '--duration', '3000000'], /up to 2000000/],
    [['record', '--link', 'tcpin:127.0.0.1:0'], /--out/],
    [['tlog', 'info'], /missing required argument 'file'/],
    [['tlog', 'info', '/nonexistent/x.tlog'], /cannot read \/nonexistent\/x.tlog: no such file/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j → exit 2 and one line naming the problem', async (args, reason) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  });
});

describe('watchpost tlog info', () => {
  it('reports a PX4 tlog with mixed MAVLink 1 and 2 frames as one JSON object', async () => {
    const r = await run(['tlog', 'info', join(FIXTURES, 'mavometer_px4_test.tlog'), '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    // SOURCES.md: 81 MAVLink 1 and 2,035 MAVLink 2 packets, 93 s, PX4 quad.
    expect(info.frames).toEqual({ v1: 81, v2: 2035, signed: 0 });
    expect(info.bytes).toBe(statSync(join(FIXTURES, 'mavometer_px4_test.tlog')).size);
    expect(Math.round(info.duration_s)).toBe(93);
    expect(info.systems).toContainEqual(expect.objectContaining({ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'PX4' }));
    expect(Object.keys(info)).toEqual(expect.arrayContaining(['records', 'bad_crc', 'unknown', 'skipped_bytes', 'first_utc', 'last_utc', 'messages']));
  });

  it('survives a damaged copy: garbage in the middle, cut short', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-cli-'));
    const bytes = readFileSync(join(FIXTURES, 'mavometer_px4_test.tlog'));
    const damaged = Buffer.concat([bytes.subarray(0, 40_000), Buffer.from('garbage!'.repeat(50)), bytes.subarray(40_000, bytes.length - 7)]);
    const path = join(dir, 'damaged.tlog');
    writeFileSync(path, damaged);
    const r = await run(['tlog', 'info', path, '--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.skipped_bytes).toBeGreaterThanOrEqual(400);
    expect(info.records).toBeGreaterThan(2100);
  });
});

describe('watchpost sim, status and record on real sockets', () => {
  it('status finds the simulated copter over TCP and prints its state as JSON', async () => {
    const sim = await startSim(['--link', 'tcpin:127.0.0.1:0', '--home', '22.5431,114.0579,30', '--speedup', '5']);
    const r = await run(['status', '--link', `tcp:127.0.0.1:${sim.local_port}`, '--timeout', '10', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA', mode: 'STABILIZE', armed: false });
    expect(s.lat).toBeCloseTo(22.5431, 5);
    expect(s.lon).toBeCloseTo(114.0579, 5);
    expect(s.alt_rel_m).toBeCloseTo(0, 0);
    expect(s.home).toMatchObject({ alt_amsl_m: 30 });
  });

  it('status --sysid picks one of several vehicles over UDP', async () => {
    const sim = await startSim(['--link', 'udpin:127.0.0.1:0', '--vehicles', '3', '--speedup', '5']);
    expect(sim.vehicles).toEqual([1, 2, 3]);
    const r = await run(['status', '--link', `udpout:127.0.0.1:${sim.local_port}`, '--sysid', '3', '--timeout', '10', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).sysid).toBe(3);
  });

  it('sim --loss drops frames on the wire: status sees the loss in the sequence numbers', async () => {
    const sim = await startSim(['--link', 'udpin:127.0.0.1:0', '--speedup', '5', '--loss', '0.4', '--seed', '3']);
    const r = await run(['status', '--link', `udpout:127.0.0.1:${sim.local_port}`, '--timeout', '15', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.link_lost).toBeGreaterThan(0);
    expect(s.link_loss_pct).toBeGreaterThan(20);
    expect(s.link_loss_pct).toBeLessThan(60);
  });

  it('status gives up with exit 1 when nothing answers', async () => {
    const r = await run(['status', '--link', 'udpin:127.0.0.1:0', '--timeout', '0.5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no vehicle heard on udpin:127.0.0.1:0 within 0.5 s/);
  });

  it('record appends to a tlog that tlog info then reads, and never truncates it', async () => {
    const sim = await startSim(['--link', 'tcpin:127.0.0.1:0', '--speedup', '5']);
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-rec-'));
    const out = join(dir, 'flight.tlog');
    copyFileSync(join(FIXTURES, 'mavometer_px4_test.tlog'), out);
    const before = readFileSync(out);
    const r = await run(['record', '--link', `tcp:127.0.0.1:${sim.local_port}`, '--out', out, '--duration', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.records).toBe(summary.frames_in + summary.frames_out);
    expect(summary.frames_in).toBeGreaterThan(10);
    expect(summary.vehicles).toContainEqual({ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA' });
    const after = readFileSync(out);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.length).toBe(before.length + summary.bytes_written);
    const info = JSON.parse((await run(['tlog', 'info', out, '--json'])).stdout);
    expect(info.records).toBe(2116 + summary.records);
    expect(info.bad_crc).toBe(0);
    expect(info.messages.GLOBAL_POSITION_INT).toBeGreaterThan(0);
  });

  it('record refuses a directory as --out without touching it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-rec-'));
    const r = await run(['record', '--link', 'udpin:127.0.0.1:0', '--out', dir, '--duration', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not a regular file|directory/);
  });
});
