// MAVLink 2 signing on one link (the bytes are in signing.ts): every outgoing MAVLink 2 frame signed, every incoming
// frame checked before it is recorded or decoded, the verdicts counted, and the last timestamp sent kept in a small
// file so that timestamps keep increasing across restarts even when the clock does not (a laptop whose clock was set
// back, a field machine without network time). The key itself never leaves this object: it is not in the stats,
// not in an error message and not in the timestamp file.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import type { Frame } from './frame';
import { checkFrameAt, MAGIC_V1, MAGIC_V2 } from './frame';
import { FrameScanner } from './frame-scanner';
import { signingKeyFromHex, signingKeyFromPassphrase, SigningSender, SigningVerifier, timestamp10us, type KeyResult, type SigningCheck } from './signing';

export interface LinkSigningConfig {
  /** The 32-byte secret key (signingKeyFromPassphrase / signingKeyFromHex). */
  key: Uint8Array;
  /** Our link id in the signature (0..255): the vehicle tells our streams apart by (sysid, compid, link id). */
  link_id: number;
  /** Drop every frame that is not correctly signed; otherwise unsigned frames pass (a wrong signature never does). */
  require: boolean;
  /** Where the last timestamp sent is kept between runs (shared by all links: the highest one wins). */
  timestamp_file?: string;
}

/** What the link's signing did with the frames it received. */
export interface SigningStats {
  /** Correctly signed, in order: passed on. */
  signed_ok: number;
  /** Unsigned, passed on because signing is not required on this link. */
  unsigned_accepted: number;
  /** Unsigned, dropped because signing is required. */
  unsigned_dropped: number;
  /** Signed with another key (or damaged): dropped. */
  bad_signature: number;
  /** Correctly signed but not newer than the last frame of its stream (a replay): dropped. */
  replay: number;
  /** A new stream's first frame more than a minute behind the link's time: dropped. */
  out_of_window: number;
  /** Frames we signed. */
  signed_out: number;
}

export interface LinkSigningOptions {
  /** Clock in 10 µs units since 2015 (default: the system clock). */
  now_10us?: () => number;
  /** Save the last timestamp at most this often while sending (default 5 s); always on close. */
  save_interval_ms?: number;
  /** Reading or writing the timestamp file failed (signing goes on). Default: console.error. */
  onError?: (err: Error) => void;
}

/** A passphrase made only of hex digits this long is a mistyped hex key more likely than a passphrase. */
const HEX_LOOKALIKE = { min: 32, max: 128 };

/**
 * The key a user gave (a command-line value, a field in the app): 64 hex digits are the key itself, anything else
 * a passphrase whose SHA-256 is the key (MAVProxy's `signing setup PASSPHRASE`, QGroundControl's key field). An
 * error never quotes the text.
 */
export function signingKeyFromText(text: string): KeyResult {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'empty; give a passphrase or the key as 64 hex digits' };
  if (/^[0-9a-fA-F]+$/.test(t)) {
    if (t.length === 64) return signingKeyFromHex(t);
    if (t.length >= HEX_LOOKALIKE.min && t.length <= HEX_LOOKALIKE.max) {
      return { ok: false, error: `${t.length} hex digits, but a key written in hex has 64 (a passphrase needs a character other than 0-9 and a-f)` };
    }
  }
  return { ok: true, key: signingKeyFromPassphrase(text) };
}

const DEFAULT_SAVE_INTERVAL_MS = 5000;
const FILE_FORMAT = 'watchpost-signing-timestamp';
/** Added to the restart margin beyond two save intervals: a slow disk, a save begun just before the process died. */
const RESTART_SLACK_MS = 10_000;

/**
 * How far (in 10 µs units) past the saved timestamp a restart starts signing. Frames sent after the last completed
 * save can be up to two save intervals past it (the interval since the last save, plus a save that was still being
 * written when the process was killed); timestamps that run ahead of the clock (a peer's newer time adopted) are
 * saved at once, so they stay within that too. ArduPilot saves every 30 s and adds one minute, twice that, on load
 * (libraries/GCS_MAVLink/GCS_Signing.cpp: save_signing_timestamp, load_signing_key).
 */
export function restartMargin_10us(save_interval_ms: number): number {
  return (2 * save_interval_ms + RESTART_SLACK_MS) * 100;
}

/** Does the datagram hold at least one whole MAVLink frame with a valid CRC? (The peer gate of a link without signing.) */
export function holdsMavlinkFrame(bytes: Uint8Array): boolean {
  for (let p = 0; p < bytes.length; p++) {
    const b = bytes[p];
    if ((b === MAGIC_V1 || b === MAGIC_V2) && checkFrameAt(bytes, p, bytes.length) > 0) return true;
  }
  return false;
}

/** A link whose reply peer can be gated (UdpInLink, links/udp.ts); other links have no such method. */
interface PeerGatedLink {
  setPeerGate?: (gate: ((bytes: Uint8Array) => boolean) | undefined) => void;
}

/**
 * Gate the reply peer of `link` (a udpin link; any other link is left alone) by the connection's signing, read at
 * each datagram through `signing()`: with signing, a new address becomes the peer only with a datagram holding a
 * frame signed with the key that is not a replay ({@link LinkSigning.acceptsPeer}); without signing, with a datagram
 * holding a CRC-valid MAVLink frame ({@link holdsMavlinkFrame}), or any datagram with `withoutSigning: 'any'` (the
 * link's behaviour without a gate).
 */
export function gatePeerBySigning(
  link: object, signing: () => LinkSigning | undefined, opts: { withoutSigning?: 'mavlink-frame' | 'any' } = {},
): void {
  const anyWithoutSigning = opts.withoutSigning === 'any';
  (link as PeerGatedLink).setPeerGate?.((bytes) => {
    const s = signing();
    if (s) return s.acceptsPeer(bytes);
    return anyWithoutSigning || holdsMavlinkFrame(bytes);
  });
}

/** Saves to one file are chained here, so two links of this process never write it at the same time. */
const saving = new Map<string, Promise<void>>();

export class LinkSigning {
  private readonly sender: SigningSender;
  private readonly verifier: SigningVerifier;
  private readonly counters: SigningStats = {
    signed_ok: 0, unsigned_accepted: 0, unsigned_dropped: 0, bad_signature: 0, replay: 0, out_of_window: 0, signed_out: 0,
  };
  private readonly now_10us: () => number;
  private readonly save_interval_ms: number;
  private readonly onError: (err: Error) => void;
  private lastSave_ms = Date.now();
  private saved_10us: number;
  private closed = false;
  /** The last save this signing started (close waits for it). */
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly config: LinkSigningConfig, seed_10us: number, opts: LinkSigningOptions,
    shared?: { sender: SigningSender; verifier: SigningVerifier },
  ) {
    this.now_10us = opts.now_10us ?? (() => timestamp10us());
    this.save_interval_ms = opts.save_interval_ms ?? DEFAULT_SAVE_INTERVAL_MS;
    this.onError = opts.onError ?? ((err) => console.error(`watchpost: ${err.message}`));
    if (shared) {
      this.verifier = shared.verifier;
      this.sender = shared.sender;
    } else {
      // A new stream is judged against our signing time, which includes what we sent (mavlink_helpers.h).
      const verifier = new SigningVerifier(config.key, { now_10us: this.now_10us, sent_10us: () => sender.lastTimestamp });
      // Never sign below the newest timestamp heard from the other side: its window check for our first frame on a
      // new stream is against its own time (the MAVLink C library moves its signing timestamp up to every frame
      // accepted).
      const sender: SigningSender = new SigningSender(config.key, config.link_id, {
        now_10us: () => Math.max(this.now_10us(), verifier.newestTimestamp ?? 0),
        last_timestamp: seed_10us,
      });
      this.verifier = verifier;
      this.sender = sender;
    }
    this.saved_10us = seed_10us;
  }

  /** Throws on a config LinkSigning.open would refuse (link id, key length), naming neither the key nor its bytes. */
  static checkConfig(config: LinkSigningConfig): void {
    if (!Number.isInteger(config.link_id) || config.link_id < 0 || config.link_id > 255) {
      throw new Error(`signing: link id must be an integer 0..255, got ${config.link_id}`);
    }
    if (config.key.length !== 32) throw new Error(`signing key must be 32 bytes, got ${config.key.length}`);
  }

  /**
   * Signing for one link, seeded from the timestamp file (a file that cannot be read is reported through onError,
   * set aside as `<file>.damaged-<time>` when it is not ours to read, and signing starts from the clock).
   * Throws only on a bad config (key length, link id).
   */
  static async open(config: LinkSigningConfig, opts: LinkSigningOptions = {}): Promise<LinkSigning> {
    LinkSigning.checkConfig(config);
    const onError = opts.onError ?? ((err: Error) => console.error(`watchpost: ${err.message}`));
    const interval = opts.save_interval_ms ?? DEFAULT_SAVE_INTERVAL_MS;
    let seed = 0;
    if (config.timestamp_file) {
      const saved = await readTimestampFile(config.timestamp_file, onError);
      if (saved > 0) seed = saved + restartMargin_10us(interval);
    }
    return new LinkSigning(config, seed, { ...opts, onError });
  }

  get require(): boolean {
    return this.config.require;
  }

  /** Does `config` sign with the same key bytes, link id and timestamp file as this signing (`require` aside)? */
  sameSigningAs(config: LinkSigningConfig): boolean {
    return config.link_id === this.config.link_id && config.timestamp_file === this.config.timestamp_file
      && this.verifier.hasKey(config.key);
  }

  /**
   * The same signing with `require` changed: the same key, the same timestamps (ours and the table of the streams
   * heard, so a frame accepted before cannot be replayed after), fresh counters. This one is closed (its timestamp
   * saved) first; use the one returned from now on.
   */
  async withRequire(require: boolean): Promise<LinkSigning> {
    await this.close();
    const next = new LinkSigning(
      { ...this.config, require }, this.saved_10us,
      { now_10us: this.now_10us, save_interval_ms: this.save_interval_ms, onError: this.onError },
      { sender: this.sender, verifier: this.verifier },
    );
    next.lastSave_ms = this.lastSave_ms;
    return next;
  }

  /** Never sign at or below `t_10us` (the last timestamp of the signing this one replaces on the link). */
  advancePast(t_10us: number): void {
    this.sender.advancePast(t_10us);
  }

  /**
   * Would a datagram from a new address make its sender the link's reply peer? When it holds at least one frame that
   * {@link accept} would pass on now as correctly signed: signed with this key, newer than its stream's last frame,
   * within the window — or, when signing is not required, any frame at all (unsigned frames pass then anyway).
   * Read-only: nothing is counted and no timestamp remembered (the connection then checks the frames as usual).
   */
  acceptsPeer(bytes: Uint8Array): boolean {
    const scanner = new FrameScanner();
    let ok = false;
    const judge = (frame: Frame) => {
      if (ok) return;
      const check = this.verifier.peek(frame.raw);
      ok = check === 'ok' || (check === 'unsigned' && !this.config.require);
    };
    scanner.push(bytes, judge);
    scanner.flush(judge);
    return ok;
  }

  /** Sign a MAVLink 2 frame; a MAVLink 1 frame cannot carry a signature and goes as it is. */
  sign(raw: Uint8Array): Uint8Array {
    if (raw[0] !== MAGIC_V2) return raw;
    const signed = this.sender.sign(raw);
    this.counters.signed_out++;
    // Save every interval, and at once when our timestamps ran ahead of the last save by more than an interval's
    // worth (a newer timestamp adopted from the peer, or the clock jumped): the restart margin covers two intervals.
    if (Date.now() - this.lastSave_ms >= this.save_interval_ms || this.sender.lastTimestamp > this.saved_10us + this.save_interval_ms * 100) {
      void this.save();
    }
    return signed;
  }

  /** Check a received frame: true to pass it on, false to drop it (counted either way). */
  accept(frame: Frame): boolean {
    const check: SigningCheck = this.verifier.check(frame.raw);
    switch (check) {
      case 'ok':
        this.counters.signed_ok++;
        return true;
      case 'unsigned':
        if (this.config.require) {
          this.counters.unsigned_dropped++;
          return false;
        }
        this.counters.unsigned_accepted++;
        return true;
      case 'bad-signature':
        this.counters.bad_signature++;
        return false;
      case 'replay':
        this.counters.replay++;
        return false;
      case 'out-of-window':
        this.counters.out_of_window++;
        return false;
    }
  }

  stats(): SigningStats {
    return { ...this.counters };
  }

  /** The last timestamp we signed with (10 µs units since 2015). */
  get lastTimestamp(): number {
    return this.sender.lastTimestamp;
  }

  /** Save the last timestamp and stop saving. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.save(true);
    await this.pending;
  }

  /** Write the last timestamp to the file when it moved on since the last save (the file keeps the highest). */
  private save(final = false): Promise<void> {
    const path = this.config.timestamp_file;
    if (!path || (this.closed && !final)) return Promise.resolve();
    this.lastSave_ms = Date.now();
    const t = this.sender.lastTimestamp;
    if (t <= this.saved_10us) return Promise.resolve();
    this.saved_10us = t;
    const previous = saving.get(path) ?? Promise.resolve();
    const next = previous.then(() => writeTimestampFile(path, t)).catch((err: unknown) => {
      this.onError(new Error(`signing timestamp file ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
    });
    saving.set(path, next);
    this.pending = next;
    void next.then(() => {
      if (saving.get(path) === next) saving.delete(path);
    });
    return next;
  }
}

/** The saved timestamp, or 0 when there is none yet (or it could not be read: reported through onError). */
async function readTimestampFile(path: string, onError: (err: Error) => void): Promise<number> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    onError(new Error(`signing timestamp file ${path}: cannot read it (${(err as Error).message}); signing starts from the clock`, { cause: err }));
    return 0;
  }
  const t = parseTimestampFile(text);
  if (t !== undefined) return t;
  // Not ours to read: keep it beside (never overwritten) and start from the clock.
  const aside = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(path, aside);
    onError(new Error(`signing timestamp file ${path}: not a Watchpost signing timestamp; moved to ${aside}, signing starts from the clock`));
  } catch (err) {
    onError(new Error(`signing timestamp file ${path}: not a Watchpost signing timestamp and cannot be moved aside (${(err as Error).message})`, { cause: err }));
  }
  return 0;
}

function parseTimestampFile(text: string): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { format, last_timestamp_10us: t } = value as { format?: unknown; last_timestamp_10us?: unknown };
  if (format !== FILE_FORMAT || typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0 || t >= 2 ** 48) return undefined;
  return t;
}

/** Write max(saved, t) atomically (temporary file, fsync, rename), owner-only. */
async function writeTimestampFile(path: string, t: number): Promise<void> {
  let existing = 0;
  try {
    existing = parseTimestampFile(await readFile(path, 'utf8')) ?? 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const text = `${JSON.stringify({ format: FILE_FORMAT, version: 1, last_timestamp_10us: Math.max(existing, t) })}\n`;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, text, { mode: 0o600 });
}
