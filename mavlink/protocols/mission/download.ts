// Download: MISSION_REQUEST_LIST → MISSION_COUNT → MISSION_REQUEST_INT for each seq → MISSION_ITEM_INT (legacy
// MISSION_ITEM accepted too) → our MISSION_ACK ACCEPTED.
//
//   request_list ──COUNT n>0──▶ request_items ──item k (k = next)──▶ request_items ──last item──▶ ACK ACCEPTED, done
//     │ ▲ timeout: resend          │ ▲ item timeout (250 ms): request the same item again
//     └─┘                          └─┘
//
// With fixed timing one item is asked for at a time, in order. With adaptive timing (the default) up to
// `download_window` items are asked for at once (a vehicle answers any MISSION_REQUEST_INT by seq), so a lost
// answer costs one resend delay for the window instead of one per item. Items are kept by seq; duplicates and
// stale answers change nothing; a missing one is asked for again until the retries are spent ('timeout', never
// a partial 'ok').
import { common, type MavLinkData } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../../patrol/mission/mission-item';
import type { MavAddress } from '../env';
import { fromWireItem, missionAck, missionRequestInt, missionRequestList } from './mission-wire';
import { missionResultName, outcomeOfAck, type MissionOpOptions, type MissionResult, type MissionTiming } from './mission-types';
import { Transfer, type TransferEnv } from './transfer';

const R = common.MavMissionResult;

export class DownloadTransfer extends Transfer {
  private count = -1;
  private received: Array<MissionItem | undefined> = [];
  private receivedCount = 0;
  /** Requested and not yet received: seq → whether it has been requested more than once (Karn's rule). */
  private readonly outstanding = new Map<number, { sent_ms: number; resent: boolean }>();
  private nextToRequest = 0;
  /** When the current list request was first sent (for round-trip samples). */
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

  private get window(): number {
    return this.timing.adaptive ? Math.max(1, this.timing.download_window) : 1;
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

  /** Keep the window full: ask for the next items not asked for yet. */
  private fillWindow(): void {
    while (this.outstanding.size < this.window && this.nextToRequest < this.count) {
      const seq = this.nextToRequest++;
      if (this.received[seq]) continue;
      this.outstanding.set(seq, { sent_ms: this.env.clock.now_ms(), resent: false });
      if (!this.sendMsg(missionRequestInt(seq, this.typeNumber, this.target))) return;
    }
    this.armItemTimer();
  }

  private armItemTimer(): void {
    this.arm(this.resendDelay(this.timing.item_timeout_ms), () => {
      const first = Math.min(...this.outstanding.keys());
      if (this.exhausted()) {
        this.sendMsg(missionAck(R.OPERATION_CANCELLED, this.typeNumber, this.target));
        this.timeout(`item ${first} not received after ${this.step_retries + 1} requests`, first);
        return;
      }
      this.step_retries++;
      this.retries++;
      for (const [seq, o] of this.outstanding) {
        o.resent = true;
        if (!this.sendMsg(missionRequestInt(seq, this.typeNumber, this.target))) return;
      }
      this.armItemTimer();
    });
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
      if (this.ofOurType(msg) && this.step === 'request_items' && this.outstanding.has(msg.seq)) this.onItem(msg.seq, fromWireItem(msg));
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
    this.received = new Array<MissionItem | undefined>(count);
    if (this.step_retries === 0) this.env.rtt.sample(this.env.clock.now_ms() - this.sent_ms);
    this.madeProgress();
    if (count === 0) {
      this.sendMsg(missionAck(R.ACCEPTED, this.typeNumber, this.target));
      this.finish('ok', { items: [] });
      return;
    }
    this.step = 'request_items';
    this.fillWindow();
  }

  private onItem(seq: number, item: MissionItem): void {
    const o = this.outstanding.get(seq);
    this.outstanding.delete(seq);
    if (o && !o.resent) this.env.rtt.sample(this.env.clock.now_ms() - o.sent_ms);
    this.received[seq] = item;
    this.receivedCount++;
    this.madeProgress();
    this.progress(this.receivedCount);
    if (this.receivedCount < this.count) {
      this.fillWindow();
      return;
    }
    this.sendMsg(missionAck(R.ACCEPTED, this.typeNumber, this.target));
    this.finish('ok', { items: this.received as MissionItem[] });
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
