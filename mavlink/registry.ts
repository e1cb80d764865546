// The merged message registry: minimal + common (with standard, which common.xml includes) +
// ardupilotmega, keyed by message id. node-mavlink keeps one REGISTRY per dialect file, and its
// `common` lacks AUTOPILOT_VERSION (148), which lives in `standard`.
import { minimal, common, standard, ardupilotmega } from 'node-mavlink';
import type { MavLinkData, MavLinkDataConstructor } from 'node-mavlink';

export type MessageClass = MavLinkDataConstructor<MavLinkData>;

export const REGISTRY: Readonly<Record<number, MessageClass>> = Object.freeze({
  ...ardupilotmega.REGISTRY,
  ...common.REGISTRY,
  ...standard.REGISTRY,
  ...minimal.REGISTRY,
});

const MAX_MSGID = 1 << 24;
/** crc_extra per message id; -1 where the id is not in the registry. Typed array for the scanner's hot path. */
export const CRC_EXTRA = new Int16Array(Math.max(...Object.keys(REGISTRY).map(Number)) + 1).fill(-1);
/** Minimum wire payload length (the full, untruncated length) per message id. */
export const PAYLOAD_LENGTH = new Uint16Array(CRC_EXTRA.length);
const NAMES = new Map<number, string>();
const IDS = new Map<string, number>();

for (const [id, cls] of Object.entries(REGISTRY)) {
  const msgid = Number(id);
  if (msgid >= MAX_MSGID) continue;
  CRC_EXTRA[msgid] = cls.MAGIC_NUMBER;
  PAYLOAD_LENGTH[msgid] = cls.PAYLOAD_LENGTH;
  NAMES.set(msgid, cls.MSG_NAME);
  IDS.set(cls.MSG_NAME, msgid);
}

export function crcExtra(msgid: number): number {
  return msgid < CRC_EXTRA.length ? CRC_EXTRA[msgid] : -1;
}

export function isKnownMessage(msgid: number): boolean {
  return crcExtra(msgid) >= 0;
}

/** MAVLink name of a message id (e.g. 33 → "GLOBAL_POSITION_INT"), or `UNKNOWN_<id>`. */
export function messageName(msgid: number): string {
  return NAMES.get(msgid) ?? `UNKNOWN_${msgid}`;
}

export function messageId(name: string): number | undefined {
  return IDS.get(name);
}

export function messageClass(msgid: number): MessageClass | undefined {
  return REGISTRY[msgid];
}
