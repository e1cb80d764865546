// The vehicle side of the MAVLink mission protocol, as ArduPilot's MissionItemProtocol answers it, for mission (0),
// fence (1) and rally (2). Upload: MISSION_COUNT → MISSION_REQUEST for each item (ArduPilot asks with
// MISSION_REQUEST, never _INT) → MISSION_ITEM_INT or MISSION_ITEM → MISSION_ACK. An item that does not come is
// asked again after 1 s; 8 s without progress cancels the upload (MAV_MISSION_OPERATION_CANCELLED). A wrong seq
// gets MAV_MISSION_INVALID_SEQUENCE and the transfer goes on; another GCS gets MAV_MISSION_DENIED. Like ArduPilot
// (GCS_MAVLink/MissionItemProtocol.cpp), mission and rally items are written in place: MISSION_COUNT cuts a longer
// stored list to the new count, and each item replaces its slot (or is appended) as it arrives, so an upload that
// fails half-way leaves new items followed by old ones — which is why the CLI clears the mission after a failed
// upload. Fence items are staged and written when the last one arrived (MissionItemProtocol_Fence keeps the new
// fence apart until complete()). Items are stored and answered as ArduPilot's AP_Mission converts them
// (patrol/mission/ardupilot-storage.ts). Download: MISSION_REQUEST_LIST → MISSION_COUNT;
// MISSION_REQUEST_INT → MISSION_ITEM_INT, MISSION_REQUEST → MISSION_ITEM; mission item 0 is always the vehicle's home.
import { common, type MavLinkData } from 'node-mavlink';
import { storeArduPilot } from '../../patrol/mission/ardupilot-storage';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { fromWire, toWire } from '../../patrol/mission/wire-item';
import { registerActionCommands, type Switches } from './mission-actions';
import { SimCamera } from './mission-camera';
import { isMissionType, itemFloatMessage, itemFromWire, itemIntMessage, missionAck, missionCount, missionRequest, wireFromMessage, type MissionTypeNumber } from './mission-codec';
import { FenceMonitor } from './mission-fence';
import { MissionRunner } from './mission-runner';
import { checkFenceList, MissionStore, storeItem } from './mission-store';
import { COPTER_MODE } from './copter-modes';
import { goTo } from './flight-modes';
import { altRelFromFrame } from './frames';
import type { Peer, SimVehicle } from './vehicle';

const { MavCmd, MavMissionResult: R, MavResult, MavSeverity } = common;
/** MissionItemProtocol::upload_timeout_ms. */
export const UPLOAD_TIMEOUT_MS = 8000;
/** An item not received this long after its request is asked for again (ArduPilot: 1000 ms + stream slowdown). */
export const REREQUEST_MS = 1000;
const TYPE_NAME = ['Mission', 'Fence', 'Rally'] as const;

interface Upload {
  dest: Peer;
  next: number;
  count: number;
  items: MissionItem[];
  lastReceive_ms: number;
  lastRequest_ms: number;
}

function samePeer(a: Peer, b: Peer): boolean {
  return a.sysid === b.sysid && a.compid === b.compid;
}

export class MissionServer {
  readonly store: MissionStore;
  readonly runner: MissionRunner;
  readonly camera: SimCamera;
  readonly fence: FenceMonitor;
  readonly switches: Switches;
  private readonly uploads: [Upload | undefined, Upload | undefined, Upload | undefined] = [undefined, undefined, undefined];
  private requestWarned = false;
  private itemWarned = false;
  private homeSeen = false;

  constructor(private readonly v: SimVehicle) {
    this.store = new MissionStore(() => this.homeItem());
    this.switches = { relays: new Map(), servos: new Map() };
    this.camera = new SimCamera(v);
    this.runner = new MissionRunner(v, this.store, this.camera, this.switches);
    this.fence = new FenceMonitor(v, () => v.cfg.fence_enable === 1);
    v.flightPlan = this.runner;
    const on = <T extends MavLinkData>(cls: { MSG_ID: number }, h: (m: T, from: Peer) => void): void => {
      v.onMessage(cls.MSG_ID, (msg, from) => h(msg as T, from));
    };
    on<common.MissionCount>(common.MissionCount, (m, from) => this.onCount(m, from));
    on<common.MissionItemInt>(common.MissionItemInt, (m, from) => this.onItem(m, from));
    on<common.MissionItem>(common.MissionItem, (m, from) => this.onItem(m, from));
    on<common.MissionRequestList>(common.MissionRequestList, (m, from) => this.onRequestList(m.missionType, from));
    on<common.MissionRequestInt>(common.MissionRequestInt, (m, from) => this.onRequest(m.missionType, m.seq, from, true));
    on<common.MissionRequest>(common.MissionRequest, (m, from) => this.onRequest(m.missionType, m.seq, from, false));
    on<common.MissionClearAll>(common.MissionClearAll, (m, from) => this.onClearAll(m.missionType, from));
    on<common.MissionSetCurrent>(common.MissionSetCurrent, (m) => {
      if (this.runner.setCurrent(m.seq)) this.sendCurrent(m.seq); // ArduPilot echoes the seq asked for
    });
    registerActionCommands(v, this.camera, this.switches);
    v.onCommand(MavCmd.DO_SET_MISSION_CURRENT, (req) => (this.runner.setCurrent(Math.round(req.params[0]), Math.round(req.params[1]) === 1) ? MavResult.ACCEPTED : MavResult.FAILED));
    v.onStep(() => this.step());
  }

  /** Is an upload of this type in progress? */
  receiving(type: MissionTypeNumber): boolean {
    return this.uploads[type] !== undefined;
  }

  private get notReady(): boolean {
    return this.v.t_ms < this.v.cfg.mission_not_ready_s * 1000;
  }

  private homeItem(): MissionItem {
    const h = this.v.home;
    const home = this.v.ekfReady ? missionItem(MavCmd.NAV_WAYPOINT, { frame: 0, x: h.lat_deg, y: h.lon_deg, z: h.alt_m }) : missionItem(MavCmd.NAV_WAYPOINT, { frame: 0 });
    // AP_Mission::read_cmd_from_storage answers index 0 from the AHRS home, a Location (int32 lat/lng, cm).
    const stored = storeArduPilot('mission', toWire(home), 'x86');
    return stored.ok ? fromWire(stored.item) : home;
  }

  private capacity(type: MissionTypeNumber): number {
    const c = this.v.cfg;
    return [c.mission_capacity, c.fence_capacity, c.rally_capacity][type];
  }

  private ack(to: Peer, result: number, type: number): void {
    this.v.send(missionAck(to, result, type));
  }

  private sendCurrent(seq: number): void {
    const m = new common.MissionCurrent();
    const p = this.runner.progress();
    m.seq = seq;
    m.total = p.total;
    m.missionState = p.state;
    m.missionMode = this.v.mode === COPTER_MODE.AUTO ? 1 : 0;
    this.v.send(m);
  }

  /** ArduPilot's cancel_upload: the uploading GCS may start over; anyone else is DENIED. */
  private mayStart(type: MissionTypeNumber, from: Peer): boolean {
    const up = this.uploads[type];
    if (!up) return true;
    if (!samePeer(up.dest, from)) {
      this.ack(from, R.DENIED, type);
      return false;
    }
    this.uploads[type] = undefined;
    return true;
  }

  private onCount(m: common.MissionCount, from: Peer): void {
    const type = m.missionType;
    if (!isMissionType(type)) return this.ack(from, R.UNSUPPORTED, type);
    if (this.notReady) return this.ack(from, this.v.cfg.mission_not_ready_result, type);
    if (!this.mayStart(type, from)) return;
    const cap = this.capacity(type);
    if (m.count > cap) {
      this.ack(from, R.NO_SPACE, type);
      this.v.sendText(MavSeverity.WARNING, `Only ${cap} items are supported`);
      return;
    }
    const up: Upload = { dest: from, next: 0, count: m.count, items: [], lastReceive_ms: this.v.t_ms, lastRequest_ms: this.v.t_ms };
    if (m.count === 0) return this.complete(type, up);
    if (type !== 1) {
      this.store.truncate(type, m.count);
      if (type === 0) this.runner.missionChanged();
    }
    this.uploads[type] = up;
    this.v.send(missionRequest(from, 0, type));
  }

  private onItem(m: common.MissionItemInt | common.MissionItem, from: Peer): void {
    const type = m.missionType;
    if (!(m instanceof common.MissionItemInt) && !this.itemWarned) {
      this.itemWarned = true;
      this.v.sendText(MavSeverity.WARNING, 'got MISSION_ITEM; GCS should send MISSION_ITEM_INT');
    }
    if (type === 0 && (m.current === 2 || m.current === 3)) return this.guidedItem(m, from);
    if (!isMissionType(type)) return this.ack(from, R.UNSUPPORTED, type);
    if (this.notReady) return this.ack(from, this.v.cfg.mission_not_ready_result, type);
    const up = this.uploads[type];
    if (!up) return this.ack(from, R.ERROR, type);
    if (m.seq !== up.next) return this.ack(from, R.INVALID_SEQUENCE, type);
    if (!samePeer(up.dest, from)) return this.ack(from, R.DENIED, type);
    const wire = wireFromMessage(m);
    const stored = wire ? storeItem(type, wire, m.seq, up.count) : { ok: false as const, result: R.INVALID_PARAM5_X, why: 'MISSION_ITEM latitude or longitude out of range' };
    if (!stored.ok) {
      this.uploads[type] = undefined;
      return this.ack(from, stored.result, type);
    }
    up.items.push(stored.item);
    if (type !== 1) {
      this.store.writeAt(type, m.seq, stored.item);
      if (type === 0) this.runner.missionChanged();
    }
    up.next++;
    up.lastReceive_ms = this.v.t_ms;
    if (up.next >= up.count) return this.complete(type, up);
    up.lastRequest_ms = this.v.t_ms;
    this.v.send(missionRequest(up.dest, up.next, type));
  }

  private complete(type: MissionTypeNumber, up: Upload): void {
    this.uploads[type] = undefined;
    if (type === 1) {
      const problem = checkFenceList(up.items);
      if (problem) {
        this.v.sendText(MavSeverity.WARNING, problem.slice(0, 50));
        return this.ack(up.dest, R.ERROR, type);
      }
    }
    this.commit(type, up.items);
    if (type === 0) this.v.sendText(MavSeverity.INFO, 'Flight plan received');
    if (type === 2) this.v.sendText(MavSeverity.INFO, 'Rally points received');
    this.ack(up.dest, R.ACCEPTED, type);
  }

  private commit(type: MissionTypeNumber, items: readonly MissionItem[]): void {
    this.store.replace(type, items);
    if (type === 0) this.runner.missionChanged();
    if (type === 1) this.fence.load(items);
  }

  private onRequestList(type: number, from: Peer): void {
    if (!isMissionType(type)) return this.ack(from, R.UNSUPPORTED, type);
    if (this.notReady) return;
    if (this.receiving(type)) return this.ack(from, R.DENIED, type);
    this.v.send(missionCount(from, this.store.count(type), type));
  }

  private onRequest(type: number, seq: number, from: Peer, asInt: boolean): void {
    if (!isMissionType(type)) return this.ack(from, R.UNSUPPORTED, type);
    if (this.notReady) return;
    if (asInt && this.receiving(type)) return this.ack(from, R.DENIED, type);
    const item = this.store.read(type, seq);
    if (!item) {
      if (asInt) this.v.send(missionCount(from, this.store.count(type), type)); // "educate the GCS" on the real size
      return this.ack(from, R.INVALID_SEQUENCE, type);
    }
    const header = { seq, missionType: type, to: from, current: type === 0 && seq === this.runner.current && seq > 0 };
    if (asInt) return this.v.send(itemIntMessage(item, header));
    if (!this.requestWarned) {
      this.requestWarned = true;
      this.v.sendText(MavSeverity.WARNING, 'got MISSION_REQUEST; use MISSION_REQUEST_INT!');
    }
    this.v.send(itemFloatMessage(item, header));
  }

  private onClearAll(type: number, from: Peer): void {
    if (!isMissionType(type)) return this.ack(from, R.UNSUPPORTED, type);
    if (this.notReady) return this.ack(from, this.v.cfg.mission_not_ready_result, type);
    if (!this.mayStart(type, from)) return this.ack(from, R.ERROR, type);
    if (type === 0 && this.runner.state === 'running') return this.ack(from, R.ERROR, type); // AP_Mission::clear refuses
    this.commit(type, []);
    if (type === 0) this.v.sendText(MavSeverity.INFO, 'Flight plan received');
    this.ack(from, R.ACCEPTED, type);
  }

  /** MISSION_ITEM(_INT) with current 2 (fly there in GUIDED) or 3 (change altitude only). */
  private guidedItem(m: common.MissionItemInt | common.MissionItem, from: Peer): void {
    const v = this.v;
    const item = itemFromWire(m);
    const alt_m = altRelFromFrame(v, item.frame, item.z);
    if (v.mode !== COPTER_MODE.GUIDED || !v.armed || v.kin.landed || alt_m === undefined) return this.ack(from, R.ERROR, 0);
    const h = v.kin.horizontal;
    const { n, e } = m.current === 3 ? (h.kind === 'pos' ? { n: h.n, e: h.e } : { n: v.kin.pos.n, e: v.kin.pos.e }) : v.localOf(item.x, item.y);
    goTo(v, n, e, alt_m);
    this.ack(from, R.ACCEPTED, 0);
  }

  private step(): void {
    const v = this.v;
    if (v.ekfReady && !this.homeSeen) {
      this.homeSeen = true;
      this.store.homeSet();
    }
    for (const type of [0, 1, 2] as const) {
      const up = this.uploads[type];
      if (!up) continue;
      if (v.t_ms - up.lastReceive_ms > UPLOAD_TIMEOUT_MS) {
        this.uploads[type] = undefined;
        v.sendText(MavSeverity.WARNING, `${TYPE_NAME[type]} upload timeout`);
        this.ack(up.dest, R.OPERATION_CANCELLED, type);
      } else if (v.t_ms - up.lastRequest_ms > REREQUEST_MS) {
        up.lastRequest_ms = v.t_ms;
        v.send(missionRequest(up.dest, up.next, type));
      }
    }
    this.runner.afterStep();
    this.camera.step();
    this.fence.step();
  }
}
