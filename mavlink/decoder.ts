// Decode frame payloads into node-mavlink's message classes.
// node-mavlink's own `data()` looks up a deserializer per field per message and re-pads the payload
// field by field; here each message class gets its field readers built once (from the class's FIELDS)
// and a truncated MAVLink 2 payload is zero-extended once.
import type { MavLinkData } from 'node-mavlink';
import type { Frame } from './frame';
import { messageClass, type MessageClass } from './registry';

type Reader = (view: DataView, bytes: Uint8Array) => unknown;
interface CompiledClass {
  cls: MessageClass;
  proto: object;
  names: string[];
  readers: Reader[];
  length: number;
}

const compiled = new Map<number, CompiledClass>();
let scratch = new Uint8Array(256);
let scratchView = new DataView(scratch.buffer);

function scalarReader(type: string, offset: number): Reader {
  switch (type) {
    case 'char': return (_v, b) => String.fromCharCode(b[offset]);
    case 'int8_t': return (v) => v.getInt8(offset);
    case 'uint8_t':
    case 'uint8_t_mavlink_version': return (_v, b) => b[offset];
    case 'int16_t': return (v) => v.getInt16(offset, true);
    case 'uint16_t': return (v) => v.getUint16(offset, true);
    case 'int32_t': return (v) => v.getInt32(offset, true);
    case 'uint32_t': return (v) => v.getUint32(offset, true);
    case 'int64_t': return (v) => v.getBigInt64(offset, true);
    case 'uint64_t': return (v) => v.getBigUint64(offset, true);
    case 'float': return (v) => v.getFloat32(offset, true);
    case 'double': return (v) => v.getFloat64(offset, true);
    default: throw new Error(`decoder: unknown MAVLink field type "${type}"`);
  }
}

function fieldReader(type: string, offset: number, length: number, size: number): Reader {
  if (!type.endsWith('[]')) return scalarReader(type, offset);
  const base = type.slice(0, -2);
  if (base === 'char') {
    return (_v, b) => {
      let s = '';
      for (let i = 0; i < length; i++) {
        const c = b[offset + i];
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
      return s;
    };
  }
  const readers = Array.from({ length }, (_, i) => scalarReader(base, offset + i * size));
  return (v, b) => readers.map((r) => r(v, b));
}

function compile(msgid: number): CompiledClass | undefined {
  const cls = messageClass(msgid);
  if (!cls) return undefined;
  const c: CompiledClass = {
    cls,
    proto: cls.prototype as object,
    names: cls.FIELDS.map((f) => f.name),
    readers: cls.FIELDS.map((f) => fieldReader(f.type, f.offset, f.length, f.size)),
    length: cls.PAYLOAD_LENGTH,
  };
  compiled.set(msgid, c);
  return c;
}

/**
 * Decode a payload of message `msgid` into an instance of its node-mavlink class.
 * Returns undefined for an id outside minimal/common/ardupilotmega. Never throws on short payloads.
 */
export function decodePayload(msgid: number, payload: Uint8Array): MavLinkData | undefined {
  const c = compiled.get(msgid) ?? compile(msgid);
  if (!c) return undefined;
  if (scratch.length < c.length) {
    scratch = new Uint8Array(c.length * 2);
    scratchView = new DataView(scratch.buffer);
  }
  const n = Math.min(payload.length, c.length);
  scratch.set(n === payload.length ? payload : payload.subarray(0, n), 0);
  scratch.fill(0, n, c.length);
  // Not `new c.cls()`: node-mavlink's constructors fill every enum field via Object.keys(enum), which
  // costs more than the decoding. Every field is assigned below, so the instance is complete.
  const msg = Object.create(c.proto) as Record<string, unknown>;
  const { names, readers } = c;
  for (let i = 0; i < readers.length; i++) msg[names[i]] = readers[i](scratchView, scratch);
  return msg as unknown as MavLinkData;
}

export function decodeFrame(frame: Frame): MavLinkData | undefined {
  return decodePayload(frame.msgid, frame.payload);
}
