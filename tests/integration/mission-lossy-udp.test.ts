// Mission upload and download through GcsSession to the simulated ArduCopter over real UDP on 127.0.0.1, at 0 %,
// 10 % and 30 % loss each way with duplication and reordering (the simulator's fault injection): each transfer ends
// ok with an identical read-back, or with a clear failure, and the vehicle never holds a mix of two missions.
import { afterEach, describe, expect, it } from 'vitest';
import { GcsSession } from '../../mavlink/gcs-session';
import { createLink } from '../../mavlink/links/open-link';
import { offsetLatLon } from '../../mavlink/sim/geo';
import { startSimulator, type SimulatorHandle } from '../../mavlink/sim/simulator';
import type { VehicleState } from '../../mavlink/vehicle/vehicle-state';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { storedDifference } from '../../patrol/mission/stored-compare';

/** -1 when `got` holds `sent` as ArduPilot stores it, else the first differing item. */
const firstDifference = (sent: readonly MissionItem[], got: readonly MissionItem[]): number => storedDifference('ardupilot', 'mission', sent, got)?.seq ?? -1;

const HOME = { lat_deg: 30.2741, lon_deg: 120.1551, alt_m: 10 };
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function patrol(n: number, tag: number): MissionItem[] {
  const items: MissionItem[] = [missionItem(22, { frame: 3, z: 20 })];
  for (let i = 1; i < n; i++) {
    const p = offsetLatLon(HOME, 10 * (i % 9), 10 * (i % 7));
    items.push(missionItem(16, { frame: 3, param1: tag, x: p.lat_deg, y: p.lon_deg, z: 15 + i }));
  }
  items.push(missionItem(20, { frame: 3 }));
  return items;
}

async function setup(loss: number, seed: number): Promise<{ sim: SimulatorHandle; gcs: GcsSession; vehicle: VehicleState }> {
  const faults = loss > 0 ? { loss, duplicate: 0.05, reorder: 0.05, seed } : {};
  const sim = await startSimulator({ link: createLink('udpin:127.0.0.1:0'), home: HOME, speedup: 2, faults });
  cleanups.push(() => sim.stop());
  const gcs = await GcsSession.open({ uri: `udpout:127.0.0.1:${(sim.link as { localPort?: number }).localPort}` });
  cleanups.push(() => gcs.close());
  const vehicle = await gcs.waitForVehicle(10_000);
  if (!vehicle) throw new Error('no vehicle heard');
  return { sim, gcs, vehicle };
}

describe.each([
  [0, 1],
  [0.1, 2],
  [0.3, 3],
])('mission transfers over UDP at %s loss each way (+5 %% duplication, 5 %% reordering)', (loss, seed) => {
  it('uploads with verify and downloads identical missions, three times over', async () => {
    const { sim, gcs, vehicle } = await setup(loss, seed);
    const adapter = gcs.missionAdapterFor(vehicle, HOME);
    const stored = () => sim.vehicles[0].mission.store.items(0).slice(1); // without ArduPilot's home at 0
    let before: MissionItem[] = [];
    for (let round = 1; round <= 3; round++) {
      const items = patrol(40, round);
      const up = await adapter.upload(gcs.missions, vehicle, 'mission', items, { verify: true });
      if (up.result === 'ok') {
        expect(firstDifference(items, stored())).toBe(-1);
      } else {
        // A failure says why. ArduPilot wrote what arrived over the previous mission; clearing (as the CLI does)
        // leaves nothing that could fly.
        expect(up.detail, up.result).toBeTruthy();
        expect((await gcs.missions.clear(vehicle, 'mission')).result).toBe('ok');
        expect(stored()).toEqual([]);
        continue;
      }
      before = items;
      const down = await adapter.download(gcs.missions, vehicle, 'mission');
      expect(down.result, down.detail).toBe('ok');
      expect(firstDifference(items, down.items ?? [])).toBe(-1);
    }
    expect(before.length, 'every round ok, even at 30 % loss').toBe(41);
  }, 120_000);
});

describe('an upload right after boot', () => {
  it('waits while ArduPilot still answers with an error (its mission storage starting), then succeeds', async () => {
    const sim = await startSimulator({ link: createLink('udpin:127.0.0.1:0'), home: HOME, speedup: 1, vehicle: { mission_not_ready_s: 2 } });
    cleanups.push(() => sim.stop());
    const gcs = await GcsSession.open({ uri: `udpout:127.0.0.1:${(sim.link as { localPort?: number }).localPort}`, missionTiming: { boot_retry_delay_ms: 700 } });
    cleanups.push(() => gcs.close());
    const vehicle = await gcs.waitForVehicle(10_000);
    if (!vehicle) throw new Error('no vehicle heard');
    expect(sim.simulator.sim_ms).toBeLessThan(2000);
    const items = patrol(10, 9);
    const up = await gcs.missionAdapterFor(vehicle, HOME).upload(gcs.missions, vehicle, 'mission', items, { verify: true });
    expect(up.result, up.detail).toBe('ok');
    expect(up.retries).toBeGreaterThanOrEqual(1);
    expect(firstDifference(items, sim.vehicles[0].mission.store.items(0).slice(1))).toBe(-1);
  }, 30_000);
});

describe('after a failed mission upload', () => {
  it('the mission is cleared, so a half-written one (ArduPilot writes in place) cannot fly', async () => {
    const { uploadLists } = await import('../../electron/cli/commands/mission');
    const sim = await startSimulator({ link: createLink('udpin:127.0.0.1:0'), home: HOME, speedup: 2, vehicle: { mission_capacity: 20 } });
    cleanups.push(() => sim.stop());
    const gcs = await GcsSession.open({ uri: `udpout:127.0.0.1:${(sim.link as { localPort?: number }).localPort}` });
    cleanups.push(() => gcs.close());
    const vehicle = await gcs.waitForVehicle(10_000);
    if (!vehicle) throw new Error('no vehicle heard');
    const ok = await uploadLists(gcs, vehicle, { mission: patrol(10, 1), fence: [], rally: [] }, ['mission'], HOME, true);
    expect(ok.mission_state).toBe('uploaded');
    expect(sim.vehicles[0].mission.store.items(0).length).toBe(12);
    const tooBig = await uploadLists(gcs, vehicle, { mission: patrol(30, 2), fence: [], rally: [] }, ['mission', 'fence', 'rally'], HOME, true);
    expect(tooBig.results.mission?.result).toBe('no_space');
    expect(tooBig.results.fence).toBeUndefined();
    expect(tooBig.mission_state).toBe('cleared');
    expect(sim.vehicles[0].mission.store.items(0).length).toBeLessThanOrEqual(1); // home only

    // Refused half-way (a DO_JUMP to an item that does not exist): items 0..5 were written over the old mission.
    expect((await uploadLists(gcs, vehicle, { mission: patrol(10, 3), fence: [], rally: [] }, ['mission'], HOME, true)).mission_state).toBe('uploaded');
    const broken = patrol(10, 4);
    broken[6] = missionItem(177, { frame: 2, param1: 99, param2: 1 });
    const half = await uploadLists(gcs, vehicle, { mission: broken, fence: [], rally: [] }, ['mission'], HOME, true);
    expect(half.results.mission?.result).toBe('error');
    expect(half.mission_state).toBe('cleared');
    expect(sim.vehicles[0].mission.store.items(0).length).toBeLessThanOrEqual(1);
  }, 30_000);
});
