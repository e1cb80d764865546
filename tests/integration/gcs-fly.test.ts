// The whole loop on real links: a GcsSession (our connection, vehicle registry and command protocol) finds the
// simulated copter, waits for its position, switches to GUIDED, arms (retrying while PreArm refuses), takes off,
// flies to a point and lands — over UDP, TCP and a serial pseudo-terminal pair, and over a lossy UDP link.
// The session records the flight; the tlog is read back and matched against the connection's own counts.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GcsSession } from '../../mavlink/gcs-session';
import { createLink } from '../../mavlink/links/open-link';
import { distance_m, offsetLatLon } from '../../mavlink/sim/geo';
import { startSimulator, type SimulatorHandle, type StartSimulatorOptions } from '../../mavlink/sim/simulator';
import { tlogInfo } from '../../mavlink/tlog/info';
import type { VehicleState } from '../../mavlink/vehicle/vehicle-state';
import type { CommandResult } from '../../mavlink/protocols/command-types';
import { startSocatPair } from '../helpers/socat';
import { waitUntil } from '../helpers/link-probe';

const HOME = { lat_deg: 31.2304, lon_deg: 121.4737, alt_m: 10 };
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sim(uri: string, opts: Omit<StartSimulatorOptions, 'link'> = {}): Promise<SimulatorHandle> {
  const handle = await startSimulator({ link: createLink(uri), home: HOME, speedup: 10, ...opts });
  cleanups.push(() => handle.stop());
  return handle;
}

async function session(uri: string, recordPath?: string): Promise<GcsSession> {
  const s = await GcsSession.open({ uri, recordPath });
  cleanups.push(() => s.close());
  return s;
}

const until = (what: string, cond: () => boolean, timeout_ms: number): Promise<void> => waitUntil(cond, what, timeout_ms);

interface Tally {
  attempts: number;
  commands: number;
  prearmRefusals: number;
}

/**
 * Run one command the way a ground station's operator would: on `timeout` send it again; if the vehicle refuses a
 * retransmission whose first copy went through (its ack was lost: a second takeoff while already climbing is FAILED,
 * as in ArduCopter), the visible effect says it worked.
 */
async function operate(name: string, op: () => Promise<CommandResult>, done: () => boolean, tally: Tally): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const r = await op();
    tally.attempts += r.attempts;
    tally.commands++;
    if (r.result === 'accepted') return;
    if (r.result === 'timeout') continue;
    await new Promise((res) => setTimeout(res, 500));
    if (done()) return;
    throw new Error(`${name}: ${r.result}`);
  }
  throw new Error(`${name}: no acknowledgement after 6 tries`);
}

/** GUIDED, arm (PreArm refuses until the position estimate is up), take off to 10 m, fly 40 m north-east, land. */
async function flySortie(gcs: GcsSession): Promise<Tally> {
  const vehicle = (await gcs.waitForVehicle(10_000)) as VehicleState;
  expect(vehicle, 'a vehicle heard').toBeTruthy();
  const snap = () => vehicle.snapshot();
  expect(snap().type).toBe('QUADROTOR');
  expect(snap().autopilot).toBe('ARDUPILOTMEGA');
  const cmd = gcs.commandsFor(vehicle);
  const tally: Tally = { attempts: 0, commands: 0, prearmRefusals: 0 };

  await operate('GUIDED', () => cmd.setMode('GUIDED'), () => snap().mode === 'GUIDED', tally);
  await until('GUIDED in the heartbeat', () => snap().mode === 'GUIDED', 5_000);

  for (;;) {
    const armed = await cmd.arm();
    tally.attempts += armed.attempts;
    tally.commands++;
    if (armed.result === 'accepted' || snap().armed) break;
    expect(['failed', 'denied', 'temporarily_rejected', 'timeout']).toContain(armed.result);
    if (armed.result !== 'timeout') tally.prearmRefusals++;
    expect(tally.commands, 'arming accepted once the estimate is up').toBeLessThan(40);
    await new Promise((r) => setTimeout(r, 250));
  }
  await until('armed in the heartbeat', () => snap().armed, 5_000);
  expect(snap().lat).not.toBeNull();

  await operate('takeoff', () => cmd.takeoff(10), () => (snap().alt_rel_m ?? 0) > 0.3, tally);
  await until('10 m', () => (snap().alt_rel_m ?? 0) > 9.3, 20_000);

  const home = { lat_deg: snap().lat as number, lon_deg: snap().lon as number, alt_m: 0 };
  const target = offsetLatLon(home, 28, 28);
  const arrived = () => distance_m({ lat_deg: snap().lat as number, lon_deg: snap().lon as number }, target) < 2;
  await operate('go to', () => cmd.gotoPoint({ lat_deg: target.lat_deg, lon_deg: target.lon_deg, alt_rel_m: 12 }), () => (snap().groundspeed_mps ?? 0) > 0.5, tally);
  await until('arrival at the point', arrived, 30_000);
  expect(snap().alt_rel_m as number).toBeGreaterThan(11);

  await operate('land', () => cmd.land(), () => snap().mode === 'LAND', tally);
  await until('landed and disarmed', () => !snap().armed, 60_000);
  // On a lossy link the disarming heartbeat may arrive before the last positions of the descent: wait for them.
  await until('on the ground', () => (snap().alt_rel_m as number) < 0.5, 5_000);
  return tally;
}

describe('a sortie through the command protocol over every link kind', () => {
  it('UDP: simulator on udpin, ground station on udpout', async () => {
    const s = await sim('udpin:127.0.0.1:0');
    const port = (s.link as { localPort?: number }).localPort;
    const gcs = await session(`udpout:127.0.0.1:${port}`);
    const { prearmRefusals, attempts, commands } = await flySortie(gcs);
    expect(prearmRefusals, 'ArduCopter refuses to arm before its position estimate').toBeGreaterThan(0);
    expect(attempts, 'a clean link needs no retransmission').toBe(commands);
    const refusal = gcs.vehicles.list()[0].snapshot().statustext.map((t) => t.text).join('\n');
    expect(refusal).toMatch(/PreArm/);
  }, 90_000);

  it('TCP: simulator on tcpin, ground station on tcp, recording the flight', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-fly-'));
    const tlog = join(dir, 'flight.tlog');
    const s = await sim('tcpin:127.0.0.1:0');
    const gcs = await session(`tcp:127.0.0.1:${(s.link as { localPort?: number }).localPort}`, tlog);
    await flySortie(gcs);
    const stats = gcs.connection.stats();
    const written = await gcs.close();
    const info = await tlogInfo(tlog);
    expect(written?.records).toBe(stats.scan.frames + stats.framesOut);
    expect(info.records).toBe(stats.scan.frames + stats.framesOut);
    expect(info.bad_crc).toBe(0);
    expect(info.messages.COMMAND_LONG + (info.messages.COMMAND_INT ?? 0)).toBeGreaterThanOrEqual(5);
    expect(info.messages.GLOBAL_POSITION_INT).toBeGreaterThan(20);
    expect(info.systems.map((x) => `${x.sysid}/${x.compid}/${x.type ?? ''}`)).toEqual(expect.arrayContaining(['1/1/QUADROTOR', '255/190/GCS']));
  }, 90_000);

  it('serial: simulator and ground station on the two ends of a socat pseudo-terminal pair', async () => {
    const pair = await startSocatPair();
    cleanups.push(() => pair.dispose());
    await sim(`serial:${pair.a}:57600`);
    const gcs = await session(`serial:${pair.b}:57600`);
    await flySortie(gcs);
  }, 90_000);

  it('lossy UDP (25 % loss each way, duplicates, reordering, latency): commands retry and the sortie completes', async () => {
    const s = await sim('udpin:127.0.0.1:0', { faults: { loss: 0.25, duplicate: 0.05, reorder: 0.05, latency_ms: 20, seed: 7 } });
    const gcs = await session(`udpout:127.0.0.1:${(s.link as { localPort?: number }).localPort}`);
    const { attempts, commands } = await flySortie(gcs);
    const lossSeen = gcs.connection.stats().systems.find((x) => x.sysid === 1)?.loss_pct ?? 0;
    expect(lossSeen).toBeGreaterThan(10);
    expect(lossSeen).toBeLessThan(45);
    // P(a command and its ack both survive) = 0.75² ≈ 0.56: over the ≥ 5 commands of a sortie, retries are all but certain.
    expect(attempts, 'some commands needed retries').toBeGreaterThan(commands);
  }, 120_000);
});

/**
 * Record through a link drop: `drop` breaks the link, `restore` brings it back. The tlog must hold every frame the
 * connection saw, from before and after, in one file.
 */
async function recordAcrossDrop(gcs: GcsSession, tlog: string, drop: () => Promise<unknown>, restore: () => Promise<unknown>): Promise<void> {
  await gcs.waitForVehicle(5_000);
  await until('telemetry', () => gcs.connection.stats().scan.frames > 30, 10_000);
  await drop();
  await until('link reconnecting', () => gcs.link.state === 'reconnecting', 5_000);
  const before = gcs.connection.stats().scan.frames;
  await restore();
  await until('reconnected', () => gcs.link.state === 'open', 10_000);
  await until('telemetry after the drop', () => gcs.connection.stats().scan.frames > before + 30, 10_000);
  expect(gcs.link.counters.reconnects).toBe(1);
  const stats = gcs.connection.stats();
  await gcs.close();
  const info = await tlogInfo(tlog);
  expect(info.records).toBe(stats.scan.frames + stats.framesOut);
  expect(info.bad_crc).toBe(0);
}

describe('the other operations over a real link', () => {
  it('TCP: disarm on the ground, mission start refused with no mission, ROI turns the nose, RTL brings it home', async () => {
    const s = await sim('tcpin:127.0.0.1:0');
    const gcs = await session(`tcp:127.0.0.1:${(s.link as { localPort?: number }).localPort}`);
    const vehicle = (await gcs.waitForVehicle(10_000)) as VehicleState;
    const snap = () => vehicle.snapshot();
    const cmd = gcs.commandsFor(vehicle);
    await until('position estimate', () => snap().lat !== null && snap().home !== null, 10_000);
    expect((await cmd.setMode('GUIDED')).result).toBe('accepted');
    await until('armable', () => s.vehicles[0].ekfReady, 10_000);

    expect((await cmd.arm()).result).toBe('accepted');
    await until('armed', () => snap().armed, 5_000);
    expect((await cmd.disarm()).result).toBe('accepted');
    await until('disarmed', () => !snap().armed, 5_000);

    expect((await cmd.missionStart()).result, 'no mission stored').toBe('failed');

    expect((await cmd.arm()).result).toBe('accepted');
    expect((await cmd.takeoff(10)).result).toBe('accepted');
    await until('10 m', () => (snap().alt_rel_m ?? 0) > 9.3, 20_000);
    const home = snap().home as { lat: number; lon: number; alt_amsl_m: number };
    // A point of interest due east: the nose turns to about 90°.
    const east = offsetLatLon({ lat_deg: home.lat, lon_deg: home.lon, alt_m: home.alt_amsl_m }, 0, 60);
    expect((await cmd.setRoi({ lat_deg: east.lat_deg, lon_deg: east.lon_deg, alt_m: home.alt_amsl_m })).result).toBe('accepted');
    await until('nose east', () => Math.abs((snap().heading_deg ?? 0) - 90) < 5, 10_000);

    const away = offsetLatLon({ lat_deg: home.lat, lon_deg: home.lon, alt_m: 0 }, 30, 0);
    expect((await cmd.gotoPoint({ lat_deg: away.lat_deg, lon_deg: away.lon_deg, alt_rel_m: 10 })).result).toBe('accepted');
    await until('30 m out', () => distance_m({ lat_deg: snap().lat as number, lon_deg: snap().lon as number }, away) < 2, 20_000);
    expect((await cmd.rtl()).result).toBe('accepted');
    await until('RTL', () => snap().mode === 'RTL', 5_000);
    await until('home, landed and disarmed', () => !snap().armed, 90_000);
    expect(distance_m({ lat_deg: snap().lat as number, lon_deg: snap().lon as number }, { lat_deg: home.lat, lon_deg: home.lon })).toBeLessThan(2);
    expect(snap().alt_rel_m as number).toBeLessThan(0.5);
  }, 120_000);
});

describe('recording continues in the same file across a link drop', () => {
  it('TCP: the simulator goes away and comes back on the same port', async () => {
    const tlog = join(mkdtempSync(join(tmpdir(), 'watchpost-rec-')), 'rec.tlog');
    const first = await sim('tcpin:127.0.0.1:0');
    const port = (first.link as { localPort?: number }).localPort as number;
    const gcs = await session(`tcp:127.0.0.1:${port}`, tlog);
    await recordAcrossDrop(gcs, tlog, () => first.stop(), () => sim(`tcpin:127.0.0.1:${port}`));
  }, 60_000);

  it('serial: the radio is unplugged and plugged back in (socat killed and restarted on the same paths)', async () => {
    const tlog = join(mkdtempSync(join(tmpdir(), 'watchpost-rec-')), 'rec.tlog');
    const pair = await startSocatPair();
    cleanups.push(() => pair.dispose());
    await sim(`serial:${pair.a}`);
    const gcs = await session(`serial:${pair.b}`, tlog);
    await recordAcrossDrop(gcs, tlog, () => pair.stop(), () => pair.start());
  }, 60_000);
});
