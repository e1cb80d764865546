// A minimal ground-station side for simulator tests: sends commands with its own encoder, decodes and
// keeps every message the simulator sends, time-stamped by the given clock.
import { common, minimal, type MavLinkData } from 'node-mavlink';
import { decodeFrame } from '../../mavlink/decoder';
import { FrameEncoder } from '../../mavlink/encoder';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { createBytePipe, type BytePort } from '../../mavlink/sim/byte-pipe';
import { Simulator, type SimulatorOptions } from '../../mavlink/sim/simulator';

export interface Received {
  t_ms: number;
  sysid: number;
  compid: number;
  msgid: number;
  seq: number;
  msg: MavLinkData;
}

type MsgClass<T extends MavLinkData> = { MSG_ID: number; new (): T };

export class TestGcs {
  readonly encoder = new FrameEncoder({ sysid: 255, compid: 190 });
  readonly scanner = new FrameScanner();
  readonly received: Received[] = [];
  private readonly unsubscribe: () => void;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly port: BytePort, private readonly clock: () => number) {
    this.unsubscribe = port.onData((chunk) => this.scanner.push(chunk, (frame) => {
      const msg = decodeFrame(frame);
      if (!msg) return;
      this.received.push({ t_ms: this.clock(), sysid: frame.sysid, compid: frame.compid, msgid: frame.msgid, seq: frame.seq, msg });
      for (const wake of [...this.waiters]) wake();
    }));
  }

  /** Resolve once `predicate` holds, checked now and on every message received; reject naming `what` after `timeout_ms`. */
  waitFor(what: string, predicate: () => boolean, timeout_ms = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeout_ms} ms waiting for ${what}`));
      }, timeout_ms);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.unsubscribe();
  }

  send(msg: MavLinkData): void {
    this.port.write(this.encoder.encode(msg));
  }

  command(sysid: number, command: number, params: number[] = []): void {
    const m = new common.CommandLong();
    m.targetSystem = sysid;
    m.targetComponent = 1;
    m.command = command;
    [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7] = [0, 1, 2, 3, 4, 5, 6].map((i) => params[i] ?? 0);
    this.send(m);
  }

  commandInt(sysid: number, command: number, frame: number, params: number[], x: number, y: number, z: number): void {
    const m = new common.CommandInt();
    m.targetSystem = sysid;
    m.targetComponent = 1;
    m.command = command;
    m.frame = frame;
    [m._param1, m._param2, m._param3, m._param4] = [0, 1, 2, 3].map((i) => params[i] ?? 0);
    m._param5 = x;
    m._param6 = y;
    m._param7 = z;
    this.send(m);
  }

  /** Messages of one class (optionally from one sysid), oldest first. */
  all<T extends MavLinkData>(cls: MsgClass<T>, sysid?: number): Array<Received & { msg: T }> {
    return this.received.filter((r) => r.msgid === cls.MSG_ID && (sysid === undefined || r.sysid === sysid)) as Array<Received & { msg: T }>;
  }

  last<T extends MavLinkData>(cls: MsgClass<T>, sysid?: number): T | undefined {
    const list = this.all(cls, sysid);
    return list.length ? list[list.length - 1].msg : undefined;
  }

  /** The last COMMAND_ACK for `command`. */
  ack(command: number, sysid?: number): common.CommandAck | undefined {
    return this.all(common.CommandAck, sysid).filter((r) => r.msg.command === command).pop()?.msg;
  }

  texts(sysid?: number): string[] {
    return this.all(common.StatusText, sysid).map((r) => r.msg.text);
  }

  heartbeat(sysid?: number): minimal.Heartbeat | undefined {
    return this.last(minimal.Heartbeat, sysid);
  }

  clear(): void {
    this.received.length = 0;
  }
}

/** A simulator and a test GCS over an in-process pipe, time driven by `sim.runFor`. */
export function pipeSim(opts: Omit<SimulatorOptions, 'port'> = {}): { sim: Simulator; gcs: TestGcs } {
  const { a, b } = createBytePipe();
  const sim = new Simulator({ epoch_us: 1_700_000_000_000_000n, ...opts, port: a });
  const gcs = new TestGcs(b, () => sim.sim_ms);
  return { sim, gcs };
}

export const GUIDED = 4;
export const CUSTOM = minimal.MavModeFlag.CUSTOM_MODE_ENABLED;
const { MavCmd } = common;

/** Boot past the EKF, GUIDED, arm, take off to `alt_m` and wait until there. */
export function armAndTakeoff(sim: Simulator, gcs: TestGcs, sysid: number, alt_m: number): void {
  const v = sim.vehicle(sysid);
  if (!v.ekfReady) sim.runFor(v.cfg.ekf_ready_s * 1000 + 100);
  gcs.command(sysid, MavCmd.DO_SET_MODE, [CUSTOM, GUIDED]);
  gcs.command(sysid, MavCmd.COMPONENT_ARM_DISARM, [1]);
  gcs.command(sysid, MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, alt_m]);
  sim.runFor((alt_m / v.cfg.climb_mps + 3) * 1000);
}

