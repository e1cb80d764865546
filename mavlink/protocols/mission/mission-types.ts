// Options, timing and typed results of the MAVLink mission protocol (upload, download, clear, set current).
import { common } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../../patrol/mission/mission-item';
import type { ItemDifference, ItemStorage } from '../../../patrol/mission/stored-compare';

export type MissionOperation = 'upload' | 'download' | 'clear' | 'set_current';

/**
 * Protocol timing. Defaults follow the MAVLink mission service: 1500 ms for an acknowledgement or response,
 * 250 ms before re-requesting a missing item on download, 5 retries. `retries` counts per step: it is reset
 * whenever the transfer makes progress (a new item requested or received).
 */
export interface MissionTiming {
  /** Wait for MISSION_REQUEST(_INT) / MISSION_ACK / MISSION_COUNT / MISSION_CURRENT this long before resending. */
  timeout_ms: number;
  /** Download: wait for a requested item this long before requesting it again. */
  item_timeout_ms: number;
  /** Resends of one message before giving up with `timeout`. */
  retries: number;
  /** Upload: how often an ERROR / UNSUPPORTED answer to MISSION_COUNT (ArduPilot's mission storage still starting) is retried. */
  boot_retries: number;
  /** Upload: wait this long after such an answer before sending MISSION_COUNT again. */
  boot_retry_delay_ms: number;
  /**
   * Adaptive retransmission (default on): resend after a few measured round trips (at least `min_resend_ms`)
   * instead of the fixed timeouts above, which remain the longest waits; a transfer then gives up after
   * (retries + 1) × timeout_ms without progress, the same stall budget as with fixed timing. Off: exactly the
   * fixed timeouts and `retries` resends per step.
   */
  adaptive: boolean;
  min_resend_ms: number;
  /** Adaptive download: items asked for at once (1 for PX4, which answers only the next or the last item). */
  download_window: number;
  /**
   * Adaptive upload: after a timeout, send the next item with the resent one, and up to two more as the vehicle
   * answers INVALID_SEQUENCE (ArduPilot). Off for PX4, which aborts an upload on an item it did not ask for.
   */
  speculate: boolean;
}

export const DEFAULT_MISSION_TIMING: Readonly<MissionTiming> = Object.freeze({
  timeout_ms: 1500,
  item_timeout_ms: 250,
  retries: 5,
  boot_retries: 3,
  boot_retry_delay_ms: 2000,
  adaptive: true,
  min_resend_ms: 20,
  download_window: 4,
  speculate: true,
});

export type MissionOutcome =
  | 'ok'
  /** Nothing (or not the next expected message) arrived after the first send and every retry. */
  | 'timeout'
  /** MAV_MISSION_DENIED (e.g. another ground station is transferring). */
  | 'denied'
  /** MAV_MISSION_NO_SPACE: more items than the vehicle stores. */
  | 'no_space'
  /** MAV_MISSION_INVALID*, UNSUPPORTED_FRAME: an item was refused; see `seq` and `param`. */
  | 'invalid'
  /** MAV_MISSION_UNSUPPORTED: the mission type is not supported (after the boot retries, for an upload). */
  | 'unsupported'
  /** MAV_MISSION_ERROR (generic), or INVALID_SEQUENCE where the transfer cannot go on. */
  | 'error'
  /** Cancelled by the caller (we sent MISSION_ACK OPERATION_CANCELLED) or by the vehicle. */
  | 'cancelled'
  /** The vehicle broke the protocol: item requested beyond the count, skipped sequence, early ack…; see `detail`. */
  | 'protocol_error'
  /** Upload with verify: the downloaded items differ from the uploaded ones at `seq`. */
  | 'verify_failed'
  /** The sender threw (link closed…); see `detail`. */
  | 'send_failed';

export interface MissionAckInfo {
  /** MAV_MISSION_RESULT value and name, e.g. 4 / "NO_SPACE". */
  type: number;
  type_name: string;
}

export interface MissionResult {
  result: MissionOutcome;
  operation: MissionOperation;
  mission_type: MissionType;
  /** Download (and upload with verify): the items as the vehicle holds them; only when `result` is 'ok' for download. */
  items?: MissionItem[];
  /** The item concerned: refused (`invalid`), first difference (`verify_failed`), the offending request (`protocol_error`). */
  seq?: number;
  /** For `invalid`: 'param1'..'param4', 'x', 'y', 'z', 'frame' or 'item'. */
  param?: string;
  /** `verify_failed`: the first real difference (the field, what was sent, what the autopilot keeps, what came back); its
   *  seq is numbered as `seq` is (the user's, through the adapter). */
  difference?: ItemDifference;
  /** The vehicle's MISSION_ACK that decided the outcome. */
  ack?: MissionAckInfo;
  detail?: string;
  /** Items transferred (upload: acknowledged by a later request or the final ack; download: received) / total. */
  done: number;
  total: number;
  /** Messages resent (timeouts) plus boot-time retries. */
  retries: number;
  messages_sent: number;
  seconds: number;
}

export interface MissionProgress {
  operation: MissionOperation;
  mission_type: MissionType;
  done: number;
  total: number;
}

export interface MissionOpOptions {
  signal?: AbortSignal;
  onProgress?: (p: MissionProgress) => void;
  /** Per-operation timing (over the client's). */
  timing?: Partial<MissionTiming>;
}

export interface UploadOptions extends MissionOpOptions {
  /** Download after a successful upload and compare (floats within their wire precision). */
  verify?: boolean;
  /** Sequence numbers the vehicle rewrites and verify must skip (ArduPilot's home at 0; see autopilot-adapter). */
  verify_ignore_seqs?: readonly number[];
  /**
   * Whose storage rules the verify read-back is compared by (patrol/mission/stored-compare.ts): ArduPilot and PX4
   * keep only some fields, in their own C types. Default 'verbatim' (every field as MISSION_ITEM_INT carries it).
   */
  storage?: ItemStorage;
  /** Added to item numbers in messages (the adapter's -1 for ArduPilot's home at seq 0). */
  message_seq_offset?: number;
}

export function missionResultName(type: number): string {
  const name = (common.MavMissionResult as unknown as Record<number, string | undefined>)[type];
  return name ?? `UNKNOWN_${type}`;
}

const PARAM_OF: Readonly<Record<number, string>> = {
  6: 'param1', 7: 'param2', 8: 'param3', 9: 'param4', 10: 'x', 11: 'y', 12: 'z', 2: 'frame', 5: 'item',
};

/** Map a failing MAV_MISSION_RESULT to an outcome (and the parameter it names, for INVALID_*). */
export function outcomeOfAck(type: number): { result: MissionOutcome; param?: string } {
  const R = common.MavMissionResult;
  switch (type) {
    case R.ACCEPTED: return { result: 'ok' };
    case R.DENIED: return { result: 'denied' };
    case R.NO_SPACE: return { result: 'no_space' };
    case R.UNSUPPORTED: return { result: 'unsupported' };
    case R.OPERATION_CANCELLED: return { result: 'cancelled' };
    case R.UNSUPPORTED_FRAME: case R.INVALID: case R.INVALID_PARAM1: case R.INVALID_PARAM2: case R.INVALID_PARAM3:
    case R.INVALID_PARAM4: case R.INVALID_PARAM5_X: case R.INVALID_PARAM6_Y: case R.INVALID_PARAM7:
      return { result: 'invalid', param: PARAM_OF[type] };
    default: return { result: 'error' };
  }
}
