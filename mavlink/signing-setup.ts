// Giving a vehicle its MAVLink 2 signing key with SETUP_SIGNING, as MAVProxy's `signing setup` and QGroundControl do:
// one SETUP_SIGNING with the key and initial_timestamp = now, or the link's signing time if later (10 µs units since 2015), addressed to the vehicle's
// autopilot. ArduPilot answers nothing (GCS_Signing.cpp, handle_setup_signing): it signs from then on and acts only on
// frames signed with the key (everything on its USB port). So after sending, the session signs with the new key (the
// caller's `afterSend` makes it, when it does not already) and both ways are checked: the vehicle's frames verify with
// the key, and a signed COMMAND_LONG (REQUEST_MESSAGE for a HEARTBEAT) is answered. Shared by `watchpost signing
// setup` and the app's "Send key to vehicle".
//
// The key is a secret: SETUP_SIGNING carries it in clear, so it is sent but never recorded (a flight's tlog is shared
// with supervisors and other tools), and no result or reason names it. It is sent only over a link nobody else can
// listen to — serial (the flight controller's USB) or loopback (the simulator, SITL on this machine) — unless the user
// explicitly asked to send it over this insecure link (`insecure_link`): a radio, WiFi or a network link is refused
// before anything is sent (result `insecure_link`), whatever key it is signed with (signing hides nothing).
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { common } from 'node-mavlink';
import type { Frame } from './frame';
import type { GcsSession } from './gcs-session';
import { parseLinkUri } from './links/uri';
import { realClock, type Clock, type TimerHandle } from './protocols/env';
import { timestamp10us, verifySignature } from './signing';
import type { VehicleState } from './vehicle/vehicle-state';

/** `ok` only when the vehicle's frames verify with the new key and it answered a signed command; `insecure_link`:
 *  nothing was sent, the link is neither serial nor loopback (see {@link setupLinkCheck}); `armed`: nothing
 *  was sent (ArduPilot takes no key while armed); `not_signing`: sent, but nothing signed with the key came back;
 *  `no_answer`: the vehicle signs with the key but did not answer the signed command. */
export type SigningSetupResult = 'ok' | 'insecure_link' | 'armed' | 'not_signing' | 'no_answer';

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
  /** The user explicitly chose to send the key over this link although it is neither serial nor loopback. */
  insecure_link?: boolean;
  /** How the user does that (e.g. "pass --insecure-link"), for the reason of an `insecure_link` refusal. */
  insecureLinkAdvice?: string;
  clock?: Clock;
  now_10us?: () => number;
}

/** Loopback: 127.0.0.0/8 and ::1 (and IPv4-mapped 127/8). */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether a link may carry SETUP_SIGNING (the key in clear), decided from its URI alone. */
export interface SetupLinkCheck {
  /** Serial (the flight controller's USB, a COM port) or loopback: nobody else can listen. */
  trusted: boolean;
  /** What kind of link it is, in words: "serial port /dev/ttyACM0", "TCP link to 192.0.2.7 (not loopback)"… */
  kind: string;
  /** The reason of a refusal, ending with how to send anyway (`advice`, e.g. "pass --insecure-link"). */
  refusal: (advice: string) => string;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  tcp: 'TCP link to', tcpin: 'TCP server listening on', udpout: 'UDP link to', udpin: 'UDP link listening on',
};

/**
 * May SETUP_SIGNING go over `uri`? Only a serial link (`serial:` — the flight controller's USB, a COM port) or a
 * network link whose address is loopback (127.0.0.0/8, ::1; `localhost`, which resolves to loopback by RFC 6761): the
 * simulator, SITL. Anything else — an address on the network, a host name, a server listening on 0.0.0.0 — may be
 * a radio, WiFi or a network others can listen to. Throws only on a URI parseLinkUri refuses.
 */
export function setupLinkCheck(uri: string): SetupLinkCheck {
  const u = parseLinkUri(uri);
  const done = (trusted: boolean, kind: string): SetupLinkCheck => ({
    trusted, kind,
    refusal: (advice) => `not sent: ${uri} is a ${kind}, not the flight controller's USB (serial) or this machine (loopback); SETUP_SIGNING carries the key in clear and anyone able to listen to that link would learn it. Send it over USB, or ${advice} to send it over this insecure link anyway`,
  });
  if (u.kind === 'serial') return done(true, `serial port ${u.path}`);
  const host = u.host;
  const loopback = host.toLowerCase() === 'localhost'
    || (isIPv4(host) && LOOPBACK.check(host, 'ipv4'))
    || (isIPv6(host) && LOOPBACK.check(host, 'ipv6'));
  const words = KIND_WORDS[u.kind] ?? `${u.kind} link to`;
  if (loopback) return done(true, `${words} ${host} (loopback)`);
  const what = isIPv4(host) || isIPv6(host) ? (host === '0.0.0.0' || host === '::' ? 'all addresses, not loopback' : 'not loopback') : 'a host name, not a loopback address';
  return done(false, `${words} ${host} (${what})`);
}

const REQUEST_MESSAGE = common.MavCmd.REQUEST_MESSAGE;
/** HEARTBEAT's message id: what the signed REQUEST_MESSAGE asks for. */
const HEARTBEAT_ID = 0;

/** SETUP_SIGNING to `vehicle` on `session`, refused before sending while it is armed, then both ways checked. */
export async function setupVehicleSigning(session: GcsSession, vehicle: VehicleState, opts: SigningSetupOptions): Promise<SigningSetupOutcome> {
  const clock = opts.clock ?? realClock;
  // Not behind the link's own signing time: a vehicle that signs takes over the newest timestamp it hears (the C
  // library's signing->timestamp), so its time may run ahead of the clock, and ArduPilot's load_signing_key starts the
  // new key's time a minute past initial_timestamp. From the clock alone it could start behind what it already sent,
  // and its next frames would be dropped here as replays until its time caught up.
  const initial_timestamp_10us = Math.max((opts.now_10us ?? (() => timestamp10us()))(), session.signingTimestamp_10us ?? 0);
  const base = { sysid: vehicle.sysid, compid: vehicle.compid, initial_timestamp_10us, signed_frames_verified: 0, command_result: null };
  // The key in clear over a link others may hear: refused before anything is sent, unless the user chose to.
  const where = setupLinkCheck(session.link.uri);
  if (!where.trusted && !opts.insecure_link) {
    return { ok: false, result: 'insecure_link', ...base, initial_timestamp_10us: 0, reason: where.refusal(opts.insecureLinkAdvice ?? 'explicitly allow this insecure link') };
  }
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
