// Encode messages into frames, each sender with its own identity and sequence counter.
// (node-mavlink's `send()` defaults to MAVLink 1 and shares one sequence counter across the module.)
import { MavLinkProtocolV1, MavLinkProtocolV2, type MavLinkData } from 'node-mavlink';

export interface EncoderOptions {
  sysid: number;
  compid: number;
  /** MAVLink version on the wire; 2 unless talking to something that only speaks 1. */
  version?: 1 | 2;
}

export class FrameEncoder {
  readonly sysid: number;
  readonly compid: number;
  readonly version: 1 | 2;
  private seq = 0;
  private readonly protocol: MavLinkProtocolV1 | MavLinkProtocolV2;

  constructor(opts: EncoderOptions) {
    this.sysid = opts.sysid;
    this.compid = opts.compid;
    this.version = opts.version ?? 2;
    this.protocol = this.version === 1 ? new MavLinkProtocolV1(opts.sysid, opts.compid) : new MavLinkProtocolV2(opts.sysid, opts.compid);
  }

  /** Serialise `msg` into one frame with the next sequence number. */
  encode(msg: MavLinkData): Uint8Array {
    const frame = this.protocol.serialize(msg, this.seq);
    this.seq = (this.seq + 1) & 0xff;
    return frame;
  }
}
