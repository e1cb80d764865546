// The MAVLink mission protocol client: upload, download, clear and set-current for mission, fence and rally,
// after MAVSDK's MavlinkMissionTransferClient. One work item per operation (upload.ts, download.ts,
// clear-current.ts); operations to the same target run one after another (the protocol cannot tell two
// transfers apart), operations to different targets run side by side. Feed every decoded message to handle().
//
// Results are values (MissionResult), never exceptions; only malformed requests (bad target, an item that does
// not fit MISSION_ITEM_INT, bad timing) throw, naming what and where.
import { common, type MavLinkData } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../../patrol/mission/mission-item';
import { describeDifference, storedDifference } from '../../../patrol/mission/stored-compare';
import { DEFAULT_GCS, type Clock, type MavAddress, type MessageSource, type Sender } from '../env';
import { validateItem } from './mission-wire';
import {
  DEFAULT_MISSION_TIMING,
  type MissionOpOptions, type MissionResult, type MissionTiming, type UploadOptions,
} from './mission-types';
import { ClearTransfer, SetCurrentTransfer } from './clear-current';
import { DownloadTransfer } from './download';
import type { Transfer, TransferEnv } from './transfer';
import { UploadTransfer } from './upload';
import { RttEstimator } from './rtt';

export interface MissionClientOptions {
  clock: Clock;
  send: Sender;
  /** Our identity: messages addressed to another GCS are ignored (default 255/190). */
  gcs?: MavAddress;
  timing?: Partial<MissionTiming>;
}

const TYPES: readonly MissionType[] = ['mission', 'fence', 'rally'];
const isByte = (v: number) => Number.isInteger(v) && v >= 0 && v <= 255;

function validateTarget(op: string, target: MavAddress): void {
  if (!target || !isByte(target.sysid) || target.sysid === 0 || !isByte(target.compid)) {
    throw new Error(`MissionClient.${op}: target must be {sysid 1..255, compid 0..255}, got ${JSON.stringify(target)}`);
  }
}

function validateType(op: string, type: MissionType): void {
  if (!TYPES.includes(type)) throw new Error(`MissionClient.${op}: mission type must be one of ${TYPES.join(', ')}, got ${String(type)}`);
}

function mergeTiming(op: string, base: MissionTiming, over: Partial<MissionTiming> | undefined): MissionTiming {
  const t = { ...base, ...over };
  for (const k of ['timeout_ms', 'item_timeout_ms', 'boot_retry_delay_ms', 'min_resend_ms'] as const) {
    if (!(t[k] > 0) || !Number.isFinite(t[k])) throw new Error(`MissionClient.${op}: timing.${k} must be a finite number > 0, got ${t[k]}`);
  }
  for (const k of ['retries', 'boot_retries', 'download_window'] as const) {
    if (!Number.isInteger(t[k]) || t[k] < 0) throw new Error(`MissionClient.${op}: timing.${k} must be an integer >= 0, got ${t[k]}`);
  }
  return t;
}

/** Has this message target fields that name someone other than us? */
function addressedElsewhere(msg: MavLinkData, gcs: MavAddress): boolean {
  const m = msg as unknown as { targetSystem?: number; targetComponent?: number };
  if (typeof m.targetSystem === 'number' && m.targetSystem !== 0 && m.targetSystem !== gcs.sysid) return true;
  return typeof m.targetComponent === 'number' && m.targetComponent !== 0 && m.targetComponent !== gcs.compid;
}

const MISSION_MESSAGES = [
  common.MissionRequest, common.MissionRequestInt, common.MissionAck, common.MissionCount,
  common.MissionItemInt, common.MissionItem, common.MissionCurrent,
];

export class MissionClient {
  private readonly env: TransferEnv;
  private readonly timing: MissionTiming;
  /** Per target: the transfer in progress first, then the queued ones. */
  private readonly queues = new Map<string, Transfer[]>();

  constructor(opts: MissionClientOptions) {
    this.env = { clock: opts.clock, send: opts.send, gcs: opts.gcs ?? DEFAULT_GCS, rtt: new RttEstimator() };
    this.timing = mergeTiming('constructor', DEFAULT_MISSION_TIMING, opts.timing);
  }

  /** Upload `items` as seq 0..n-1 (send them as the vehicle holds them: see autopilot-adapter for ArduPilot's home). */
  upload(target: MavAddress, type: MissionType, items: readonly MissionItem[], opts: UploadOptions = {}): Promise<MissionResult> {
    validateTarget('upload', target);
    validateType('upload', type);
    if (!Array.isArray(items)) throw new Error('MissionClient.upload: items must be an array');
    if (items.length > 65535) throw new Error(`MissionClient.upload: at most 65535 items, got ${items.length}`);
    items.forEach((item, seq) => validateItem(item, seq));
    const timing = mergeTiming('upload', this.timing, opts.timing);
    return this.uploadChecked(target, type, items, opts, timing);
  }

  private async uploadChecked(target: MavAddress, type: MissionType, items: readonly MissionItem[], opts: UploadOptions, timing: MissionTiming): Promise<MissionResult> {
    const start_ms = this.env.clock.now_ms();
    let transfer: UploadTransfer | undefined;
    const up = await this.run(target, (resolve) => (transfer = new UploadTransfer(this.env, target, type, timing, opts, items, resolve)));
    const ambiguous = (up.result === 'timeout' || up.result === 'error') && transfer?.maybe_complete === true;
    if (!(up.result === 'ok' && opts.verify) && !ambiguous) return up;
    if (opts.signal?.aborted) return { ...up, result: 'cancelled', detail: 'aborted before the read-back' };
    const down = await this.download(target, type, { signal: opts.signal, timing: opts.timing });
    const merged = {
      ...up,
      retries: up.retries + down.retries,
      messages_sent: up.messages_sent + down.messages_sent,
      seconds: (this.env.clock.now_ms() - start_ms) / 1000,
    };
    if (down.result !== 'ok' || !down.items) {
      const why = ambiguous ? `${up.detail ?? up.result}; the read-back failed too` : 'upload acknowledged, but the verify download failed';
      return { ...merged, result: ambiguous ? up.result : down.result, detail: `${why}: ${down.detail ?? down.result}` };
    }
    const ignore = new Set(opts.verify_ignore_seqs ?? []);
    const diff = storedDifference(opts.storage ?? 'verbatim', type, items, down.items, ignore);
    if (diff) {
      const where = describeDifference(diff, opts.message_seq_offset ?? 0);
      if (ambiguous) return { ...merged, items: down.items, difference: diff, detail: `${up.detail ?? up.result}; the vehicle holds a different mission (${where})` };
      return { ...merged, result: 'verify_failed', seq: diff.seq, items: down.items, difference: diff, detail: `read-back differs: ${where}` };
    }
    const detail = ambiguous ? `${up.detail ?? ''}; read-back shows the whole mission stored` : undefined;
    return { ...merged, result: 'ok', done: items.length, items: down.items, detail, ack: up.ack, seq: undefined };
  }

  /** Download every item of `type` as the vehicle holds them (ArduPilot's home included; see autopilot-adapter). */
  download(target: MavAddress, type: MissionType, opts: MissionOpOptions = {}): Promise<MissionResult> {
    validateTarget('download', target);
    validateType('download', type);
    const timing = mergeTiming('download', this.timing, opts.timing);
    return this.run(target, (resolve) => new DownloadTransfer(this.env, target, type, timing, opts, resolve));
  }

  /** MISSION_CLEAR_ALL for one type. */
  clear(target: MavAddress, type: MissionType, opts: MissionOpOptions = {}): Promise<MissionResult> {
    validateTarget('clear', target);
    validateType('clear', type);
    const timing = mergeTiming('clear', this.timing, opts.timing);
    return this.run(target, (resolve) => new ClearTransfer(this.env, target, type, timing, opts, resolve));
  }

  /** MISSION_SET_CURRENT: ok once MISSION_CURRENT reports `seq` (a vehicle seq: shift it with the adapter). */
  setCurrent(target: MavAddress, seq: number, opts: MissionOpOptions = {}): Promise<MissionResult> {
    validateTarget('setCurrent', target);
    if (!Number.isInteger(seq) || seq < 0 || seq > 65535) throw new Error(`MissionClient.setCurrent: seq must be an integer 0..65535, got ${seq}`);
    const timing = mergeTiming('setCurrent', this.timing, opts.timing);
    return this.run(target, (resolve) => new SetCurrentTransfer(this.env, target, timing, opts, seq, resolve));
  }

  /** Feed every decoded message; only mission messages from a target with an operation in progress are used. */
  handle(msg: MavLinkData, from: MessageSource): void {
    if (!MISSION_MESSAGES.some((cls) => msg instanceof cls)) return;
    if (addressedElsewhere(msg, this.env.gcs)) return;
    for (const queue of [...this.queues.values()]) {
      const t = queue[0];
      if (t.step === 'queued' || t.finished) continue;
      if (from.sysid !== t.target.sysid || (t.target.compid !== 0 && from.compid !== t.target.compid)) continue;
      t.onMessage(msg, from);
    }
  }

  /** Operations queued or in progress. */
  pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Cancel everything ('cancelled'; transfers under way tell the vehicle); the client stays usable. */
  close(): void {
    for (const queue of [...this.queues.values()]) {
      for (const t of [...queue].reverse()) t.cancel('mission client closed');
    }
  }

  private run(target: MavAddress, make: (resolve: (r: MissionResult) => void) => Transfer): Promise<MissionResult> {
    const key = `${target.sysid}:${target.compid}`;
    return new Promise<MissionResult>((resolve) => {
      const transfer = make((r) => {
        const queue = this.queues.get(key);
        if (queue) {
          const i = queue.indexOf(transfer);
          if (i >= 0) queue.splice(i, 1);
          if (queue.length === 0) this.queues.delete(key);
          else if (i === 0) queue[0].begin();
        }
        resolve(r);
      });
      if (transfer.signalAborted) {
        transfer.cancel('aborted before start');
        return;
      }
      const queue = this.queues.get(key);
      if (queue) queue.push(transfer);
      else {
        this.queues.set(key, [transfer]);
        transfer.begin();
      }
    });
  }
}
