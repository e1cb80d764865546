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
    await session.close();
    const which = sysid === undefined ? 'no vehicle' : `no vehicle with sysid ${sysid}`;
    throw new NoVehicleError(`${which} heard on ${opts.uri} within ${timeout_s} s`);
  }
  return { session, vehicle };
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
