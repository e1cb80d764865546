// watchpost mission upload FILE --link URI [--verify] [--signing-key KEY] [--json]
// watchpost mission download --link URI --out FILE [--force] [--signing-key KEY] [--json]
// watchpost mission clear --link URI [--type mission|fence|rally|all] [--signing-key KEY] [--json]
import type { MissionResult } from '../../../mavlink/protocols/mission';
import { formatOfName, planFromWire, type WireLists } from '../../../patrol/formats/mission-file';
import type { MissionItem, MissionType } from '../../../patrol/mission/mission-item';
import { uploadLists } from '../../../mavlink/protocols/mission/upload-lists';
import { checkMissionOut, downloadedHome, loadUploadSet, saveMissionFile } from '../mission-io';
import { printFields, printJson } from '../output';
import type { CommandResult } from '../main';
import { cliSigning } from './signing-key';
import { withVehicleSession } from './vehicle-session';

export interface Common {
  link: string;
  sysid?: number;
  timeout: number;
  signingKey?: string;
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
  const signing = cliSigning(opts.signingKey);
  const { plan, warnings, lists, types } = await loadUploadSet(file);
  await withVehicleSession({ uri: opts.link, sysid: opts.sysid, timeout_s: opts.timeout, signing }, async (session, vehicle) => {
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
  const signing = cliSigning(opts.signingKey);
  const types: MissionType[] = formatOfName(opts.out) === 'plan' ? [...TYPES] : ['mission'];
  await withVehicleSession({ uri: opts.link, sysid: opts.sysid, timeout_s: opts.timeout, signing }, async (session, vehicle) => {
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
  const signing = cliSigning(opts.signingKey);
  const types = opts.type === 'all' ? [...TYPES] : [opts.type as MissionType];
  await withVehicleSession({ uri: opts.link, sysid: opts.sysid, timeout_s: opts.timeout, signing }, async (session, vehicle) => {
    const results: Record<string, MissionResult> = {};
    for (const type of types) results[type] = await session.missions.clear(vehicle, type);
    const ok = allOk(results);
    print({ ok, results: briefAll(results) }, opts.json);
    result.code = ok ? 0 : 1;
  });
}

export { uploadLists };

/** Every transfer ok; a vehicle without fence or rally support (UNSUPPORTED) just has none of them. */
function allOk(results: Partial<Record<string, MissionResult>>): boolean {
  return Object.entries(results).every(([type, r]) => r?.result === 'ok' || (type !== 'mission' && r?.result === 'unsupported'));
}

function print(summary: Record<string, unknown>, json: boolean | undefined): void {
  if (json) printJson(summary);
  else printFields(summary);
}
