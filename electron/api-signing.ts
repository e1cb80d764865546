// The MAVLink 2 signing part of electron/api.ts (issue 13, point 1): the keys stored per link URI as the UI may see
// them (a fingerprint, never the key), and each open link's signing state and counters in its summary.
// Pure TypeScript (no Node, no DOM): the renderer imports it.

/** A stored signing key as listed: never the key itself. */
export interface SigningKeyEntry {
  link_uri: string;
  /** First 8 hex digits of SHA-256(key): tells keys apart without revealing them. */
  fingerprint: string;
  /** Frames not signed with the key are dropped (else unsigned frames pass; a wrong signature never does). */
  require: boolean;
  /** When it was stored, ISO 8601 UTC. */
  added_utc: string;
}

export interface SigningKeyList {
  keys: SigningKeyEntry[];
  /** What is wrong with the key file (damaged: kept aside on the next save), null when nothing. */
  problem: string | null;
}

/** What setSigningKey stores for a link URI. */
export interface SigningKeyInput {
  /** A passphrase (its SHA-256 is the key, as MAVProxy and QGroundControl derive it) or the key as 64 hex digits.
   *  Left out: the key already stored for the URI is kept and only `require` changes. */
  key?: string;
  require: boolean;
}

/** What signing does on one link: `off` (no key stored for its URI), `signing` (our frames signed, the vehicle's
 *  checked; unsigned ones pass) or `required` (only correctly signed frames are acted on or recorded; with no
 *  `fingerprint` and a `problem`, the key file could not be read and every frame is dropped). */
export type LinkSigningState = 'off' | 'signing' | 'required';

export interface LinkSigningSummary {
  state: LinkSigningState;
  /** The fingerprint of the key the link uses now, null when off (or when the key file could not be read). */
  fingerprint: string | null;
  /** The link id this link signs with (each open link of the app has its own, 1..255, so that two links to one
   *  vehicle are two signing streams; the command line uses 0), null when off. Absent only where no link service
   *  filled it in. */
  link_id?: number | null;
  /** Correctly signed frames received (passed on). */
  signed_ok: number;
  /** Unsigned frames passed on (signing not required). */
  unsigned_accepted: number;
  /** Unsigned frames dropped (signing required). */
  unsigned_dropped: number;
  /** Frames signed with another key, or damaged: dropped. */
  bad_signature: number;
  /** Correctly signed but not newer than their stream's last frame: dropped. */
  replayed: number;
  /** A new stream's first frame more than a minute behind the link's time: dropped. */
  out_of_window: number;
  /** Frames we signed. */
  signed_out: number;
  /** Frames that arrived signed while the link has no key (off): the vehicle signs, and ignores our unsigned commands. */
  signed_unchecked: number;
  /** The key file could not be read when the link opened or its key changed, else null. The link then fails closed:
   *  it drops every frame received (nothing acted on or recorded) until the file is fixed — saving a key sets the
   *  damaged file aside. */
  problem: string | null;
}

/** A link with no key: nothing checked, nothing signed. */
export const SIGNING_OFF: LinkSigningSummary = {
  state: 'off', fingerprint: null, link_id: null, signed_ok: 0, unsigned_accepted: 0, unsigned_dropped: 0, bad_signature: 0, replayed: 0, out_of_window: 0, signed_out: 0, signed_unchecked: 0, problem: null,
};

/** How sending a link's key to a vehicle with SETUP_SIGNING ended (as `watchpost signing setup`): `ok` when the
 *  vehicle's frames verify with the key and it answered a signed command; `insecure_link`: nothing was sent, the link
 *  is neither serial (USB) nor loopback and the key would cross it in clear (send with `insecure_link: true` only when
 *  the user confirmed that); `armed`: nothing was sent (ArduPilot takes no key while armed: disarm first); `not_signing`: sent, but nothing signed with the key came back (the vehicle may
 *  hold another key, or not support signing); `no_answer`: it signs with the key but did not answer a signed command. */
export type SigningSendResult = 'ok' | 'insecure_link' | 'armed' | 'not_signing' | 'no_answer';

/** What sendSigningKey answers: never the key, only its fingerprint. */
export interface SigningSendOutcome {
  ok: boolean;
  result: SigningSendResult;
  link_id: string;
  sysid: number;
  compid: number;
  /** The fingerprint of the key sent (the link's stored key). */
  fingerprint: string;
  /** The initial_timestamp sent (10 µs units since 2015-01-01); 0 when nothing was sent (`insecure_link`). */
  initial_timestamp_10us: number;
  /** Frames from the vehicle that verify with the key, heard after SETUP_SIGNING. */
  signed_frames_verified: number;
  /** How the vehicle answered the signed REQUEST_MESSAGE ('accepted', 'timeout', …), null when not asked. */
  command_result: string | null;
  /** Why it is not ok (never the key), null when ok. */
  reason: string | null;
}
