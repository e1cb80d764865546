// Download: MISSION_REQUEST_LIST → MISSION_COUNT → MISSION_REQUEST_INT for each seq → MISSION_ITEM_INT (legacy
// MISSION_ITEM accepted too) → our MISSION_ACK ACCEPTED.
//
//   request_list ──COUNT n>0──▶ request_items ──item k (k = next)──▶ request_items ──last item──▶ ACK ACCEPTED, done
//     │ ▲ timeout: resend          │ ▲ item timeout (250 ms): request the same item again
//     └─┘                          └─┘
//
// Items arrive strictly in order: one that is not the next expected (a duplicate, a stale answer) is ignored; a
// lost one is requested again until the retries are spent ('timeout', never a partial 'ok').
import { common, type MavLinkData } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../../patrol/mission/mission-item';
import type { MavAddress } from '../env';
import { fromWireItem, missionAck, missionRequestInt, missionRequestList } from './mission-wire';
import { missionResultName, outcomeOfAck, type MissionOpOptions, type MissionResult, type MissionTiming } from './mission-types';
import { Transfer, type TransferEnv } from './transfer';

const R = common.MavMissionResult;

export class DownloadTransfer extends Transfer {
  private count = -1;
  private readonly items: MissionItem[] = [];
  /** When the current request was first sent (for round-trip samples). */
  private sent_ms = 0;
  /** A generic ERROR seen during the download: fatal only if the step then times out (see onAck). */
  private error_ack: number | undefined;

  constructor(env: TransferEnv, target: MavAddress, missionType: MissionType, timing: MissionTiming, opts: MissionOpOptions, resolve: (r: MissionResult) => void) {
    super(env, target, 'download', missionType, timing, opts, resolve);
  }

  protected override sendsCancelAck(): boolean {
    return true;
  }

  protected start(): void {
    this.requestList();
  }

  private requestList(): void {
    this.step = 'request_list';
    if (this.step_retries === 0) this.sent_ms = this.env.clock.now_ms();
    if (!this.sendMsg(missionRequestList(this.typeNumber, this.target))) return;
    this.arm(this.resendDelay(this.timing.timeout_ms), () => {
      if (this.exhausted()) {
        this.timeout(`no MISSION_COUNT after ${this.step_retries + 1} MISSION_REQUEST_LIST sends`);
        return;
      }
      this.step_retries++;
      this.retries++;
      this.requestList();
    });
  }

  private requestNext(): void {
    const seq = this.items.length;
    if (this.step_retries === 0) this.sent_ms = this.env.clock.now_ms();
    if (!this.sendMsg(missionRequestInt(seq, this.typeNumber, this.target))) return;
    this.arm(this.resendDelay(this.timing.item_timeout_ms), () => {
      if (this.exhausted()) {
        this.sendMsg(missionAck(R.OPERATION_CANCELLED, this.typeNumber, this.target));
        this.timeout(`item ${seq} not received after ${this.step_retries + 1} requests`, seq);
        return;
      }
      this.step_retries++;
      this.retries++;
      this.requestNext();
    });
  }

  /** Karn's rule: only an answer to a request sent once says how long a round trip takes. */
  private sampleRtt(): void {
    if (this.step_retries === 0) this.env.rtt.sample(this.env.clock.now_ms() - this.sent_ms);
  }

  private timeout(detail: string, seq?: number): void {
    if (this.error_ack === undefined) {
      this.finish('timeout', { seq, detail });
      return;
    }
    const info = { type: this.error_ack, type_name: missionResultName(this.error_ack) };
    this.finish('error', { seq, ack: info, detail: `${detail}; the vehicle answered ${info.type_name}` });
  }

  onMessage(msg: MavLinkData): void {
    if (msg instanceof common.MissionCount) {
      if (this.ofOurType(msg)) this.onCount(msg.count);
    } else if (msg instanceof common.MissionItemInt || msg instanceof common.MissionItem) {
      if (this.ofOurType(msg) && this.step === 'request_items' && msg.seq === this.items.length) this.onItem(fromWireItem(msg));
    } else if (msg instanceof common.MissionAck) {
      if (this.ofOurType(msg)) this.onAck(msg.type);
    }
  }

  private onCount(count: number): void {
    if (this.step === 'request_items') {
      if (count !== this.count) {
        this.sendMsg(missionAck(R.OPERATION_CANCELLED, this.typeNumber, this.target));
        this.finish('protocol_error', { detail: `MISSION_COUNT changed from ${this.count} to ${count} during the download` });
      }
      return;
    }
    this.count = count;
    this.total = count;
    this.sampleRtt();
    this.madeProgress();
    if (count === 0) {
      this.sendMsg(missionAck(R.ACCEPTED, this.typeNumber, this.target));
      this.finish('ok', { items: [] });
      return;
    }
    this.step = 'request_items';
    this.requestNext();
  }

  private onItem(item: MissionItem): void {
    this.items.push(item);
    this.sampleRtt();
    this.madeProgress();
    this.progress(this.items.length);
    if (this.items.length < this.count) {
      this.requestNext();
      return;
    }
    this.sendMsg(missionAck(R.ACCEPTED, this.typeNumber, this.target));
    this.finish('ok', { items: [...this.items] });
  }

  private onAck(type: number): void {
    if (type === R.ACCEPTED || type === R.INVALID_SEQUENCE) return; // not an answer to anything we asked
    // ArduPilot answers an item that reaches it after an upload completed (a duplicate) with ERROR; when a
    // download follows at once, that ack can land here. A real ERROR repeats and the step times out with it.
    if (type === R.ERROR) {
      this.error_ack = type;
      return;
    }
    const o = outcomeOfAck(type);
    const info = { type, type_name: missionResultName(type) };
    this.finish(o.result, { ack: info, param: o.param, detail: `vehicle answered ${info.type_name} during the download` });
  }
}
