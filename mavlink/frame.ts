// One MAVLink frame as it came off the wire, and the primitive that recognises one in a byte buffer.
import { frameCrc } from './crc';
import { CRC_EXTRA, PAYLOAD_LENGTH } from './wire-table';

export const MAGIC_V1 = 0xfe;
export const MAGIC_V2 = 0xfd;
export const V1_HEADER = 6;
export const V2_HEADER = 10;
export const SIGNATURE_LENGTH = 13;
export const IFLAG_SIGNED = 0x01;
/** Longest possible frame: v2 header + 255 payload + CRC + signature. */
export const MAX_FRAME_LENGTH = V2_HEADER + 255 + 2 + SIGNATURE_LENGTH;

export interface Frame {
  version: 1 | 2;
  seq: number;
  sysid: number;
  compid: number;
  msgid: number;
  /** Payload as on the wire: MAVLink 2 may have trimmed trailing zero bytes. */
  payload: Uint8Array;
  signed: boolean;
  /** False when the message id is not in minimal/common/ardupilotmega (its CRC could not be checked). */
  known: boolean;
  /** The whole frame, start byte to CRC (and signature). */
  raw: Uint8Array;
}

/** Results of {@link checkFrameAt} that are not a frame length. */
export const NEED_MORE = 0;
export const BAD_CRC = -1;
export const UNKNOWN_ID = -2;
export const NOT_FRAME = -3;

/**
 * Is there a frame at buf[pos]? Returns its total length (> 0) if a valid frame starts there,
 * NEED_MORE if buf[pos, end) is too short to tell, or BAD_CRC / UNKNOWN_ID / NOT_FRAME.
 * For UNKNOWN_ID the frame is structurally complete: {@link frameLengthAt} gives its length.
 */
export function checkFrameAt(buf: Uint8Array, pos: number, end: number): number {
  if (pos >= end) return NEED_MORE;
  const magic = buf[pos];
  let headerLength: number;
  let total: number;
  let msgid: number;
  if (magic === MAGIC_V2) {
    if (end - pos < V2_HEADER) return NEED_MORE;
    const iflags = buf[pos + 2];
    if ((iflags & ~IFLAG_SIGNED) !== 0) return NOT_FRAME;
    headerLength = V2_HEADER;
    total = V2_HEADER + buf[pos + 1] + 2 + (iflags & IFLAG_SIGNED ? SIGNATURE_LENGTH : 0);
    msgid = buf[pos + 7] | (buf[pos + 8] << 8) | (buf[pos + 9] << 16);
  } else if (magic === MAGIC_V1) {
    if (end - pos < V1_HEADER) return NEED_MORE;
    headerLength = V1_HEADER;
    total = V1_HEADER + buf[pos + 1] + 2;
    msgid = buf[pos + 5];
  } else {
    return NOT_FRAME;
  }
  if (end - pos < total) return NEED_MORE;
  const extra = msgid < CRC_EXTRA.length ? CRC_EXTRA[msgid] : -1;
  if (extra < 0) return UNKNOWN_ID;
  // MAVLink 1 carries no extension fields: a payload longer than the message's is noise announcing a long frame (it
  // would otherwise hide the real frames it spans in the rare case its CRC matched). MAVLink 2 may be longer than
  // our table (a newer dialect's extensions), so only its CRC decides.
  if (magic === MAGIC_V1 && buf[pos + 1] > PAYLOAD_LENGTH[msgid]) return NOT_FRAME;
  const crcAt = pos + headerLength + buf[pos + 1];
  const crc = frameCrc(buf, pos + 1, crcAt, extra);
  if ((crc & 0xff) !== buf[crcAt] || crc >>> 8 !== buf[crcAt + 1]) return BAD_CRC;
  return total;
}

/** Total length of the frame whose header starts at buf[pos], or NEED_MORE if the header is incomplete. */
export function frameLengthAt(buf: Uint8Array, pos: number, end: number): number {
  const magic = buf[pos];
  if (magic === MAGIC_V2) {
    if (end - pos < V2_HEADER) return NEED_MORE;
    return V2_HEADER + buf[pos + 1] + 2 + (buf[pos + 2] & IFLAG_SIGNED ? SIGNATURE_LENGTH : 0);
  }
  if (end - pos < V1_HEADER) return NEED_MORE;
  return V1_HEADER + buf[pos + 1] + 2;
}

export function msgidAt(buf: Uint8Array, pos: number): number {
  return buf[pos] === MAGIC_V2 ? buf[pos + 7] | (buf[pos + 8] << 8) | (buf[pos + 9] << 16) : buf[pos + 5];
}

/** Build a {@link Frame} from a recognised frame at buf[pos, pos+length); copies the bytes. */
export function frameAt(buf: Uint8Array, pos: number, length: number, known = true): Frame {
  // raw and payload are two copies, not a copy and a view: V8 keeps small typed arrays on its heap,
  // and taking a subarray of one moves it off-heap, which made this 4x slower.
  const raw = buf.slice(pos, pos + length);
  if (raw[0] === MAGIC_V2) {
    return {
      version: 2,
      seq: raw[4],
      sysid: raw[5],
      compid: raw[6],
      msgid: raw[7] | (raw[8] << 8) | (raw[9] << 16),
      payload: buf.slice(pos + V2_HEADER, pos + V2_HEADER + raw[1]),
      signed: (raw[2] & IFLAG_SIGNED) !== 0,
      known,
      raw,
    };
  }
  return {
    version: 1,
    seq: raw[2],
    sysid: raw[3],
    compid: raw[4],
    msgid: raw[5],
    payload: buf.slice(pos + V1_HEADER, pos + V1_HEADER + raw[1]),
    signed: false,
    known,
    raw,
  };
}
