// Giving a vehicle its MAVLink 2 signing key with SETUP_SIGNING, as MAVProxy's `signing setup` and QGroundControl do:
// one SETUP_SIGNING with the key and initial_timestamp = now (10 µs units since 2015), addressed to the vehicle's
// autopilot. ArduPilot answers nothing (GCS_Signing.cpp, handle_setup_signing): it signs from then on and acts only on
// frames signed with the key (everything on its USB port). So after sending, the session signs with the new key (the
// caller's `afterSend` makes it, when it does not already) and both ways are checked: the vehicle's frames verify with
// the key, and a signed COMMAND_LONG (REQUEST_MESSAGE for a HEARTBEAT) is answered. Shared by `watchpost signing
// setup` and the app's "Send key to vehicle".
//
// The key is a secret: SETUP_SIGNING carries it in clear, so it is sent but never recorded (a flight's tlog is shared
// with supervisors and other tools), and no result or reason names it. Send it only over a link you trust (USB).
import { common } from 'node-mavlink';
import type { Frame } from './frame';
import type { GcsSession } from './gcs-session';
import { realClock, type Clock, type TimerHandle } from './protocols/env';
import { timestamp10us, verifySignature } from './signing';
import type { VehicleState } from './vehicle/vehicle-state';

/** `ok` only when the vehicle's frames verify with the new key and it answered a signed command; `armed`: nothing
 *  was sent (ArduPilot takes no key while armed); `not_signing`: sent, but nothing signed with the key came back;
 *  `no_answer`: the vehicle signs with the key but did not answer the signed command. */
export type SigningSetupResult = 'ok' | 'armed' | 'not_signing' | 'no_answer';

export interface SigningSetupOutcome {
  ok: boolean;
  result: SigningSetupResult;
  sysid: number;
  compid: number;
  /** The initial_timestamp sent (10 µs units since 2015-01-01). */
  initial_timestamp_10us: number;
  /** Frames from the vehicle that verify with the new key, heard after SETUP_SIGNING. */
  signed_frames_verified: number;
  /** How the vehicle answered the signed REQUEST_MESSAGE (e.g. "accepted"), "timeout", or null when not asked. */
  command_result: string | null;
  /** Why it is not `ok` (never naming the key), null when ok. */
  reason: string | null;
}

export interface SigningSetupOptions {
  /** The new key (32 bytes). */
  key: Uint8Array;
  /** How long to wait for the vehicle's first frame signed with the key. */
  timeout_ms: number;
  /** Right after SETUP_SIGNING went out: make the session sign with the new key (and check against it) if it does not yet. */
  afterSend?: () => Promise<void>;
  /** What to tell a user whose vehicle may hold another key (e.g. "--signing-key" on the command line). */
  currentKeyAdvice?: string;
  clock?: Clock;
  now_10us?: () => number;
}

const REQUEST_MESSAGE = common.MavCmd.REQUEST_MESSAGE;
/** HEARTBEAT's message id: what the signed REQUEST_MESSAGE asks for. */
const HEARTBEAT_ID = 0;

/** SETUP_SIGNING to `vehicle` on `session`, refused before sending while it is armed, then both ways checked. */
export async function setupVehicleSigning(session: GcsSession, vehicle: VehicleState, opts: SigningSetupOptions): Promise<SigningSetupOutcome> {
  const clock = opts.clock ?? realClock;
  const initial_timestamp_10us = (opts.now_10us ?? (() => timestamp10us()))();
  const base = { sysid: vehicle.sysid, compid: vehicle.compid, initial_timestamp_10us, signed_frames_verified: 0, command_result: null };
  // ArduPilot refuses while armed ("ERROR: Won't setup signing when armed"): say so before sending anything.
  if (vehicle.armed) {
    return { ok: false, result: 'armed', ...base, reason: `vehicle ${vehicle.sysid} is armed, and ArduPilot takes no signing key while armed: disarm first` };
  }
  const msg = new common.SetupSigning();
  msg.targetSystem = vehicle.sysid;
  msg.targetComponent = vehicle.compid;
  msg.secretKey = [...opts.key];
  msg.initialTimestamp = BigInt(initial_timestamp_10us);
  session.connection.send(msg, { record: false });

  // The vehicle's frames, from now on, that verify with the new key (the link passed them: not replayed, in window).
  let verified = 0;
  let heard: (() => void) | undefined;
  const off = session.connection.onFrame((f: Frame) => {
    if (f.sysid !== vehicle.sysid || !f.signed || !verifySignature(f.raw, opts.key)) return;
    verified++;
    heard?.();
  });
  try {
    await opts.afterSend?.();
    const got = verified > 0 || await new Promise<boolean>((resolve) => {
      const timer: TimerHandle = clock.setTimeout(() => {
        heard = undefined;
        resolve(verified > 0);
      }, opts.timeout_ms);
      heard = () => {
        heard = undefined;
        clock.clearTimeout(timer);
        resolve(true);
      };
    });
    if (!got) {
      const advice = opts.currentKeyAdvice ? `: ${opts.currentKeyAdvice}` : '';
      return {
        ok: false, result: 'not_signing', ...base,
        reason: `vehicle ${vehicle.sysid} sent nothing signed with the new key within ${opts.timeout_ms / 1000} s: it may hold another key already (send SETUP_SIGNING over USB, or signed with its current key${advice}), or not support signing`,
      };
    }
    const r = await session.commands.send({ kind: 'long', target: { sysid: vehicle.sysid, compid: vehicle.compid }, command: REQUEST_MESSAGE, params: [HEARTBEAT_ID] });
    const answered = r.ack !== undefined;
    return {
      ok: answered,
      result: answered ? 'ok' : 'no_answer',
      ...base,
      signed_frames_verified: verified,
      command_result: r.result,
      reason: answered ? null : `vehicle ${vehicle.sysid} signs with the new key but did not answer a signed command (${r.result})`,
    };
  } finally {
    off();
  }
}
