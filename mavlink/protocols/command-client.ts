// The MAVLink command protocol as a state machine, after MAVSDK's mission transfer client: one work item per
// command, an explicit Step, an injected clock and sender, a typed result for every outcome.
//
//   queued ──start──▶ awaiting_ack ──ack IN_PROGRESS──▶ in_progress ──final ack──▶ done
//                       │  ▲ timeout: retransmit (COMMAND_LONG.confirmation + 1)      │ quiet too long → 'in_progress'
//                       │  └───────┘                                                  ▼
//                       └── final ack / no ack after every retry ('timeout') / abort ─▶ done
//
// At most one command with the same id is in flight per target; later ones queue behind it (an ack cannot tell
// two of them apart). Commands with different ids, or to different targets, run concurrently.
import { common, type MavLinkData } from 'node-mavlink';
import { DEFAULT_GCS, type Clock, type MavAddress, type MessageSource, type Sender, type TimerHandle } from './env';
import {
  commandName, mavResultName, outcomeOf,
  type CommandAckInfo, type CommandOptions, type CommandOutcome, type CommandRequest, type CommandResult,
} from './command-types';

export interface CommandClientOptions {
  clock: Clock;
  send: Sender;
  /** Our identity, to ignore acks addressed to another GCS (default 255/190). */
  gcs?: MavAddress;
  timeout_ms?: number;
  retries?: number;
  in_progress_timeout_ms?: number;
}

type Step = 'queued' | 'awaiting_ack' | 'in_progress' | 'done';

interface WorkItem {
  key: string;
  req: CommandRequest;
  timeout_ms: number;
  retries: number;
  in_progress_timeout_ms: number;
  step: Step;
  attempts: number;
  created_ms: number;
  first_sent_ms?: number;
  progress_pct?: number;
  timer?: TimerHandle;
  opts: CommandOptions;
  detachAbort?: () => void;
  resolve: (r: CommandResult) => void;
}

const UINT8 = (v: number) => Number.isInteger(v) && v >= 0 && v <= 255;

function validate(req: CommandRequest): void {
  const where = `command ${req.command}`;
  if (!Number.isInteger(req.command) || req.command < 0 || req.command > 65535) throw new Error(`CommandClient: command id must be an integer 0..65535, got ${req.command}`);
  if (!req.target || !UINT8(req.target.sysid) || req.target.sysid === 0 || !UINT8(req.target.compid)) {
    throw new Error(`CommandClient (${where}): target must be {sysid 1..255, compid 0..255}, got ${JSON.stringify(req.target)}`);
  }
  const params = req.params ?? [];
  if (params.length > (req.kind === 'long' ? 7 : 4)) throw new Error(`CommandClient (${where}): too many params (${params.length}) for COMMAND_${req.kind.toUpperCase()}`);
  if (params.some((p) => typeof p !== 'number')) throw new Error(`CommandClient (${where}): params must be numbers`);
  if (req.kind === 'int') {
    if (!UINT8(req.frame)) throw new Error(`CommandClient (${where}): frame must be 0..255, got ${req.frame}`);
    for (const [n, v] of [['x', req.x], ['y', req.y]] as const) {
      if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) throw new Error(`CommandClient (${where}): ${n} must be an int32, got ${v}`);
    }
  }
}

function buildMessage(req: CommandRequest, confirmation: number): MavLinkData {
  const p = (i: number) => req.params?.[i] ?? 0;
  if (req.kind === 'long') {
    const m = new common.CommandLong();
    m.targetSystem = req.target.sysid;
    m.targetComponent = req.target.compid;
    m.command = req.command;
    m.confirmation = Math.min(confirmation, 255);
    m._param1 = p(0); m._param2 = p(1); m._param3 = p(2); m._param4 = p(3);
    m._param5 = p(4); m._param6 = p(5); m._param7 = p(6);
    return m;
  }
  const m = new common.CommandInt();
  m.targetSystem = req.target.sysid;
  m.targetComponent = req.target.compid;
  m.command = req.command;
  m.frame = req.frame;
  m.current = 0;
  m.autocontinue = 0;
  m._param1 = p(0); m._param2 = p(1); m._param3 = p(2); m._param4 = p(3);
  m._param5 = req.x; m._param6 = req.y; m._param7 = req.z;
  return m;
}

export class CommandClient {
  private readonly clock: Clock;
  private readonly sender: Sender;
  private readonly gcs: MavAddress;
  private readonly defaults: { timeout_ms: number; retries: number; in_progress_timeout_ms: number };
  /** Per (target, command id): the item in flight first, then the queued ones. */
  private readonly queues = new Map<string, WorkItem[]>();

  constructor(opts: CommandClientOptions) {
    this.clock = opts.clock;
    this.sender = opts.send;
    this.gcs = opts.gcs ?? DEFAULT_GCS;
    this.defaults = {
      timeout_ms: opts.timeout_ms ?? 1500,
      retries: opts.retries ?? 3,
      in_progress_timeout_ms: opts.in_progress_timeout_ms ?? 5000,
    };
  }

  /** Send a command and resolve with its outcome. Throws only for a malformed request (bad ids, too many params). */
  send(req: CommandRequest, opts: CommandOptions = {}): Promise<CommandResult> {
    validate(req);
    const timeout_ms = opts.timeout_ms ?? this.defaults.timeout_ms;
    const retries = opts.retries ?? this.defaults.retries;
    if (!(timeout_ms > 0) || !Number.isInteger(retries) || retries < 0) {
      throw new Error(`CommandClient (command ${req.command}): timeout_ms must be > 0 and retries an integer >= 0, got ${timeout_ms} / ${retries}`);
    }
    return new Promise<CommandResult>((resolve) => {
      const item: WorkItem = {
        key: `${req.target.sysid}:${req.target.compid}:${req.command}`,
        req, timeout_ms, retries,
        in_progress_timeout_ms: opts.in_progress_timeout_ms ?? this.defaults.in_progress_timeout_ms,
        step: 'queued', attempts: 0, created_ms: this.clock.now_ms(), opts, resolve,
      };
      if (opts.signal?.aborted) {
        this.finish(item, 'cancelled', { error: 'aborted before sending' });
        return;
      }
      if (opts.signal) {
        const signal = opts.signal;
        const onAbort = () => this.finish(item, 'cancelled', { error: 'aborted by caller' });
        signal.addEventListener('abort', onAbort, { once: true });
        item.detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      const queue = this.queues.get(item.key);
      if (queue) queue.push(item);
      else {
        this.queues.set(item.key, [item]);
        this.start(item);
      }
    });
  }

  /** Feed every decoded message; only matching COMMAND_ACKs are used. */
  handle(msg: MavLinkData, from: MessageSource): void {
    if (!(msg instanceof common.CommandAck)) return;
    const ack = msg;
    if (ack.targetSystem !== 0 && ack.targetSystem !== this.gcs.sysid) return;
    if (ack.targetComponent !== 0 && ack.targetComponent !== this.gcs.compid) return;
    for (const queue of this.queues.values()) {
      const item = queue[0];
      if (item.step !== 'awaiting_ack' && item.step !== 'in_progress') continue;
      const t = item.req.target;
      if (ack.command !== item.req.command || from.sysid !== t.sysid || (t.compid !== 0 && from.compid !== t.compid)) continue;
      this.onAck(item, ack, from);
      return;
    }
  }

  /** Commands queued or in flight. */
  pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Cancel everything (outcome 'cancelled'); the client stays usable. */
  close(): void {
    for (const queue of [...this.queues.values()]) {
      for (const item of [...queue].reverse()) this.finish(item, 'cancelled', { error: 'command client closed' });
    }
  }

  private start(item: WorkItem): void {
    item.step = 'awaiting_ack';
    item.first_sent_ms = this.clock.now_ms();
    this.transmit(item);
  }

  private transmit(item: WorkItem): void {
    const msg = buildMessage(item.req, item.attempts);
    item.attempts++;
    try {
      this.sender(msg, item.req.target);
    } catch (err) {
      this.finish(item, 'send_failed', { error: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (item.step !== 'awaiting_ack') return; // the sender may have delivered an ack synchronously
    this.arm(item, item.timeout_ms, () => this.onTimeout(item));
  }

  private arm(item: WorkItem, delay_ms: number, cb: () => void): void {
    if (item.timer) this.clock.clearTimeout(item.timer);
    item.timer = this.clock.setTimeout(() => {
      item.timer = undefined;
      cb();
    }, delay_ms);
  }

  private onTimeout(item: WorkItem): void {
    if (item.step !== 'awaiting_ack') return;
    if (item.attempts <= item.retries) this.transmit(item);
    else this.finish(item, 'timeout');
  }

  private onAck(item: WorkItem, ack: InstanceType<typeof common.CommandAck>, from: MessageSource): void {
    const info: CommandAckInfo = {
      result: ack.result, result_name: mavResultName(ack.result), progress: ack.progress,
      result_param2: ack.resultParam2, from: { sysid: from.sysid, compid: from.compid },
    };
    if (ack.result === common.MavResult.IN_PROGRESS) {
      item.step = 'in_progress';
      item.progress_pct = ack.progress <= 100 ? ack.progress : item.progress_pct;
      item.opts.onProgress?.(ack.progress <= 100 ? ack.progress : undefined);
      this.arm(item, item.in_progress_timeout_ms, () => this.finish(item, 'in_progress', { ack: info }));
      return;
    }
    this.finish(item, outcomeOf(ack.result), { ack: info });
  }

  private finish(item: WorkItem, outcome: CommandOutcome, extra: { ack?: CommandAckInfo; error?: string } = {}): void {
    if (item.step === 'done') return;
    const wasActive = item.step !== 'queued';
    item.step = 'done';
    if (item.timer) this.clock.clearTimeout(item.timer);
    item.timer = undefined;
    item.detachAbort?.();
    const result: CommandResult = {
      result: outcome,
      command: item.req.command,
      command_name: commandName(item.req.command),
      attempts: item.attempts,
      elapsed_ms: this.clock.now_ms() - (item.first_sent_ms ?? item.created_ms),
    };
    if (item.progress_pct !== undefined) result.progress_pct = item.progress_pct;
    if (extra.ack) result.ack = extra.ack;
    if (extra.error) result.error = extra.error;
    const queue = this.queues.get(item.key);
    if (queue) {
      const i = queue.indexOf(item);
      if (i >= 0) queue.splice(i, 1);
      if (queue.length === 0) this.queues.delete(item.key);
      else if (wasActive && i === 0) this.start(queue[0]);
    }
    item.resolve(result);
  }
}
