// Read a few fields of a recorded frame straight from the file's bytes, without building a message object: the
// replay's load reads positions, speeds and battery this way for every record (1.3 M in an hour at full rate),
// and decodes whole messages only for the few it keeps as events or for a seek. Offsets come from node-mavlink's
// own field tables (FIELDS), so they follow the dialect; a MAVLink 2 payload cut short (trailing zeros are
// trimmed on the wire) reads as zeros, as the spec says.
import type { MavLinkData, MavLinkDataConstructor } from 'node-mavlink';
import { decodePayload } from '../decoder';
import { MAGIC_V2, V1_HEADER, V2_HEADER } from '../frame';
import { TIMESTAMP_BYTES } from '../tlog/record-walker';

/** Byte offset of a field in its message's payload (node-mavlink's FIELDS, by its JavaScript name). */
export function fieldOffset(cls: MavLinkDataConstructor<MavLinkData>, name: string): number {
  const f = cls.FIELDS.find((x) => x.name === name);
  if (!f) throw new Error(`payload-view: ${cls.MSG_NAME} has no field "${name}"`);
  return f.offset;
}

/** The payload of one record at a time; point it at a record with `at`, then read fields by offset. */
export class PayloadView {
  private buf: Buffer = Buffer.alloc(0);
  /** Where the payload starts in the buffer, and its length on the wire. */
  start = 0;
  length = 0;
  private readonly pad = Buffer.alloc(8);

  /** The record whose timestamp starts at `recordOffset` in `buf` (a whole tlog in memory). */
  at(buf: Buffer, recordOffset: number): this {
    const f = recordOffset + TIMESTAMP_BYTES;
    this.buf = buf;
    this.start = f + (buf[f] === MAGIC_V2 ? V2_HEADER : V1_HEADER);
    this.length = buf[f + 1];
    return this;
  }

  /** The whole message, decoded into its node-mavlink class. */
  decode(msgid: number): MavLinkData | undefined {
    return decodePayload(msgid, this.buf.subarray(this.start, this.start + this.length));
  }

  /** The bytes of a field, zero-extended when the payload was cut short. */
  private src(o: number, size: number): [Buffer, number] {
    if (o + size <= this.length) return [this.buf, this.start + o];
    this.pad.fill(0);
    const have = Math.max(0, this.length - o);
    if (have > 0) this.buf.copy(this.pad, 0, this.start + o, this.start + o + have);
    return [this.pad, 0];
  }

  u8(o: number): number {
    return o < this.length ? this.buf[this.start + o] : 0;
  }
  i8(o: number): number {
    const v = this.u8(o);
    return v > 127 ? v - 256 : v;
  }
  u16(o: number): number {
    const [b, p] = this.src(o, 2);
    return b.readUInt16LE(p);
  }
  i16(o: number): number {
    const [b, p] = this.src(o, 2);
    return b.readInt16LE(p);
  }
  u32(o: number): number {
    const [b, p] = this.src(o, 4);
    return b.readUInt32LE(p);
  }
  i32(o: number): number {
    const [b, p] = this.src(o, 4);
    return b.readInt32LE(p);
  }
  f32(o: number): number {
    const [b, p] = this.src(o, 4);
    return b.readFloatLE(p);
  }
}
