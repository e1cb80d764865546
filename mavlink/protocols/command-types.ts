// Requests, options and typed results of the MAVLink command protocol (COMMAND_LONG / COMMAND_INT → COMMAND_ACK).
import { common } from 'node-mavlink';
import type { MavAddress } from './env';

/** COMMAND_LONG: seven float parameters. Missing parameters are sent as 0. */
export interface CommandLongRequest {
  kind: 'long';
  target: MavAddress;
  command: number;
  params?: readonly number[];
}

/** COMMAND_INT: four float parameters, x/y as integers (degrees × 1e7 in global frames), z as float. */
export interface CommandIntRequest {
  kind: 'int';
  target: MavAddress;
  command: number;
  frame: number;
  params?: readonly number[];
  x: number;
  y: number;
  z: number;
}

export type CommandRequest = CommandLongRequest | CommandIntRequest;

/** The final outcome of one command; protocol outcomes are values, never exceptions. */
export type CommandOutcome =
  | 'accepted'
  | 'denied'
  | 'unsupported'
  | 'failed'
  /** The vehicle said IN_PROGRESS and then went quiet longer than `in_progress_timeout_ms`: started, outcome unknown. */
  | 'in_progress'
  | 'temporarily_rejected'
  /** Cancelled by the caller (AbortSignal, client closed) or MAV_RESULT_CANCELLED from the vehicle (then `ack` is set). */
  | 'cancelled'
  /** No ack after the first send and every retransmission. */
  | 'timeout'
  /** The sender threw (link closed, …); see `error`. */
  | 'send_failed';

export interface CommandAckInfo {
  /** MAV_RESULT value and name, e.g. 2 / "DENIED". */
  result: number;
  result_name: string;
  /** 0..100, or 255 when unknown. */
  progress: number;
  result_param2: number;
  from: MavAddress;
}

export interface CommandResult {
  result: CommandOutcome;
  command: number;
  /** e.g. "COMPONENT_ARM_DISARM". */
  command_name: string;
  /** Frames sent for this command (0 if cancelled before sending). */
  attempts: number;
  /** From the first send (or from the call if never sent) to the outcome. */
  elapsed_ms: number;
  /** Last progress reported by an IN_PROGRESS ack, 0..100. */
  progress_pct?: number;
  /** The ack that decided the outcome (absent for timeout / caller cancel / send_failed). */
  ack?: CommandAckInfo;
  error?: string;
}

export interface CommandOptions {
  /** Wait for an ack this long before retransmitting (default: the client's, 1500 ms). */
  timeout_ms?: number;
  /** Retransmissions after the first send (default: the client's, 3 → 4 frames at most). */
  retries?: number;
  /** After an IN_PROGRESS ack, wait this long for the next ack (default: the client's, 5000 ms). */
  in_progress_timeout_ms?: number;
  signal?: AbortSignal;
  onProgress?: (progress_pct: number | undefined) => void;
}

export function commandName(command: number): string {
  const name = (common.MavCmd as unknown as Record<number, string | undefined>)[command];
  return name ?? `MAV_CMD_${command}`;
}

export function mavResultName(result: number): string {
  const name = (common.MavResult as unknown as Record<number, string | undefined>)[result];
  return name ?? `UNKNOWN_${result}`;
}

/** Map a final (non IN_PROGRESS) MAV_RESULT to an outcome. */
export function outcomeOf(result: number): CommandOutcome {
  switch (result) {
    case common.MavResult.ACCEPTED: return 'accepted';
    case common.MavResult.TEMPORARILY_REJECTED: return 'temporarily_rejected';
    case common.MavResult.DENIED: return 'denied';
    case common.MavResult.UNSUPPORTED:
    case common.MavResult.COMMAND_LONG_ONLY:
    case common.MavResult.COMMAND_INT_ONLY:
    case common.MavResult.COMMAND_UNSUPPORTED_MAV_FRAME: return 'unsupported';
    case common.MavResult.CANCELLED: return 'cancelled';
    case common.MavResult.IN_PROGRESS: return 'in_progress';
    default: return 'failed';
  }
}
