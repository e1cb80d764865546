// watchpost signing setup --link URI --key KEY [--signing-key CURRENT] [--sysid N] [--timeout S] [--json]
// Gives the vehicle its signing key as MAVProxy's `signing setup` and QGroundControl do: one SETUP_SIGNING with the
// key and initial_timestamp = now (10 µs units since 2015), addressed to the vehicle's autopilot. ArduPilot answers
// nothing (GCS_Signing.cpp, handle_setup_signing): it signs from then on, and acts only on frames signed with the key
// (everything on its USB port). So the command then signs with the new key itself and checks both ways: the
// vehicle's frames verify with the key, and a signed COMMAND_LONG (REQUEST_MESSAGE for a HEARTBEAT) is answered.
// SETUP_SIGNING goes unsigned (meant for USB), or signed with --signing-key, the vehicle's current key.
import { common } from 'node-mavlink';
import { timestamp10us } from '../../../mavlink/signing';
import type { VehicleState } from '../../../mavlink/vehicle/vehicle-state';
import { printJson } from '../output';
import { UsageError } from '../args';
import { signingKeyFrom, signingTimestampFile } from './signing-key';
import { openVehicleSession, waitFor } from './vehicle-session';

export interface SigningSetupOptions {
  link: string;
  key: string;
  signingKey?: string;
  sysid?: number;
  timeout: number;
  json?: boolean;
}

/** What `signing setup` found: `ok` only when the vehicle's frames verify with the new key and it answered a signed command. */
export interface SigningSetupResult {
  ok: boolean;
  result: 'ok' | 'armed' | 'not_signing' | 'no_answer';
  link: string;
  sysid: number;
  compid: number;
  /** The initial_timestamp sent (10 µs units since 2015-01-01). */
  initial_timestamp_10us: number;
  /** Frames from the vehicle signed with the new key, heard after SETUP_SIGNING. */
  signed_frames_verified: number;
  /** How the vehicle answered the signed REQUEST_MESSAGE (e.g. "accepted"), or "timeout". */
  command_result: string | null;
  reason: string | null;
}

const REQUEST_MESSAGE = common.MavCmd.REQUEST_MESSAGE;
const HEARTBEAT_ID = 0;

/** The action of `signing setup` (registered in signing.meta.ts): the exit code. */
export async function signingSetup(opts: SigningSetupOptions): Promise<number> {
  const key = signingKeyFrom(opts.key, '--key');
  if (!key) throw new UsageError('--key: required');
  const current = signingKeyFrom(opts.signingKey);
  const timestamp_file = signingTimestampFile();
  const { session, vehicle } = await openVehicleSession({
    uri: opts.link, sysid: opts.sysid, timeout_s: opts.timeout, requestTelemetry: false,
    signing: current ? { key: current, link_id: 0, require: true, timestamp_file } : undefined,
  });
  try {
    const out = await setup(opts, session, vehicle, key, timestamp_file);
    if (opts.json) printJson(out);
    else if (out.ok) process.stdout.write(`signing set up on vehicle ${out.sysid} (${opts.link}): ${out.signed_frames_verified} signed frames verified, signed command ${out.command_result}\n`);
    else process.stderr.write(`watchpost: signing not set up: ${out.reason}\n`);
    return out.ok ? 0 : 1;
  } finally {
    await session.close();
  }
}

async function setup(
  opts: SigningSetupOptions, session: Awaited<ReturnType<typeof openVehicleSession>>['session'], vehicle: VehicleState,
  key: Uint8Array, timestamp_file: string,
): Promise<SigningSetupResult> {
  const initial_timestamp_10us = timestamp10us();
  const base = { link: opts.link, sysid: vehicle.sysid, compid: vehicle.compid, initial_timestamp_10us, signed_frames_verified: 0, command_result: null };
  // ArduPilot refuses while armed ("ERROR: Won't setup signing when armed"): say so before sending anything.
  if (vehicle.snapshot().armed) {
    return { ok: false, result: 'armed', ...base, reason: `vehicle ${vehicle.sysid} is armed, and ArduPilot takes no signing key while armed: disarm first` };
  }
  const msg = new common.SetupSigning();
  msg.targetSystem = vehicle.sysid;
  msg.targetComponent = vehicle.compid;
  msg.secretKey = [...key];
  msg.initialTimestamp = BigInt(initial_timestamp_10us);
  session.connection.send(msg);

  // From now on sign with the new key, and take only frames signed with it.
  await session.startSigning({ key, link_id: 0, require: true, timestamp_file });
  const signedOk = (): number => session.connection.stats().signing?.signed_ok ?? 0;
  const heard = await waitFor(session, () => signedOk() > 0, opts.timeout * 1000);
  if (!heard) {
    return {
      ok: false, result: 'not_signing', ...base,
      reason: `vehicle ${vehicle.sysid} sent nothing signed with the new key within ${opts.timeout} s: it may hold another key already (send SETUP_SIGNING over USB, or signed with its current key: --signing-key), or not support signing`,
    };
  }
  const r = await session.commands.send({ kind: 'long', target: { sysid: vehicle.sysid, compid: vehicle.compid }, command: REQUEST_MESSAGE, params: [HEARTBEAT_ID] });
  const answered = r.ack !== undefined;
  return {
    ok: answered,
    result: answered ? 'ok' : 'no_answer',
    ...base,
    signed_frames_verified: signedOk(),
    command_result: r.result,
    reason: answered ? null : `vehicle ${vehicle.sysid} signs with the new key but did not answer a signed command (${r.result})`,
  };
}

