// A scripted ground station for the simulator's mission protocol: it sends exactly what a test says, and a
// lossless upload/download that answers whatever the vehicle asks for. Time is driven with sim.runFor.
import { common, type MavLinkData } from 'node-mavlink';
import { FrameEncoder } from '../../mavlink/encoder';
import { createBytePipe, type BytePort } from '../../mavlink/sim/byte-pipe';
import { wireXyScale } from '../../mavlink/sim/mission-codec';
import { Simulator, type SimulatorOptions } from '../../mavlink/sim/simulator';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { TestGcs, type Received } from './sim-helpers';

export const { MavCmd, MavMissionResult: R, MavFrame } = common;
export const MISSION = 0;
export const FENCE = 1;
export const RALLY = 2;

/** Another ground station on the same link (sysid 254): what it sends, the vehicle sees from 254/190. */
export class OtherGcs {
  private readonly encoder = new FrameEncoder({ sysid: 254, compid: 190 });
  constructor(private readonly port: BytePort) {}
  send(msg: MavLinkData): void {
    this.port.write(this.encoder.encode(msg));
  }
}

export interface Harness {
  sim: Simulator;
  gcs: TestGcs;
  other: OtherGcs;
}

/** Simulator + test GCS (255/190) + a second GCS (254/190) on one in-process pipe, past the position estimate. */
export function missionSim(opts: Omit<SimulatorOptions, 'port'> = {}, boot_ms = 5_100): Harness {
  const { a, b } = createBytePipe();
  const sim = new Simulator({ epoch_us: 1_700_000_000_000_000n, ...opts, port: a });
  const gcs = new TestGcs(b, () => sim.sim_ms);
  if (boot_ms > 0) sim.runFor(boot_ms);
  return { sim, gcs, other: new OtherGcs(b) };
}

export function countMsg(count: number, type = MISSION, sysid = 1): common.MissionCount {
  return Object.assign(new common.MissionCount(), { targetSystem: sysid, targetComponent: 1, count, missionType: type, opaqueId: 0 });
}

/** MISSION_ITEM_INT as ArduPilot reads it (x/y unscaled for DO_DIGICAM_CONTROL and the like). */
export function itemIntMsg(item: MissionItem, seq: number, type = MISSION): common.MissionItemInt {
  const s = wireXyScale(item.command, item.frame);
  return Object.assign(new common.MissionItemInt(), {
    targetSystem: 1, targetComponent: 1, seq, frame: item.frame, command: item.command, current: 0, autocontinue: item.autocontinue ? 1 : 0,
    param1: item.param1, param2: item.param2, param3: item.param3, param4: item.param4,
    x: Math.round(item.x * s), y: Math.round(item.y * s), z: item.z, missionType: type,
  });
}

export function itemFloatMsg(item: MissionItem, seq: number, type = MISSION): common.MissionItem {
  return Object.assign(new common.MissionItem(), {
    targetSystem: 1, targetComponent: 1, seq, frame: item.frame, command: item.command, current: 0, autocontinue: item.autocontinue ? 1 : 0,
    param1: item.param1, param2: item.param2, param3: item.param3, param4: item.param4, x: item.x, y: item.y, z: item.z, missionType: type,
  });
}

export function requestListMsg(type = MISSION): common.MissionRequestList {
  return Object.assign(new common.MissionRequestList(), { targetSystem: 1, targetComponent: 1, missionType: type });
}

export function requestIntMsg(seq: number, type = MISSION): common.MissionRequestInt {
  return Object.assign(new common.MissionRequestInt(), { targetSystem: 1, targetComponent: 1, seq, missionType: type });
}

export function requestMsg(seq: number, type = MISSION): common.MissionRequest {
  return Object.assign(new common.MissionRequest(), { targetSystem: 1, targetComponent: 1, seq, missionType: type });
}

export function clearAllMsg(type = MISSION): common.MissionClearAll {
  return Object.assign(new common.MissionClearAll(), { targetSystem: 1, targetComponent: 1, missionType: type });
}

export function gcsAckMsg(type = MISSION): common.MissionAck {
  return Object.assign(new common.MissionAck(), { targetSystem: 1, targetComponent: 1, type: R.ACCEPTED, missionType: type, opaqueId: 0 });
}

/** Messages of class `cls` received since index `from`. */
export function since<T extends MavLinkData>(gcs: TestGcs, cls: { MSG_ID: number; new (): T }, from: number): Array<Received & { msg: T }> {
  return gcs.received.slice(from).filter((r) => r.msgid === cls.MSG_ID) as Array<Received & { msg: T }>;
}

/** Lossless upload as a GCS would do it: MISSION_COUNT, then answer each MISSION_REQUEST until the MISSION_ACK. */
export function upload(h: Harness, type: number, items: readonly MissionItem[]): common.MissionAck | undefined {
  let seen = h.gcs.received.length;
  h.gcs.send(countMsg(items.length, type));
  for (let guard = 0; guard < items.length * 3 + 20; guard++) {
    const fresh = h.gcs.received.slice(seen);
    seen = h.gcs.received.length;
    const ack = fresh.find((r) => r.msg instanceof common.MissionAck && r.msg.missionType === type);
    if (ack) return ack.msg as common.MissionAck;
    const req = fresh.filter((r) => r.msg instanceof common.MissionRequest && r.msg.missionType === type).pop();
    if (req) {
      const seq = (req.msg as common.MissionRequest).seq;
      h.gcs.send(itemIntMsg(items[seq], seq, type));
    } else {
      h.sim.runFor(100);
    }
  }
  return undefined;
}

/** Lossless download with MISSION_REQUEST_INT; MissionItems back with the messages as received. */
export function download(h: Harness, type: number): { items: MissionItem[]; messages: common.MissionItemInt[] } {
  const start = h.gcs.received.length;
  h.gcs.send(requestListMsg(type));
  const count = since(h.gcs, common.MissionCount, start).pop()?.msg.count;
  if (count === undefined) throw new Error(`no MISSION_COUNT for mission type ${type}`);
  const messages: common.MissionItemInt[] = [];
  for (let seq = 0; seq < count; seq++) {
    const before = h.gcs.received.length;
    h.gcs.send(requestIntMsg(seq, type));
    const m = since(h.gcs, common.MissionItemInt, before).pop()?.msg;
    if (!m || m.seq !== seq) throw new Error(`no MISSION_ITEM_INT ${seq} of mission type ${type}`);
    messages.push(m);
  }
  h.gcs.send(gcsAckMsg(type));
  const items = messages.map((m) => {
    const s = wireXyScale(m.command, m.frame);
    return missionItem(m.command, { frame: m.frame, param1: m.param1, param2: m.param2, param3: m.param3, param4: m.param4, x: m.x / s, y: m.y / s, z: m.z, autocontinue: m.autocontinue !== 0 });
  });
  return { items, messages };
}
