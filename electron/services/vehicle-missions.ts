// The missions the vehicles hold, as read back from them — what the Fly view draws (not the plan: what the vehicle
// will fly). Filled by an upload's verify read-back and by downloads. Items are numbered as the vehicle numbers them
// (ArduPilot keeps home at seq 0), so MISSION_CURRENT's seq picks the current item directly.
import type { MissionPoint, VehicleMission } from '../api';
import { isGlobalFrame, type MissionItem } from '../../patrol/mission/mission-item';
import { commandName } from '../../mavlink/protocols/command-types';

/** Commands whose x/y are where the aircraft goes (NAV_* with a place): the others have no point on the map. */
const NAV_WITH_PLACE = new Set([16, 17, 18, 19, 21, 22, 31, 82, 84, 85, 94]);

/** The user's items (home stripped) → points numbered as on the vehicle (`seq_offset`: 1 for ArduPilot's home). */
export function missionPoints(items: readonly MissionItem[], seq_offset: number): MissionPoint[] {
  return items.map((item, i) => {
    const placed = isGlobalFrame(item.frame) && NAV_WITH_PLACE.has(item.command) && (item.x !== 0 || item.y !== 0);
    return {
      seq: i + seq_offset,
      command: item.command,
      command_name: commandName(item.command).replace(/^MAV_CMD_/, ''),
      lat_deg: placed ? item.x : null,
      lon_deg: placed ? item.y : null,
      alt_m: placed ? item.z : null,
      frame: item.frame,
    };
  });
}

export class VehicleMissions {
  private readonly byKey = new Map<string, VehicleMission>();

  constructor(private readonly onMission?: (m: VehicleMission) => void) {}

  set(m: VehicleMission): VehicleMission {
    this.byKey.set(`${m.link_id}/${m.sysid}`, m);
    this.onMission?.(m);
    return m;
  }

  list(): VehicleMission[] {
    return [...this.byKey.values()];
  }

  /** What one vehicle holds is no longer known. */
  forget(link_id: string, sysid: number): void {
    this.byKey.delete(`${link_id}/${sysid}`);
  }

  /** A closed link's missions are forgotten. */
  forgetLink(link_id: string): void {
    for (const [k, m] of this.byKey) if (m.link_id === link_id) this.byKey.delete(k);
  }
}
