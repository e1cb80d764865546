// MAVLink 2 signing of one simulated copter, modelled on ArduPilot: libraries/GCS_MAVLink/GCS_Signing.cpp (the key
// and its timestamp, SETUP_SIGNING, the unsigned accept list) and the MAVLink C library's mavlink_helpers.h (the
// checks on each frame received: mavlink_signature_check, then accept_unsigned_callback).
//
// What ArduPilot does, and so the simulator:
// - No key (or a key of 32 zero bytes with initial_timestamp 0, which is how SETUP_SIGNING clears it): nothing is
//   checked or signed.
// - A key: every frame the vehicle sends is signed (MAVLINK_SIGNING_FLAG_SIGN_OUTGOING); a frame received must be
//   signed with the key, newer than its stream's last (sysid, compid, link id), and, from a new stream, at most a
//   minute behind the vehicle's signing time. Anything else is dropped before it is handled, except what
//   accept_unsigned_callback lets through: RADIO_STATUS and RADIO (which SiK radios inject unsigned), and every
//   frame on channel 0, the USB port of a flight controller — modelled here by `trusted_link`.
// - The table of streams heard (each one's last timestamp) is kept across SETUP_SIGNING: ArduPilot's signing_streams
//   is a static member that load_signing_key does not reset.
// - SETUP_SIGNING (msg 256) sets or clears the key, refused while armed ("ERROR: Won't setup signing when armed").
//   Being a message like any other, it is only heard when it passes the checks above: over a link without a key, or
//   signed with the current key, or on the trusted (USB) link. The vehicle's signing time then starts a minute past
//   initial_timestamp (load_signing_key: "use a timestamp 1 minute past the last recorded timestamp").
// - The signing time never goes back: it moves up to the clock (ArduPilot: update_signing_timestamp from GPS time)
//   and to the newest timestamp accepted (the C library keeps one signing->timestamp per link for both ways).
import { common } from 'node-mavlink';
import type { Frame } from '../frame';
import type { SigningStats } from '../link-signing';
import { SigningSender, SigningVerifier, SIGNING_KEY_LENGTH, SIGNING_WINDOW_10US, timestamp10us } from '../signing';
import type { SimVehicle } from './vehicle';

/** accept_list[] in GCS_Signing.cpp: message ids taken unsigned on a link that requires signing. */
export const ACCEPT_UNSIGNED_MSGIDS: ReadonlySet<number> = new Set([common.RadioStatus.MSG_ID, 166 /* RADIO (ardupilotmega) */]);
/** SETUP_SIGNING's message id. */
export const SETUP_SIGNING_MSGID = common.SetupSigning.MSG_ID;

/** The vehicle's verdicts on what it received, counted as a ground station's link counts them (link-signing.ts;
 *  `unsigned_accepted` here: let through by the accept list or the trusted link). */
export interface VehicleSigningStats extends Omit<SigningStats, 'signed_out'> {
  /** A key is set: the vehicle signs what it sends and checks what it receives. */
  enabled: boolean;
  /** SETUP_SIGNING messages that set or cleared the key. */
  key_changes: number;
}

export interface VehicleSigningOptions {
  /** The key stored in the vehicle at boot (none: signing off until a SETUP_SIGNING). */
  key?: Uint8Array;
  /** The timestamp stored with it (10 µs units since 2015; default: now). */
  stored_timestamp_10us?: number;
  /** This is channel 0, USB: every frame is accepted, signed or not (ArduPilot's accept_unsigned_callback). */
  trusted_link?: boolean;
  /** Clock in 10 µs units since 2015 (default: the system clock; ArduPilot uses GPS time). */
  now_10us?: () => number;
}

interface Active {
  sender: SigningSender;
  verifier: SigningVerifier;
}

export class VehicleSigning {
  private active: Active | undefined;
  private readonly counts: Omit<VehicleSigningStats, 'enabled'> = {
    signed_ok: 0, unsigned_accepted: 0, unsigned_dropped: 0, bad_signature: 0, replay: 0, out_of_window: 0, key_changes: 0,
  };
  private readonly now_10us: () => number;
  private readonly trusted: boolean;
  /** The streams heard (sysid, compid, link id → last timestamp), kept across key changes like ArduPilot's. */
  private readonly streams = new Map<number, number>();

  constructor(opts: VehicleSigningOptions = {}) {
    this.now_10us = opts.now_10us ?? (() => timestamp10us());
    this.trusted = opts.trusted_link ?? false;
    if (opts.key) this.load(opts.key, opts.stored_timestamp_10us ?? this.now_10us());
  }

  get enabled(): boolean {
    return this.active !== undefined;
  }

  stats(): VehicleSigningStats {
    return { enabled: this.enabled, ...this.counts };
  }

  /** Should the vehicle handle this frame? (Counted; frames are only checked while a key is set.) */
  accept(frame: Frame): boolean {
    const a = this.active;
    if (!a) return true;
    const check = a.verifier.check(frame.raw);
    if (check === 'ok') {
      this.counts.signed_ok++;
      return true;
    }
    if (this.trusted || ACCEPT_UNSIGNED_MSGIDS.has(frame.msgid)) {
      this.counts.unsigned_accepted++;
      return true;
    }
    switch (check) {
      case 'unsigned':
        this.counts.unsigned_dropped++;
        break;
      case 'bad-signature':
        this.counts.bad_signature++;
        break;
      case 'replay':
        this.counts.replay++;
        break;
      case 'out-of-window':
        this.counts.out_of_window++;
        break;
    }
    return false;
  }

  /** Sign an outgoing frame while a key is set. */
  sign(raw: Uint8Array): Uint8Array {
    return this.active ? this.active.sender.sign(raw) : raw;
  }

  /** The vehicle's signing time (10 µs units), or undefined without a key. */
  get timestamp_10us(): number | undefined {
    return this.active?.sender.lastTimestamp;
  }

  /** SETUP_SIGNING: a new key and initial timestamp; all zero clears the key (GCS_Signing.cpp, load_signing_key). */
  setup(key: ArrayLike<number>, initial_timestamp_10us: number): void {
    this.counts.key_changes++;
    const bytes = Uint8Array.from({ length: SIGNING_KEY_LENGTH }, (_, i) => key[i] ?? 0);
    if (initial_timestamp_10us === 0 && bytes.every((b) => b === 0)) {
      this.active = undefined;
      return;
    }
    this.load(bytes, initial_timestamp_10us);
  }

  private load(key: Uint8Array, stored_10us: number): void {
    const verifier = new SigningVerifier(key, {
      // The window is judged against the vehicle's own signing time, as the C library does (mavlink_helpers.h).
      now_10us: this.now_10us,
      sent_10us: () => sender.lastTimestamp,
      window_10us: SIGNING_WINDOW_10US,
      // ArduPilot's signing_streams is one table that load_signing_key never clears (GCS_Signing.cpp): a new key, or
      // the same key set again, keeps every stream's last timestamp, so frames captured before cannot be replayed.
      streams: this.streams,
    });
    // ArduPilot signs with the channel number as link id: 0 is USB, telemetry ports count from 1.
    const sender: SigningSender = new SigningSender(key, this.trusted ? 0 : 1, {
      now_10us: () => Math.max(this.now_10us(), verifier.newestTimestamp ?? 0),
      last_timestamp: stored_10us + SIGNING_WINDOW_10US,
    });
    this.active = { sender, verifier };
  }
}

/** The SETUP_SIGNING handler every simulated copter registers. */
export function registerSigningHandler(v: SimVehicle): void {
  v.onMessage(SETUP_SIGNING_MSGID, (msg) => {
    const m = msg as common.SetupSigning;
    // GCS_Signing.cpp, handle_setup_signing: "setting up signing key when armed generally not useful".
    if (v.armed) {
      v.sendText(common.MavSeverity.WARNING, "ERROR: Won't setup signing when armed");
      return;
    }
    v.signing.setup(m.secretKey, Number(m.initialTimestamp));
  });
}
