// A MAVLink connection: one link, its frame scanner, an optional recorder, the decoder, and our identity.
// link bytes → scanner → (1) recorder appends the raw frame, (2) decoder → listeners.
// Outgoing messages are encoded with our own sequence counter and recorded too.
// With signing (link-signing.ts), every frame is checked before (1) and (2): a frame the link's signing refuses is
// counted and dropped, so it is neither acted on nor in the recording (whose flights and reports must show only
// what the session accepted); outgoing MAVLink 2 frames are signed before they are recorded and sent.
import type { MavLinkData } from 'node-mavlink';
import { decodeFrame } from './decoder';
import { FrameEncoder } from './encoder';
import type { Frame } from './frame';
import { FrameScanner, type ScanStats } from './frame-scanner';
import { gatePeerBySigning, type LinkSigning, type SigningStats } from './link-signing';
import { SequenceLossTracker, type SystemLinkStats } from './link-stats';
import type { Link, LinkCounters, LinkState } from './links/link';

/** Anything that keeps raw frames with their time, e.g. a TlogWriter. */
export interface FrameRecorder {
  write(raw: Uint8Array, t_us?: number): void;
}

export interface ConnectionOptions {
  link: Link;
  /** Our system id: 255 by default, as ground stations use. */
  sysid?: number;
  /** Our component id: 190 (MAV_COMP_ID_MISSIONPLANNER) by default. */
  compid?: number;
  recorder?: FrameRecorder;
  /** MAVLink 2 signing of this link (sign outgoing frames, check incoming ones). */
  signing?: LinkSigning;
  /** Wall clock for statistics; injectable for tests. */
  now_ms?: () => number;
}

export interface ConnectionStats {
  uri: string;
  state: LinkState;
  link: LinkCounters;
  scan: ScanStats;
  framesOut: number;
  /** Listener calls that threw (each reported through onError); the frame was still recorded. */
  listenerErrors: number;
  systems: SystemLinkStats[];
  /** What signing did with the frames received; null on a link without signing. */
  signing: SigningStats | null;
}

export type MessageListener = (msg: MavLinkData, frame: Frame) => void;
export type FrameListener = (frame: Frame) => void;
/** A listener threw while handling a frame: what threw, and the frame's identity. */
export type ErrorListener = (err: Error, where: string) => void;

export class MavConnection {
  readonly link: Link;
  readonly sysid: number;
  readonly compid: number;
  private readonly encoder: FrameEncoder;
  private readonly scanner = new FrameScanner();
  private readonly loss = new SequenceLossTracker();
  private readonly frameListeners = new Set<FrameListener>();
  private readonly messageListeners = new Set<MessageListener>();
  private readonly now_ms: () => number;
  private recorder?: FrameRecorder;
  private signing: LinkSigning | undefined;
  private framesOut = 0;
  private listenerErrors = 0;
  private readonly errorListeners = new Set<ErrorListener>();
  private readonly unsubscribe: () => void;

  constructor(opts: ConnectionOptions) {
    this.link = opts.link;
    this.sysid = opts.sysid ?? 255;
    this.compid = opts.compid ?? 190;
    this.recorder = opts.recorder;
    this.signing = opts.signing;
    // A udpin link answers whoever sent last: only a datagram that holds a frame signed with the key (with signing)
    // or a CRC-valid frame (without) may move the reply address, so a stray or forged datagram cannot take our
    // traffic (and signed commands) away from the vehicle. Other links ignore it.
    gatePeerBySigning(this.link, () => this.signing);
    this.now_ms = opts.now_ms ?? Date.now;
    this.encoder = new FrameEncoder({ sysid: this.sysid, compid: this.compid });
    this.unsubscribe = this.link.onData((chunk, source) => this.scanner.push(chunk, (frame) => this.receive(frame), source));
  }

  /** Start or stop recording; the recorder sees every frame received and sent from now on. */
  setRecorder(recorder: FrameRecorder | undefined): void {
    this.recorder = recorder;
  }

  /**
   * Start (or change, or stop) signing on this link from the next frame on, e.g. once SETUP_SIGNING gave the vehicle a
   * key. The loss figures start again, as the signing counters do: frames dropped under the previous key (a wrong
   * key, unsigned while required) never reached the sequence accounting, so their gap would read as frames lost on
   * the wire. (Counting dropped frames as received instead would let anyone who can inject a frame with a valid CRC —
   * no key needed — fill or widen the gaps of a vehicle's stream, and so set the figure the operator judges the link by.)
   */
  setSigning(signing: LinkSigning | undefined): void {
    this.signing = signing;
    this.loss.reset();
  }

  onFrame(cb: FrameListener): () => void {
    this.frameListeners.add(cb);
    return () => this.frameListeners.delete(cb);
  }

  onMessage(cb: MessageListener): () => void {
    this.messageListeners.add(cb);
    return () => this.messageListeners.delete(cb);
  }

  /** Errors thrown by frame/message listeners; without a listener they go to console.error. */
  onError(cb: ErrorListener): () => void {
    this.errorListeners.add(cb);
    return () => this.errorListeners.delete(cb);
  }

  /**
   * Encode `msg` as our system (signed when the link signs) and send it; returns the frame bytes. `record: false`
   * keeps it out of the recording (SETUP_SIGNING, which carries a secret key in clear).
   */
  send(msg: MavLinkData, opts: { record?: boolean } = {}): Uint8Array {
    const encoded = this.encoder.encode(msg);
    const raw = this.signing ? this.signing.sign(encoded) : encoded;
    if (opts.record !== false) this.recorder?.write(raw, this.now_ms() * 1000);
    this.framesOut++;
    this.link.write(raw);
    return raw;
  }

  stats(): ConnectionStats {
    return {
      uri: this.link.uri,
      state: this.link.state,
      link: { ...this.link.counters },
      scan: { ...this.scanner.stats },
      framesOut: this.framesOut,
      listenerErrors: this.listenerErrors,
      systems: this.loss.snapshot(),
      signing: this.signing ? this.signing.stats() : null,
    };
  }

  /** Detach from the link (the link itself is closed by its owner). */
  dispose(): void {
    this.unsubscribe();
    this.frameListeners.clear();
    this.messageListeners.clear();
    this.errorListeners.clear();
  }

  private receive(frame: Frame): void {
    if (this.signing && !this.signing.accept(frame)) return;
    const now = this.now_ms();
    this.recorder?.write(frame.raw, now * 1000);
    this.loss.observe(frame.sysid, frame.compid, frame.seq, now);
    for (const cb of this.frameListeners) this.guard(frame, () => cb(frame));
    if (!frame.known || this.messageListeners.size === 0) return;
    const msg = decodeFrame(frame);
    if (!msg) return;
    for (const cb of this.messageListeners) this.guard(frame, () => cb(msg, frame));
  }

  /** One listener's failure on one frame must not stop the link, the recording or the other listeners. */
  private guard(frame: Frame, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.listenerErrors++;
      const error = err instanceof Error ? err : new Error(String(err));
      const where = `${this.link.uri}: handling message ${frame.msgid} from ${frame.sysid}/${frame.compid}`;
      if (this.errorListeners.size === 0) console.error(`watchpost: ${where}: ${error.message}`);
      for (const cb of this.errorListeners) cb(error, where);
    }
  }
}
