// Flying the stored mission in AUTO, modelled on ArduPilot's AP_Mission + ArduCopter's ModeAuto: one navigation
// command and one DO/CONDITION command active at a time; DO commands that follow a navigation command start when
// it completes; DO_JUMP with repeat counts (-1 forever); resume where the mission stopped; at the end without
// RTL/LAND the copter holds where it is. MISSION_ITEM_REACHED is sent for every command ArduCopter verifies itself
// (navigation commands, and DO_CHANGE_SPEED / ROI / CONDITION_YAW / CONDITION_DELAY / DO_FENCE_ENABLE), not for
// those AP_Mission handles (relay, servo, camera, DO_JUMP). MISSION_CURRENT goes out whenever the current
// navigation command changes, besides the telemetry stream.
import { common } from 'node-mavlink';
import type { MissionItem } from '../../patrol/mission/mission-item';
import { type Switches, startDo, type DoExec } from './mission-actions';
import type { SimCamera } from './mission-camera';
import { missionItemReached } from './mission-codec';
import { isNavCommand, startNav, type NavExec } from './mission-nav';
import type { MissionStore } from './mission-store';
import { COPTER_MODE } from './copter-modes';
import type { FlightPlan, MissionProgress } from './flight-plan';
import type { SimVehicle } from './vehicle';

const { MavCmd, MavSeverity, MissionState } = common;

const NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [MavCmd.NAV_WAYPOINT, 'WP'], [MavCmd.NAV_RETURN_TO_LAUNCH, 'RTL'], [MavCmd.NAV_LOITER_UNLIM, 'LoitUnlim'],
  [MavCmd.NAV_LOITER_TIME, 'LoitTime'], [MavCmd.NAV_TAKEOFF, 'Takeoff'], [MavCmd.NAV_LAND, 'Land'],
  [MavCmd.CONDITION_DELAY, 'CondDelay'], [MavCmd.CONDITION_YAW, 'CondYaw'], [MavCmd.DO_CHANGE_SPEED, 'ChangeSpeed'],
  [MavCmd.DO_SET_SERVO, 'SetServo'], [MavCmd.DO_SET_RELAY, 'SetRelay'], [MavCmd.DO_DIGICAM_CONTROL, 'DigiCamCtrl'],
  [MavCmd.DO_SET_ROI, 'SetROI'], [MavCmd.DO_SET_ROI_LOCATION, 'SetROI'], [MavCmd.DO_SET_ROI_NONE, 'SetROI'],
  [MavCmd.DO_FENCE_ENABLE, 'FenceEnable'], [MavCmd.IMAGE_START_CAPTURE, 'ImageStartCapture'],
]);

type RunState = 'stopped' | 'running' | 'complete';

interface Found {
  seq: number;
  item: MissionItem;
}

export class MissionRunner implements FlightPlan {
  state: RunState = 'stopped';
  /** Index of the current navigation command (what MISSION_CURRENT reports; 0 before any). */
  current = 0;
  private nav: NavExec | undefined;
  private doSeq: number | undefined;
  private doExec: DoExec | undefined;
  private doAllDone = false;
  /** Where a resumed mission starts again (undefined: from the top). */
  private resumeAt: number | undefined;
  private readonly jumps = new Map<number, number>();

  constructor(private readonly v: SimVehicle, private readonly store: MissionStore, private readonly camera: SimCamera, private readonly sw: Switches) {}

  private get items(): readonly MissionItem[] {
    return this.store.items(0);
  }

  hasMission(): boolean {
    return this.items.length > 1;
  }

  progress(): MissionProgress {
    const total = Math.max(0, this.items.length - 1);
    const state = !this.hasMission() ? MissionState.NO_MISSION
      : this.state === 'running' ? MissionState.ACTIVE : this.state === 'complete' ? MissionState.COMPLETE : MissionState.NOT_STARTED;
    return { seq: this.current, total, state };
  }

  start(v: SimVehicle, firstSeq?: number): boolean {
    if (!this.hasMission()) return false;
    if (this.state === 'running') return firstSeq === undefined || this.setCurrent(firstSeq); // MISSION_START while flying it
    if (firstSeq !== undefined && firstSeq >= 1 && firstSeq < this.items.length) this.resumeAt = firstSeq;
    const fresh = this.state === 'complete' || this.resumeAt === undefined;
    const from = fresh ? 1 : (this.resumeAt ?? 1);
    if (v.armed && v.kin.landed && this.peekNav(from)?.item.command !== MavCmd.NAV_TAKEOFF) {
      v.sendText(MavSeverity.CRITICAL, 'Auto: Missing Takeoff Cmd');
      return false;
    }
    if (fresh) this.jumps.clear();
    this.state = 'running';
    this.resumeAt = undefined;
    if (!this.advanceNav(from)) this.complete();
    return true;
  }

  step(): void {
    if (this.state !== 'running') return;
    if (this.nav?.verify()) this.navDone();
    if (this.state !== 'running') return;
    if (!this.doExec) this.advanceDo();
    else if (this.doExec.verify()) {
      if (this.doExec.reports && this.doSeq !== undefined) this.v.send(missionItemReached(this.doSeq));
      this.doExec = undefined;
    }
  }

  /** After every physics step: leaving AUTO stops the mission; a landing item ends with the touchdown. */
  afterStep(): void {
    if (this.state !== 'running') return;
    if (!this.v.armed) {
      if (this.nav?.verify()) this.navDone();
      if (this.state === 'running') this.stop();
      return;
    }
    if (this.v.mode !== COPTER_MODE.AUTO) this.stop();
  }

  /** MISSION_SET_CURRENT / DO_SET_MISSION_CURRENT: false when `seq` is not a mission item. */
  setCurrent(seq: number, resetJumps = false): boolean {
    const n = this.items.length;
    if (!Number.isInteger(seq) || n <= 1 || seq >= n) return false;
    const target = Math.max(1, seq);
    if (resetJumps) this.jumps.clear();
    if (this.state === 'running') {
      this.nav = undefined;
      if (!this.advanceNav(target)) this.complete();
      return true;
    }
    this.state = 'stopped';
    this.resumeAt = target;
    this.setCurrentSeq(this.peekNav(target)?.seq ?? target);
    return true;
  }

  /** The stored mission was replaced or cleared. */
  missionChanged(): void {
    if (!this.hasMission()) {
      this.state = 'stopped';
      this.nav = undefined;
      this.resumeAt = undefined;
      this.setCurrentSeq(0);
    } else if (this.state === 'running' && this.current >= this.items.length) {
      this.complete();
    }
  }

  private stop(): void {
    this.state = 'stopped';
    this.resumeAt = this.current > 0 ? this.current : undefined;
    this.nav = undefined;
    this.doExec = undefined;
  }

  private complete(): void {
    this.state = 'complete';
    this.nav = undefined;
    this.doExec = undefined;
    this.v.telemetry.sendNow(common.MissionCurrent.MSG_ID);
    if (this.v.armed && !this.v.kin.landed) this.v.kin.holdHere(); // ArduCopter: loiter in AUTO at the end
  }

  private navDone(): void {
    this.v.send(missionItemReached(this.current));
    this.nav = undefined;
    if (!this.advanceNav(this.current + 1)) this.complete();
  }

  private setCurrentSeq(seq: number): void {
    if (seq === this.current) return;
    this.current = seq;
    this.v.telemetry.sendNow(common.MissionCurrent.MSG_ID);
  }

  private announce(seq: number, item: MissionItem): void {
    this.v.sendText(MavSeverity.INFO, `Mission: ${seq} ${NAMES.get(item.command) ?? '?'}`);
  }

  /** The next command from `from`, following DO_JUMPs (counting their runs when `count`). AP_Mission::get_next_cmd. */
  private nextCmd(from: number, count: boolean): Found | undefined {
    const items = this.items;
    let seq = from;
    for (let guard = 0; seq < items.length && guard < items.length + 64; guard++) {
      const item = items[seq];
      if (item.command !== MavCmd.DO_JUMP) return { seq, item };
      const target = Math.round(item.param1);
      const repeat = Math.round(item.param2);
      if (target <= 0 || target >= items.length) return undefined;
      const done = this.jumps.get(seq) ?? 0;
      if (repeat === -1) {
        seq = target;
      } else if (done < repeat) {
        if (count) {
          this.jumps.set(seq, done + 1);
          this.v.sendText(MavSeverity.INFO, `Mission: ${seq} Jump ${done + 1}/${repeat}`);
        }
        seq = target;
      } else {
        seq++;
      }
    }
    return undefined;
  }

  private peekNav(from: number): Found | undefined {
    for (let seq = from, guard = 0; guard < this.items.length + 64; guard++) {
      const found = this.nextCmd(seq, false);
      if (!found || isNavCommand(found.item.command)) return found;
      seq = found.seq + 1;
    }
    return undefined;
  }

  /** Start the next navigation command from `from`, starting the first DO command met on the way. */
  private advanceNav(from: number): boolean {
    this.doExec = undefined;
    this.doSeq = undefined;
    this.doAllDone = false;
    let seq = from;
    for (let guard = 0; guard < this.items.length + 64; guard++) {
      const found = this.nextCmd(seq, true);
      if (!found) return false;
      if (isNavCommand(found.item.command)) {
        this.announce(found.seq, found.item);
        this.setCurrentSeq(found.seq);
        this.nav = startNav(this.v, found.item);
        if (!this.doExec) this.doAllDone = true;
        return true;
      }
      if (!this.doExec) {
        this.announce(found.seq, found.item);
        this.startDoAt(found);
      }
      seq = found.seq + 1;
    }
    return false;
  }

  /** The DO command after the one just finished, up to the next navigation command (AP_Mission::advance_current_do_cmd). */
  private advanceDo(): void {
    if (this.doAllDone || this.doSeq === undefined) return;
    const found = this.nextCmd(this.doSeq + 1, false);
    if (!found || isNavCommand(found.item.command)) {
      this.doAllDone = true;
      return;
    }
    this.announce(found.seq, found.item);
    this.startDoAt(found);
  }

  private startDoAt(found: Found): void {
    this.doSeq = found.seq;
    this.doExec = startDo(this.v, found.item, this.camera, this.sw);
  }
}
