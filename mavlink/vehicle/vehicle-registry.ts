// Every vehicle heard on a connection, keyed by sysid/compid; our GCS heartbeat; telemetry requests.
//
// One 1 Hz tick drives everything timed: it sends our heartbeat and re-asks a vehicle that is still heartbeating
// (within `heartbeat_timeout_ms`) for telemetry when no GLOBAL_POSITION_INT has arrived for `rerequest_ms` (the
// request was lost, or the autopilot rebooted and forgot it), or for HOME_POSITION while home is unknown.
import { minimal, common, type MavLinkData } from 'node-mavlink';
import { DEFAULT_GCS, type Clock, type MavAddress, type MessageSource, type Sender, type TimerHandle } from '../protocols/env';
import { VehicleState, type VehicleSnapshot, type VehicleStateOptions } from './vehicle-state';
import { commandLong, gcsHeartbeat, telemetryRequests } from './telemetry-request';

export interface VehicleRegistryOptions extends VehicleStateOptions {
  clock: Clock;
  send: Sender;
  /** Our identity; messages from it (echoes) are ignored. Default 255/190. */
  gcs?: MavAddress;
  heartbeat_interval_ms?: number;
  /** Ask again for telemetry when no position message arrived for this long (default 3000). */
  rerequest_ms?: number;
  /** Send stream requests at all (default true; false for passive listening, e.g. `record`). */
  request_telemetry?: boolean;
}

type Listener = (v: VehicleState) => void;

const key = (sysid: number, compid: number) => sysid * 256 + compid;

export class VehicleRegistry {
  readonly gcs: MavAddress;
  private readonly clock: Clock;
  private readonly send: Sender;
  private readonly opts: VehicleRegistryOptions;
  private readonly heartbeat_interval_ms: number;
  private readonly rerequest_ms: number;
  private readonly vehicles = new Map<number, VehicleState>();
  private readonly last_request_ms = new Map<number, number>();
  private readonly vehicleListeners = new Set<Listener>();
  private readonly changeListeners = new Set<Listener>();
  private timer: TimerHandle | undefined;

  constructor(opts: VehicleRegistryOptions) {
    this.opts = opts;
    this.clock = opts.clock;
    this.send = opts.send;
    this.gcs = opts.gcs ?? DEFAULT_GCS;
    this.heartbeat_interval_ms = opts.heartbeat_interval_ms ?? 1000;
    this.rerequest_ms = opts.rerequest_ms ?? 3000;
  }

  /** Start the 1 Hz tick: a GCS heartbeat now and every interval after. Idempotent. */
  start(): void {
    if (this.timer !== undefined) return;
    this.tick();
  }

  /** Stop the tick (no more heartbeats or re-requests). Idempotent; state is kept. */
  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  handle(msg: MavLinkData, from: MessageSource): void {
    if (from.sysid === this.gcs.sysid && from.compid === this.gcs.compid) return;
    const k = key(from.sysid, from.compid);
    let v = this.vehicles.get(k);
    if (msg instanceof minimal.Heartbeat && !v) {
      // Ground stations, and components that are not flight controllers (autopilot INVALID: cameras,
      // gimbals, companion computers, other GCSs), are not vehicles.
      if (msg.type === minimal.MavType.GCS || msg.autopilot === minimal.MavAutopilot.INVALID) return;
      v = new VehicleState(this.clock, from.sysid, from.compid, this.opts);
      this.vehicles.set(k, v);
      v.handle(msg, from);
      for (const cb of [...this.vehicleListeners]) cb(v);
      this.requestTelemetry(v);
      this.changed(v);
      return;
    }
    if (!v) {
      // STATUSTEXT from another component of a known system (e.g. a gimbal) goes to that system's log.
      if (!(msg instanceof common.StatusText)) return;
      v = this.list().find((x) => x.sysid === from.sysid);
      if (!v) return;
      if (v.handle(msg, { sysid: from.sysid, compid: from.compid })) this.changed(v);
      return;
    }
    if (v.handle(msg, from)) this.changed(v);
  }

  get(sysid: number, compid?: number): VehicleState | undefined {
    if (compid !== undefined) return this.vehicles.get(key(sysid, compid));
    return this.list().find((v) => v.sysid === sysid);
  }

  /** Vehicles in discovery order. */
  list(): VehicleState[] {
    return [...this.vehicles.values()];
  }

  snapshot(): VehicleSnapshot[] {
    return this.list().map((v) => v.snapshot());
  }

  /** Called once per newly found vehicle; returns the unsubscribe function. */
  onVehicle(cb: Listener): () => void {
    this.vehicleListeners.add(cb);
    return () => this.vehicleListeners.delete(cb);
  }

  /** Called whenever a vehicle's state changed; returns the unsubscribe function. */
  onChange(cb: Listener): () => void {
    this.changeListeners.add(cb);
    return () => this.changeListeners.delete(cb);
  }

  private changed(v: VehicleState): void {
    for (const cb of [...this.changeListeners]) cb(v);
  }

  private tick(): void {
    this.timer = this.clock.setTimeout(() => this.tick(), this.heartbeat_interval_ms);
    this.send(gcsHeartbeat());
    const now = this.clock.now_ms();
    for (const v of this.vehicles.values()) {
      const alive = now - v.last_heartbeat_ms <= (this.opts.heartbeat_timeout_ms ?? 5000);
      const positionStale = v.last_position_msg_ms === undefined || now - v.last_position_msg_ms > this.rerequest_ms;
      const lastAsked = this.last_request_ms.get(key(v.sysid, v.compid)) ?? -Infinity;
      if (!alive || this.opts.request_telemetry === false || now - lastAsked < this.rerequest_ms) continue;
      if (positionStale) this.requestTelemetry(v);
      else if (!v.home) {
        this.last_request_ms.set(key(v.sysid, v.compid), now);
        this.send(commandLong(v, common.MavCmd.REQUEST_MESSAGE, [common.HomePosition.MSG_ID]), { sysid: v.sysid, compid: v.compid });
      }
    }
  }

  private requestTelemetry(v: VehicleState): void {
    if (this.opts.request_telemetry === false) return;
    this.last_request_ms.set(key(v.sysid, v.compid), this.clock.now_ms());
    for (const m of telemetryRequests(v, v.autopilot)) this.send(m, { sysid: v.sysid, compid: v.compid });
  }
}
