// MAVLink 2 message signing, as the MAVLink spec's "Message Signing" page defines it
// (https://mavlink.io/en/guide/message_signing.html): keys, signing a frame, checking a signature, and the
// timestamp rules for outgoing (strictly increasing) and incoming frames (replay and one-minute window per stream).
// The bytes only; a link's use of it (persisting the key and last timestamp, dropping frames) is built on top.
import { createHash, timingSafeEqual } from 'node:crypto';
import { frameCrc } from './crc';
import { IFLAG_SIGNED, MAGIC_V2, SIGNATURE_LENGTH, V2_HEADER } from './frame';
import { crcExtra } from './wire-table';

export const SIGNING_KEY_LENGTH = 32;
/** 2015-01-01T00:00:00Z, the signing timestamp's epoch, in Unix milliseconds. */
export const SIGNING_EPOCH_MS = Date.UTC(2015, 0, 1);
/** The spec's window for a new stream's first frame: one minute in 10 µs units. */
export const SIGNING_WINDOW_10US = 6_000_000;
const MAX_TIMESTAMP_10US = 2 ** 48 - 1;
const SIG_BYTES = 6;

/** Signing timestamp of `date` (a Date or Unix milliseconds): 10 µs units since 2015-01-01 UTC (0 before it). */
export function timestamp10us(date: Date | number = Date.now()): number {
  const ms = typeof date === 'number' ? date : date.getTime();
  return Math.max(0, Math.floor((ms - SIGNING_EPOCH_MS) * 100));
}

/** The 32-byte secret key from a passphrase: SHA-256 of its UTF-8 bytes (MAVProxy's `signing setup`, QGroundControl). */
export function signingKeyFromPassphrase(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text, 'utf8').digest());
}

export type KeyResult = { ok: true; key: Uint8Array } | { ok: false; error: string };

/** A 32-byte key written as 64 hex digits (surrounding white space ignored). */
export function signingKeyFromHex(hex: string): KeyResult {
  const text = hex.trim();
  const bad = text.search(/[^0-9a-fA-F]/);
  if (bad >= 0) {
    return { ok: false, error: `signing key: "${text[bad]}" at position ${bad + 1} is not a hex digit (expected 64 hex digits)` };
  }
  if (text.length !== SIGNING_KEY_LENGTH * 2) {
    return { ok: false, error: `signing key: expected 64 hex digits (32 bytes), got ${text.length}` };
  }
  const key = new Uint8Array(SIGNING_KEY_LENGTH);
  for (let i = 0; i < key.length; i++) key[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return { ok: true, key };
}

function checkKey(key: Uint8Array): void {
  if (key.length !== SIGNING_KEY_LENGTH) throw new Error(`signing key must be ${SIGNING_KEY_LENGTH} bytes, got ${key.length}`);
}

/** Length of a v2 frame without its signature, from its length byte. */
function unsignedLength(frame: Uint8Array): number {
  return V2_HEADER + frame[1] + 2;
}

/** Is `frame` a whole MAVLink 2 frame with the signed flag set and the 13 signature bytes present? */
export function isSignedFrame(frame: Uint8Array): boolean {
  return frame.length >= V2_HEADER && frame[0] === MAGIC_V2 && (frame[2] & IFLAG_SIGNED) !== 0
    && frame.length === unsignedLength(frame) + SIGNATURE_LENGTH;
}

/** link_id and timestamp (10 µs units) of a signed frame. */
export function signatureFields(frame: Uint8Array): { link_id: number; timestamp_10us: number } {
  const at = frame.length - SIGNATURE_LENGTH;
  let t = 0;
  for (let i = 6; i >= 1; i--) t = t * 256 + frame[at + i];
  return { link_id: frame[at], timestamp_10us: t };
}

/** First 48 bits of SHA-256(key ‖ frame from magic byte through the timestamp). */
function signature(frame: Uint8Array, key: Uint8Array): Uint8Array {
  return createHash('sha256').update(key).update(frame.subarray(0, frame.length - SIG_BYTES)).digest().subarray(0, SIG_BYTES);
}

/**
 * Sign a MAVLink 2 frame as the encoder makes it (an already signed frame is re-signed): sets the signed flag,
 * recomputes the CRC (which covers the flag) and appends link_id, the 6-byte timestamp and the signature.
 * Throws on a frame that is not a whole v2 frame of a known message id (its CRC could not be recomputed).
 */
export function signFrame(frame: Uint8Array, key: Uint8Array, link_id: number, timestamp_10us: bigint | number): Uint8Array {
  checkKey(key);
  if (frame.length < V2_HEADER || frame[0] !== MAGIC_V2) throw new Error('signFrame: not a MAVLink 2 frame');
  const length = unsignedLength(frame);
  if (frame.length !== length && !(frame.length === length + SIGNATURE_LENGTH && frame[2] & IFLAG_SIGNED)) {
    throw new Error(`signFrame: frame is ${frame.length} bytes, its header announces ${length}`);
  }
  if (!Number.isInteger(link_id) || link_id < 0 || link_id > 255) throw new Error(`signFrame: link_id ${link_id} is not 0..255`);
  const t = Number(timestamp_10us);
  if (!Number.isInteger(t) || t < 0 || t > MAX_TIMESTAMP_10US) throw new Error(`signFrame: timestamp ${timestamp_10us} is not a 48-bit count`);
  const msgid = frame[7] | (frame[8] << 8) | (frame[9] << 16);
  const extra = crcExtra(msgid);
  if (extra < 0) throw new Error(`signFrame: message id ${msgid} is unknown, its CRC cannot be recomputed`);

  const out = new Uint8Array(length + SIGNATURE_LENGTH);
  out.set(frame.subarray(0, length - 2));
  out[2] |= IFLAG_SIGNED;
  const crc = frameCrc(out, 1, length - 2, extra);
  out[length - 2] = crc & 0xff;
  out[length - 1] = crc >>> 8;
  out[length] = link_id;
  for (let i = 0, v = t; i < 6; i++, v = Math.floor(v / 256)) out[length + 1 + i] = v % 256;
  out.set(signature(out, key), out.length - SIG_BYTES);
  return out;
}

/** Does the signature of this signed frame match `key`? (The signature only: no timestamp rules.) */
export function verifySignature(frame: Uint8Array, key: Uint8Array): boolean {
  if (key.length !== SIGNING_KEY_LENGTH || !isSignedFrame(frame)) return false;
  return timingSafeEqual(signature(frame, key), frame.subarray(frame.length - SIG_BYTES));
}

export interface SenderOptions {
  /** Clock in 10 µs units since 2015 (default: {@link timestamp10us} of the system clock). */
  now_10us?: () => number;
  /** The last timestamp sent, persisted from an earlier run, so timestamps keep increasing across restarts. */
  last_timestamp?: number;
}

/** Signs outgoing frames of one link with strictly increasing timestamps: max(now, last sent + 1). */
export class SigningSender {
  private last_10us: number;
  private readonly now_10us: () => number;

  constructor(private readonly key: Uint8Array, private readonly link_id: number, opts: SenderOptions = {}) {
    checkKey(key);
    this.now_10us = opts.now_10us ?? (() => timestamp10us());
    this.last_10us = opts.last_timestamp ?? 0;
  }

  sign(frame: Uint8Array): Uint8Array {
    const t = Math.max(this.now_10us(), this.last_10us + 1);
    const signed = signFrame(frame, this.key, this.link_id, t);
    this.last_10us = t;
    return signed;
  }

  /** The last timestamp used (10 µs units): persist it to seed the next run. */
  get lastTimestamp(): number {
    return this.last_10us;
  }

  /** Never sign at or below `t_10us` from now on (e.g. the last timestamp of the signer this one replaces). */
  advancePast(t_10us: number): void {
    if (t_10us > this.last_10us) this.last_10us = t_10us;
  }
}

export type SigningCheck = 'ok' | 'unsigned' | 'bad-signature' | 'replay' | 'out-of-window';

export interface VerifierOptions {
  /** Clock in 10 µs units since 2015 (default: the system clock), part of the local signing timestamp. */
  now_10us?: () => number;
  /** The last timestamp our own sender on this link signed with (10 µs units), part of the local signing timestamp. */
  sent_10us?: () => number;
  /** How far behind the local signing timestamp a new stream's first frame may be (default one minute). */
  window_10us?: number;
  /**
   * The table of streams (sysid, compid, link id → last timestamp accepted) to use, shared with an earlier verifier
   * of the same link: a key change then keeps the replay protection (ArduPilot keeps its signing_streams when
   * SETUP_SIGNING loads a new key, GCS_Signing.cpp load_signing_key). Default: a new, empty table.
   */
  streams?: Map<number, number>;
}

/**
 * Checks incoming frames of one link: the signature, then the spec's timestamp rules. Each stream
 * (sysid, compid, link_id) must increase its timestamp; a new stream's first frame may be at most the window
 * behind the local signing timestamp: the highest of the local clock, the newest timestamp accepted on this link and
 * the last one we sent. (The MAVLink C library, mavlink_helpers.h mavlink_signature_check, compares a new stream
 * with its one `signing->timestamp`, which its clock updates, every accepted frame and every frame it signs raise.)
 */
export class SigningVerifier {
  readonly counts: Record<SigningCheck, number> = { ok: 0, unsigned: 0, 'bad-signature': 0, replay: 0, 'out-of-window': 0 };
  private readonly lastByStream: Map<number, number>;
  private newest_10us: number | undefined;
  private readonly now_10us: () => number;
  private readonly sent_10us: () => number;
  private readonly window_10us: number;

  constructor(private readonly key: Uint8Array, opts: VerifierOptions = {}) {
    checkKey(key);
    this.now_10us = opts.now_10us ?? (() => timestamp10us());
    this.sent_10us = opts.sent_10us ?? (() => 0);
    this.window_10us = opts.window_10us ?? SIGNING_WINDOW_10US;
    this.lastByStream = opts.streams ?? new Map();
  }

  /** The stream table, to hand to the verifier of a new key on the same link ({@link VerifierOptions.streams}). */
  get streams(): Map<number, number> {
    return this.lastByStream;
  }

  /** Check a frame and, when it is accepted, remember its timestamp (its stream's, and the link's newest). */
  check(frame: Uint8Array): SigningCheck {
    const { result, stream, timestamp_10us } = this.classify(frame);
    if (result === 'ok') {
      this.lastByStream.set(stream, timestamp_10us);
      if (this.newest_10us === undefined || timestamp_10us > this.newest_10us) this.newest_10us = timestamp_10us;
    }
    this.counts[result]++;
    return result;
  }

  /** What {@link check} would say about this frame now, changing nothing (no count, no timestamp remembered). */
  peek(frame: Uint8Array): SigningCheck {
    return this.classify(frame).result;
  }

  /** The key this verifier checks with is `key` (compared in constant time). */
  hasKey(key: Uint8Array): boolean {
    return key.length === this.key.length && timingSafeEqual(key, this.key);
  }

  /** The local signing timestamp a new stream is judged against: max(clock, newest accepted, last sent). */
  get localTimestamp(): number {
    return Math.max(this.now_10us(), this.newest_10us ?? 0, this.sent_10us());
  }

  /** Newest timestamp accepted on this link (10 µs units), or undefined before the first. */
  get newestTimestamp(): number | undefined {
    return this.newest_10us;
  }

  /** The verdict on a frame; changes nothing. */
  private classify(frame: Uint8Array): { result: SigningCheck; stream: number; timestamp_10us: number } {
    const verdict = (result: SigningCheck) => ({ result, stream: -1, timestamp_10us: -1 });
    if (frame.length < V2_HEADER || frame[0] !== MAGIC_V2 || (frame[2] & IFLAG_SIGNED) === 0) return verdict('unsigned');
    if (!verifySignature(frame, this.key)) return verdict('bad-signature');
    const { link_id, timestamp_10us } = signatureFields(frame);
    const stream = (frame[5] << 16) | (frame[6] << 8) | link_id;
    const last = this.lastByStream.get(stream);
    if (last !== undefined) {
      if (timestamp_10us <= last) return verdict('replay');
    } else if (timestamp_10us + this.window_10us < this.localTimestamp) {
      return verdict('out-of-window');
    }
    return { result: 'ok', stream, timestamp_10us };
  }
}
