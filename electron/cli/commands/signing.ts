// watchpost signing setup --link URI --key KEY [--signing-key CURRENT] [--sysid N] [--timeout S] [--json]
// Gives the vehicle its signing key as MAVProxy's `signing setup` and QGroundControl do: one SETUP_SIGNING with the
// key and initial_timestamp = now (10 µs units since 2015), addressed to the vehicle's autopilot. ArduPilot answers
// nothing (GCS_Signing.cpp, handle_setup_signing): it signs from then on, and acts only on frames signed with the key
// (everything on its USB port). So the command then signs with the new key itself and checks both ways: the
// vehicle's frames verify with the key, and a signed COMMAND_LONG (REQUEST_MESSAGE for a HEARTBEAT) is answered.
// SETUP_SIGNING goes unsigned (meant for USB), or signed with --signing-key, the vehicle's current key. It carries the
// key in clear: a link that is neither serial (USB) nor loopback (the simulator, SITL) is refused before anything is
// opened or sent, unless --insecure-link (setupLinkCheck). The steps are shared with the app's "Send key to vehicle"
// (mavlink/signing-setup.ts).
import { setupLinkCheck, setupVehicleSigning, type SigningSetupOutcome } from '../../../mavlink/signing-setup';
import type { VehicleState } from '../../../mavlink/vehicle/vehicle-state';
import { printJson } from '../output';
import { UsageError } from '../args';
import { signingKeyFrom, signingTimestampFile } from './signing-key';
import { openVehicleSession } from './vehicle-session';

export interface SigningSetupOptions {
  link: string;
  key: string;
  signingKey?: string;
  sysid?: number;
  timeout: number;
  json?: boolean;
  /** Send the key over a link that is neither serial nor loopback all the same. */
  insecureLink?: boolean;
}

/** What `signing setup` found: `ok` only when the vehicle's frames verify with the new key and it answered a signed command. */
export interface SigningSetupResult extends SigningSetupOutcome {
  link: string;
}

/** `signing setup` refused to use the link (result `insecure_link`): nothing was opened, so no vehicle is known. */
export interface SigningSetupRefusal {
  ok: false;
  result: 'insecure_link';
  link: string;
  sysid: number | null;
  compid: null;
  initial_timestamp_10us: null;
  signed_frames_verified: 0;
  command_result: null;
  reason: string;
}

const INSECURE_ADVICE = 'pass --insecure-link';

/** The action of `signing setup` (registered in signing.meta.ts): the exit code. */
export async function signingSetup(opts: SigningSetupOptions): Promise<number> {
  const key = signingKeyFrom(opts.key, '--key');
  if (!key) throw new UsageError('--key: required');
  const current = signingKeyFrom(opts.signingKey);
  // The key in clear over a radio, WiFi or a network: refused before the link is even opened.
  const where = setupLinkCheck(opts.link);
  if (!where.trusted && !opts.insecureLink) {
    const refused: SigningSetupRefusal = {
      ok: false, result: 'insecure_link', link: opts.link, sysid: opts.sysid ?? null, compid: null, initial_timestamp_10us: null,
      signed_frames_verified: 0, command_result: null, reason: where.refusal(INSECURE_ADVICE),
    };
    if (opts.json) printJson(refused);
    else process.stderr.write(`watchpost: signing not set up: ${refused.reason}\n`);
    return 1;
  }
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
  const out = await setupVehicleSigning(session, vehicle, {
    key,
    timeout_ms: opts.timeout * 1000,
    // From now on sign with the new key, and take only frames signed with it.
    afterSend: () => session.startSigning({ key, link_id: 0, require: true, timestamp_file }),
    currentKeyAdvice: '--signing-key',
    insecure_link: opts.insecureLink === true,
    insecureLinkAdvice: INSECURE_ADVICE,
  });
  const { ok, result, ...rest } = out;
  return { ok, result, link: opts.link, ...rest };
}
