// A scripted vehicle side of the mission protocol for the mission client's tests, ArduPilot-like by default
// (asks with MISSION_REQUEST, re-requests an item after `rerequest_ms`, answers an unexpected item with
// INVALID_SEQUENCE and an item after completion with ERROR, keeps home at seq 0 of the mission on download)
// or PX4-like (MISSION_REQUEST_INT). `intercept` lets a test take over any incoming message. The loop helper
// joins it to a MissionClient through the real encoder → scanner → decoder, in fake time, with optional faults.
import { common, type MavLinkData } from 'node-mavlink';
import { decodeFrame } from '../../mavlink/decoder';
import { FrameEncoder } from '../../mavlink/encoder';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { FakeClock } from '../../mavlink/protocols/fake-clock';
import type { MessageSource, TimerHandle } from '../../mavlink/protocols/env';
import { MissionClient } from '../../mavlink/protocols/mission/mission-client';
import type { MissionTiming } from '../../mavlink/protocols/mission/mission-types';
import { fromWireItem, toItemInt } from '../../mavlink/protocols/mission/mission-wire';
import { missionItem, type MissionItem, type MissionType } from '../../patrol/mission/mission-item';
import { storeArduPilot } from '../../patrol/mission/ardupilot-storage';
import { storePx4 } from '../../patrol/mission/px4-storage';
import { asStored } from '../../patrol/mission/stored-compare';
import { toWire } from '../../patrol/mission/wire-item';

/** The MAV_MISSION_RESULT the autopilot refuses `item` with, or undefined when it stores it. */
function refusalOf(autopilot: 'ardupilot' | 'px4', type: MissionType, item: MissionItem): number | undefined {
  const r = (autopilot === 'ardupilot' ? storeArduPilot : storePx4)(type, toWire(item), 'x86');
  return r.ok ? undefined : r.result;
}

const R = common.MavMissionResult;
export const GCS = { sysid: 255, compid: 190 } as const;
export const VEHICLE = { sysid: 1, compid: 1 } as const;

export interface VehicleOptions {
  flavour?: 'ardupilot' | 'px4';
  /** Re-request the expected item after this long without it (0: never). */
  rerequest_ms?: number;
  /** Give up a receive after this long without progress (ArduPilot: 8 s). */
  upload_timeout_ms?: number;
  /** Answer the first N MISSION_COUNTs with this ack (a vehicle whose mission storage is still starting). */
  boot_errors?: { count: number; type: number };
  /** Send every MISSION_REQUEST twice (a duplicating link or a vehicle that asks again too soon). */
  duplicate_requests?: boolean;
  /** Store items as that autopilot does (patrol/mission/*-storage.ts); unset: verbatim, as the wire carries them. */
  stores_as?: 'ardupilot' | 'px4';
  /** Change an item as it is stored (to provoke a verify mismatch). */
  store_transform?: (item: MissionItem, seq: number) => MissionItem;
  /** Return true to consume a message instead of the default behaviour. */
  intercept?: (msg: MavLinkData, v: ScriptedVehicle) => boolean;
  /** ArduPilot's home, returned as seq 0 of the mission on download. */
  home?: { lat_deg: number; lon_deg: number; alt_m: number };
}

interface Receiving { type: number; count: number; expected: number; items: MissionItem[] }

export class ScriptedVehicle {
  readonly stores = new Map<number, MissionItem[]>([[0, []], [1, []], [2, []]]);
  readonly received: MavLinkData[] = [];
  receiving: Receiving | undefined;
  current = 0;
  private boot_errors_left: number;
  private timer: TimerHandle | undefined;
  private last_progress_ms = 0;

  constructor(private readonly clock: FakeClock, readonly send: (msg: MavLinkData) => void, readonly opts: VehicleOptions = {}) {
    this.boot_errors_left = opts.boot_errors?.count ?? 0;
  }

  ack(type: number, missionType: number): void {
    const a = new common.MissionAck();
    Object.assign(a, { targetSystem: GCS.sysid, targetComponent: GCS.compid, type, missionType, opaqueId: 0 });
    this.send(a);
  }

  request(seq: number, missionType: number): void {
    const m = this.opts.flavour === 'px4' ? new common.MissionRequestInt() : new common.MissionRequest();
    Object.assign(m, { targetSystem: GCS.sysid, targetComponent: GCS.compid, seq, missionType });
    this.send(m);
    if (this.opts.duplicate_requests) this.send(m);
  }

  count(n: number, missionType: number): void {
    const m = new common.MissionCount();
    Object.assign(m, { targetSystem: GCS.sysid, targetComponent: GCS.compid, count: n, missionType, opaqueId: 0 });
    this.send(m);
  }

  item(seq: number, missionType: number): void {
    const stored = this.stores.get(missionType) ?? [];
    let item = stored[seq];
    if (seq === 0 && missionType === 0 && this.opts.flavour !== 'px4' && this.opts.home && item) {
      item = { ...item, x: this.opts.home.lat_deg, y: this.opts.home.lon_deg, z: this.opts.home.alt_m };
    }
    if (!item) return;
    this.send(toItemInt(item, seq, missionType, GCS));
  }

  receive(msg: MavLinkData): void {
    this.received.push(msg);
    if (this.opts.intercept?.(msg, this)) return;
    if (msg instanceof common.MissionCount) this.onCount(msg);
    else if (msg instanceof common.MissionItemInt || msg instanceof common.MissionItem) this.onItem(msg);
    else if (msg instanceof common.MissionRequestList) this.count((this.stores.get(msg.missionType) ?? []).length, msg.missionType);
    else if (msg instanceof common.MissionRequestInt || msg instanceof common.MissionRequest) this.item(msg.seq, msg.missionType);
    else if (msg instanceof common.MissionClearAll) {
      this.stores.set(msg.missionType, []);
      this.ack(R.ACCEPTED, msg.missionType);
    } else if (msg instanceof common.MissionSetCurrent) {
      if (msg.seq < (this.stores.get(0) ?? []).length) {
        this.current = msg.seq;
        const c = new common.MissionCurrent();
        Object.assign(c, { seq: msg.seq, total: (this.stores.get(0) ?? []).length });
        this.send(c);
      }
    } else if (msg instanceof common.MissionAck && this.receiving && msg.type === R.OPERATION_CANCELLED) this.stopReceiving();
  }

  private onCount(msg: InstanceType<typeof common.MissionCount>): void {
    if (this.boot_errors_left > 0) {
      this.boot_errors_left--;
      this.ack(this.opts.boot_errors?.type ?? R.ERROR, msg.missionType);
      return;
    }
    if (msg.count === 0) {
      this.stores.set(msg.missionType, []);
      this.ack(R.ACCEPTED, msg.missionType);
      return;
    }
    this.receiving = { type: msg.missionType, count: msg.count, expected: 0, items: [] };
    this.last_progress_ms = this.clock.now_ms();
    this.requestExpected();
  }

  private requestExpected(): void {
    const r = this.receiving;
    if (!r) return;
    this.request(r.expected, r.type);
    if (this.timer) this.clock.clearTimeout(this.timer);
    const every_ms = this.opts.rerequest_ms ?? 0;
    if (every_ms > 0) this.timer = this.clock.setTimeout(() => this.onRerequest(), every_ms);
  }

  private onRerequest(): void {
    this.timer = undefined;
    if (!this.receiving) return;
    if (this.clock.now_ms() - this.last_progress_ms >= (this.opts.upload_timeout_ms ?? 8000)) {
      this.stopReceiving();
      return;
    }
    this.requestExpected();
  }

  private stopReceiving(): void {
    this.receiving = undefined;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onItem(msg: InstanceType<typeof common.MissionItemInt> | InstanceType<typeof common.MissionItem>): void {
    const r = this.receiving;
    if (!r || r.type !== msg.missionType) {
      this.ack(R.ERROR, msg.missionType);
      return;
    }
    if (msg.seq !== r.expected) {
      this.ack(R.INVALID_SEQUENCE, msg.missionType);
      return;
    }
    const type: MissionType = r.type === 1 ? 'fence' : r.type === 2 ? 'rally' : 'mission';
    const refused = this.opts.stores_as && !(type === 'mission' && msg.seq === 0 && this.opts.stores_as === 'ardupilot')
      ? refusalOf(this.opts.stores_as, type, fromWireItem(msg)) : undefined;
    if (refused !== undefined) {
      this.stopReceiving();
      this.ack(refused, r.type);
      return;
    }
    const item = this.opts.stores_as ? asStored(this.opts.stores_as, type, [fromWireItem(msg)])[0] : fromWireItem(msg);
    r.items.push(this.opts.store_transform ? this.opts.store_transform(item, msg.seq) : item);
    r.expected++;
    this.last_progress_ms = this.clock.now_ms();
    if (r.expected < r.count) {
      this.requestExpected();
      return;
    }
    this.stores.set(r.type, r.items);
    this.stopReceiving();
    this.ack(R.ACCEPTED, r.type);
  }

  idle(): boolean {
    return this.timer === undefined;
  }
}

export interface Faults {
  loss: number;
  duplicate: number;
  /** Probability of an extra delay of up to 200 ms (so later frames overtake). */
  reorder: number;
  rand: () => number;
}

export interface Sent { t_ms: number; msg: MavLinkData }

/** Encode, scan and decode: the message exactly as a connection would hand it over. */
export function overWire(enc: FrameEncoder, msg: MavLinkData): { msg: MavLinkData; from: MessageSource } {
  const out: { msg: MavLinkData; from: MessageSource }[] = [];
  new FrameScanner().push(enc.encode(msg), (f) => {
    const m = decodeFrame(f);
    if (m) out.push({ msg: m, from: { sysid: f.sysid, compid: f.compid, seq: f.seq } });
  });
  if (out.length !== 1) throw new Error(`overWire: expected one frame back, got ${out.length}`);
  return out[0];
}

/** A MissionClient and a ScriptedVehicle joined by a channel with `latency_ms` each way (and optional faults). */
export function missionLoop(o: { vehicle?: VehicleOptions; timing?: Partial<MissionTiming>; latency_ms?: number; faults?: Faults } = {}) {
  const clock = new FakeClock(0);
  const latency_ms = o.latency_ms ?? 10;
  const gcsEnc = new FrameEncoder(GCS);
  const vehEnc = new FrameEncoder(VEHICLE);
  const sentByGcs: Sent[] = [];
  const sentByVehicle: Sent[] = [];
  /** Return true to drop one message on its way (the n-th call counts every message that way). */
  const drop: { up?: (msg: MavLinkData) => boolean; down?: (msg: MavLinkData) => boolean } = {};
  const carry = (enc: FrameEncoder, m: MavLinkData, log: Sent[], filter: ((msg: MavLinkData) => boolean) | undefined, deliver: (w: { msg: MavLinkData; from: MessageSource }) => void) => {
    const w = overWire(enc, m);
    log.push({ t_ms: clock.now_ms(), msg: w.msg });
    if (filter?.(w.msg)) return;
    const f = o.faults;
    const copies = f && f.rand() < f.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      if (f && f.rand() < f.loss) continue;
      const extra = f && f.rand() < f.reorder ? f.rand() * 200 : 0;
      clock.setTimeout(() => deliver(w), latency_ms + extra);
    }
  };
  const vehicle: ScriptedVehicle = new ScriptedVehicle(clock, (m) => carry(vehEnc, m, sentByVehicle, drop.down, (w) => client.handle(w.msg, w.from)), o.vehicle);
  const client: MissionClient = new MissionClient({
    // Fixed spec timing unless a test asks for adaptive resends: the exact-time cases assert the spec's schedule.
    clock, timing: { adaptive: false, ...o.timing },
    send: (m) => carry(gcsEnc, m, sentByGcs, drop.up, (w) => vehicle.receive(w.msg)),
  });
  /** Inject a message into the client as if `from` had sent it. */
  const inject = (m: MavLinkData, from: { sysid: number; compid: number }) => {
    const w = overWire(new FrameEncoder(from), m);
    client.handle(w.msg, w.from);
  };
  /** Advance fake time in small steps until `p` settles (or `max_ms` passes); returns its value. */
  async function settle<T>(p: Promise<T>, max_ms = 600_000): Promise<T> {
    let done = false;
    let value: T | undefined;
    void p.then((v) => { done = true; value = v; });
    for (let t = 0; !done && t < max_ms; t += 10) {
      clock.advance(10);
      await new Promise<void>((r) => setImmediate(r));
    }
    if (!done) throw new Error(`settle: not settled after ${max_ms} ms of fake time`);
    return value as T;
  }
  const gcsSent = <T extends MavLinkData>(cls: new () => T): T[] => sentByGcs.map((s) => s.msg).filter((m): m is T => m instanceof cls);
  const gcsTimes = (cls: new () => MavLinkData): number[] => sentByGcs.filter((s) => s.msg instanceof cls).map((s) => s.t_ms);
  return { clock, client, vehicle, sentByGcs, sentByVehicle, drop, inject, settle, gcsSent, gcsTimes };
}

/** Varied items: global waypoints with fine coordinates, a speed change (MAV_FRAME_MISSION), a loiter with NaN yaw. */
export function sampleItems(n: number, type: MissionType = 'mission'): MissionItem[] {
  return Array.from({ length: n }, (_, i) => {
    if (type === 'fence') return missionItem(5001, { frame: 0, param1: 4, x: 31.2304 + i * 1.3e-5, y: 121.4737 - i * 2.9e-5 });
    if (type === 'rally') return missionItem(5100, { frame: 3, x: -33.8688 + i * 1e-4, y: 151.2093 + i * 1e-4, z: 20 + i });
    if (i % 5 === 3) return missionItem(178, { frame: 2, param1: 1, param2: 4.5 + i, param3: -1 });
    if (i % 5 === 4) return missionItem(19, { frame: 3, param1: 7.5, param4: Number.NaN, x: 22.5431 + i * 1e-6, y: 114.0579, z: 30.25 });
    return missionItem(16, { frame: 3, param1: i, x: 22.5431234 + i * 1.7e-6, y: 114.0579876 - i * 2.3e-6, z: 25 + i * 0.1, autocontinue: i !== 2 });
  });
}
