// watchpost mission upload FILE --link URI [--verify] [--json]
// watchpost mission download --link URI --out FILE [--force] [--json]
// watchpost mission clear --link URI [--type mission|fence|rally|all] [--json]
import type { Command } from 'commander';
import type { GcsSession } from '../../../mavlink/gcs-session';
import type { MissionResult } from '../../../mavlink/protocols/mission';
import type { VehicleState } from '../../../mavlink/vehicle/vehicle-state';
import { formatOfName, planFromWire, type WireLists } from '../../../patrol/formats/mission-file';
import type { MissionType } from '../../../patrol/mission/mission-item';
import { intInRange, positiveSeconds, UsageError } from '../args';
import { checkMissionOut, loadUploadSet, saveMissionFile } from '../mission-io';
import { printFields, printJson } from '../output';
import type { CommandResult } from '../main';
import { linkOption } from './link-option';
import { withVehicleSession } from './vehicle-session';

interface Common {
  link: string;
  sysid?: number;
  timeout: number;
  json?: boolean;
}

function commonOptions(cmd: Command): Command {
  return cmd
    .addOption(linkOption())
    .option('--sysid <n>', 'the vehicle, when several share the link (default: the first heard)', intInRange(1, 255))
    .option('--timeout <s>', 'seconds to wait for the vehicle', positiveSeconds, 15)
    .option('--json', 'print one JSON object');
}

const TYPES: readonly MissionType[] = ['mission', 'fence', 'rally'];

/** What one transfer reports: the outcome and, when it failed, why. */
function brief(r: MissionResult): Record<string, unknown> {
  return { result: r.result, items: r.total, seconds: r.seconds, retries: r.retries, ...(r.seq !== undefined && { seq: r.seq }), ...(r.detail && { detail: r.detail }) };
}

function briefAll(results: Partial<Record<string, MissionResult>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(results).flatMap(([k, r]) => (r ? [[k, brief(r)]] : [])));
}

export function registerMission(program: Command, result: CommandResult): void {
  const mission = program.command('mission').description('upload, download and clear the mission, fence and rally points of a vehicle');

  commonOptions(
    mission
      .command('upload')
      .description('upload a QGroundControl .plan (mission, fence, rally) or a QGC WPL 110 waypoint file (mission)')
      .argument('<file>', '.plan, .waypoints, .txt or .mission file')
      .option('--verify', 'read each list back after uploading and compare it'),
  ).action(async (file: string, opts: Common & { verify?: boolean }) => {
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
  });

  commonOptions(
    mission
      .command('download')
      .description('download mission, fence and rally points into a file (format by extension)')
      .requiredOption('--out <file>', '.plan (mission, fence, rally) or .waypoints / .txt (mission)')
      .option('--force', 'replace --out if it exists'),
  ).action(async (opts: Common & { out: string; force?: boolean }) => {
    await checkMissionOut(opts.out, opts.force === true);
    const types: MissionType[] = formatOfName(opts.out) === 'plan' ? [...TYPES] : ['mission'];
    await withVehicleSession({ uri: opts.link, sysid: opts.sysid, timeout_s: opts.timeout }, async (session, vehicle) => {
      const adapter = session.missionAdapterFor(vehicle);
      const lists: WireLists = { mission: [], fence: [], rally: [] };
      const results: Partial<Record<MissionType, MissionResult>> = {};
      let homeItem: { lat_deg: number; lon_deg: number; alt_m: number } | undefined;
      for (const type of types) {
        const r = await adapter.download(session.missions, vehicle, type);
        results[type] = r;
        if (r.result === 'ok') lists[type] = r.items ?? [];
        // ArduPilot's seq 0 is the vehicle's current home (frame 0: AMSL), sent whether or not HOME_POSITION came.
        if (type === 'mission' && r.home && r.home.frame === 0 && (r.home.x !== 0 || r.home.y !== 0)) homeItem = { lat_deg: r.home.x, lon_deg: r.home.y, alt_m: r.home.z };
      }
      const ok = allOk(results);
      if (ok) {
        const h = vehicle.snapshot().home;
        const home = homeItem ?? (h ? { lat_deg: h.lat, lon_deg: h.lon, alt_m: h.alt_amsl_m } : undefined);
        await saveMissionFile(planFromWire(lists, home), opts.out, opts.force === true);
      }
      print({ ok, out: ok ? opts.out : null, items: lists.mission.length, fence: lists.fence.length, rally: lists.rally.length, results: briefAll(results) }, opts.json);
      result.code = ok ? 0 : 1;
    });
  });

  commonOptions(
    mission
      .command('clear')
      .description('clear the mission (and fence, rally) on the vehicle')
      .option('--type <type>', 'mission, fence, rally or all', (v: string) => {
        if (v !== 'all' && !TYPES.includes(v as MissionType)) throw new UsageError(`--type: expected mission, fence, rally or all, got "${v}"`);
        return v;
      }, 'all'),
  ).action(async (opts: Common & { type: string }) => {
    const types = opts.type === 'all' ? [...TYPES] : [opts.type as MissionType];
    await withVehicleSession({ uri: opts.link, sysid: opts.sysid, timeout_s: opts.timeout }, async (session, vehicle) => {
      const results: Record<string, MissionResult> = {};
      for (const type of types) results[type] = await session.missions.clear(vehicle, type);
      const ok = allOk(results);
      print({ ok, results: briefAll(results) }, opts.json);
      result.code = ok ? 0 : 1;
    });
  });
}

/**
 * Upload each list in turn (mission first). A vehicle without fence or rally support (UNSUPPORTED) is noted and
 * skipped. Any other failure stops the upload, and a failed mission upload is followed by a clear: ArduPilot
 * writes items in place as they arrive, so after a failure it may hold a mix of the old and the new mission that
 * would fly; an empty mission cannot. `mission_state` says what the vehicle holds.
 */
export async function uploadLists(
  session: GcsSession, vehicle: VehicleState, lists: WireLists, types: readonly MissionType[],
  planHome: { lat_deg: number; lon_deg: number; alt_m: number } | undefined, verify: boolean,
): Promise<{ results: Partial<Record<MissionType, MissionResult>>; mission_state: 'uploaded' | 'cleared' | 'unknown' | 'unchanged' }> {
  const adapter = session.missionAdapterFor(vehicle, vehicle.snapshot().home ? undefined : planHome);
  const results: Partial<Record<MissionType, MissionResult>> = {};
  for (const type of types) {
    const r = await adapter.upload(session.missions, vehicle, type, lists[type], { verify });
    results[type] = r;
    if (r.result === 'ok' || (type !== 'mission' && r.result === 'unsupported')) continue;
    if (type !== 'mission') return { results, mission_state: 'uploaded' };
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
