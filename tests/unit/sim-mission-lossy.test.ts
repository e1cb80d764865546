// The simulator's mission server behind the simulator's own fault injection (loss, duplication, reordering on
// every frame, both ways): a persistent scripted GCS gets each upload through on ArduPilot's re-requests. ArduPilot
// writes items in place as they arrive, in order: at every instant the stored mission is the new mission's first
// items followed by the old mission's, cut to the new count — never anything else.
import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { offsetLatLon } from '../../mavlink/sim/geo';
import { firstDifference, missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { asStored } from '../../patrol/mission/stored-compare';
import { countMsg, itemIntMsg, MavCmd, MavFrame, MISSION, missionSim, R, type Harness } from './sim-mission-helpers';

function patrol(h: Harness, n: number, alt_m: number): MissionItem[] {
  const home = h.sim.vehicle(1).home;
  const items = [missionItem(MavCmd.NAV_WAYPOINT, { frame: MavFrame.GLOBAL }), missionItem(MavCmd.NAV_TAKEOFF, { z: alt_m })];
  for (let i = 0; items.length < n; i++) {
    const p = offsetLatLon(home, 8 * i, 3 * (i % 7));
    items.push(missionItem(MavCmd.NAV_WAYPOINT, { frame: MavFrame.GLOBAL_RELATIVE_ALT, x: p.lat_deg, y: p.lon_deg, z: alt_m + (i % 5) }));
  }
  return items;
}

/**
 * Upload like a patient GCS: send MISSION_COUNT again until the first MISSION_REQUEST comes (a later one would
 * restart the upload), answer every request (duplicates too) and let the vehicle's re-requests recover lost items;
 * after each 20 ms step, `check` sees the vehicle. Returns the final ack, if one arrived.
 */
function lossyUpload(h: Harness, items: readonly MissionItem[], check: () => void, limit_ms = 120_000): number | undefined {
  let seen = h.gcs.received.length;
  let lastCount_ms = h.sim.sim_ms;
  let requested = false;
  h.gcs.send(countMsg(items.length));
  for (let t = 0; t < limit_ms; t += 20) {
    h.sim.runFor(20);
    check();
    for (const r of h.gcs.received.slice(seen)) {
      if (r.msg instanceof common.MissionAck && r.msg.missionType === MISSION && r.msg.type !== R.INVALID_SEQUENCE) return r.msg.type;
      if (r.msg instanceof common.MissionRequest && r.msg.missionType === MISSION) {
        requested = true;
        h.gcs.send(itemIntMsg(items[r.msg.seq], r.msg.seq));
      }
    }
    seen = h.gcs.received.length;
    if (!requested && h.sim.sim_ms - lastCount_ms > 1_500) {
      lastCount_ms = h.sim.sim_ms;
      h.gcs.send(countMsg(items.length));
    }
  }
  return undefined;
}

describe('simulated vehicle: mission upload over a lossy link', () => {
  for (const loss of [0.1, 0.3]) {
    it(`completes uploads at ${loss * 100} % loss with duplication and reordering, writing items in place in order`, () => {
      const h = missionSim({ faults: { loss, duplicate: 0.1, reorder: 0.1, latency_ms: 20, seed: 7 } });
      const store = h.sim.vehicle(1).mission.store;
      let previous: readonly MissionItem[] = store.items(MISSION).map((it) => ({ ...it }));
      let disorder = 0;
      for (const [n, alt] of [[40, 10], [60, 20], [30, 30]]) {
        const next = asStored('ardupilot', 'mission', patrol(h, n, alt));
        const check = (): void => {
          const now = store.items(MISSION);
          let k = 0;
          while (k < now.length && k < next.length && firstDifference([now[k]], [next[k]]) === -1) k++;
          const rest = now.slice(k);
          const wantLength = Math.max(k, Math.min(previous.length, next.length));
          if (now.length !== wantLength || firstDifference(rest, previous.slice(k, k + rest.length)) !== -1) disorder++;
        };
        const result = lossyUpload(h, next, check);
        if (result === R.ACCEPTED) {
          expect(firstDifference(store.items(MISSION), next)).toBe(-1);
          previous = next;
        } else {
          // The ack itself was lost or the attempt ran out: whatever arrived is written over the old mission.
          previous = store.items(MISSION).map((it) => ({ ...it }));
        }
      }
      expect(disorder).toBe(0);
      expect(h.sim.outbound.stats.lost + h.sim.inbound.stats.lost).toBeGreaterThan(10); // the link really was lossy
      expect(firstDifference(store.items(MISSION), asStored('ardupilot', 'mission', patrol(h, 30, 30)))).toBe(-1); // the last upload made it
    });
  }
});
