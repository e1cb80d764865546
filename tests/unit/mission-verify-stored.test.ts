// Verify compares as the autopilot stores: what ArduPilot (or PX4) is known to change is not a difference, a real
// difference names the item, the field, what was sent, what the autopilot keeps and what came back, and a lost
// final ACK is settled by the same comparison (so a mission that arrived is never called different).
import { common, minimal } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { MissionAdapter } from '../../mavlink/protocols/mission/autopilot-adapter';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { asStored, describeDifference, storedDifference } from '../../patrol/mission/stored-compare';
import { VEHICLE, missionLoop } from './mission-vehicle';

const APM = minimal.MavAutopilot.ARDUPILOTMEGA;
const HOME = { lat_deg: 34.75, lon_deg: 113.75, alt_m: 100 };

/** A patrol's kinds of item, as the compiler writes them (frame 3 throughout). */
function patrolItems(): MissionItem[] {
  return [
    missionItem(22, { frame: 3, x: 34.7505859, y: 113.7492901, z: 20 }),
    missionItem(178, { frame: 3, param1: 1, param2: 8, param3: -1 }),
    missionItem(16, { frame: 3, param1: 2.5, x: 34.75, y: 113.75, z: 2.1 }),
    missionItem(195, { frame: 3, x: 34.7501, y: 113.7501, z: 15 }),
    missionItem(115, { frame: 3, param1: 270 }),
    missionItem(2000, { frame: 3, param3: 1 }),
    missionItem(203, { frame: 3, x: 1 }),
    missionItem(181, { frame: 3, param1: 0, param2: 1 }),
    missionItem(183, { frame: 3, param1: 9, param2: 1500 }),
    missionItem(197, { frame: 3 }),
    missionItem(19, { frame: 3, param1: 10, x: 34.7502, y: 113.7502, z: 30 }),
    missionItem(20, { frame: 3 }),
  ];
}

describe('storedDifference', () => {
  it('what ArduPilot changes (frame 0 for DO items, whole seconds, centimetres, dropped params) is no difference', () => {
    const sent = patrolItems();
    const back = asStored('ardupilot', 'mission', sent);
    expect(back[1]).toMatchObject({ frame: 0, x: 0, y: 0 });
    expect(back[2].param1).toBe(2);
    expect(back[11]).toMatchObject({ command: 20, frame: 0 });
    expect(storedDifference('verbatim', 'mission', sent, back)?.seq).toBe(1); // what the old comparison said
    expect(storedDifference('ardupilot', 'mission', sent, back)).toBeUndefined();
  });

  it('a real difference says which item and field, what was sent, what ArduPilot keeps and what came back', () => {
    const sent = patrolItems();
    const back = asStored('ardupilot', 'mission', sent);
    back[2] = { ...back[2], z: 25 };
    const d = storedDifference('ardupilot', 'mission', sent, back);
    expect(d).toMatchObject({ seq: 2, field: 'z', command: 16, command_name: 'NAV_WAYPOINT' });
    expect(describeDifference(d!)).toBe(`item 2 (NAV_WAYPOINT) z: sent ${Math.fround(2.1)}, ArduPilot keeps ${Math.fround(209 * Math.fround(0.01))}, read back 25`);
    back[2] = asStored('ardupilot', 'mission', sent)[2];
    back[7] = { ...back[7], param2: 0 };
    expect(describeDifference(storedDifference('ardupilot', 'mission', sent, back)!)).toBe('item 7 (DO_SET_RELAY) param2: sent 1, ArduPilot keeps 1, read back 0');
    // On a vehicle list with home at 0, the offset -1 numbers items as the user does.
    const withHome = [missionItem(16, { frame: 0 }), ...sent];
    const vehicle = [missionItem(16, { frame: 0 }), ...back];
    expect(describeDifference(storedDifference('ardupilot', 'mission', withHome, vehicle, new Set([0]))!, -1)).toBe('item 7 (DO_SET_RELAY) param2: sent 1, ArduPilot keeps 1, read back 0');
    expect(describeDifference(storedDifference('ardupilot', 'mission', sent, back.slice(0, 5))!)).toBe('sent 12 items, read back 5');
  });

  it('where C leaves a conversion to the platform, either answer passes', () => {
    const sent = [missionItem(115, { frame: 2, param1: 90, param4: -1 })];
    expect(storedDifference('ardupilot', 'mission', sent, [missionItem(115, { frame: 0, param1: 90, param4: 255 })])).toBeUndefined(); // x86 SITL
    expect(storedDifference('ardupilot', 'mission', sent, [missionItem(115, { frame: 0, param1: 90, param4: 0 })])).toBeUndefined(); // ARM
    expect(storedDifference('ardupilot', 'mission', sent, [missionItem(115, { frame: 0, param1: 90, param4: 7 })])?.shown.expected).toBe('255 or 0');
  });
});

describe('upload with verify, as the autopilot stores', () => {
  it('ArduPilot: a patrol mission verifies; a real change by the vehicle is verify_failed with the user item named', async () => {
    const ok = missionLoop({ vehicle: { flavour: 'ardupilot', stores_as: 'ardupilot', home: HOME } });
    const up = await ok.settle(new MissionAdapter(APM, HOME).upload(ok.client, VEHICLE, 'mission', patrolItems(), { verify: true }));
    expect(up).toMatchObject({ result: 'ok', done: 12 });

    const bad = missionLoop({
      vehicle: { flavour: 'ardupilot', stores_as: 'ardupilot', home: HOME, store_transform: (item, seq) => (seq === 5 ? { ...item, param1: 90 } : item) },
    });
    const r = await bad.settle(new MissionAdapter(APM, HOME).upload(bad.client, VEHICLE, 'mission', patrolItems(), { verify: true }));
    expect(r).toMatchObject({ result: 'verify_failed', seq: 4, difference: { seq: 4, field: 'param1' } });
    expect(r.detail).toBe('read-back differs: item 4 (CONDITION_YAW) param1: sent 270, ArduPilot keeps 270, read back 90');
  });

  it('final ACCEPTED lost: the read-back, compared as ArduPilot stores, shows the mission arrived', async () => {
    const L = missionLoop({ vehicle: { flavour: 'ardupilot', stores_as: 'ardupilot', home: HOME } });
    L.drop.down = (m) => m instanceof common.MissionAck && m.type === common.MavMissionResult.ACCEPTED;
    const r = await L.settle(new MissionAdapter(APM, HOME).upload(L.client, VEHICLE, 'mission', patrolItems()));
    expect(r).toMatchObject({ result: 'ok' });
    expect(r.detail).toMatch(/read-back shows the whole mission stored/);
  });
});
