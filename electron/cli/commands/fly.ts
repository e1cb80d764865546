// watchpost fly FILE --link URI [--out FLIGHT.tlog] [--timeout S] [--signing-key KEY] [--json]
// Upload, GUIDED, arm (retrying while the autopilot's pre-arm checks refuse), take off at once (ArduCopter
// disarms after 10 s on the ground), AUTO, and follow until landed and disarmed, recording every frame.
import { common } from 'node-mavlink';
import type { GcsSession } from '../../../mavlink/gcs-session';
import type { VehicleState } from '../../../mavlink/vehicle/vehicle-state';
import type { WireLists } from '../../../patrol/formats/mission-file';
import type { MissionItem, MissionType } from '../../../patrol/mission/mission-item';
import { TrackStats } from '../../../patrol/track/track-stats';
import { loadUploadSet } from '../mission-io';
import { printFields, printJson } from '../output';
import type { CommandResult } from '../main';
import { uploadLists } from './mission';
import { cliSigning } from './signing-key';
import { waitFor, withVehicleSession } from './vehicle-session';
import { startPatrolSequence } from '../../../mavlink/protocols/start-sequence';

export interface FlyOptions {
  link: string;
  out?: string;
  sysid?: number;
  timeout: number;
  signingKey?: string;
  json?: boolean;
}

const NAV_TAKEOFF = 22;
/** MAV_CMD values below this are navigation commands (the ones MISSION_ITEM_REACHED reports). */
const MAV_CMD_NAV_LAST = 95;
const DEFAULT_TAKEOFF_M = 10;
/** Disarmed within this height of home counts as landed. */
const LANDED_ALT_M = 1;

/** The user seqs of the navigation items (those MISSION_ITEM_REACHED reports). */
function navSeqs(mission: readonly MissionItem[]): number[] {
  return mission.flatMap((m, seq) => (m.command < MAV_CMD_NAV_LAST ? [seq] : []));
}

/** The action of `fly` (registered in fly.meta.ts). */
export async function flyAction(file: string, opts: FlyOptions, result: CommandResult): Promise<void> {
  const signing = cliSigning(opts.signingKey);
  const { plan, lists, types } = await loadUploadSet(file);
  const started = Date.now();
  const session = { uri: opts.link, sysid: opts.sysid, timeout_s: Math.min(opts.timeout, 30), recordPath: opts.out, signing };
  await withVehicleSession(session, async (gcs, vehicle) => {
    const summary = await fly(gcs, vehicle, lists, types, plan.home, started + opts.timeout * 1000);
    const out = { ...summary, duration_s: (Date.now() - started) / 1000, tlog: opts.out ?? null };
    if (opts.json) printJson(out);
    else printFields(out);
    result.code = out.ok ? 0 : 1;
  });
}

interface FlySummary {
  ok: boolean;
  reason: string | null;
  items: number;
  nav_items: number;
  items_reached: number;
  reached_seqs: number[];
  max_alt_rel_m: number | null;
  distance_m: number;
  /** What the vehicle holds after the upload: 'uploaded', or 'cleared' / 'unknown' after a failed upload. */
  mission_state: 'uploaded' | 'cleared' | 'unknown' | 'unchanged' | null;
}

async function fly(
  session: GcsSession, vehicle: VehicleState, lists: WireLists, types: MissionType[],
  planHome: { lat_deg: number; lon_deg: number; alt_m: number } | undefined, deadline_ms: number,
): Promise<FlySummary> {
  const track = new TrackStats();
  const reached = new Set<number>();
  const adapter = session.missionAdapterFor(vehicle, planHome);
  const snap = () => vehicle.snapshot();
  const offTrack = session.vehicles.onChange((v) => {
    if (v !== vehicle) return;
    const s = snap();
    if (s.lat !== null && s.lon !== null) track.add(s.lat, s.lon, s.alt_rel_m ?? Number.NaN);
  });
  const offReached = session.connection.onMessage((msg, frame) => {
    if (msg instanceof common.MissionItemReached && frame.sysid === vehicle.sysid) {
      const seq = adapter.seqFromVehicle('mission', msg.seq);
      if (seq >= 0) reached.add(seq);
    }
  });
  let mission_state: FlySummary['mission_state'] = null;
  const summary = (ok: boolean, reason: string | null): FlySummary => ({
    mission_state,
    ok, reason, items: lists.mission.length, nav_items: navSeqs(lists.mission).length,
    items_reached: reached.size, reached_seqs: [...reached].sort((a, b) => a - b), max_alt_rel_m: Number.isFinite(track.max_alt_rel_m) ? track.max_alt_rel_m : null, distance_m: track.distance_m,
  });
  const left = () => Math.max(0, deadline_ms - Date.now());
  try {
    const up = await uploadLists(session, vehicle, lists, types, planHome, false);
    mission_state = up.mission_state;
    const failed = Object.entries(up.results).find(([type, r]) => r?.result !== 'ok' && !(type !== 'mission' && r?.result === 'unsupported'));
    if (failed) {
      const cleared = mission_state === 'cleared' ? '; the vehicle\'s mission was cleared (half an upload is not flown)' : mission_state === 'unknown' ? '; clearing the vehicle\'s mission failed too: check it before flying' : '';
      return summary(false, `upload of the ${failed[0]} failed: ${failed[1]?.result}${failed[1]?.detail ? ` (${failed[1].detail})` : ''}${cleared}`);
    }

    const started = await startPatrolSequence(session, vehicle, takeoffAltitude(lists.mission), deadline_ms);
    if (!started.ok) return summary(false, started.reason);
    const disarmed = await waitFor(session, () => !snap().armed, left());
    if (!disarmed) return summary(false, `still flying after the timeout (mode ${snap().mode}, ${snap().alt_rel_m ?? '?'} m)`);
    const alt_m = snap().alt_rel_m;
    if (alt_m === null || Math.abs(alt_m) > LANDED_ALT_M) return summary(false, `disarmed at ${alt_m ?? '?'} m above home, not on the ground`);
    const missed = navSeqs(lists.mission).filter((seq) => !reached.has(seq));
    if (missed.length > 0) return summary(false, `landed (mode ${snap().mode}) without reaching mission item${missed.length > 1 ? 's' : ''} ${missed.join(', ')}`);
    return summary(true, null);
  } finally {
    offTrack();
    offReached();
  }
}

/** The altitude of the mission's first NAV_TAKEOFF (relative frames), else 10 m. */
function takeoffAltitude(mission: readonly MissionItem[]): number {
  const t = mission.find((m) => m.command === NAV_TAKEOFF);
  return t && t.z > 0 && (t.frame === 3 || t.frame === 6 || t.frame === 10 || t.frame === 11) ? t.z : DEFAULT_TAKEOFF_M;
}

