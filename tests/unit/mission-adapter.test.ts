// The autopilot adapter: ArduPilot's home at seq 0 of the mission added and stripped, DO_JUMP targets and
// set-current seqs shifted; fence, rally and PX4 untouched. Then end to end against the scripted vehicle.
import { describe, expect, it } from 'vitest';
import { common, minimal } from 'node-mavlink';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { storedDifference } from '../../patrol/mission/stored-compare';
import { MAV_CMD_DO_JUMP, MissionAdapter, autopilotFlavour } from '../../mavlink/protocols/mission/autopilot-adapter';
import type { MissionProgress } from '../../mavlink/protocols/mission/mission-types';
import { VEHICLE, missionLoop, sampleItems } from './mission-vehicle';

const APM = minimal.MavAutopilot.ARDUPILOTMEGA;
const PX4 = minimal.MavAutopilot.PX4;
const HOME = { lat_deg: 22.5, lon_deg: 114.05, alt_m: 42.5 };

function userMission(): MissionItem[] {
  return [
    missionItem(22, { z: 20 }),
    missionItem(16, { x: 22.501, y: 114.051, z: 30 }),
    missionItem(16, { x: 22.502, y: 114.052, z: 30 }),
    missionItem(MAV_CMD_DO_JUMP, { frame: 2, param1: 1, param2: 3 }),
    missionItem(MAV_CMD_DO_JUMP, { frame: 2, param1: 0, param2: 1 }),
    missionItem(20),
  ];
}

describe('MissionAdapter', () => {
  it('knows the autopilot from HEARTBEAT.autopilot', () => {
    expect([autopilotFlavour(APM), autopilotFlavour(PX4), autopilotFlavour(minimal.MavAutopilot.GENERIC)]).toEqual(['ardupilot', 'px4', 'other']);
    expect(new MissionAdapter(APM).hasHomeItem('mission')).toBe(true);
    expect(new MissionAdapter(APM).hasHomeItem('fence')).toBe(false);
    expect(new MissionAdapter(APM).hasHomeItem('rally')).toBe(false);
    expect(new MissionAdapter(PX4).hasHomeItem('mission')).toBe(false);
  });

  it('ArduPilot mission: home added at seq 0, DO_JUMP targets +1; the input is not modified', () => {
    const user = userMission();
    const copy = structuredClone(user);
    const v = new MissionAdapter(APM, HOME).toVehicle('mission', user);
    expect(v).toHaveLength(7);
    expect(v[0]).toMatchObject({ command: 16, frame: 0, x: 22.5, y: 114.05, z: 42.5 });
    expect(v.filter((i) => i.command === MAV_CMD_DO_JUMP).map((i) => [i.param1, i.param2])).toEqual([[2, 3], [1, 1]]);
    expect(v.slice(1).map((i) => i.command)).toEqual(user.map((i) => i.command));
    expect(user).toEqual(copy);
    expect(new MissionAdapter(APM).toVehicle('mission', [])[0]).toMatchObject({ command: 16, frame: 0, x: 0, y: 0, z: 0 });
  });

  it('ArduPilot mission: home stripped after download, DO_JUMP targets −1 (a jump to home becomes 0); round trip equal', () => {
    const a = new MissionAdapter(APM, HOME);
    const back = a.fromVehicle('mission', a.toVehicle('mission', userMission()));
    expect(back.items).toEqual(userMission());
    expect(back.home).toMatchObject({ x: 22.5, y: 114.05 });
    const toHome = a.fromVehicle('mission', [a.homeItem(), missionItem(MAV_CMD_DO_JUMP, { frame: 2, param1: 0, param2: 2 })]);
    expect(toHome.items[0].param1).toBe(0);
    expect(a.fromVehicle('mission', [])).toEqual({ items: [] });
  });

  it('set-current and reported seqs shift by one for the ArduPilot mission only', () => {
    const a = new MissionAdapter(APM);
    expect([a.seqToVehicle('mission', 0), a.seqToVehicle('mission', 4), a.seqFromVehicle('mission', 0), a.seqFromVehicle('mission', 5)]).toEqual([1, 5, -1, 4]);
    expect([a.seqToVehicle('rally', 2), a.seqFromVehicle('fence', 2)]).toEqual([2, 2]);
    const p = new MissionAdapter(PX4);
    expect([p.seqToVehicle('mission', 3), p.seqFromVehicle('mission', 3)]).toEqual([3, 3]);
  });

  it('fence and rally on ArduPilot, and everything on PX4, pass through untouched', () => {
    const fence = sampleItems(3, 'fence');
    expect(new MissionAdapter(APM, HOME).toVehicle('fence', fence)).toEqual(fence);
    expect(new MissionAdapter(APM, HOME).fromVehicle('rally', sampleItems(2, 'rally')).items).toEqual(sampleItems(2, 'rally'));
    const p = new MissionAdapter(PX4, HOME);
    expect(p.toVehicle('mission', userMission())).toEqual(userMission());
    expect(p.fromVehicle('mission', userMission())).toEqual({ items: userMission() });
  });

  it('end to end on ArduPilot: upload with verify (home rewritten by the vehicle is not a difference), download, set current', async () => {
    const L = missionLoop({ vehicle: { flavour: 'ardupilot', stores_as: 'ardupilot', home: { lat_deg: 22.4999, lon_deg: 114.0499, alt_m: 40 } } });
    const a = new MissionAdapter(APM, HOME);
    const progress: MissionProgress[] = [];
    const up = await L.settle(a.upload(L.client, VEHICLE, 'mission', userMission(), { verify: true, onProgress: (p) => progress.push(p) }));
    expect(up).toMatchObject({ result: 'ok', done: 6, total: 6 });
    expect(up.items).toEqual(userMission().map((i) => expect.objectContaining({ command: i.command })));
    expect(progress.filter((p) => p.operation === 'upload').at(-1)).toMatchObject({ done: 6, total: 6 });
    const stored = L.vehicle.stores.get(0) ?? [];
    expect(stored).toHaveLength(7);
    expect(stored[4]).toMatchObject({ command: MAV_CMD_DO_JUMP, param1: 2 });
    const down = await L.settle(a.download(L.client, VEHICLE, 'mission'));
    expect(down).toMatchObject({ result: 'ok', done: 6, total: 6 });
    // Read back as ArduPilot keeps them: RTL and the DO_JUMPs in frame 0, x/y/z zeroed.
    expect(storedDifference('ardupilot', 'mission', userMission(), down.items ?? [])).toBeUndefined();
    expect(down.items?.at(-1)).toMatchObject({ command: 20, frame: 0 });
    expect(down.home).toMatchObject({ x: 22.4999, y: 114.0499, z: 40 });
    const cur = await L.settle(a.setCurrent(L.client, VEHICLE, 2));
    expect(cur).toMatchObject({ result: 'ok', seq: 2 });
    expect(L.vehicle.current).toBe(3);
    expect(L.gcsSent(common.MissionSetCurrent)[0].seq).toBe(3);
  });

  it('an item refused by ArduPilot is reported with the user seq', async () => {
    const L = missionLoop({
      vehicle: { intercept: (m, v) => { if (m instanceof common.MissionItemInt && m.seq === 3) { v.ack(common.MavMissionResult.INVALID_PARAM1, 0); return true; } return false; } },
    });
    const r = await L.settle(new MissionAdapter(APM).upload(L.client, VEHICLE, 'mission', userMission()));
    expect(r).toMatchObject({ result: 'invalid', seq: 2, param: 'param1' });
  });

  it('end to end on PX4: no home item; the vehicle stores the user items as PX4 does (global frames back as _INT)', async () => {
    const L = missionLoop({ vehicle: { flavour: 'px4', stores_as: 'px4' } });
    const a = new MissionAdapter(PX4, HOME);
    const mission = userMission().map((i) => (i.command === 20 ? { ...i, frame: 2 } : i)); // PX4 takes RTL in MAV_FRAME_MISSION only
    const up = await L.settle(a.upload(L.client, VEHICLE, 'mission', mission, { verify: true }));
    expect(up).toMatchObject({ result: 'ok', done: 6 });
    expect(storedDifference('px4', 'mission', mission, L.vehicle.stores.get(0) ?? [])).toBeUndefined();
    expect(L.vehicle.stores.get(0)?.[1]).toMatchObject({ command: 16, frame: 6 });
    const cur = await L.settle(a.setCurrent(L.client, VEHICLE, 2));
    expect(cur.result).toBe('ok');
    expect(L.vehicle.current).toBe(2);
  });
});
