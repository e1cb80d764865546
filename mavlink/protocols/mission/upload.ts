// Upload: MISSION_COUNT → the vehicle asks for each item (MISSION_REQUEST_INT, or MISSION_REQUEST as ArduPilot
// does) → MISSION_ITEM_INT → MISSION_ACK.
//
//   send_count ──request 0──▶ send_items ──request k (k ≤ highest+1)──▶ send_items ──ACK ACCEPTED (all sent)──▶ done
//     │ ▲ timeout: resend COUNT        │ ▲ timeout: resend the highest requested item
//     │ └──────────┘                   │ └─────────┘
//     └─ ERROR / UNSUPPORTED before any request (storage starting after boot) ─▶ boot_wait ──delay──▶ send_count
//
// Tolerated: duplicated and stale requests (the requested item is sent again), MAV_MISSION_INVALID_SEQUENCE acks
// (ArduPilot's answer to a duplicated item; the transfer goes on and the timeout covers a real loss).
// protocol_error: a request beyond the count, a request that skips ahead (the vehicle cannot have the items in
// between), an ACCEPTED ack before the last item was requested. Never 'ok' for a partial transfer.
import { common, type MavLinkData } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../../patrol/mission/mission-item';
import type { MavAddress } from '../env';
import { missionAck, missionCount, toItemInt } from './mission-wire';
import { missionResultName, outcomeOfAck, type MissionOpOptions, type MissionResult, type MissionTiming } from './mission-types';
import { Transfer, type TransferEnv } from './transfer';

const R = common.MavMissionResult;
/** Items an upload sends ahead of their requests after one probe (see onAck). */
const MAX_WALK = 2;

export class UploadTransfer extends Transfer {
  private highest_requested = -1;
  /** When the message that the next request answers was first sent (for round-trip samples). */
  private sent_ms = 0;
  /** Where the walk ahead of the requests stands (see onAck); back to the highest requested on each probe. */
  private speculative = -1;
  /** The furthest item ever sent: the vehicle may have it, and ask for the one after. */
  private furthest_sent = -1;
  /** Items the walk may still send ahead since the last probe (see onAck); 0 while requests flow. */
  private walk_budget = 0;
  private boot_retries_done = 0;
  private final_error: number | undefined;
  /** Set when the end is ambiguous: every item was sent but the final ACCEPTED never came (lost?). */
  maybe_complete = false;

  constructor(
    env: TransferEnv, target: MavAddress, missionType: MissionType, timing: MissionTiming, opts: MissionOpOptions,
    private readonly items: readonly MissionItem[], resolve: (r: MissionResult) => void,
  ) {
    super(env, target, 'upload', missionType, timing, opts, resolve);
    this.total = items.length;
  }

  protected override sendsCancelAck(): boolean {
    return true;
  }

  protected start(): void {
    this.sendCount();
  }

  private sendCount(): void {
    this.step = 'send_count';
    if (this.step_retries === 0) this.sent_ms = this.env.clock.now_ms();
    if (!this.sendMsg(missionCount(this.items.length, this.typeNumber, this.target))) return;
    this.arm(this.resendDelay(this.timing.timeout_ms), () => this.onTimeout());
  }

  private sendItem(seq: number): void {
    this.furthest_sent = Math.max(this.furthest_sent, seq);
    if (!this.sendMsg(toItemInt(this.items[seq], seq, this.typeNumber, this.target))) return;
    this.arm(this.resendDelay(this.timing.timeout_ms), () => this.onTimeout());
  }

  private onTimeout(): void {
    if (this.final_error !== undefined) {
      this.maybe_complete = true;
      const info = { type: this.final_error, type_name: missionResultName(this.final_error) };
      this.finish('error', { ack: info, detail: `${info.type_name} after the last item was sent and no ACCEPTED: the final ACCEPTED may have been lost` });
      return;
    }
    if (this.exhausted()) {
      const sends = this.step_retries + 1;
      if (this.step === 'send_count') {
        this.finish('timeout', { detail: `no request for item 0 after ${sends} MISSION_COUNT sends` });
      } else if (this.lastItemSent) {
        this.maybe_complete = true;
        this.finish('timeout', { detail: `no final MISSION_ACK after ${sends} sends of the last item ${this.highest_requested}` });
      } else {
        this.finish('timeout', { seq: this.highest_requested + 1, detail: `no request for item ${this.highest_requested + 1} after ${sends} sends of item ${this.highest_requested}` });
      }
      return;
    }
    this.step_retries++;
    this.retries++;
    if (this.step === 'send_count') this.sendCount();
    else {
      // Probe from the highest requested item again: the vehicle waits either for it (our copy was lost) or for the
      // next one (its request was lost), so with adaptive timing both go, back to back, and one round trip settles
      // either case. INVALID_SEQUENCE answers walk further from there (onAck).
      this.speculative = this.highest_requested;
      this.sendItem(this.highest_requested);
      const next = this.highest_requested + 1;
      if (this.timing.adaptive && this.timing.speculate && next < this.items.length) {
        this.speculative = next;
        this.walk_budget = MAX_WALK;
        this.sendItem(next);
      }
    }
  }

  onMessage(msg: MavLinkData): void {
    if (msg instanceof common.MissionRequestInt || msg instanceof common.MissionRequest) {
      if (this.ofOurType(msg)) this.onRequest(msg.seq);
    } else if (msg instanceof common.MissionAck) {
      if (this.ofOurType(msg)) this.onAck(msg.type);
    }
  }

  private protocolError(detail: string, seq?: number): void {
    this.sendMsg(missionAck(R.OPERATION_CANCELLED, this.typeNumber, this.target));
    this.finish('protocol_error', { detail, seq });
  }

  private onRequest(seq: number): void {
    const count = this.items.length;
    if (seq >= count) {
      this.protocolError(`item ${seq} requested beyond the count ${count}`, seq);
      return;
    }
    // The vehicle may ask for anything up to one past the furthest item we sent (see onAck).
    const reach = Math.max(this.highest_requested, this.furthest_sent) + 1;
    if (seq > reach) {
      this.protocolError(`wrong sequence: item ${seq} requested, expected at most ${reach}`, seq);
      return;
    }
    if (seq > this.highest_requested) {
      if (this.step_retries === 0 && seq === this.highest_requested + 1) this.env.rtt.sample(this.env.clock.now_ms() - this.sent_ms);
      this.highest_requested = seq;
      this.speculative = seq;
      this.walk_budget = 0;
      this.madeProgress();
      this.sent_ms = this.env.clock.now_ms();
      this.progress(seq);
    }
    this.step = 'send_items';
    this.sendItem(seq);
  }

  /** The last item went out at least once: requested, or sent ahead of its request. */
  private get lastItemSent(): boolean {
    const last = this.items.length - 1;
    return this.highest_requested === last || this.furthest_sent === last;
  }

  private onAck(type: number): void {
    const count = this.items.length;
    const info = { type, type_name: missionResultName(type) };
    if (type === R.ACCEPTED) {
      if (this.step === 'boot_wait' && count > 0) return; // a stale answer from before the wait
      if (count === 0 || this.highest_requested === count - 1) {
        this.progress(count);
        this.finish('ok', { ack: info });
      } else if (this.lastItemSent) {
        // Every item went out, but the vehicle never asked for the last ones (its requests lost, or it accepts
        // too early): only a read-back can tell whether it holds the whole mission.
        this.maybe_complete = true;
        this.finish('error', { ack: info, detail: `ACCEPTED after ${this.highest_requested + 1} of ${count} items were requested; the last were sent ahead of their requests` });
      } else {
        this.finish('protocol_error', { ack: info, detail: `ACCEPTED after ${this.highest_requested + 1} of ${count} items were requested` });
      }
      return;
    }
    if (type === R.INVALID_SEQUENCE) {
      // ArduPilot's answer to an item it is not waiting for; the transfer goes on. It already has the items up to
      // the one we sent (its request for the next was lost, or the link duplicated ours): with adaptive timing,
      // send the next one now instead of waiting for the vehicle's re-request (1 s on ArduPilot). Each such answer
      // walks one item further; a probe after a timeout starts the walk again from the highest requested item.
      // The walk is bounded (MAX_WALK items per probe) so that a vehicle waiting for a lost item is not flooded.
      const next = this.speculative + 1;
      if (this.walk_budget > 0 && this.step === 'send_items' && next < count) {
        this.walk_budget--;
        this.retries++;
        this.speculative = next;
        this.sendItem(next);
      }
      return;
    }
    if (this.step === 'boot_wait') return; // duplicates of the error that started the wait
    const startingUp = (type === R.ERROR || type === R.UNSUPPORTED) && this.highest_requested < 0;
    if (startingUp && this.boot_retries_done < this.timing.boot_retries) {
      this.boot_retries_done++;
      this.retries++;
      this.step = 'boot_wait';
      this.arm(this.timing.boot_retry_delay_ms, () => {
        this.madeProgress();
        this.sendCount();
      });
      return;
    }
    if (type === R.ERROR && this.lastItemSent) {
      // ArduPilot answers an item that reaches it after the upload completed (a duplicate, or our resend when
      // the final ACCEPTED was lost) with ERROR. The ACCEPTED may still be on its way: wait for it until the
      // timeout, then end ambiguous (the client reads the mission back to decide).
      this.final_error = type;
      return;
    }
    const o = outcomeOfAck(type);
    const seq = this.highest_requested >= 0 ? this.highest_requested : undefined;
    this.finish(o.result, { ack: info, param: o.param, seq: o.result === 'invalid' ? seq : undefined, detail: `vehicle answered ${info.type_name}` + (seq !== undefined ? ` after item ${seq}` : ' to MISSION_COUNT') });
  }
}
