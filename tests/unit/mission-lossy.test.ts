// A lossy loopback in fake time, as in MAVSDK's transfer tests: the mission client against the scripted
// (ArduPilot-like, re-requesting) vehicle over a channel that drops, duplicates and reorders frames both ways,
// seeded. Every transfer ends 'ok' with identical items, or with a clear failure: never a silently partial mission.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../mavlink/sim/faults';
import { firstDifference, missionItem, type MissionItem, type MissionType } from '../../patrol/mission/mission-item';
import type { MissionResult, MissionTiming } from '../../mavlink/protocols/mission/mission-types';
import { VEHICLE, missionLoop } from './mission-vehicle';

const TYPES: MissionType[] = ['mission', 'fence', 'rally'];
const TYPE_NUMBER: Record<MissionType, number> = { mission: 0, fence: 1, rally: 2 };
const FAILURES = new Set(['timeout', 'error', 'protocol_error', 'verify_failed']);

function randomItems(rand: () => number, n: number, tag: number): MissionItem[] {
  return Array.from({ length: n }, (_, i) => missionItem(16, {
    frame: 3, param1: tag, param2: i, x: -60 + rand() * 120, y: -180 + rand() * 360, z: Math.round(rand() * 1e4) / 100,
  }));
}

async function lossyRun(loss: number, seed: number, runs: number, timing?: Partial<MissionTiming>, rerequest_ms = 500) {
  const rand = mulberry32(seed);
  const L = missionLoop({ vehicle: { rerequest_ms }, faults: { loss, duplicate: 0.1, reorder: 0.1, rand }, timing });
  const outcomes: { up: MissionResult; down: MissionResult }[] = [];
  const sleep = (ms: number) => new Promise<void>((r) => L.clock.setTimeout(r, ms));
  let finished = false;
  const chain = (async () => {
    for (let i = 0; i < runs; i++) {
      const type = TYPES[i % 3];
      const n = i % 7 === 0 ? 0 : 1 + Math.floor(rand() * 25);
      const items = randomItems(rand, n, i + 1);
      const before = L.vehicle.stores.get(TYPE_NUMBER[type]) ?? [];
      const up = await L.client.upload(VEHICLE, type, items);
      await sleep(1000);
      const stored = L.vehicle.stores.get(TYPE_NUMBER[type]) ?? [];
      if (up.result === 'ok') expect(firstDifference(items, stored)).toBe(-1);
      else {
        expect(FAILURES.has(up.result), `${up.result}: ${up.detail}`).toBe(true);
        // What the vehicle holds is either the old mission or all of the new one, never a mix.
        expect(firstDifference(before, stored) === -1 || firstDifference(items, stored) === -1).toBe(true);
      }
      const down = await L.client.download(VEHICLE, type);
      await sleep(1000);
      if (down.result === 'ok') expect(firstDifference(L.vehicle.stores.get(TYPE_NUMBER[type]) ?? [], down.items ?? [])).toBe(-1);
      else {
        expect(FAILURES.has(down.result), `${down.result}: ${down.detail}`).toBe(true);
        expect(down.items).toBeUndefined();
      }
      outcomes.push({ up, down });
    }
    finished = true;
  })();
  for (let step = 0; !finished && step < 2_000_000; step++) {
    L.clock.advance(10);
    await new Promise<void>((r) => setImmediate(r));
  }
  await chain;
  L.clock.advance(60_000);
  expect(L.client.pending()).toBe(0);
  expect(L.clock.pending()).toBe(0);
  return outcomes;
}

describe('MissionClient over a lossy, duplicating, reordering channel', () => {
  it('10 % loss: every upload and download ok with identical items', async () => {
    const out = await lossyRun(0.1, 0x5eed0010, 30);
    expect(out).toHaveLength(30);
    const bad = out.flatMap((o) => [o.up, o.down]).filter((r) => r.result !== 'ok');
    expect(bad.map((r) => `${r.operation} ${r.result}: ${r.detail}`)).toEqual([]);
    expect(out.reduce((s, o) => s + o.up.retries + o.down.retries, 0)).toBeGreaterThan(10);
  });

  it('30 % loss: each transfer ok with identical items or a clear failure; most succeed', async () => {
    const out = await lossyRun(0.3, 0x5eed0030, 30);
    const all = out.flatMap((o) => [o.up, o.down]);
    const ok = all.filter((r) => r.result === 'ok').length;
    expect(ok).toBeGreaterThanOrEqual(40);
    for (const r of all) if (r.result !== 'ok') expect(r.detail).toBeTruthy();
  });

  it('30 % loss with 15 retries: every upload and download ok with identical items', async () => {
    const out = await lossyRun(0.3, 0x5eed0031, 30, { retries: 15 });
    const bad = out.flatMap((o) => [o.up, o.down]).filter((r) => r.result !== 'ok');
    expect(bad.map((r) => `${r.operation} ${r.result}: ${r.detail}`)).toEqual([]);
  });
});

describe('adaptive retransmission (the default timing)', () => {
  const seconds = (rs: MissionResult[]) => rs.reduce((s, r) => s + r.seconds, 0);

  it('30 % loss with the default 5 retries: every transfer ok, and much faster than fixed timing', async () => {
    // ArduPilot re-requests a missing item after 1 s: with fixed timing every lost request costs that second.
    const adaptive = await lossyRun(0.3, 0x5eed0032, 30, { adaptive: true }, 1000);
    const bad = adaptive.flatMap((o) => [o.up, o.down]).filter((r) => r.result !== 'ok');
    expect(bad.map((r) => `${r.operation} ${r.result}: ${r.detail}`)).toEqual([]);
    const fixed = await lossyRun(0.3, 0x5eed0032, 30, { adaptive: false, retries: 15 }, 1000);
    const up = (o: typeof adaptive) => o.map((x) => x.up);
    expect(seconds(up(adaptive))).toBeLessThan(seconds(up(fixed)) / 3);
  });
});

describe('adaptive download window', () => {
  it('asks for four items at once, keeps the window full, and takes them in any order', async () => {
    const { missionLoop: loop, sampleItems } = await import('./mission-vehicle');
    const { common } = await import('node-mavlink');
    const L = loop({ timing: { adaptive: true }, latency_ms: 10 });
    const items = sampleItems(12);
    L.vehicle.stores.set(0, items);
    // Lose the answer for item 1 once: items 2.. arrive before it, and it is asked for again.
    let lost = false;
    L.drop.down = (m) => {
      if (!lost && m instanceof common.MissionItemInt && m.seq === 1) return (lost = true);
      return false;
    };
    const r = await L.settle(L.client.download(VEHICLE, 'mission'));
    expect(r.result).toBe('ok');
    expect(firstDifference(items, r.items ?? [])).toBe(-1);
    const requests = L.sentByGcs.filter((s) => s.msg instanceof common.MissionRequestInt);
    const firstBurst = requests.filter((s) => s.t_ms === requests[0].t_ms).map((s) => (s.msg as InstanceType<typeof common.MissionRequestInt>).seq);
    expect(firstBurst).toEqual([0, 1, 2, 3]);
    expect(requests.filter((s) => (s.msg as InstanceType<typeof common.MissionRequestInt>).seq === 1)).toHaveLength(2);
    expect(r.retries).toBe(1);
  });
});
