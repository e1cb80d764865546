// Shared by the commands that talk to one vehicle: open a ground-station session on --link and wait for the
// vehicle (--sysid, or the first heard), with one clear failure when none answers.
import { GcsSession, type GcsSessionOptions } from '../../../mavlink/gcs-session';
import type { VehicleState } from '../../../mavlink/vehicle/vehicle-state';

export class NoVehicleError extends Error {}

export interface VehicleSessionOptions extends GcsSessionOptions {
  sysid?: number;
  timeout_s: number;
}

/** Open the session and wait for the vehicle; on failure the session is closed and NoVehicleError thrown. */
export async function openVehicleSession(opts: VehicleSessionOptions): Promise<{ session: GcsSession; vehicle: VehicleState }> {
  const { sysid, timeout_s, ...rest } = opts;
  const session = await GcsSession.open(rest);
  const vehicle = await session.waitForVehicle(timeout_s * 1000, (v) => sysid === undefined || v.sysid === sysid);
  if (!vehicle) {
    const why = signingDrops(session);
    await session.close();
    const which = sysid === undefined ? 'no vehicle' : `no vehicle with sysid ${sysid}`;
    throw new NoVehicleError(`${which} heard on ${opts.uri} within ${timeout_s} s${why}`);
  }
  warnUnsignedToSigner(session, vehicle);
  return { session, vehicle };
}

/**
 * Why nothing was heard, when signing dropped frames: ": 40 frames dropped by signing (38 signed with another key,
 * 2 unsigned); …" with what to do; '' when signing dropped nothing. Never names the key.
 */
export function signingDrops(session: GcsSession): string {
  const s = session.connection.stats().signing;
  if (!s) return '';
  const parts: string[] = [];
  if (s.bad_signature) parts.push(`${s.bad_signature} signed with another key`);
  if (s.unsigned_dropped) parts.push(`${s.unsigned_dropped} unsigned`);
  if (s.replay) parts.push(`${s.replay} replayed`);
  if (s.out_of_window) parts.push(`${s.out_of_window} more than a minute old`);
  const dropped = s.bad_signature + s.unsigned_dropped + s.replay + s.out_of_window;
  if (dropped === 0) return '';
  const advice = s.bad_signature > 0 ? 'is --signing-key the vehicle\'s key?'
    : s.unsigned_dropped > 0 ? 'the vehicle does not sign: set its key with `watchpost signing setup` over USB, or leave out --signing-key'
      : 'is the clock of this computer or of the vehicle far off?';
  return `: ${dropped} frame${dropped === 1 ? '' : 's'} dropped by signing (${parts.join(', ')}); ${advice}`;
}

/** Did the vehicle's frames come signed while this session has no key? (It then ignores what we send, unless on USB.) */
export function signsWithoutOurKey(session: GcsSession): boolean {
  const st = session.connection.stats();
  return st.signing === null && st.scan.signed > 0;
}

/** The hint for a vehicle that signs while we do not. */
export function signedVehicleHint(vehicle: VehicleState): string {
  return `vehicle ${vehicle.sysid} signs its frames (MAVLink 2 signing) and ignores unsigned commands except on its USB port: give --signing-key`;
}

function warnUnsignedToSigner(session: GcsSession, vehicle: VehicleState): void {
  if (signsWithoutOurKey(session)) process.stderr.write(`watchpost: warning: ${signedVehicleHint(vehicle)}\n`);
}

/** Open the session and wait for the vehicle, run `fn`, and close the session whatever happens. */
export async function withVehicleSession<T>(opts: VehicleSessionOptions, fn: (session: GcsSession, vehicle: VehicleState) => Promise<T>): Promise<T> {
  const { session, vehicle } = await openVehicleSession(opts);
  try {
    return await fn(session, vehicle);
  } finally {
    await session.close();
  }
}

/** Resolves once `cond` holds (checked on every vehicle update and every 100 ms), or with false at the deadline. */
export function waitFor(session: GcsSession, cond: () => boolean, timeout_ms: number): Promise<boolean> {
  if (cond()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (v: boolean) => {
      clearTimeout(timer);
      clearInterval(poll);
      unsubscribe();
      resolve(v);
    };
    const check = () => {
      if (cond()) finish(true);
    };
    const timer = setTimeout(() => finish(cond()), timeout_ms);
    const poll = setInterval(check, 100);
    const unsubscribe = session.vehicles.onChange(check);
  });
}
