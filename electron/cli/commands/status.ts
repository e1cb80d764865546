// watchpost status --link URI [--timeout S] [--signing-key KEY] [--json]: wait for a vehicle and print its state.
import { GcsSession } from '../../../mavlink/gcs-session';
import type { VehicleSnapshot, VehicleState } from '../../../mavlink/vehicle/vehicle-state';
import { printFields, printJson } from '../output';
import { cliSigning } from './signing-key';
import { signedVehicleHint, signingDrops, signsWithoutOurKey } from './vehicle-session';

const FULL_STATE_WAIT_MS = 2000;

function complete(s: VehicleSnapshot): boolean {
  return s.lat !== null && s.home !== null && s.gps_fix_type !== null && s.battery_voltage_v !== null && s.roll_deg !== null;
}

export interface StatusOptions {
  link: string;
  timeout: number;
  sysid?: number;
  signingKey?: string;
  json?: boolean;
}

/** The action of `status` (registered in status.meta.ts): the exit code. */
export async function status(opts: StatusOptions): Promise<number> {
  const signing = cliSigning(opts.signingKey);
  const deadline = Date.now() + opts.timeout * 1000;
  const session = await GcsSession.open({ uri: opts.link, signing });
  try {
    const wanted = (v: VehicleState) => opts.sysid === undefined || v.sysid === opts.sysid;
    const vehicle = await session.waitForVehicle(opts.timeout * 1000, wanted);
    if (!vehicle) {
      const which = opts.sysid === undefined ? 'no vehicle' : `no vehicle with sysid ${opts.sysid}`;
      process.stderr.write(`watchpost: ${which} heard on ${opts.link} within ${opts.timeout} s${signingDrops(session)}\n`);
      return 1;
    }
    // A vehicle was heard: give it the rest of the time to report a position (ArduPilot reports none until
    // its estimate is up), then print what is known.
    await session.waitForVehicle(Math.max(0, deadline - Date.now()), (v) => v === vehicle && v.snapshot().lat !== null);
    // A vehicle that signs ignores our unsigned telemetry requests: with no position, say so rather than print nothing.
    if (vehicle.snapshot().lat === null && signsWithoutOurKey(session)) {
      process.stderr.write(`watchpost: no telemetry from vehicle ${vehicle.sysid} on ${opts.link} within ${opts.timeout} s: ${signedVehicleHint(vehicle)}\n`);
      return 1;
    }
    if (signsWithoutOurKey(session)) process.stderr.write(`watchpost: warning: ${signedVehicleHint(vehicle)}\n`);
    // Position is there: allow a moment for the slower streams (home, battery, GPS) to fill in.
    const settle_ms = Math.min(FULL_STATE_WAIT_MS, Math.max(0, deadline - Date.now()));
    await session.waitForVehicle(settle_ms, (v) => v === vehicle && complete(v.snapshot()));
    const snapshot = vehicle.snapshot();
    if (opts.json) printJson(snapshot);
    else printFields({ ...snapshot, statustext: snapshot.statustext.map((s) => s.text).join(' | ') });
    return 0;
  } finally {
    await session.close();
  }
}
