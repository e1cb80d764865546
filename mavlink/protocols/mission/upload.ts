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

export class UploadTransfer extends Transfer {
  private highest_requested = -1;
  private step_retries = 0;
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
    if (!this.sendMsg(missionCount(this.items.length, this.typeNumber, this.target))) return;
    this.arm(this.timing.timeout_ms, () => this.onTimeout());
  }

  private sendItem(seq: number): void {
    if (!this.sendMsg(toItemInt(this.items[seq], seq, this.typeNumber, this.target))) return;
    this.arm(this.timing.timeout_ms, () => this.onTimeout());
  }

  private onTimeout(): void {
    if (this.final_error !== undefined) {
      this.maybe_complete = true;
      const info = { type: this.final_error, type_name: missionResultName(this.final_error) };
      this.finish('error', { ack: info, detail: `${info.type_name} after the last item was sent and no ACCEPTED: the final ACCEPTED may have been lost` });
      return;
    }
    if (this.step_retries >= this.timing.retries) {
      const sends = this.step_retries + 1;
      if (this.step === 'send_count') {
        this.finish('timeout', { detail: `no request for item 0 after ${sends} MISSION_COUNT sends` });
      } else if (this.highest_requested === this.items.length - 1) {
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
    else this.sendItem(this.highest_requested);
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
    if (seq > this.highest_requested + 1) {
      this.protocolError(`wrong sequence: item ${seq} requested, expected at most ${this.highest_requested + 1}`, seq);
      return;
    }
    if (seq > this.highest_requested) {
      this.highest_requested = seq;
      this.step_retries = 0;
      this.progress(seq);
    }
    this.step = 'send_items';
    this.sendItem(seq);
  }

  private onAck(type: number): void {
    const count = this.items.length;
    const info = { type, type_name: missionResultName(type) };
    if (type === R.ACCEPTED) {
      if (this.step === 'boot_wait' && count > 0) return; // a stale answer from before the wait
      if (count === 0 || this.highest_requested === count - 1) {
        this.progress(count);
        this.finish('ok', { ack: info });
      } else {
        this.finish('protocol_error', { ack: info, detail: `ACCEPTED after ${this.highest_requested + 1} of ${count} items were requested` });
      }
      return;
    }
    if (type === R.INVALID_SEQUENCE) return; // ArduPilot: a duplicated item; the transfer goes on
    if (this.step === 'boot_wait') return; // duplicates of the error that started the wait
    const startingUp = (type === R.ERROR || type === R.UNSUPPORTED) && this.highest_requested < 0;
    if (startingUp && this.boot_retries_done < this.timing.boot_retries) {
      this.boot_retries_done++;
      this.retries++;
      this.step = 'boot_wait';
      this.arm(this.timing.boot_retry_delay_ms, () => {
        this.step_retries = 0;
        this.sendCount();
      });
      return;
    }
    if (type === R.ERROR && this.highest_requested === count - 1) {
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
