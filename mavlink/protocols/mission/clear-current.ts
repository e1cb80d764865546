// Clear (MISSION_CLEAR_ALL → MISSION_ACK) and set current (MISSION_SET_CURRENT → MISSION_CURRENT with that seq):
// one message resent on timeout until the retries are spent.
import { common, type MavLinkData } from 'node-mavlink';
import type { MissionType } from '../../../patrol/mission/mission-item';
import type { MavAddress } from '../env';
import { missionClearAll, missionSetCurrent } from './mission-wire';
import { missionResultName, outcomeOfAck, type MissionOpOptions, type MissionResult, type MissionTiming } from './mission-types';
import { Transfer, type TransferEnv } from './transfer';

const R = common.MavMissionResult;

abstract class OneShot extends Transfer {

  protected abstract message(): MavLinkData;
  protected abstract describe(): string;

  protected start(): void {
    this.step = 'awaiting_answer';
    this.transmit();
  }

  private transmit(): void {
    if (!this.sendMsg(this.message())) return;
    this.arm(this.timing.timeout_ms, () => {
      if (this.step_retries >= this.timing.retries) {
        this.finish('timeout', { detail: `no answer to ${this.describe()} after ${this.step_retries + 1} sends` });
        return;
      }
      this.step_retries++;
      this.retries++;
      this.transmit();
    });
  }

  protected failWithAck(type: number): void {
    const o = outcomeOfAck(type);
    const info = { type, type_name: missionResultName(type) };
    this.finish(o.result, { ack: info, param: o.param, detail: `vehicle answered ${info.type_name} to ${this.describe()}` });
  }
}

export class ClearTransfer extends OneShot {
  constructor(env: TransferEnv, target: MavAddress, missionType: MissionType, timing: MissionTiming, opts: MissionOpOptions, resolve: (r: MissionResult) => void) {
    super(env, target, 'clear', missionType, timing, opts, resolve);
  }

  protected message(): MavLinkData {
    return missionClearAll(this.typeNumber, this.target);
  }

  protected describe(): string {
    return 'MISSION_CLEAR_ALL';
  }

  onMessage(msg: MavLinkData): void {
    if (!(msg instanceof common.MissionAck) || !this.ofOurType(msg)) return;
    if (msg.type === R.ACCEPTED) this.finish('ok', { ack: { type: msg.type, type_name: missionResultName(msg.type) } });
    else if (msg.type !== R.INVALID_SEQUENCE) this.failWithAck(msg.type);
  }
}

export class SetCurrentTransfer extends OneShot {
  constructor(env: TransferEnv, target: MavAddress, timing: MissionTiming, opts: MissionOpOptions, private readonly seq: number, resolve: (r: MissionResult) => void) {
    super(env, target, 'set_current', 'mission', timing, opts, resolve);
  }

  protected message(): MavLinkData {
    return missionSetCurrent(this.seq, this.target);
  }

  protected describe(): string {
    return `MISSION_SET_CURRENT ${this.seq}`;
  }

  onMessage(msg: MavLinkData): void {
    if (msg instanceof common.MissionCurrent) {
      if (msg.seq === this.seq) this.finish('ok', { seq: this.seq });
    } else if (msg instanceof common.MissionAck && this.ofOurType(msg) && msg.type !== R.ACCEPTED && msg.type !== R.INVALID_SEQUENCE) {
      this.failWithAck(msg.type);
    }
  }
}
