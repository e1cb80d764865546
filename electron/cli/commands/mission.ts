// watchpost mission upload FILE --link URI [--verify] [--json]
// watchpost mission download --link URI --out FILE [--force] [--json]
// watchpost mission clear --link URI [--type mission|fence|rally|all] [--json]
import type { GcsSession } from '../../../mavlink/gcs-session';
import { missionResultName, type MissionResult } from '../../../mavlink/protocols/mission';
import type { VehicleState } from '../../../mavlink/vehicle/vehicle-state';
import { formatOfName, planFromWire, type WireLists } from '../../../patrol/formats/mission-file';
import type { MissionItem, MissionType } from '../../../patrol/mission/mission-item';
import { certainRefusal } from '../../../patrol/mission/stored-compare';
import { checkMissionOut, downloadedHome, loadUploadSet, saveMissionFile } from '../mission-io';
import { printFields, printJson } from '../output';
import type { CommandResult } from '../main';
import { withVehicleSession } from './vehicle-session';

export interface Common {
  link: string;
  sysid?: number;
  timeout: number;
  json?: boolean;
}

const TYPES: readonly MissionType[] = ['mission', 'fence', 'rally'];

/** What one transfer reports: the outcome and, when it failed, why. */
function brief(r: MissionResult): Record<string, unknown> {
  return { result: r.result, items: r.total, seconds: r.seconds, retries: r.retries, ...(r.seq !== undefined && { seq: r.seq }), ...(r.detail && { detail: r.detail }) };
}

function briefAll(results: Partial<Record<string, MissionResult>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(results).flatMap(([k, r]) => (r ? [[k, brief(r)]] : [])));
}

export type UploadOptions = Common & { verify?: boolean };
export type DownloadOptions = Common & { out: string; force?: boolean };
export type ClearOptions = Common & { type: string };

// The actions of `mission upload`, `download` and `clear` (registered in mission.meta.ts).
export async function missionUpload(file: string, opts: UploadOptions, result: CommandResult): Promise<void> {
  const { plan, warnings, lists, types } = await loadUploadSet(file);
  await withVehicleSession({ uri: opts.link, sysid: opts.sysid, timeout_s: opts.timeout }, async (session, vehicle) => {
    const { results, mission_state } = await uploadLists(session, vehicle, lists, types, plan.home, opts.verify === true);
    const ok = allOk(results) && Object.keys(results).length === types.length;
    const summary = {
      ok,
      items: lists.mission.length,
      fence: types.includes('fence') ? lists.fence.length : null,
      rally: types.includes('rally') ? lists.rally.length : null,
      seconds: Object.values(results).reduce((s, r) => s + r.seconds, 0),
      retries: Object.values(results).reduce((s, r) => s + r.retries, 0),
      verified: opts.verify === true,
      mission_state,
      results: briefAll(results),
      warnings,
    };
    print(summary, opts.json);
    result.code = ok ? 0 : 1;
  });
}

export async function missionDownload(opts: DownloadOptions, result: CommandResult): Promise<void> {
  await checkMissionOut(opts.out, opts.force === true);
  const types: MissionType[] = formatOfName(opts.out) === 'plan' ? [...TYPES] : ['mission'];
  await withVehicleSession({ uri: opts.link, sysid: opts.sysid, timeout_s: opts.timeout }, async (session, vehicle) => {
    const adapter = session.missionAdapterFor(vehicle);
    const lists: WireLists = { mission: [], fence: [], rally: [] };
    const results: Partial<Record<MissionType, MissionResult>> = {};
    let seq0: MissionItem | undefined;
    for (const type of types) {
      const r = await adapter.download(session.missions, vehicle, type);
      results[type] = r;
      if (r.result === 'ok') lists[type] = r.items ?? [];
      // ArduPilot's seq 0 is the vehicle's current home (frame 0: AMSL), sent whether or not HOME_POSITION came.
      if (type === 'mission') seq0 = r.home;
    }
    const ok = allOk(results);
    const warnings: string[] = [];
    if (ok) {
      // No home yet (ArduPilot answers 0,0 at seq 0 until its EKF has a position): no fake home in the file.
      const { home, warning } = downloadedHome(seq0, vehicle.snapshot().home, opts.out);
      if (warning) {
        warnings.push(warning);
        process.stderr.write(`watchpost: warning: ${warning}\n`);
      }
      await saveMissionFile(planFromWire(lists, home), opts.out, opts.force === true);
    }
    print({ ok, out: ok ? opts.out : null, items: lists.mission.length, fence: lists.fence.length, rally: lists.rally.length, results: briefAll(results), warnings }, opts.json);
    result.code = ok ? 0 : 1;
  });
}

export async function missionClear(opts: ClearOptions, result: CommandResult): Promise<void> {
  const types = opts.type === 'all' ? [...TYPES] : [opts.type as MissionType];
  await withVehicleSession({ uri: opts.link, sysid: opts.sysid, timeout_s: opts.timeout }, async (session, vehicle) => {
    const results: Record<string, MissionResult> = {};
    for (const type of types) results[type] = await session.missions.clear(vehicle, type);
    const ok = allOk(results);
    print({ ok, results: briefAll(results) }, opts.json);
    result.code = ok ? 0 : 1;
  });
}

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
): Promise<{ results: Partial<Record<MissionType, MissionResult>>; mission_state: 'uploaded' | 'cleared' | 'unknown' | 'unchanged' }> {
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
    const r = await adapter.upload(session.missions, vehicle, type, lists[type], { verify });
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

/** Every transfer ok; a vehicle without fence or rally support (UNSUPPORTED) just has none of them. */
function allOk(results: Partial<Record<string, MissionResult>>): boolean {
  return Object.entries(results).every(([type, r]) => r?.result === 'ok' || (type !== 'mission' && r?.result === 'unsupported'));
}

function print(summary: Record<string, unknown>, json: boolean | undefined): void {
  if (json) printJson(summary);
  else printFields(summary);
}
