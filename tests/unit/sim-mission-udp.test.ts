// The mission server over a real socket on the wall clock: the simulator on udpin (ephemeral port), a scripted
// GCS on udpout. Right after boot the vehicle answers an upload with an error (mission_not_ready_s), as ArduPilot
// does before its mission protocols exist; a later attempt goes through and reads back.
import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { createLink } from '../../mavlink/links/open-link';
import { offsetLatLon } from '../../mavlink/sim/geo';
import { startSimulator } from '../../mavlink/sim/simulator';
import { missionItem } from '../../patrol/mission/mission-item';
import { TestGcs } from './sim-helpers';
import { countMsg, itemIntMsg, MavCmd, MavFrame, requestListMsg, R } from './sim-mission-helpers';

describe('simulated vehicle: mission protocol over UDP', () => {
  it('refuses an upload during the not-ready window after boot, then takes it', async () => {
    const handle = await startSimulator({ link: createLink('udpin:127.0.0.1:0'), speedup: 4, vehicle: { mission_not_ready_s: 4, ekf_ready_s: 1 } });
    const port = 'localPort' in handle.link ? handle.link.localPort : undefined;
    const link = createLink(`udpout:127.0.0.1:${port}`);
    await link.open();
    const gcs = new TestGcs(link, () => handle.simulator.sim_ms);
    try {
      const home = handle.vehicles[0].home;
      const p = offsetLatLon(home, 20, 0);
      const items = [
        missionItem(MavCmd.NAV_WAYPOINT, { frame: MavFrame.GLOBAL }),
        missionItem(MavCmd.NAV_TAKEOFF, { z: 10 }),
        missionItem(MavCmd.NAV_WAYPOINT, { frame: MavFrame.GLOBAL_RELATIVE_ALT, x: p.lat_deg, y: p.lon_deg, z: 12 }),
      ];
      const acks = (): common.MissionAck[] => gcs.all(common.MissionAck).map((r) => r.msg);
      gcs.send(countMsg(items.length));
      await gcs.waitFor('the first MISSION_ACK', () => acks().length > 0);
      expect(acks()[0].type).toBe(R.UNSUPPORTED);
      expect(gcs.all(common.MissionAck)[0].t_ms).toBeLessThan(4_000);
      await gcs.waitFor('sim time past the not-ready window', () => handle.simulator.sim_ms > 4_100); // checked on each heartbeat
      // Answer every request as it comes, until the final ack.
      const answered = new Set<number>();
      const answer = (): boolean => {
        for (const r of gcs.all(common.MissionRequest)) {
          if (!answered.has(r.msg.seq)) {
            answered.add(r.msg.seq);
            gcs.send(itemIntMsg(items[r.msg.seq], r.msg.seq));
          }
        }
        return acks().length > 1;
      };
      gcs.send(countMsg(items.length));
      await gcs.waitFor('the upload to finish', answer);
      expect(acks()[1].type).toBe(R.ACCEPTED);
      expect([...answered]).toEqual([0, 1, 2]);
      gcs.send(requestListMsg());
      await gcs.waitFor('MISSION_COUNT', () => gcs.all(common.MissionCount).length > 0);
      expect(gcs.last(common.MissionCount)?.count).toBe(3);
    } finally {
      gcs.close();
      await link.close();
      await handle.stop();
    }
  });
});
