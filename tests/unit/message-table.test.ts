// The generated message table (what the wire needs without node-mavlink's classes) is node-mavlink's registry:
// after an upgrade of node-mavlink or mavlink-mappings this fails until scripts/gen-message-table.ts runs again.
import { minimal } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { MAV_AUTOPILOT_NAMES, MAV_TYPE_NAMES, MESSAGE_CRC_EXTRAS, MESSAGE_IDS, MESSAGE_NAMES, MESSAGE_PAYLOAD_LENGTHS } from '../../mavlink/message-table.generated';
import { REGISTRY } from '../../mavlink/registry';
import { CRC_EXTRA, messageId, messageName, PAYLOAD_LENGTH } from '../../mavlink/wire-table';

describe('message-table.generated.ts', () => {
  it('lists every registry message with its name, crc_extra and payload length', () => {
    const ids = Object.keys(REGISTRY).map(Number).sort((a, b) => a - b);
    expect(MESSAGE_IDS).toEqual(ids);
    ids.forEach((id, i) => {
      const cls = REGISTRY[id];
      expect([MESSAGE_NAMES[i], MESSAGE_CRC_EXTRAS[i], MESSAGE_PAYLOAD_LENGTHS[i]], `message ${id}`).toEqual([cls.MSG_NAME, cls.MAGIC_NUMBER, cls.PAYLOAD_LENGTH]);
      expect([CRC_EXTRA[id], PAYLOAD_LENGTH[id], messageName(id), messageId(cls.MSG_NAME)]).toEqual([cls.MAGIC_NUMBER, cls.PAYLOAD_LENGTH, cls.MSG_NAME, id]);
    });
    expect(CRC_EXTRA[5000]).toBe(-1);
    expect(messageName(5000)).toBe('UNKNOWN_5000');
  });

  it('has the MAV_TYPE and MAV_AUTOPILOT names of node-mavlink', () => {
    expect(MAV_TYPE_NAMES[2]).toBe('QUADROTOR');
    expect(MAV_AUTOPILOT_NAMES[3]).toBe('ARDUPILOTMEGA');
    for (const [table, e] of [[MAV_TYPE_NAMES, minimal.MavType], [MAV_AUTOPILOT_NAMES, minimal.MavAutopilot]] as const) {
      for (const [k, v] of Object.entries(e)) if (Number.isInteger(Number(k))) expect(table[Number(k)]).toBe(v);
    }
  });
});
