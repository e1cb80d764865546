// A table of misbehaving vehicles and links: each case ends with the right typed result, never a false 'ok'.
// Fake time, every message through the real encoder → scanner → decoder.
import { describe, expect, it } from 'vitest';
import { common, type MavLinkData } from 'node-mavlink';
import { firstDifference } from '../../patrol/mission/mission-item';
import type { MissionResult } from '../../mavlink/protocols/mission/mission-types';
import { GCS, VEHICLE, missionLoop, sampleItems, type ScriptedVehicle, type VehicleOptions } from './mission-vehicle';

const R = common.MavMissionResult;
type Loop = ReturnType<typeof missionLoop>;

const isItem = (m: MavLinkData, seq?: number): m is InstanceType<typeof common.MissionItemInt> =>
  m instanceof common.MissionItemInt && (seq === undefined || m.seq === seq);

/** Intercept one kind of incoming message with `act` (consuming it), the rest behave normally. */
function on(pred: (m: MavLinkData) => boolean, act: (m: MavLinkData, v: ScriptedVehicle) => void, times = Infinity): VehicleOptions['intercept'] {
  let left = times;
  return (m, v) => {
    if (left <= 0 || !pred(m)) return false;
    left--;
    act(m, v);
    return true;
  };
}

function cancelAcks(L: Loop): number {
  return L.gcsSent(common.MissionAck).filter((a) => a.type === R.OPERATION_CANCELLED).length;
}

interface UploadCase {
  name: string;
  vehicle?: VehicleOptions;
  n?: number;
  setup?: (L: Loop) => void;
  expect: Partial<Omit<MissionResult, 'detail'>> & { detail?: RegExp };
  check?: (L: Loop, r: MissionResult) => void;
}

const uploadCases: UploadCase[] = [
  {
    name: 'first MISSION_COUNT lost: resent after 1.5 s, ok',
    setup: (L) => { let first = true; L.drop.up = (m) => { const d = first && m instanceof common.MissionCount; if (d) first = false; return d; }; },
    expect: { result: 'ok', retries: 1, messages_sent: 6 },
    check: (L) => expect(L.gcsTimes(common.MissionCount)).toEqual([0, 1500]),
  },
  {
    name: 'item 0 never requested: timeout after 6 MISSION_COUNTs, 9 s',
    vehicle: { intercept: on((m) => m instanceof common.MissionCount, () => undefined) },
    expect: { result: 'timeout', retries: 5, messages_sent: 6, seconds: 9, done: 0, detail: /no request for item 0 after 6 MISSION_COUNT sends/ },
    check: (L) => expect(L.gcsTimes(common.MissionCount)).toEqual([0, 1500, 3000, 4500, 6000, 7500]),
  },
  {
    name: 'item requested beyond the count: protocol_error, transfer cancelled',
    vehicle: { intercept: on((m) => m instanceof common.MissionCount, (m, v) => v.request(5, 0)) },
    expect: { result: 'protocol_error', seq: 5, detail: /item 5 requested beyond the count 4/ },
    check: (L) => { expect(cancelAcks(L)).toBe(1); expect(L.gcsSent(common.MissionItemInt)).toHaveLength(0); },
  },
  {
    name: 'request skips ahead (1 → 3): protocol_error naming the sequence',
    vehicle: { intercept: on((m) => isItem(m, 1), (m, v) => v.request(3, 0)) },
    expect: { result: 'protocol_error', seq: 3, detail: /wrong sequence: item 3 requested, expected at most 2/ },
    check: (L) => expect(cancelAcks(L)).toBe(1),
  },
  {
    name: 'DENIED to MISSION_COUNT (another GCS is transferring): denied',
    vehicle: { intercept: on((m) => m instanceof common.MissionCount, (m, v) => v.ack(R.DENIED, 0)) },
    expect: { result: 'denied', ack: { type: 14, type_name: 'DENIED' }, retries: 0 },
  },
  {
    name: 'NO_SPACE to MISSION_COUNT: no_space',
    vehicle: { intercept: on((m) => m instanceof common.MissionCount, (m, v) => v.ack(R.NO_SPACE, 0)) },
    expect: { result: 'no_space', ack: { type: 4, type_name: 'NO_SPACE' } },
  },
  {
    name: 'INVALID_PARAM7 after item 2: invalid, item 2, param z',
    vehicle: { intercept: on((m) => isItem(m, 2), (m, v) => v.ack(R.INVALID_PARAM7, 0)) },
    expect: { result: 'invalid', seq: 2, param: 'z', done: 2 },
  },
  {
    name: 'UNSUPPORTED_FRAME after item 1: invalid, item 1, frame',
    vehicle: { intercept: on((m) => isItem(m, 1), (m, v) => v.ack(R.UNSUPPORTED_FRAME, 0)) },
    expect: { result: 'invalid', seq: 1, param: 'frame' },
  },
  {
    name: 'generic ERROR after item 1: error',
    vehicle: { intercept: on((m) => isItem(m, 1), (m, v) => v.ack(R.ERROR, 0)) },
    expect: { result: 'error', ack: { type: 1, type_name: 'ERROR' }, detail: /ERROR after item 1/ },
  },
  {
    name: 'the vehicle cancels (OPERATION_CANCELLED): cancelled',
    vehicle: { intercept: on((m) => isItem(m, 0), (m, v) => v.ack(R.OPERATION_CANCELLED, 0)) },
    expect: { result: 'cancelled' },
  },
  {
    name: 'no final ack, nothing stored: timeout after the last item is resent, the read-back shows no mission',
    vehicle: { intercept: on((m) => isItem(m, 3), () => undefined) },
    expect: { result: 'timeout', detail: /no final MISSION_ACK after 6 sends of the last item 3.*different mission/ },
    check: (L) => expect(L.gcsTimes(common.MissionItemInt).filter((_, i, a) => i >= a.length - 6).map((t, _, a) => t - a[0])).toEqual([0, 1500, 3000, 4500, 6000, 7500]),
  },
  {
    name: 'final ACCEPTED lost, mission stored: the resent item gets ERROR, the read-back confirms, ok',
    setup: (L) => { L.drop.down = (m) => m instanceof common.MissionAck && m.type === R.ACCEPTED; },
    expect: { result: 'ok', detail: /final ACCEPTED may have been lost; read-back shows the whole mission stored/ },
    check: (L, r) => expect(firstDifference(sampleItems(4), r.items ?? [])).toBe(-1),
  },
  {
    name: 'ERROR (to a duplicated last item) overtakes the final ACCEPTED: ok, no read-back needed',
    vehicle: { intercept: on((m) => isItem(m, 3), (m, v) => { v.ack(R.ERROR, 0); v.receive(m); }, 1) },
    expect: { result: 'ok', messages_sent: 5 },
  },
  {
    name: 'ACCEPTED before all items were sent: protocol_error, never ok',
    vehicle: { intercept: on((m) => isItem(m, 0), (m, v) => v.ack(R.ACCEPTED, 0)) },
    expect: { result: 'protocol_error', detail: /ACCEPTED after 1 of 4 items were requested/ },
  },
  {
    name: 'duplicated requests and INVALID_SEQUENCE acks (ArduPilot): ok',
    n: 8,
    vehicle: { duplicate_requests: true },
    expect: { result: 'ok', done: 8 },
    check: (L) => {
      expect(L.sentByVehicle.filter((s) => s.msg instanceof common.MissionAck && s.msg.type === R.INVALID_SEQUENCE).length).toBeGreaterThan(3);
      expect(firstDifference(sampleItems(8), L.vehicle.stores.get(0) ?? [])).toBe(-1);
    },
  },
  {
    name: 'a stale request for an earlier item is answered again: ok',
    vehicle: { intercept: on((m) => isItem(m, 2), (m, v) => { v.request(0, 0); v.receive(m); }, 1) },
    expect: { result: 'ok' },
    check: (L) => expect(L.gcsSent(common.MissionItemInt).map((m) => m.seq)).toEqual([0, 1, 2, 0, 3]),
  },
  {
    name: "another GCS's traffic, other vehicles and other mission types interleaved: ignored, ok",
    setup: (L) => {
      L.vehicle.opts.intercept = on((m) => isItem(m, 1), (m, v) => {
        const req = (seq: number, missionType: number, target: number) => {
          const r = new common.MissionRequestInt();
          Object.assign(r, { seq, missionType, targetSystem: target, targetComponent: GCS.compid });
          return r;
        };
        const ack = (type: number, missionType: number, target: number) => {
          const a = new common.MissionAck();
          Object.assign(a, { type, missionType, targetSystem: target, targetComponent: 0, opaqueId: 0 });
          return a;
        };
        L.inject(req(3, 0, 254), VEHICLE); // to another GCS
        L.inject(ack(R.DENIED, 0, 254), VEHICLE); // to another GCS
        L.inject(req(3, 0, GCS.sysid), { sysid: 2, compid: 1 }); // another vehicle
        L.inject(ack(R.ERROR, 0, GCS.sysid), { sysid: 2, compid: 1 });
        L.inject(req(3, 1, GCS.sysid), VEHICLE); // fence, not mission
        L.inject(ack(R.ACCEPTED, 2, GCS.sysid), VEHICLE); // rally
        L.inject(ack(R.NO_SPACE, 1, GCS.sysid), VEHICLE); // fence
        v.receive(m);
      }, 1);
    },
    expect: { result: 'ok', done: 4, messages_sent: 5 },
    check: (L) => expect(firstDifference(sampleItems(4), L.vehicle.stores.get(0) ?? [])).toBe(-1),
  },
  {
    name: 'boot: ERROR to the first two MISSION_COUNTs (storage starting), then ok',
    vehicle: { boot_errors: { count: 2, type: R.ERROR } },
    expect: { result: 'ok', retries: 2, done: 4 },
    check: (L) => expect(L.gcsTimes(common.MissionCount)).toEqual([0, 2020, 4040]),
  },
  {
    name: 'boot: UNSUPPORTED (ArduPilot before its mission handler exists), then ok',
    vehicle: { boot_errors: { count: 3, type: R.UNSUPPORTED } },
    expect: { result: 'ok', retries: 3 },
  },
  {
    name: 'boot: still ERROR after the boot retries: error',
    vehicle: { boot_errors: { count: 10, type: R.ERROR } },
    expect: { result: 'error', retries: 3, messages_sent: 4, detail: /ERROR to MISSION_COUNT/ },
  },
];

describe('MissionClient upload: misbehaving vehicles', () => {
  for (const c of uploadCases) {
    it(c.name, async () => {
      const L = missionLoop({ vehicle: c.vehicle });
      c.setup?.(L);
      const items = sampleItems(c.n ?? 4);
      const r = await L.settle(L.client.upload(VEHICLE, 'mission', items));
      const { detail, ...rest } = c.expect;
      expect(r).toMatchObject(rest);
      if (detail) expect(r.detail).toMatch(detail);
      if (r.result !== 'ok') expect(L.vehicle.stores.get(0)).toEqual([]); // nothing half-written looks stored
      c.check?.(L, r);
      expect(L.client.pending()).toBe(0);
    });
  }

  it('cancelled mid-transfer: MISSION_ACK OPERATION_CANCELLED sent, vehicle stops, cancelled', async () => {
    const ac = new AbortController();
    const L = missionLoop({ vehicle: { rerequest_ms: 500, intercept: (m) => { if (isItem(m, 2)) ac.abort(); return false; } } });
    const r = await L.settle(L.client.upload(VEHICLE, 'mission', sampleItems(6), { signal: ac.signal }));
    expect(r).toMatchObject({ result: 'cancelled', done: 2, detail: 'aborted by caller' });
    const last = L.sentByGcs.at(-1)?.msg;
    expect(last).toBeInstanceOf(common.MissionAck);
    expect(last && (last as InstanceType<typeof common.MissionAck>).type).toBe(R.OPERATION_CANCELLED);
    L.clock.advance(100);
    expect(L.vehicle.receiving).toBeUndefined();
    expect(L.vehicle.stores.get(0)).toEqual([]);
    expect(L.clock.pending()).toBe(0);
  });

  it('aborted before it starts: nothing sent; a queued operation cancelled without a word', async () => {
    const L = missionLoop();
    const r = await L.settle(L.client.upload(VEHICLE, 'mission', sampleItems(2), { signal: AbortSignal.abort() }));
    expect(r).toMatchObject({ result: 'cancelled', messages_sent: 0 });
    const ac = new AbortController();
    const first = L.client.download(VEHICLE, 'mission');
    const queued = L.client.clear(VEHICLE, 'mission', { signal: ac.signal });
    ac.abort();
    const [a, b] = await L.settle(Promise.all([first, queued]));
    expect([a.result, b.result]).toEqual(['ok', 'cancelled']);
    expect(L.gcsSent(common.MissionClearAll)).toHaveLength(0);
  });

  it('verify: a vehicle that stores item 3 differently gives verify_failed at 3', async () => {
    const L = missionLoop({ vehicle: { store_transform: (item, seq) => (seq === 3 ? { ...item, z: item.z + 0.5 } : item) } });
    const r = await L.settle(L.client.upload(VEHICLE, 'mission', sampleItems(6), { verify: true }));
    expect(r).toMatchObject({ result: 'verify_failed', seq: 3 });
    const L2 = missionLoop();
    const ok = await L2.settle(L2.client.upload(VEHICLE, 'mission', sampleItems(6), { verify: true }));
    expect(ok).toMatchObject({ result: 'ok', messages_sent: 7 + 8 });
    expect(ok.items).toHaveLength(6);
  });
});

describe('MissionClient upload: the same misbehaving vehicles under adaptive timing (the default)', () => {
  for (const c of uploadCases) {
    it(c.name, async () => {
      const L = missionLoop({ vehicle: c.vehicle, timing: { adaptive: true } });
      c.setup?.(L);
      const items = sampleItems(c.n ?? 4);
      const r = await L.settle(L.client.upload(VEHICLE, 'mission', items));
      expect(r.result).toBe(c.expect.result);
      if (r.result === 'ok') expect(firstDifference(items, L.vehicle.stores.get(0) ?? [])).toBe(-1);
      else expect(L.vehicle.stores.get(0)).toEqual([]);
      expect(L.client.pending()).toBe(0);
    });
  }

  it('a vehicle that refuses every item as INVALID_SEQUENCE and then says ACCEPTED gets no ok', async () => {
    const L = missionLoop({
      timing: { adaptive: true },
      vehicle: {
        rerequest_ms: 300,
        intercept: (m, v) => {
          if (!(m instanceof common.MissionItemInt)) return false;
          if (m.seq < 4) {
            const a = new common.MissionAck();
            Object.assign(a, { targetSystem: GCS.sysid, targetComponent: GCS.compid, type: m.seq === 3 ? R.ACCEPTED : R.INVALID_SEQUENCE, missionType: 0 });
            v.send(a);
          }
          return true;
        },
      },
    });
    const r = await L.settle(L.client.upload(VEHICLE, 'mission', sampleItems(4)));
    // Item 3 went out ahead of any request and "ACCEPTED" came back: the read-back shows nothing was stored.
    expect(r.result).not.toBe('ok');
    expect(r.detail).toMatch(/sent ahead of their requests.*different mission|read-back/);
  });

  it('the walk ahead is bounded: one item lost twice costs a handful of extra sends, not the rest of the mission', async () => {
    const L = missionLoop({ timing: { adaptive: true }, vehicle: { rerequest_ms: 1000 } });
    let drops = 2;
    L.drop.up = (m) => m instanceof common.MissionItemInt && m.seq === 10 && drops-- > 0;
    const items = sampleItems(60);
    const r = await L.settle(L.client.upload(VEHICLE, 'mission', items));
    expect(r.result).toBe('ok');
    expect(firstDifference(items, L.vehicle.stores.get(0) ?? [])).toBe(-1);
    expect(L.gcsSent(common.MissionItemInt).length).toBeLessThan(60 + 12);
  });
});

describe('MissionClient download: misbehaving vehicles', () => {
  it('lost items are re-requested after 250 ms: ok with every item', async () => {
    const L = missionLoop();
    L.vehicle.stores.set(0, sampleItems(6));
    const lost = new Set([1, 4]);
    L.drop.down = (m) => isItem(m) && lost.delete(m.seq);
    const r = await L.settle(L.client.download(VEHICLE, 'mission'));
    expect(r).toMatchObject({ result: 'ok', retries: 2, done: 6 });
    expect(firstDifference(sampleItems(6), r.items ?? [])).toBe(-1);
    const req1 = L.gcsSent(common.MissionRequestInt).map((m) => m.seq);
    expect(req1).toEqual([0, 1, 1, 2, 3, 4, 4, 5]);
  });

  it('no MISSION_COUNT: timeout after 6 MISSION_REQUEST_LISTs, 9 s', async () => {
    const L = missionLoop({ vehicle: { intercept: on((m) => m instanceof common.MissionRequestList, () => undefined) } });
    const r = await L.settle(L.client.download(VEHICLE, 'fence'));
    expect(r).toMatchObject({ result: 'timeout', seconds: 9, messages_sent: 6, retries: 5 });
    expect(L.gcsTimes(common.MissionRequestList)).toEqual([0, 1500, 3000, 4500, 6000, 7500]);
  });

  it('an item that never comes: timeout naming it after 6 requests 250 ms apart, cancel ack sent, never partial ok', async () => {
    const L = missionLoop();
    L.vehicle.stores.set(0, sampleItems(5));
    L.drop.down = (m) => isItem(m, 2);
    const r = await L.settle(L.client.download(VEHICLE, 'mission'));
    expect(r).toMatchObject({ result: 'timeout', seq: 2, done: 2, total: 5 });
    expect(r.items).toBeUndefined();
    const t = L.sentByGcs.filter((s) => s.msg instanceof common.MissionRequestInt && s.msg.seq === 2).map((s) => s.t_ms);
    expect(t.map((x) => x - t[0])).toEqual([0, 250, 500, 750, 1000, 1250]);
    expect(cancelAcks(L)).toBe(1);
  });

  it('a stray ERROR (an earlier upload\'s duplicate item) does not end a download; a repeated one does, as error', async () => {
    const L = missionLoop({ vehicle: { intercept: on((m) => m instanceof common.MissionRequestInt && m.seq === 1, (m, v) => { v.ack(R.ERROR, 0); v.receive(m); }, 1) } });
    L.vehicle.stores.set(0, sampleItems(3));
    expect(await L.settle(L.client.download(VEHICLE, 'mission'))).toMatchObject({ result: 'ok', done: 3 });
    const L2 = missionLoop({ vehicle: { intercept: on((m) => m instanceof common.MissionRequestInt && m.seq === 1, (m, v) => v.ack(R.ERROR, 0)) } });
    L2.vehicle.stores.set(0, sampleItems(3));
    const r = await L2.settle(L2.client.download(VEHICLE, 'mission'));
    expect(r).toMatchObject({ result: 'error', seq: 1, ack: { type: 1 }, detail: 'item 1 not received after 6 requests; the vehicle answered ERROR' });
  });

  it('UNSUPPORTED answer (e.g. fence not enabled): unsupported', async () => {
    const L = missionLoop({ vehicle: { intercept: on((m) => m instanceof common.MissionRequestList, (m, v) => v.ack(R.UNSUPPORTED, 1)) } });
    const r = await L.settle(L.client.download(VEHICLE, 'fence'));
    expect(r).toMatchObject({ result: 'unsupported', ack: { type: 3 } });
  });

  it('MISSION_COUNT changes mid-download: protocol_error', async () => {
    const L = missionLoop({ vehicle: { intercept: on((m) => m instanceof common.MissionRequestInt && m.seq === 1, (m, v) => v.count(9, 0), 1) } });
    L.vehicle.stores.set(0, sampleItems(3));
    const r = await L.settle(L.client.download(VEHICLE, 'mission'));
    expect(r).toMatchObject({ result: 'protocol_error', detail: 'MISSION_COUNT changed from 3 to 9 during the download' });
  });

  it('cancelled mid-download: cancel ack sent, cancelled', async () => {
    const ac = new AbortController();
    const L = missionLoop({ vehicle: { intercept: (m) => { if (m instanceof common.MissionRequestInt && m.seq === 3) ac.abort(); return false; } } });
    L.vehicle.stores.set(0, sampleItems(6));
    const r = await L.settle(L.client.download(VEHICLE, 'mission', { signal: ac.signal }));
    expect(r).toMatchObject({ result: 'cancelled', done: 3 });
    expect(cancelAcks(L)).toBe(1);
  });
});
