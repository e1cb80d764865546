// The simulator on the wall clock: startSimulator runs sim time K× wall time, so a minute-long flight takes
// about a second; stop() ends every timer (vitest would hang otherwise).
import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { createBytePipe } from '../../mavlink/sim/byte-pipe';
import { distance_m, offsetLatLon } from '../../mavlink/sim/geo';
import { startSimulator } from '../../mavlink/sim/simulator';
import { CUSTOM, GUIDED, TestGcs } from './sim-helpers';

const { MavCmd, MavResult } = common;

describe('simulator on the wall clock', () => {
  it('flies a 60-s-sim-time sortie in a few seconds at speed-up 50', async () => {
    const { a, b } = createBytePipe();
    const handle = await startSimulator({ link: a, speedup: 50, vehicle: { ekf_ready_s: 2 } });
    const gcs = new TestGcs(b, () => Date.now());
    try {
      const v = handle.vehicles[0];
      const wall0 = Date.now();
      const sim0 = handle.simulator.sim_ms;
      await gcs.waitFor('a heartbeat', () => gcs.heartbeat(1) !== undefined);
      gcs.command(1, MavCmd.SET_MESSAGE_INTERVAL, [common.GlobalPositionInt.MSG_ID, 200_000]);
      await gcs.waitFor('the position estimate', () => gcs.texts().includes('EKF3 IMU0 origin set'));
      gcs.command(1, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
      gcs.command(1, MavCmd.COMPONENT_ARM_DISARM, [1]);
      await gcs.waitFor('the arming ack', () => gcs.ack(MavCmd.COMPONENT_ARM_DISARM) !== undefined);
      expect(gcs.ack(MavCmd.COMPONENT_ARM_DISARM)?.result).toBe(MavResult.ACCEPTED);
      gcs.command(1, MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 10]);
      await gcs.waitFor('10 m', () => (gcs.last(common.GlobalPositionInt)?.relativeAlt ?? 0) > 9_800);
      const dest = offsetLatLon({ ...v.home, alt_m: 0 }, 200, 0);
      gcs.commandInt(1, MavCmd.DO_REPOSITION, common.MavFrame.GLOBAL_RELATIVE_ALT_INT, [-1, 0, 0, Number.NaN], Math.round(dest.lat_deg * 1e7), Math.round(dest.lon_deg * 1e7), 10);
      await gcs.waitFor('arrival', () => {
        const p = gcs.last(common.GlobalPositionInt);
        return p !== undefined && distance_m({ lat_deg: p.lat / 1e7, lon_deg: p.lon / 1e7 }, dest) < 2;
      });
      gcs.command(1, MavCmd.NAV_LAND);
      await gcs.waitFor('landed and disarmed', () => gcs.texts().includes('Disarming motors'), 8_000);
      const wall_s = (Date.now() - wall0) / 1000;
      const sim_s = (handle.simulator.sim_ms - sim0) / 1000;
      expect(sim_s).toBeGreaterThan(60);
      expect(wall_s).toBeLessThan(8);
      expect(sim_s / wall_s).toBeGreaterThan(10); // asked for 50×; a loaded machine may fall behind, not to real time
    } finally {
      gcs.close();
      await handle.stop();
    }
    const after = handle.simulator.sim_ms;
    await new Promise((r) => setTimeout(r, 50));
    expect(handle.simulator.sim_ms).toBe(after); // stopped: time no longer advances
  });
});
