// The simulated copter over real links: UDP (sim udpin, GCS udpout — the SITL/QGroundControl arrangement),
// TCP (sim tcpin, GCS tcp) and serial over a socat pseudo-terminal pair. On each, a GCS asks for streams, waits
// for the position estimate, arms, takes off and flies to a point.
import { common, minimal } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { Link } from '../../mavlink/links/link';
import { createLink } from '../../mavlink/links/open-link';
import { distance_m, offsetLatLon } from '../../mavlink/sim/geo';
import { startSimulator, type SimulatorHandle, type StartSimulatorOptions } from '../../mavlink/sim/simulator';
import { startSocatPair, type SocatPair } from '../helpers/socat';
import { CUSTOM, GUIDED, TestGcs } from '../unit/sim-helpers';

const { MavCmd, MavResult, MavDataStream } = common;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** DISARM_DELAY is raised in these sims: a stall of a loaded machine must not let the copter disarm before takeoff. */
async function simOn(uri: string, opts: Omit<StartSimulatorOptions, 'link'>): Promise<SimulatorHandle> {
  const handle = await startSimulator({ link: createLink(uri), ...opts });
  cleanups.push(() => handle.stop());
  return handle;
}

async function gcsOn(uri: string): Promise<{ link: Link; gcs: TestGcs }> {
  const link = createLink(uri);
  await link.open();
  const gcs = new TestGcs(link, () => Date.now());
  cleanups.push(async () => {
    gcs.close();
    await link.close();
  });
  return { link, gcs };
}

function localPort(handle: SimulatorHandle): number | undefined {
  return 'localPort' in handle.link ? handle.link.localPort : undefined;
}

function gcsHeartbeat(): minimal.Heartbeat {
  return Object.assign(new minimal.Heartbeat(), {
    type: minimal.MavType.GCS, autopilot: minimal.MavAutopilot.INVALID, baseMode: 0, customMode: 0, systemStatus: minimal.MavState.ACTIVE, mavlinkVersion: 3,
  });
}

/** Send `command` until its ack arrives (a lossy link may eat either). */
async function commandUntilAcked(gcs: TestGcs, command: number, params: number[], send = (): void => gcs.command(1, command, params), timeout_ms = 4_000): Promise<number> {
  const before = gcs.all(common.CommandAck).length;
  const ackCount = (): number => gcs.all(common.CommandAck).slice(before).filter((r) => r.msg.command === command).length;
  const deadline = Date.now() + timeout_ms;
  while (Date.now() < deadline) {
    send();
    try {
      await gcs.waitFor(`ack of command ${command}`, () => ackCount() > 0, 300);
      return gcs.ack(command)?.result ?? -1;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('timed out')) throw err;
    }
  }
  throw new Error(`no COMMAND_ACK for command ${command} within ${timeout_ms} ms`);
}

/** GUIDED, arm, take off to 8 m and fly hop_m north and east; resolves with the final distance to the point. */
async function sortie(handle: SimulatorHandle, gcs: TestGcs, hop_m: number, lossy = false): Promise<number> {
  gcs.send(gcsHeartbeat()); // udpin answers whoever spoke last: say hello first, as QGroundControl does
  await gcs.waitFor('the vehicle heartbeat', () => gcs.heartbeat(1) !== undefined);
  const stream = Object.assign(new common.RequestDataStream(), { targetSystem: 1, targetComponent: 1, reqStreamId: MavDataStream.POSITION, reqMessageRate: 4, startStop: 1 });
  // Real GCSs repeat stream requests until the streams flow; a lossy link may eat the first one.
  const streaming = (): boolean => gcs.last(common.GlobalPositionInt) !== undefined;
  for (let i = 0; i < 10 && !streaming(); i++) {
    gcs.send(stream);
    await gcs.waitFor('GLOBAL_POSITION_INT', streaming, 500).catch((err: unknown) => {
      if (!(err instanceof Error) || !err.message.startsWith('timed out')) throw err;
    });
  }
  await gcs.waitFor('GLOBAL_POSITION_INT with a position', () => (gcs.last(common.GlobalPositionInt)?.lat ?? 0) !== 0, 8_000);
  expect(await commandUntilAcked(gcs, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED])).toBe(MavResult.ACCEPTED);
  expect(await commandUntilAcked(gcs, MavCmd.COMPONENT_ARM_DISARM, [1])).toBe(MavResult.ACCEPTED);
  const takeoff = await commandUntilAcked(gcs, MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 8]);
  // On a lossy link the first ack may be lost; the retry then finds the copter already flying (FAILED, as ArduCopter).
  if (lossy) expect([MavResult.ACCEPTED, MavResult.FAILED]).toContain(takeoff);
  else expect(takeoff).toBe(MavResult.ACCEPTED);
  await gcs.waitFor('8 m', () => (gcs.last(common.GlobalPositionInt)?.relativeAlt ?? 0) > 7_800, 8_000);
  const v = handle.vehicles[0];
  const dest = offsetLatLon({ ...v.home, alt_m: 0 }, hop_m, hop_m);
  const dist = (): number => {
    const p = gcs.last(common.GlobalPositionInt);
    return p ? distance_m({ lat_deg: p.lat / 1e7, lon_deg: p.lon / 1e7 }, dest) : Number.POSITIVE_INFINITY;
  };
  const reposition = (): void => gcs.commandInt(1, MavCmd.DO_REPOSITION, common.MavFrame.GLOBAL_RELATIVE_ALT_INT, [-1, 0, 0, Number.NaN],
    Math.round(dest.lat_deg * 1e7), Math.round(dest.lon_deg * 1e7), 8);
  expect(await commandUntilAcked(gcs, MavCmd.DO_REPOSITION, [], reposition)).toBe(MavResult.ACCEPTED);
  await gcs.waitFor('arrival at the point', () => dist() < 2, 8_000);
  return dist();
}

describe('simulated copter over real links', () => {
  it('flies over UDP (sim udpin on an ephemeral port, GCS udpout)', async () => {
    const handle = await simOn('udpin:127.0.0.1:0', { speedup: 20, vehicle: { ekf_ready_s: 2, disarm_delay_s: 120 } });
    const port = localPort(handle);
    expect(port).toBeGreaterThan(0);
    const { gcs } = await gcsOn(`udpout:127.0.0.1:${port}`);
    expect(await sortie(handle, gcs, 30)).toBeLessThan(2);
    expect(gcs.ack(MavCmd.NAV_TAKEOFF)?.targetSystem).toBe(255);
  });

  it('flies over TCP (sim tcpin, GCS tcp) like a GCS connecting to SITL on 5760', async () => {
    const handle = await simOn('tcpin:127.0.0.1:0', { speedup: 20, vehicle: { ekf_ready_s: 2, disarm_delay_s: 120 } });
    const port = localPort(handle);
    const { gcs } = await gcsOn(`tcp:127.0.0.1:${port}`);
    expect(await sortie(handle, gcs, 30)).toBeLessThan(2);
  });

  it('flies over a serial pseudo-terminal pair at 57600 baud', async () => {
    const pair: SocatPair = await startSocatPair();
    cleanups.push(() => pair.dispose());
    const handle = await simOn(`serial:${pair.a}`, { speedup: 5, vehicle: { ekf_ready_s: 1, disarm_delay_s: 120 } });
    const { gcs } = await gcsOn(`serial:${pair.b}`);
    expect(await sortie(handle, gcs, 10)).toBeLessThan(2);
  });

  it('flies over UDP with 20 % loss both ways, the GCS retrying its commands', async () => {
    // DISARM_DELAY raised: retries on a loaded machine must not let the copter disarm between arming and takeoff.
    const handle = await simOn('udpin:127.0.0.1:0', { speedup: 20, vehicle: { ekf_ready_s: 2, disarm_delay_s: 120 }, faults: { loss: 0.2, seed: 5 } });
    const port = localPort(handle);
    const { gcs } = await gcsOn(`udpout:127.0.0.1:${port}`);
    gcs.send(gcsHeartbeat());
    gcs.send(gcsHeartbeat());
    gcs.send(gcsHeartbeat());
    expect(await sortie(handle, gcs, 30, true)).toBeLessThan(2);
    const out = handle.simulator.outbound.stats;
    expect(out.lost / out.frames).toBeGreaterThan(0.12);
    expect(out.lost / out.frames).toBeLessThan(0.28);
  });
});
