// What the Fly view's actions send to one vehicle on a link: the open patrol compiled for its autopilot and uploaded
// with verify (as `watchpost mission upload --verify`), and the one-command actions (hold, go on, RTL, land, a
// mode), each answered with its typed result. The link service (link-service.ts) picks the vehicle and keeps state.
import type { GcsSession } from '../../mavlink/gcs-session';
import { uploadLists } from '../../mavlink/protocols/mission/upload-lists';
import type { MissionItem } from '../../patrol/mission/mission-item';
import type { VehicleState } from '../../mavlink/vehicle/vehicle-state';
import { compilePatrol } from '../../patrol/patrol/compile';
import type { Patrol } from '../../patrol/patrol/patrol';
import { preflight } from '../../patrol/preflight/preflight';
import type { Site } from '../../patrol/site/site';
import type { ActionOutcome, UploadOutcome, VehicleAction } from '../api';

const MAV_AUTOPILOT_PX4 = 12;

/** Compile and upload; `items`: what the vehicle holds as read back (when the upload verified). */
export async function uploadPatrolTo(
  session: GcsSession, vehicle: VehicleState, open: { site: Site; patrol: Patrol }, onProgress: (done: number, total: number) => void,
): Promise<{ outcome: UploadOutcome; items: MissionItem[] | null }> {
  const compiled = compilePatrol(open.patrol, open.site, { autopilot: vehicle.autopilot === MAV_AUTOPILOT_PX4 ? 'px4' : 'ardupilot' });
  const preflight_errors = preflight(compiled.items, open.site, { speed_mps: open.patrol.speed_mps }).filter((f) => f.severity === 'error').length;
  const home = open.site.home ? { lat_deg: open.site.home.lat_deg, lon_deg: open.site.home.lon_deg, alt_m: 0 } : undefined;
  const { results, mission_state } = await uploadLists(session, vehicle, { mission: compiled.items, fence: [], rally: [] }, ['mission'], home, true, (p) => onProgress(p.done, p.total));
  const r = results.mission;
  return {
    outcome: { ok: r?.result === 'ok', sysid: vehicle.sysid, items: compiled.items.length, result: r?.result ?? 'error', detail: r?.detail ?? null, mission_state, preflight_errors },
    items: r?.result === 'ok' ? (r.items ?? null) : null,
  };
}

/** `pause` holds position (LOITER; PX4 AUTO.LOITER), `resume` goes on with the mission (AUTO; PX4 AUTO.MISSION),
 *  `rtl`, `land`, and `mode` by the autopilot's own name. */
export async function commandAction(session: GcsSession, vehicle: VehicleState, action: Exclude<VehicleAction, 'start' | 'cancel'>, mode?: string): Promise<ActionOutcome> {
  const cmd = session.commandsFor(vehicle);
  const px4 = vehicle.autopilot === MAV_AUTOPILOT_PX4;
  let r;
  if (action === 'pause') r = await cmd.setMode(px4 ? 'AUTO.LOITER' : 'LOITER');
  else if (action === 'resume') r = await cmd.setMode(px4 ? 'AUTO.MISSION' : 'AUTO');
  else if (action === 'rtl') r = await cmd.rtl();
  else if (action === 'land') r = await cmd.land();
  else {
    if (!mode) throw new Error('mode: name the flight mode, e.g. LOITER');
    r = await cmd.setMode(mode);
  }
  const ok = r.result === 'accepted';
  return { ok, action, sysid: vehicle.sysid, result: r.result, detail: ok ? null : (r.error ?? `${r.command_name}: ${r.result}`) };
}
