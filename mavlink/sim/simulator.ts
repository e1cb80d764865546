// The simulator: N copters (sysid 1..N) behind one link, a fixed-step physics clock that runs K× wall time
// (or is driven directly with runFor), and fault injection on every frame in both directions.
import type { Frame } from '../frame';
import { FrameScanner } from '../frame-scanner';
import type { Link } from '../links/link';
import type { BytePort } from './byte-pipe';
import type { VehicleConfig } from './config';
import { FaultInjector, validateFaults, type FaultConfig } from './faults';
import { offsetLatLon, type GeoPoint } from './geo';
import { SimVehicle } from './vehicle';

/** ArduPilot SITL's default home (Canberra Model Aircraft Club). */
export const DEFAULT_HOME: Readonly<GeoPoint> = Object.freeze({ lat_deg: -35.363262, lon_deg: 149.165237, alt_m: 584 });
const TICK_MS = 10;
/** Most physics steps one wall-clock tick may run (a slow machine falls behind rather than stalls). */
const MAX_STEPS_PER_TICK = 2000;

export interface SimulatorOptions {
  /** Where the bytes go: a Link (already open) or one end of a byte pipe. */
  port: BytePort;
  /** Number of copters, sysid 1..N (default 1). */
  vehicles?: number;
  /** Home of vehicle 1; vehicle k sits (k-1) × spacing_m east of it. Default: ArduPilot SITL's home. */
  home?: GeoPoint;
  spacing_m?: number;
  /** Sim time per wall time (default 1). */
  speedup?: number;
  /** Physics step, ms of sim time (default 20). */
  dt_ms?: number;
  faults?: FaultConfig;
  /** Parameter overrides for every vehicle. */
  vehicle?: Partial<VehicleConfig>;
  /** Wall clock at sim time 0, µs since the epoch (default: now). */
  epoch_us?: bigint;
  /**
   * MAVLink 2 signing required by every vehicle from boot with this key (ArduPilot with a key stored); without it,
   * signing is off until a SETUP_SIGNING sets a key.
   */
  signing_key?: Uint8Array;
  /** The link is the vehicles' USB port (ArduPilot's channel 0): unsigned frames are taken even with a key set. */
  signing_trusted_link?: boolean;
  /** A message handler threw: the frame is skipped and the simulator carries on (default: console.error). */
  onError?: (err: Error, where: string) => void;
}

function checkNumber(name: string, value: number, min: number, max: number, integer = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new Error(`simulator: ${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${String(value)}`);
  }
}

export class Simulator {
  readonly vehicles: SimVehicle[];
  readonly speedup: number;
  readonly dt_ms: number;
  /** Frames from the link to the vehicles. */
  readonly inbound: FaultInjector<Frame>;
  /** Frames from the vehicles to the link. */
  readonly outbound: FaultInjector<Uint8Array>;
  readonly scanner = new FrameScanner();
  /** Sim time since boot. */
  sim_ms = 0;
  private manualLink_ms = 0;
  private wallStart_ms: number | undefined;
  private lastTick_ms = 0;
  private debt_ms = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  private stopped = false;
  /** Handler errors caught while dispatching frames. */
  errors = 0;

  constructor(private readonly opts: SimulatorOptions) {
    const count = opts.vehicles ?? 1;
    checkNumber('vehicles', count, 1, 250, true);
    this.speedup = opts.speedup ?? 1;
    checkNumber('speedup', this.speedup, 0.01, 10_000);
    this.dt_ms = opts.dt_ms ?? 20;
    checkNumber('dt_ms', this.dt_ms, 1, 1000);
    const home = opts.home ?? DEFAULT_HOME;
    checkNumber('home latitude', home.lat_deg, -90, 90);
    checkNumber('home longitude', home.lon_deg, -180, 180);
    checkNumber('home altitude', home.alt_m, -1000, 10_000);
    const spacing_m = opts.spacing_m ?? 5;
    checkNumber('spacing_m', spacing_m, 0, 10_000);
    const faults = validateFaults(opts.faults ?? {}, 'simulator faults');
    this.inbound = new FaultInjector<Frame>(faults, (frame) => this.dispatch(frame), 1);
    this.outbound = new FaultInjector<Uint8Array>(faults, (bytes) => this.opts.port.write(bytes), 2);
    const epoch_us = opts.epoch_us ?? BigInt(Date.now()) * 1000n;
    this.vehicles = Array.from({ length: count }, (_, i) => new SimVehicle({
      sysid: i + 1,
      home: { ...offsetLatLon(home, 0, i * spacing_m), alt_m: home.alt_m },
      config: opts.vehicle,
      epoch_us,
      signing: { key: opts.signing_key, trusted_link: opts.signing_trusted_link },
      output: (bytes) => {
        if (!this.stopped) this.outbound.push(bytes, this.link_ms);
      },
    }));
    this.unsubscribe = opts.port.onData((chunk, source) => {
      if (this.stopped) return;
      this.scanner.push(chunk, (frame) => this.inbound.push(frame, this.link_ms), source);
    });
  }

  vehicle(sysid: number): SimVehicle {
    const v = this.vehicles[sysid - 1];
    if (!v) throw new Error(`simulator: no vehicle with sysid ${sysid} (have 1..${this.vehicles.length})`);
    return v;
  }

  /** Link time (fault latency runs on it): wall ms when running on the timer, sim ms / speedup under runFor. */
  get link_ms(): number {
    return this.wallStart_ms === undefined ? this.manualLink_ms : performance.now() - this.wallStart_ms;
  }

  /** Advance sim time by `sim_ms` in fixed steps, deterministically (no wall clock). Not while started. */
  runFor(sim_ms: number): void {
    if (this.timer) throw new Error('simulator: runFor drives time only for a simulator not started on the wall clock');
    if (!Number.isFinite(sim_ms) || sim_ms < 0) throw new Error(`simulator: runFor needs a duration ≥ 0 ms, got ${sim_ms}`);
    const steps = Math.round(sim_ms / this.dt_ms);
    for (let i = 0; i < steps && !this.stopped; i++) {
      this.stepAll();
      this.manualLink_ms += this.dt_ms / this.speedup;
      this.pollFaults();
    }
  }

  /** Run on the wall clock: sim time advances speedup × wall time. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.wallStart_ms = performance.now() - this.manualLink_ms;
    this.lastTick_ms = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Stop the timer and detach from the port; frames still delayed by fault injection are dropped. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe();
  }

  private tick(): void {
    const now = performance.now();
    this.debt_ms += (now - this.lastTick_ms) * this.speedup;
    this.lastTick_ms = now;
    let steps = 0;
    while (this.debt_ms >= this.dt_ms && steps < MAX_STEPS_PER_TICK && !this.stopped) {
      this.stepAll();
      this.debt_ms -= this.dt_ms;
      steps++;
    }
    if (steps === MAX_STEPS_PER_TICK) this.debt_ms = 0; // cannot keep up: run slower than asked
    this.pollFaults();
  }

  private stepAll(): void {
    this.sim_ms += this.dt_ms;
    for (const v of this.vehicles) v.step(this.dt_ms / 1000);
  }

  private pollFaults(): void {
    const now = this.link_ms;
    this.inbound.poll(now);
    this.outbound.poll(now);
  }

  private dispatch(frame: Frame): void {
    for (const v of this.vehicles) {
      try {
        v.receive(frame);
      } catch (err) {
        this.errors++;
        const error = err instanceof Error ? err : new Error(String(err));
        const where = `vehicle ${v.sysid} handling message ${frame.msgid} from ${frame.sysid}/${frame.compid}`;
        if (this.opts.onError) this.opts.onError(error, where);
        else console.error(`simulator: ${where}: ${error.message}`);
      }
    }
  }
}

export interface StartSimulatorOptions extends Omit<SimulatorOptions, 'port'> {
  /** Any Link (udpin, udpout, tcp, tcpin, serial), opened here if it is not open yet. */
  link: Link | BytePort;
  /** Close the link on stop() (default true). */
  closeLinkOnStop?: boolean;
}

export interface SimulatorHandle {
  simulator: Simulator;
  /** The link it serves (e.g. its localPort tells which port udpin/tcpin port 0 picked). */
  link: Link | BytePort;
  vehicles: SimVehicle[];
  /** Stops timers, detaches from the link and (by default) closes it. */
  stop(): Promise<void>;
}

function isLink(port: Link | BytePort): port is Link {
  return typeof (port as Link).open === 'function' && typeof (port as Link).close === 'function';
}

/** Open the link if needed and run the simulator on the wall clock. */
export async function startSimulator(opts: StartSimulatorOptions): Promise<SimulatorHandle> {
  const { link, closeLinkOnStop = true, ...rest } = opts;
  // Build first: a bad option throws before any socket or port is opened (and left open).
  const simulator = new Simulator({ ...rest, port: link });
  try {
    if (isLink(link) && link.state === 'closed') await link.open();
  } catch (err) {
    simulator.stop();
    throw err;
  }
  simulator.start();
  return {
    simulator,
    link,
    vehicles: simulator.vehicles,
    async stop() {
      simulator.stop();
      if (closeLinkOnStop && isLink(link)) await link.close();
    },
  };
}
