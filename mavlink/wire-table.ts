// What the wire needs to know of each message, without node-mavlink's classes: crc_extra and payload length (to
// check and frame a message) and its name, from the table generated out of the merged registry
// (message-table.generated.ts, checked against node-mavlink by tests/unit/message-table.test.ts). The frame
// scanner, the tlog walker and `tlog info` use only this, so they start without loading the dialects.
import { MESSAGE_CRC_EXTRAS, MESSAGE_IDS, MESSAGE_NAMES, MESSAGE_PAYLOAD_LENGTHS } from './message-table.generated';

const MAX_MSGID = 1 << 24;
/** crc_extra per message id; -1 where the id is not in the registry. Typed array for the scanner's hot path. */
export const CRC_EXTRA = new Int16Array(Math.max(...MESSAGE_IDS.filter((id) => id < MAX_MSGID)) + 1).fill(-1);
/** Minimum wire payload length (the full, untruncated length) per message id. */
export const PAYLOAD_LENGTH = new Uint16Array(CRC_EXTRA.length);
const NAMES = new Map<number, string>();
const IDS = new Map<string, number>();

MESSAGE_IDS.forEach((msgid, i) => {
  if (msgid >= MAX_MSGID) return;
  CRC_EXTRA[msgid] = MESSAGE_CRC_EXTRAS[i];
  PAYLOAD_LENGTH[msgid] = MESSAGE_PAYLOAD_LENGTHS[i];
  NAMES.set(msgid, MESSAGE_NAMES[i]);
  IDS.set(MESSAGE_NAMES[i], msgid);
});

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
