// The simulator's vehicle side of the mission protocol, driven by a scripted ground station over an in-process
// pipe with sim time under test control: upload, download and clear of mission / fence / rally; ArduPilot's
// re-request, 8 s upload timeout, DENIED for a second GCS, INVALID_SEQUENCE, NO_SPACE, the not-ready window at
// boot, legacy MISSION_ITEM / MISSION_REQUEST, set-current.
import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { offsetLatLon } from '../../mavlink/sim/geo';
import { firstDifference, missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { CUSTOM, GUIDED } from './sim-helpers';
import {
  clearAllMsg, countMsg, download, FENCE, itemFloatMsg, itemIntMsg, MavCmd, MavFrame, MISSION, missionSim, R, RALLY,
  requestIntMsg, requestListMsg, requestMsg, since, upload, type Harness,
} from './sim-mission-helpers';

function at(h: Harness, north_m: number, east_m: number): { lat_deg: number; lon_deg: number } {
  const home = h.sim.vehicle(1).home;
  return offsetLatLon(home, north_m, east_m);
}

function wp(h: Harness, north_m: number, east_m: number, alt_m: number, hold_s = 0): MissionItem {
  const p = at(h, north_m, east_m);
  return missionItem(MavCmd.NAV_WAYPOINT, { frame: MavFrame.GLOBAL_RELATIVE_ALT, x: p.lat_deg, y: p.lon_deg, z: alt_m, param1: hold_s });
}

/** A mission: home slot (somewhere else on purpose), takeoff, waypoints. */
function mission(h: Harness, n: number): MissionItem[] {
  const items = [wp(h, 500, 500, 0), missionItem(MavCmd.NAV_TAKEOFF, { z: 10 })];
  for (let i = 0; items.length < n; i++) items.push(wp(h, 10 * i, 5 * i, 10 + i, i % 3));
  return items;
}

function acks(h: Harness, from: number, type = MISSION): number[] {
  return since(h.gcs, common.MissionAck, from).filter((r) => r.msg.missionType === type).map((r) => r.msg.type);
}

describe('simulated vehicle: mission upload and download', () => {
  it('uploads a mission with MISSION_REQUEST per item, acks ACCEPTED, and reads it back with its own home at seq 0', () => {
    const h = missionSim();
    const items = mission(h, 12);
    const start = h.gcs.received.length;
    expect(upload(h, MISSION, items)?.type).toBe(R.ACCEPTED);
    const requests = since(h.gcs, common.MissionRequest, start);
    expect(requests.map((r) => r.msg.seq)).toEqual(items.map((_, i) => i));
    expect(requests.every((r) => r.msg.targetSystem === 255 && r.msg.targetComponent === 190 && r.msg.missionType === MISSION)).toBe(true);
    expect(since(h.gcs, common.MissionRequestInt, start)).toHaveLength(0); // ArduPilot asks with MISSION_REQUEST
    expect(h.gcs.texts()).toContain('Flight plan received');
    const { items: back } = download(h, MISSION);
    expect(back).toHaveLength(items.length);
    expect(firstDifference(back.slice(1), items.slice(1))).toBe(-1);
    const home = h.sim.vehicle(1).home;
    expect(back[0].command).toBe(MavCmd.NAV_WAYPOINT);
    expect(back[0].frame).toBe(MavFrame.GLOBAL);
    expect(back[0].x).toBeCloseTo(home.lat_deg, 7);
    expect(back[0].y).toBeCloseTo(home.lon_deg, 7);
    expect(back[0].z).toBeCloseTo(home.alt_m, 3);
    expect(h.sim.vehicle(1).mission.runner.progress()).toEqual({ seq: 0, total: 11, state: common.MissionState.NOT_STARTED });
  });

  it('keeps mission, fence and rally apart; clears each by type', () => {
    const h = missionSim();
    const m = mission(h, 5);
    const corners = [at(h, 100, 100), at(h, 100, -100), at(h, -100, -100), at(h, -100, 100)];
    const fence = [
      ...corners.map((c) => missionItem(MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, { frame: MavFrame.GLOBAL, param1: 4, x: c.lat_deg, y: c.lon_deg })),
      missionItem(MavCmd.NAV_FENCE_CIRCLE_EXCLUSION, { frame: MavFrame.GLOBAL, param1: 15, x: at(h, 40, 0).lat_deg, y: at(h, 40, 0).lon_deg }),
    ];
    const rally = [at(h, 30, 0), at(h, 0, 30)].map((p) => missionItem(MavCmd.NAV_RALLY_POINT, { frame: MavFrame.GLOBAL_RELATIVE_ALT, x: p.lat_deg, y: p.lon_deg, z: 20 }));
    expect(upload(h, MISSION, m)?.type).toBe(R.ACCEPTED);
    expect(upload(h, FENCE, fence)?.type).toBe(R.ACCEPTED);
    expect(upload(h, RALLY, rally)?.type).toBe(R.ACCEPTED);
    expect(h.gcs.texts()).toContain('Rally points received');
    expect(firstDifference(download(h, FENCE).items, fence)).toBe(-1);
    expect(firstDifference(download(h, RALLY).items, rally)).toBe(-1);
    expect(download(h, MISSION).items).toHaveLength(5);

    let from = h.gcs.received.length;
    h.gcs.send(clearAllMsg(FENCE));
    expect(acks(h, from, FENCE)).toEqual([R.ACCEPTED]);
    expect(download(h, FENCE).items).toHaveLength(0);
    expect(download(h, RALLY).items).toHaveLength(2);
    expect(download(h, MISSION).items).toHaveLength(5);
    from = h.gcs.received.length;
    h.gcs.send(clearAllMsg(MISSION));
    h.gcs.send(clearAllMsg(RALLY));
    expect(acks(h, from, MISSION)).toEqual([R.ACCEPTED]);
    expect(acks(h, from, RALLY)).toEqual([R.ACCEPTED]);
    expect(download(h, MISSION).items).toHaveLength(0);
    expect(download(h, RALLY).items).toHaveLength(0);
    // Item 0 (home) can be read even from an empty mission, as in ArduPilot.
    from = h.gcs.received.length;
    h.gcs.send(requestIntMsg(0));
    expect(since(h.gcs, common.MissionItemInt, from)[0]?.msg.seq).toBe(0);
  });

  it('asks again for an item that does not come, every second, and cancels after 8 s of silence, half-written as ArduPilot leaves it', () => {
    const h = missionSim();
    const old = mission(h, 6);
    expect(upload(h, MISSION, old)?.type).toBe(R.ACCEPTED);
    const next = mission(h, 9).map((it) => ({ ...it, z: it.z + 7 }));
    const from = h.gcs.received.length;
    h.gcs.send(countMsg(next.length));
    h.gcs.send(itemIntMsg(next[0], 0));
    h.gcs.send(itemIntMsg(next[1], 1));
    const sent_ms = h.sim.sim_ms;
    h.sim.runFor(7_900);
    const rerequests = since(h.gcs, common.MissionRequest, from).filter((r) => r.msg.seq === 2);
    expect(rerequests.length).toBeGreaterThanOrEqual(7); // the first at once, then about once a second
    for (let i = 1; i < rerequests.length; i++) expect(rerequests[i].t_ms - rerequests[i - 1].t_ms).toBeGreaterThanOrEqual(1_000);
    expect(acks(h, from)).toEqual([]); // not yet
    h.sim.runFor(300);
    const cancel = since(h.gcs, common.MissionAck, from);
    expect(cancel.map((r) => r.msg.type)).toEqual([R.OPERATION_CANCELLED]);
    expect(cancel[0].t_ms - sent_ms).toBeGreaterThan(8_000);
    expect(cancel[0].msg.targetSystem).toBe(255);
    expect(h.gcs.texts()).toContain('Mission upload timeout');
    // ArduPilot writes each item in place as it arrives: the new item 1 over the old mission's (the CLI clears such a
    // mission after a failed upload, since it could be flown).
    const held = download(h, MISSION).items;
    expect(held).toHaveLength(old.length);
    expect(firstDifference(held.slice(1, 2), next.slice(1, 2))).toBe(-1);
    expect(firstDifference(held.slice(2), old.slice(2))).toBe(-1);
  });

  it('answers a second GCS with DENIED during a transfer and lets the first one finish', () => {
    const h = missionSim();
    const items = mission(h, 5);
    const from = h.gcs.received.length;
    h.gcs.send(countMsg(items.length));
    h.gcs.send(itemIntMsg(items[0], 0));
    h.other.send(countMsg(3));
    h.other.send(itemIntMsg(items[1], 1)); // the right seq, the wrong sender
    h.other.send(requestListMsg());
    const toOther = since(h.gcs, common.MissionAck, from).filter((r) => r.msg.targetSystem === 254);
    expect(toOther.map((r) => r.msg.type)).toEqual([R.DENIED, R.DENIED, R.DENIED]);
    for (let seq = 1; seq < items.length; seq++) h.gcs.send(itemIntMsg(items[seq], seq));
    expect(since(h.gcs, common.MissionAck, from).filter((r) => r.msg.targetSystem === 255).map((r) => r.msg.type)).toEqual([R.ACCEPTED]);
    expect(firstDifference(download(h, MISSION).items.slice(1), items.slice(1))).toBe(-1);
  });

  it('answers an item out of order (or a duplicate) with INVALID_SEQUENCE and carries on', () => {
    const h = missionSim();
    const items = mission(h, 4);
    const from = h.gcs.received.length;
    h.gcs.send(countMsg(items.length));
    h.gcs.send(itemIntMsg(items[1], 1)); // skipped ahead
    h.gcs.send(itemIntMsg(items[0], 0));
    h.gcs.send(itemIntMsg(items[0], 0)); // duplicate
    h.gcs.send(itemIntMsg(items[1], 1));
    h.gcs.send(itemIntMsg(items[2], 2));
    h.gcs.send(itemIntMsg(items[3], 3));
    expect(acks(h, from)).toEqual([R.INVALID_SEQUENCE, R.INVALID_SEQUENCE, R.ACCEPTED]);
    expect(firstDifference(download(h, MISSION).items.slice(1), items.slice(1))).toBe(-1);
  });

  it('refuses more items than fit with NO_SPACE, and an item when no upload runs with ERROR', () => {
    const h = missionSim({ vehicle: { rally_capacity: 3 } });
    let from = h.gcs.received.length;
    h.gcs.send(countMsg(725));
    expect(acks(h, from)).toEqual([R.NO_SPACE]);
    expect(h.gcs.texts()).toContain('Only 724 items are supported');
    expect(since(h.gcs, common.MissionRequest, from)).toHaveLength(0);
    h.gcs.send(countMsg(4, RALLY));
    expect(acks(h, from, RALLY)).toEqual([R.NO_SPACE]);
    from = h.gcs.received.length;
    h.gcs.send(itemIntMsg(mission(h, 2)[1], 0));
    expect(acks(h, from)).toEqual([R.ERROR]);
    expect(upload(h, MISSION, mission(h, 724))?.type).toBe(R.ACCEPTED);
  });

  it('refuses bad items and keeps the stored list: DO_JUMP to nowhere, a rally point in the wrong frame, a 2-vertex fence', () => {
    const h = missionSim();
    const good = mission(h, 4);
    expect(upload(h, MISSION, good)?.type).toBe(R.ACCEPTED);
    const badJump = [...good, missionItem(MavCmd.DO_JUMP, { frame: MavFrame.MISSION, param1: 9, param2: 1 })];
    expect(upload(h, MISSION, badJump)?.type).toBe(R.ERROR);
    expect(download(h, MISSION).items).toHaveLength(4);
    const p = at(h, 10, 10);
    expect(upload(h, RALLY, [missionItem(MavCmd.NAV_RALLY_POINT, { frame: MavFrame.GLOBAL, x: p.lat_deg, y: p.lon_deg, z: 10 })])?.type).toBe(R.UNSUPPORTED_FRAME);
    const twoVertices = [p, at(h, 20, 0)].map((c) => missionItem(MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, { frame: MavFrame.GLOBAL, param1: 2, x: c.lat_deg, y: c.lon_deg }));
    expect(upload(h, FENCE, twoVertices)?.type).toBe(R.ERROR);
    expect(upload(h, FENCE, [missionItem(MavCmd.NAV_WAYPOINT, { x: p.lat_deg, y: p.lon_deg })])?.type).toBe(R.UNSUPPORTED);
    expect(download(h, FENCE).items).toHaveLength(0);
    const from = h.gcs.received.length;
    h.gcs.send(requestIntMsg(9));
    expect(since(h.gcs, common.MissionCount, from).map((r) => r.msg.count)).toEqual([4]); // tells the GCS the real size
    expect(acks(h, from)).toEqual([R.INVALID_SEQUENCE]);
  });

  it('answers uploads with an error during the not-ready window after boot, then normally', () => {
    const h = missionSim({ vehicle: { mission_not_ready_s: 3 } }, 1_000);
    const items = mission(h, 3);
    let from = h.gcs.received.length;
    h.gcs.send(countMsg(items.length));
    h.gcs.send(requestListMsg());
    expect(acks(h, from)).toEqual([R.UNSUPPORTED]);
    expect(since(h.gcs, common.MissionCount, from)).toHaveLength(0); // a list request gets no answer yet
    h.sim.runFor(2_100);
    from = h.gcs.received.length;
    expect(upload(h, MISSION, items)?.type).toBe(R.ACCEPTED);
    expect(since(h.gcs, common.MissionRequest, from).length).toBe(3);
  });

  it('takes legacy MISSION_ITEM and answers MISSION_REQUEST with MISSION_ITEM, warning once each as ArduPilot does', () => {
    const h = missionSim();
    const items = mission(h, 3);
    let from = h.gcs.received.length;
    h.gcs.send(countMsg(items.length));
    items.forEach((it, seq) => h.gcs.send(itemFloatMsg(it, seq)));
    expect(acks(h, from)).toEqual([R.ACCEPTED]);
    expect(h.gcs.texts().filter((t) => t.startsWith('got MISSION_ITEM;'))).toHaveLength(1);
    from = h.gcs.received.length;
    h.gcs.send(requestMsg(2));
    h.gcs.send(requestMsg(2));
    const back = since(h.gcs, common.MissionItem, from).map((r) => r.msg);
    expect(back).toHaveLength(2);
    expect(back[0].x).toBeCloseTo(items[2].x, 5);
    expect(back[0].y).toBeCloseTo(items[2].y, 5);
    expect(back[0].z).toBe(items[2].z);
    expect(h.gcs.texts().filter((t) => t.startsWith('got MISSION_REQUEST;'))).toHaveLength(1);
  });

  it('sets the current item with MISSION_SET_CURRENT (echoed in MISSION_CURRENT) and DO_SET_MISSION_CURRENT', () => {
    const h = missionSim();
    expect(upload(h, MISSION, mission(h, 6))?.type).toBe(R.ACCEPTED);
    let from = h.gcs.received.length;
    h.gcs.send(Object.assign(new common.MissionSetCurrent(), { targetSystem: 1, targetComponent: 1, seq: 4 }));
    expect(since(h.gcs, common.MissionCurrent, from).pop()?.msg).toMatchObject({ seq: 4, total: 5, missionState: common.MissionState.NOT_STARTED });
    from = h.gcs.received.length;
    h.gcs.send(Object.assign(new common.MissionSetCurrent(), { targetSystem: 1, targetComponent: 1, seq: 6 }));
    expect(since(h.gcs, common.MissionCurrent, from)).toHaveLength(0); // no such item: nothing happens
    h.gcs.command(1, MavCmd.DO_SET_MISSION_CURRENT, [2]);
    expect(h.gcs.ack(MavCmd.DO_SET_MISSION_CURRENT)?.result).toBe(common.MavResult.ACCEPTED);
    expect(h.sim.vehicle(1).mission.runner.progress().seq).toBe(2);
    h.gcs.command(1, MavCmd.DO_SET_MISSION_CURRENT, [40]);
    expect(h.gcs.ack(MavCmd.DO_SET_MISSION_CURRENT)?.result).toBe(common.MavResult.FAILED);
  });

  it('flies to a MISSION_ITEM_INT with current = 2 in GUIDED (a "guided waypoint") and refuses it in other modes', () => {
    const h = missionSim();
    const target = wp(h, 30, 0, 12);
    const guided = Object.assign(itemIntMsg(target, 0), { current: 2 });
    let from = h.gcs.received.length;
    h.gcs.send(guided);
    expect(acks(h, from)).toEqual([R.ERROR]); // on the ground, not flying
    h.gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
    h.gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
    h.gcs.command(1, MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 8]);
    h.sim.runFor(6_000);
    from = h.gcs.received.length;
    h.gcs.send(guided);
    expect(acks(h, from)).toEqual([R.ACCEPTED]);
    h.sim.runFor(15_000);
    const v = h.sim.vehicle(1);
    expect(Math.hypot(v.kin.pos.n - 30, v.kin.pos.e)).toBeLessThan(0.5);
    expect(v.kin.alt_m).toBeCloseTo(12, 1);
    expect(download(h, MISSION).items).toHaveLength(1); // not stored: only the home slot
  });

  it('exposes FENCE_ENABLE, FENCE_ALT_MAX and FENCE_RADIUS as parameters', () => {
    const h = missionSim();
    const set = (name: string, value: number): void => h.gcs.send(Object.assign(new common.ParamSet(), {
      targetSystem: 1, targetComponent: 1, paramId: name, paramValue: value, paramType: common.MavParamType.REAL32,
    }));
    set('FENCE_ENABLE', 1);
    set('FENCE_ALT_MAX', 60);
    set('FENCE_ENABLE', 5); // not 0/1: refused, the old value comes back
    const values = h.gcs.all(common.ParamValue).map((r) => [r.msg.paramId, r.msg.paramValue]);
    expect(values).toEqual([['FENCE_ENABLE', 1], ['FENCE_ALT_MAX', 60], ['FENCE_ENABLE', 1]]);
    expect([h.sim.vehicle(1).cfg.fence_enable, h.sim.vehicle(1).cfg.fence_alt_max_m, h.sim.vehicle(1).cfg.fence_radius_m]).toEqual([1, 60, 150]);
  });

  it('reads DO_DIGICAM_CONTROL x unscaled in MISSION_ITEM_INT, as ArduPilot does (shoot = 1, not 1e7)', () => {
    const h = missionSim();
    const items = [...mission(h, 2), missionItem(MavCmd.DO_DIGICAM_CONTROL, { frame: MavFrame.MISSION, x: 1 })];
    expect(upload(h, MISSION, items)?.type).toBe(R.ACCEPTED);
    expect(h.sim.vehicle(1).mission.store.items(MISSION)[2].x).toBe(1);
    const from = h.gcs.received.length;
    h.gcs.send(requestIntMsg(2));
    expect(since(h.gcs, common.MissionItemInt, from)[0].msg.x).toBe(1);
    // Scaled like a latitude (× 1e7), the vehicle keeps 10000000 in its uint8_t shooting_cmd: 128, no picture.
    h.gcs.send(countMsg(3));
    h.gcs.send(itemIntMsg(items[0], 0));
    h.gcs.send(itemIntMsg(items[1], 1));
    h.gcs.send(Object.assign(itemIntMsg(items[2], 2), { x: 10_000_000 }));
    expect(h.sim.vehicle(1).mission.store.items(MISSION)[2].x).toBe(10_000_000 % 256);
  });
});
