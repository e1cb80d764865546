// The common part of one mission operation (a work item, after MAVSDK's mission transfer client): its step, its
// one timer, its counters, cancellation and the single place it finishes.
import { common, type MavLinkData } from 'node-mavlink';
import { MISSION_TYPE_NUMBER, type MissionType } from '../../../patrol/mission/mission-item';
import type { Clock, MavAddress, MessageSource, Sender, TimerHandle } from '../env';
import { missionAck } from './mission-wire';
import type { MissionOpOptions, MissionOperation, MissionOutcome, MissionResult, MissionTiming } from './mission-types';
import type { RttEstimator } from './rtt';

export interface TransferEnv {
  clock: Clock;
  send: Sender;
  gcs: MavAddress;
  /** Round trips measured with this client's vehicle(s), shared by its operations. */
  rtt: RttEstimator;
}

export type ResultExtra = Partial<Pick<MissionResult, 'items' | 'seq' | 'param' | 'ack' | 'detail'>>;

export abstract class Transfer {
  /** 'queued' until started, 'done' once finished; subclasses name the steps in between. */
  step = 'queued';
  protected done = 0;
  protected total = 0;
  protected retries = 0;
  /** Resends in the current step (reset by progress). */
  protected step_retries = 0;
  protected messages_sent = 0;
  private lastProgress_ms = 0;
  private started_ms: number | undefined;
  private timer: TimerHandle | undefined;
  private detachAbort: (() => void) | undefined;
  protected readonly typeNumber: number;

  constructor(
    protected readonly env: TransferEnv,
    readonly target: MavAddress,
    readonly operation: MissionOperation,
    readonly missionType: MissionType,
    protected readonly timing: MissionTiming,
    protected readonly opts: MissionOpOptions,
    private readonly resolve: (r: MissionResult) => void,
  ) {
    this.typeNumber = MISSION_TYPE_NUMBER[missionType];
    const signal = opts.signal;
    if (signal) {
      const onAbort = () => this.cancel('aborted by caller');
      signal.addEventListener('abort', onAbort, { once: true });
      this.detachAbort = () => signal.removeEventListener('abort', onAbort);
    }
  }

  get signalAborted(): boolean {
    return this.opts.signal?.aborted === true;
  }

  get finished(): boolean {
    return this.step === 'done';
  }

  /** Start talking; a signal already aborted finishes at once without sending. */
  begin(): void {
    if (this.finished) return;
    if (this.opts.signal?.aborted) {
      this.finish('cancelled', { detail: 'aborted before start' });
      return;
    }
    this.started_ms = this.env.clock.now_ms();
    this.lastProgress_ms = this.started_ms;
    this.start();
  }

  protected abstract start(): void;

  /** A message from the target (already filtered by source and by our address); subclasses check the rest. */
  abstract onMessage(msg: MavLinkData, from: MessageSource): void;

  /** Cancel: tell the vehicle (MISSION_ACK OPERATION_CANCELLED) if a transfer is under way, then finish. */
  cancel(detail: string): void {
    if (this.finished) return;
    if (this.step !== 'queued' && this.sendsCancelAck()) {
      this.sendMsg(missionAck(common.MavMissionResult.OPERATION_CANCELLED, this.typeNumber, this.target));
    }
    this.finish('cancelled', { detail });
  }

  /** Whether cancelling mid-operation must tell the vehicle (upload and download do; clear and set-current do not). */
  protected sendsCancelAck(): boolean {
    return false;
  }

  /** Send one message; false (and the operation finished as 'send_failed') if the sender threw. */
  protected sendMsg(msg: MavLinkData): boolean {
    this.messages_sent++;
    try {
      this.env.send(msg, this.target);
      return true;
    } catch (err) {
      this.finish('send_failed', { detail: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  /** The transfer moved on (a new item requested or received, a count answered): a fresh retry budget. */
  protected madeProgress(): void {
    this.step_retries = 0;
    this.lastProgress_ms = this.env.clock.now_ms();
  }

  /** How long to wait for an answer before resending, where the mission service says `spec_ms`. */
  protected resendDelay(spec_ms: number): number {
    const t = this.timing;
    if (!t.adaptive) return spec_ms;
    return this.env.rtt.retransmitDelay(t.min_resend_ms, spec_ms, Math.min(spec_ms, t.item_timeout_ms));
  }

  /** No more resends in this step: `retries` spent (fixed timing), or no progress for (retries + 1) × timeout_ms. */
  protected exhausted(): boolean {
    const t = this.timing;
    if (!t.adaptive) return this.step_retries >= t.retries;
    return this.env.clock.now_ms() - this.lastProgress_ms >= (t.retries + 1) * t.timeout_ms;
  }

  protected arm(delay_ms: number, cb: () => void): void {
    this.disarm();
    this.timer = this.env.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.finished) cb();
    }, delay_ms);
  }

  protected disarm(): void {
    if (this.timer) this.env.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  protected progress(done: number): void {
    if (done === this.done) return;
    this.done = done;
    this.opts.onProgress?.({ operation: this.operation, mission_type: this.missionType, done, total: this.total });
  }

  /** Is this a message for our mission type? (Fields of MISSION_* messages.) */
  protected ofOurType(msg: { missionType: number }): boolean {
    return msg.missionType === this.typeNumber;
  }

  protected finish(result: MissionOutcome, extra: ResultExtra = {}): void {
    if (this.finished) return;
    this.step = 'done';
    this.disarm();
    this.detachAbort?.();
    const now_ms = this.env.clock.now_ms();
    const r: MissionResult = {
      result, operation: this.operation, mission_type: this.missionType,
      done: this.done, total: this.total, retries: this.retries, messages_sent: this.messages_sent,
      seconds: (now_ms - (this.started_ms ?? now_ms)) / 1000,
    };
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) (r as unknown as Record<string, unknown>)[k] = v;
    this.resolve(r);
  }
}
