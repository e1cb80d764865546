// Upload a plan's lists to one vehicle as the CLI's `mission upload` and `fly` and the app do: an item the
// autopilot is certain to refuse stops it before anything is sent; a failed mission upload to ArduPilot (which
// writes in place) is followed by a clear. Progress as the mission client reports it.
import type { GcsSession } from '../../gcs-session';
import type { VehicleState } from '../../vehicle/vehicle-state';
import type { WireLists } from '../../../patrol/formats/mission-file';
import type { MissionType } from '../../../patrol/mission/mission-item';
import { certainRefusal } from '../../../patrol/mission/stored-compare';
import { missionResultName, type MissionProgress, type MissionResult } from './mission-types';

export type MissionState = 'uploaded' | 'cleared' | 'unknown' | 'unchanged';

/**
 * Upload each list in turn (mission first). A vehicle without fence or rally support (UNSUPPORTED) is noted and
 * skipped. Any other failure stops the upload, and a failed mission upload is followed by a clear: ArduPilot
 * writes items in place as they arrive, so after a failure it may hold a mix of the old and the new mission that
 * would fly; an empty mission cannot. PX4 keeps its old mission whole until an upload completes: not cleared.
 * `mission_state` says what the vehicle holds.
 */
export async function uploadLists(
  session: GcsSession, vehicle: VehicleState, lists: WireLists, types: readonly MissionType[],
  planHome: { lat_deg: number; lon_deg: number; alt_m: number } | undefined, verify: boolean,
  onProgress?: (p: MissionProgress) => void,
): Promise<{ results: Partial<Record<MissionType, MissionResult>>; mission_state: MissionState }> {
  const adapter = session.missionAdapterFor(vehicle, vehicle.snapshot().home ? undefined : planHome);
  const results: Partial<Record<MissionType, MissionResult>> = {};
  // An item the autopilot is certain to refuse stops the upload before anything on the vehicle changes.
  const storage = adapter.flavour === 'other' ? 'verbatim' : adapter.flavour;
  for (const type of types) {
    const refused = certainRefusal(storage, type, lists[type]);
    if (!refused) continue;
    const name = missionResultName(refused.result);
    results[type] = {
      result: 'invalid', operation: 'upload', mission_type: type, seq: refused.seq, done: 0, total: lists[type].length, retries: 0, messages_sent: 0, seconds: 0,
      detail: `not sent: ${storage === 'ardupilot' ? 'ArduPilot' : 'PX4'} would refuse ${type} item ${refused.seq} (${refused.command_name}) with ${name}: ${refused.why}`,
    };
    return { results, mission_state: 'unchanged' };
  }
  for (const type of types) {
    const r = await adapter.upload(session.missions, vehicle, type, lists[type], { verify, onProgress });
    results[type] = r;
    if (r.result === 'ok' || (type !== 'mission' && r.result === 'unsupported')) continue;
    if (type !== 'mission') return { results, mission_state: 'uploaded' };
    // PX4 stages an upload and swaps it in only when complete (mavlink_mission.cpp): its old mission is whole.
    if (adapter.flavour === 'px4') return { results, mission_state: 'unchanged' };
    const cleared = await session.missions.clear(vehicle, 'mission');
    return { results, mission_state: cleared.result === 'ok' ? 'cleared' : 'unknown' };
  }
  return { results, mission_state: types.includes('mission') ? 'uploaded' : 'unchanged' };
}

