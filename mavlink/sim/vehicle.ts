// One simulated ArduCopter: its state, its message and command handler registries, and its physics step.
// Behaviour lives in arming.ts, flight-modes.ts, commands.ts and telemetry.ts; this file wires them.
import { common, type MavLinkData } from 'node-mavlink';
import { decodeFrame } from '../decoder';
import { FrameEncoder } from '../encoder';
import type { Frame } from '../frame';
import { autoDisarmCheck, batteryFailsafeCheck } from './arming';
import { Battery } from './battery';
import { registerDefaultCommands } from './commands';
import { vehicleConfig, type VehicleConfig } from './config';
import { COPTER_MODE } from './copter-modes';
import { stepMode, type ModeChangeReason, type NavTask, type RtlState } from './flight-modes';
import type { FlightPlan } from './flight-plan';
import { latLonToNe, offsetLatLon, type GeoPoint } from './geo';
import { registerDefaultHandlers } from './handlers';
import { MissionServer } from './mission-server';
import { Kinematics } from './physics';
import { registerSigningHandler, VehicleSigning, type VehicleSigningOptions } from './signing';
import { TelemetryScheduler } from './telemetry';

export const MAV_COMP_ID_AUTOPILOT1 = 1;

export interface Peer {
  sysid: number;
  compid: number;
}

export type MessageHandler = (msg: MavLinkData, from: Peer, frame: Frame) => void;

/** COMMAND_LONG or COMMAND_INT, normalised. For COMMAND_INT, params[4]/params[5] are x/y as sent (degE7 for global frames). */
export interface CommandRequest {
  command: number;
  params: [number, number, number, number, number, number, number];
  isInt: boolean;
  /** MAV_FRAME of a COMMAND_INT (COMMAND_LONG: GLOBAL_RELATIVE_ALT, which ArduPilot assumes). */
  frame: number;
  from: Peer;
}

/** Returns a MAV_RESULT; the vehicle sends the COMMAND_ACK. */
export type CommandHandler = (req: CommandRequest, vehicle: SimVehicle) => number;

export interface SimVehicleOptions {
  sysid: number;
  home: GeoPoint;
  config?: Partial<VehicleConfig>;
  /** Where encoded frames go (the simulator's outgoing fault injector, then the link). */
  output: (frame: Uint8Array) => void;
  /** Wall-clock time at sim time 0, µs since the Unix epoch (GPS_RAW_INT/HOME_POSITION time_usec). */
  epoch_us?: bigint;
  /** MAVLink 2 signing: the key stored at boot (signing required from the start), the trusted (USB) link. */
  signing?: VehicleSigningOptions;
}

export class SimVehicle {
  readonly sysid: number;
  readonly compid = MAV_COMP_ID_AUTOPILOT1;
  readonly home: GeoPoint;
  readonly cfg: VehicleConfig;
  readonly kin: Kinematics;
  readonly battery: Battery;
  readonly telemetry: TelemetryScheduler;
  readonly epoch_us: bigint;
  /** Sim time since boot. */
  t_ms = 0;
  armed = false;
  armedAt_ms = 0;
  mode: number = COPTER_MODE.STABILIZE;
  /** Why the current mode was entered (ArduCopter's ModeReason, simplified). */
  modeReason: ModeChangeReason | 'boot' = 'boot';
  failsafe = { battery: false };
  /** Position estimate up: GPS 3D fix, home set. */
  ekfReady = false;
  /** The GCS that sent the last command (COMMAND_ACK goes there). */
  gcs: Peer = { sysid: 255, compid: 190 };
  /** What AUTO and MISSION_START fly: the mission server's runner (mission-server.ts attaches it). */
  flightPlan: FlightPlan | undefined;
  /** The mission protocol's vehicle side: stored mission, fence and rally, AUTO execution, camera, fence. */
  readonly mission: MissionServer;
  /** Navigation task: RTL and LAND (as modes or as mission items in AUTO) run until touchdown. */
  nav: NavTask = 'hold';
  rtl: RtlState = { stage: 'climb', stage_ms: 0 };
  /** Frames sent, by message id (tests and diagnostics). */
  readonly sentCounts = new Map<number, number>();
  /** MAVLink 2 signing (signing.ts): the key, the checks on what arrives and their counts. */
  readonly signing: VehicleSigning;

  private readonly encoder: FrameEncoder;
  private readonly output: (frame: Uint8Array) => void;
  private readonly handlers = new Map<number, Set<MessageHandler>>();
  private readonly commands = new Map<number, CommandHandler>();
  private readonly stepHooks = new Set<(dt_s: number) => void>();

  constructor(opts: SimVehicleOptions) {
    if (!Number.isInteger(opts.sysid) || opts.sysid < 1 || opts.sysid > 250) {
      throw new Error(`simulated vehicle: sysid must be an integer 1..250, got ${opts.sysid}`);
    }
    this.sysid = opts.sysid;
    this.home = { ...opts.home };
    this.cfg = vehicleConfig(opts.config);
    this.kin = new Kinematics(this.cfg);
    this.battery = new Battery(this.cfg);
    this.epoch_us = opts.epoch_us ?? BigInt(Date.now()) * 1000n;
    this.encoder = new FrameEncoder({ sysid: this.sysid, compid: this.compid, version: 2 });
    this.output = opts.output;
    this.signing = new VehicleSigning(opts.signing);
    this.telemetry = new TelemetryScheduler(this);
    registerDefaultHandlers(this);
    registerDefaultCommands(this);
    registerSigningHandler(this);
    this.mission = new MissionServer(this);
  }

  /** Subscribe to a message id addressed to this vehicle (or broadcast); returns the unsubscribe function. */
  onMessage(msgid: number, handler: MessageHandler): () => void {
    let set = this.handlers.get(msgid);
    if (!set) this.handlers.set(msgid, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Handle a MAV_CMD (replacing any handler it had); returns a function restoring the previous one. */
  onCommand(command: number, handler: CommandHandler): () => void {
    const previous = this.commands.get(command);
    this.commands.set(command, handler);
    return () => {
      if (previous) this.commands.set(command, previous);
      else this.commands.delete(command);
    };
  }

  commandHandler(command: number): CommandHandler | undefined {
    return this.commands.get(command);
  }

  /** Run `hook` after every physics step (protocol timeouts and the like); returns the unsubscribe function. */
  onStep(hook: (dt_s: number) => void): () => void {
    this.stepHooks.add(hook);
    return () => this.stepHooks.delete(hook);
  }

  /** A frame from the link: checked (signing), decoded and dispatched if addressed to this vehicle. */
  receive(frame: Frame): void {
    if (frame.sysid === this.sysid && frame.compid === this.compid) return;
    if (!this.signing.accept(frame)) return;
    const set = this.handlers.get(frame.msgid);
    if (!set || set.size === 0) return;
    const msg = decodeFrame(frame);
    if (!msg) return;
    const target = msg as unknown as { targetSystem?: number; targetComponent?: number };
    if (typeof target.targetSystem === 'number' && target.targetSystem !== 0 && target.targetSystem !== this.sysid) return;
    if (typeof target.targetComponent === 'number' && target.targetComponent !== 0 && target.targetComponent !== this.compid) return;
    const from = { sysid: frame.sysid, compid: frame.compid };
    for (const h of [...set]) h(msg, from, frame);
  }

  /** Advance the vehicle by `dt_s` seconds of sim time. */
  step(dt_s: number): void {
    this.t_ms += dt_s * 1000;
    if (!this.ekfReady && this.t_ms >= this.cfg.ekf_ready_s * 1000) this.positionEstimateUp();
    stepMode(this, dt_s);
    const { touchdown } = this.kin.step(dt_s, this.armed);
    if (touchdown) this.onTouchdown();
    this.battery.step(dt_s, !this.armed ? { kind: 'disarmed' } : this.kin.landed ? { kind: 'ground-idle' }
      : { kind: 'flying', groundSpeed_mps: this.kin.groundSpeed_mps, climb_mps: -this.kin.vel.d });
    autoDisarmCheck(this);
    batteryFailsafeCheck(this);
    for (const hook of [...this.stepHooks]) hook(dt_s);
    this.telemetry.step();
  }

  send(msg: MavLinkData): void {
    const id = (msg.constructor as unknown as { MSG_ID: number }).MSG_ID;
    this.sentCounts.set(id, (this.sentCounts.get(id) ?? 0) + 1);
    this.output(this.signing.sign(this.encoder.encode(msg)));
  }

  sendText(severity: number, text: string): void {
    const msg = new common.StatusText();
    msg.severity = severity;
    msg.text = text.slice(0, 50);
    this.send(msg);
  }

  /** COMMAND_ACK for `command` to `to` (the sender of the command). */
  ack(command: number, result: number, to: Peer): void {
    const msg = new common.CommandAck();
    msg.command = command;
    msg.result = result;
    msg.progress = 0;
    msg.resultParam2 = 0;
    msg.targetSystem = to.sysid;
    msg.targetComponent = to.compid;
    this.send(msg);
  }

  /** Where the vehicle is: WGS-84, altitude AMSL and above home. */
  position(): { lat_deg: number; lon_deg: number; alt_m: number; alt_rel_m: number } {
    const { lat_deg, lon_deg } = offsetLatLon(this.home, this.kin.pos.n, this.kin.pos.e);
    return { lat_deg, lon_deg, alt_m: this.home.alt_m - this.kin.pos.d, alt_rel_m: -this.kin.pos.d };
  }

  /** Local north/east metres of a WGS-84 point, relative to home. */
  localOf(lat_deg: number, lon_deg: number): { n: number; e: number } {
    return latLonToNe(this.home, lat_deg, lon_deg);
  }

  get flying(): boolean {
    return this.armed && !this.kin.landed;
  }

  private positionEstimateUp(): void {
    this.ekfReady = true;
    this.sendText(common.MavSeverity.INFO, 'EKF3 IMU0 is using GPS');
    this.sendText(common.MavSeverity.INFO, 'EKF3 IMU0 origin set');
    this.telemetry.sendNow(common.HomePosition.MSG_ID);
  }

  private onTouchdown(): void {
    if (!this.armed) return;
    if (this.nav !== 'hold') {
      this.disarmNow('Disarming motors');
    } else {
      this.armedAt_ms = this.t_ms; // landed again: the auto-disarm countdown starts over
    }
  }

  /** Disarm without checks (landing, auto-disarm, failsafe, forced). */
  disarmNow(text: string): void {
    if (!this.armed) return;
    this.armed = false;
    this.sendText(common.MavSeverity.INFO, text);
  }
}
