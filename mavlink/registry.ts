// The merged message registry: minimal + common (with standard, which common.xml includes) +
// ardupilotmega, keyed by message id. node-mavlink keeps one REGISTRY per dialect file, and its
// `common` lacks AUTOPILOT_VERSION (148), which lives in `standard`. The classes are for decoding and
// encoding; what the wire alone needs (crc_extra, lengths, names) is in wire-table.ts, which loads no dialect.
import { minimal, common, standard, ardupilotmega } from 'node-mavlink';
import type { MavLinkData, MavLinkDataConstructor } from 'node-mavlink';

export { CRC_EXTRA, PAYLOAD_LENGTH, crcExtra, isKnownMessage, messageId, messageName } from './wire-table';

export type MessageClass = MavLinkDataConstructor<MavLinkData>;

export const REGISTRY: Readonly<Record<number, MessageClass>> = Object.freeze({
  ...ardupilotmega.REGISTRY,
  ...common.REGISTRY,
  ...standard.REGISTRY,
  ...minimal.REGISTRY,
});

export function messageClass(msgid: number): MessageClass | undefined {
  return REGISTRY[msgid];
}
