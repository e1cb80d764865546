// The mission client against a scripted vehicle, under fake time, every message through the real encoder,
// scanner and decoder: transfers that go right, the wire format, queueing, clear and set-current.
import { describe, expect, it } from 'vitest';
import { common } from 'node-mavlink';
import { firstDifference, missionItem, type MissionType } from '../../patrol/mission/mission-item';
import type { MissionProgress } from '../../mavlink/protocols/mission/mission-types';
import { FakeClock } from '../../mavlink/protocols/fake-clock';
import { MissionClient } from '../../mavlink/protocols/mission/mission-client';
import { GCS, VEHICLE, missionLoop, sampleItems } from './mission-vehicle';

const TYPE_NUMBER: Record<MissionType, number> = { mission: 0, fence: 1, rally: 2 };

describe('MissionClient: transfers that go right', () => {
  for (const flavour of ['ardupilot', 'px4'] as const) {
    for (const type of ['mission', 'fence', 'rally'] as const) {
      for (const n of [0, 1, 40]) {
        it(`${flavour} ${type}: upload then download ${n} items`, async () => {
          const L = missionLoop({ vehicle: { flavour } });
          const items = sampleItems(n, type);
          const progress: MissionProgress[] = [];
          const up = await L.settle(L.client.upload(VEHICLE, type, items, { onProgress: (p) => progress.push(p) }));
          expect(up).toMatchObject({ result: 'ok', operation: 'upload', mission_type: type, done: n, total: n, retries: 0, messages_sent: 1 + n });
          expect(firstDifference(items, L.vehicle.stores.get(TYPE_NUMBER[type]) ?? [])).toBe(-1);
          expect(progress.map((p) => p.done)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
          expect(progress.every((p) => p.total === n && p.operation === 'upload')).toBe(true);
          const down = await L.settle(L.client.download(VEHICLE, type));
          expect(down).toMatchObject({ result: 'ok', operation: 'download', done: n, total: n, retries: 0, messages_sent: n + 2 });
          expect(firstDifference(items, down.items ?? [])).toBe(-1);
          expect(down.items).toHaveLength(n);
          // The download ended with our MISSION_ACK ACCEPTED of the right type.
          const acks = L.gcsSent(common.MissionAck);
          expect(acks.map((a) => [a.type, a.missionType])).toEqual([[0, TYPE_NUMBER[type]]]);
          expect(L.client.pending()).toBe(0);
          L.clock.advance(100); // our last ACK is still on its way
          expect(L.clock.pending()).toBe(0);
        });
      }
    }
  }

  it('ArduPilot asks with MISSION_REQUEST, PX4 with MISSION_REQUEST_INT: both answered with MISSION_ITEM_INT only', async () => {
    for (const flavour of ['ardupilot', 'px4'] as const) {
      const L = missionLoop({ vehicle: { flavour } });
      const r = await L.settle(L.client.upload(VEHICLE, 'mission', sampleItems(5)));
      expect(r.result).toBe('ok');
      const asked = L.sentByVehicle.map((s) => s.msg.constructor.name).filter((n) => n.startsWith('MissionRequest'));
      expect(new Set(asked)).toEqual(new Set([flavour === 'ardupilot' ? 'MissionRequest' : 'MissionRequestInt']));
      expect(L.gcsSent(common.MissionItemInt)).toHaveLength(5);
      expect(L.gcsSent(common.MissionItem)).toHaveLength(0);
    }
  });

  it('exact timing of a clean upload: each step waits for the vehicle, 20 ms round trips', async () => {
    const L = missionLoop({ latency_ms: 10 });
    const r = await L.settle(L.client.upload(VEHICLE, 'mission', sampleItems(3)));
    expect(r).toMatchObject({ result: 'ok', seconds: 0.08, messages_sent: 4, retries: 0 });
    expect(L.gcsTimes(common.MissionCount)).toEqual([0]);
    expect(L.gcsTimes(common.MissionItemInt)).toEqual([20, 40, 60]);
  });

  it('wire format: global x/y as degrees × 1e7, local metres × 1e4, MAV_FRAME_MISSION × 1e7; addressed to the target', async () => {
    const L = missionLoop();
    const items = [
      missionItem(16, { frame: 3, x: 22.5431234, y: -114.0579876, z: 25.5 }),
      missionItem(16, { frame: 1, x: 12.3456, y: -7.5, z: -10 }),
      missionItem(178, { frame: 2, param2: 5, x: 1.5, y: 0 }),
    ];
    expect((await L.settle(L.client.upload(VEHICLE, 'mission', items))).result).toBe('ok');
    const sent = L.gcsSent(common.MissionItemInt);
    expect(sent.map((m) => [m.x, m.y, m.frame, m.seq])).toEqual([[225431234, -1140579876, 3, 0], [123456, -75000, 1, 1], [15000000, 0, 2, 2]]);
    expect(sent.every((m) => m.targetSystem === 1 && m.targetComponent === 1 && m.missionType === 0 && m.current === 0)).toBe(true);
    const count = L.gcsSent(common.MissionCount)[0];
    expect([count.count, count.targetSystem, count.targetComponent, count.missionType]).toEqual([3, 1, 1, 0]);
  });

  it('download accepts legacy MISSION_ITEM (float x/y)', async () => {
    const L = missionLoop({
      vehicle: {
        intercept: (m, v) => {
          if (!(m instanceof common.MissionRequestInt)) return false;
          const it = new common.MissionItem();
          Object.assign(it, { targetSystem: GCS.sysid, targetComponent: GCS.compid, seq: m.seq, frame: 3, command: 16, current: 0, autocontinue: 1, param1: 0, param2: 0, param3: 0, param4: 0, x: 45.5 + m.seq, y: 7.25, z: 30, missionType: 0 });
          v.send(it);
          return true;
        },
      },
    });
    L.vehicle.stores.set(0, sampleItems(2));
    const r = await L.settle(L.client.download(VEHICLE, 'mission'));
    expect(r.result).toBe('ok');
    expect(r.items?.map((i) => [i.x, i.y, i.z])).toEqual([[45.5, 7.25, 30], [46.5, 7.25, 30]]);
  });

  it('operations to one target queue; each one runs after the previous ends', async () => {
    const L = missionLoop();
    const items = sampleItems(6);
    const up = L.client.upload(VEHICLE, 'mission', items);
    const down = L.client.download(VEHICLE, 'mission');
    const clear = L.client.clear(VEHICLE, 'mission');
    expect(L.client.pending()).toBe(3);
    expect(L.gcsSent(common.MissionRequestList)).toHaveLength(0);
    const [u, d, c] = await L.settle(Promise.all([up, down, clear]));
    expect([u.result, d.result, c.result]).toEqual(['ok', 'ok', 'ok']);
    expect(firstDifference(items, d.items ?? [])).toBe(-1);
    expect(L.vehicle.stores.get(0)).toEqual([]);
  });

  it('clear: MISSION_CLEAR_ALL of the type, ok on ACCEPTED; timeout after 6 sends when unanswered', async () => {
    const L = missionLoop();
    L.vehicle.stores.set(2, sampleItems(3, 'rally'));
    const r = await L.settle(L.client.clear(VEHICLE, 'rally'));
    expect(r).toMatchObject({ result: 'ok', operation: 'clear', mission_type: 'rally', messages_sent: 1 });
    expect(L.gcsSent(common.MissionClearAll)[0].missionType).toBe(2);
    expect(L.vehicle.stores.get(2)).toEqual([]);
    L.drop.up = (m) => m instanceof common.MissionClearAll;
    const t0 = L.clock.now_ms();
    const r2 = await L.settle(L.client.clear(VEHICLE, 'fence'));
    expect(r2).toMatchObject({ result: 'timeout', messages_sent: 6, retries: 5, seconds: 9 });
    expect(L.gcsTimes(common.MissionClearAll).slice(1).map((t) => t - t0)).toEqual([0, 1500, 3000, 4500, 6000, 7500]);
  });

  it('set current: ok when MISSION_CURRENT reports the seq; other MISSION_CURRENT ignored; timeout if never', async () => {
    const L = missionLoop();
    L.vehicle.stores.set(0, sampleItems(5));
    const p = L.client.setCurrent(VEHICLE, 3);
    const stale = new common.MissionCurrent();
    Object.assign(stale, { seq: 1, total: 5 });
    L.inject(stale, VEHICLE);
    const r = await L.settle(p);
    expect(r).toMatchObject({ result: 'ok', operation: 'set_current', seq: 3 });
    expect(L.vehicle.current).toBe(3);
    const r2 = await L.settle(L.client.setCurrent(VEHICLE, 9, { timing: { timeout_ms: 100, retries: 2 } }));
    expect(r2).toMatchObject({ result: 'timeout', messages_sent: 3, seconds: 0.3 });
  });

  it('close() cancels the running and the queued operations; a throwing sender gives send_failed', async () => {
    const L = missionLoop({ vehicle: { intercept: (m) => m instanceof common.MissionCount } });
    const running = L.client.upload(VEHICLE, 'mission', sampleItems(3));
    const queued = L.client.download(VEHICLE, 'mission');
    L.client.close();
    const [a, b] = await Promise.all([running, queued]);
    expect([a.result, b.result, a.detail]).toEqual(['cancelled', 'cancelled', 'mission client closed']);
    expect(L.gcsSent(common.MissionAck).map((m) => m.type)).toEqual([common.MavMissionResult.OPERATION_CANCELLED]);
    expect(L.gcsSent(common.MissionRequestList)).toHaveLength(0);
    expect(L.client.pending()).toBe(0);
    const broken = new MissionClient({ clock: new FakeClock(0), send: () => { throw new Error('link closed'); } });
    const r = await broken.download(VEHICLE, 'mission');
    expect(r).toMatchObject({ result: 'send_failed', detail: 'link closed', messages_sent: 1 });
    expect(broken.pending()).toBe(0);
  });

  it('bad requests throw naming what and where', () => {
    const L = missionLoop();
    expect(() => L.client.upload({ sysid: 0, compid: 1 }, 'mission', [])).toThrow(/upload: target must be/);
    expect(() => L.client.upload(VEHICLE, 'mission', [missionItem(16, { frame: 3, x: 300 })])).toThrow(/mission item 0: x = 300 does not fit/);
    expect(() => L.client.upload(VEHICLE, 'mission', [missionItem(16), missionItem(16, { frame: 1, x: 300_000 })])).toThrow(/mission item 1: x = 300000/);
    expect(() => L.client.download(VEHICLE, 'route' as MissionType)).toThrow(/mission type must be one of mission, fence, rally, got route/);
    expect(() => L.client.clear(VEHICLE, 'mission', { timing: { retries: -1 } })).toThrow(/timing.retries must be an integer >= 0/);
    expect(() => L.client.setCurrent(VEHICLE, 70000)).toThrow(/seq must be an integer 0..65535/);
    expect(L.gcsSent(common.MissionCount)).toHaveLength(0);
  });
});
