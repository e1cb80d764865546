// Starting an uploaded mission as a ground station does it — the `fly` command's sequence and the app's "Start
// patrol": GUIDED, arm (retrying while the autopilot's pre-arm checks refuse, and saying the last PreArm reason),
// take off at once (ArduCopter disarms after 10 s on the ground), wait for the takeoff altitude, then
// MAV_CMD_MISSION_START (ArduPilot and PX4 both take it), else the AUTO mode.
import type { GcsSession } from '../gcs-session';
import type { VehicleState } from '../vehicle/vehicle-state';
import type { CommandResult } from './command-types';
import type { VehicleCommands } from './vehicle-commands';

export type StartStep = 'guided' | 'arm' | 'takeoff' | 'climb' | 'mission';

export interface StartOutcome {
  ok: boolean;
  /** The step that failed (null when ok). */
  failed: StartStep | null;
  reason: string | null;
}

/** Resolves true once `test` holds (checked on every vehicle change), false after `timeout_ms` or on `signal`. */
export function waitForState(session: GcsSession, test: () => boolean, timeout_ms: number, signal?: AbortSignal): Promise<boolean> {
  if (test()) return Promise.resolve(true);
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (v: boolean) => {
      clearTimeout(timer);
      off();
      signal?.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(test()), timeout_ms);
    const off = session.vehicles.onChange(() => {
      if (test()) done(true);
    });
    signal?.addEventListener('abort', onAbort);
  });
}

/** Sleeps `ms`, or less when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}

async function untilAccepted(op: () => Promise<CommandResult>, left: () => number, signal?: AbortSignal): Promise<CommandResult> {
  let r = await op();
  while (r.result === 'timeout' && left() > 0 && !signal?.aborted) r = await op();
  return r;
}

/** The last "PreArm: …" (or "Arm: …") message the vehicle sent, if any. */
export function lastPreArm(vehicle: VehicleState): string | undefined {
  return vehicle.snapshot().statustext.map((s) => s.text).filter((t) => /prearm|arm:/i.test(t)).at(-1);
}

/** MAV_CMD_MISSION_START, else the AUTO mode. */
export async function startMission(cmd: VehicleCommands, left: () => number): Promise<CommandResult> {
  const start = await untilAccepted(() => cmd.missionStart(), left);
  if (start.result === 'accepted') return start;
  return untilAccepted(() => cmd.setMode('AUTO'), left);
}

/**
 * GUIDED → arm → takeoff to `takeoff_m` → climb → mission start, within `deadline_ms` (Date.now() time).
 * `onStep` is told of each step as it begins (for a UI's "arming… waiting for PreArm: …"). `signal` cancels it (the
 * link closed, the operator cancelled): the step under way fails with "cancelled".
 */
export async function startPatrolSequence(
  session: GcsSession, vehicle: VehicleState, takeoff_m: number, deadline_ms: number, onStep?: (step: StartStep, note: string | null) => void,
  signal?: AbortSignal,
): Promise<StartOutcome> {
  const left = () => (signal?.aborted ? 0 : Math.max(0, deadline_ms - Date.now()));
  const fail = (failed: StartStep, reason: string): StartOutcome => ({ ok: false, failed, reason });
  const snap = () => vehicle.snapshot();
  const cmd = session.commandsFor(vehicle);
  onStep?.('guided', null);
  const cancelled = (step: StartStep) => fail(step, 'cancelled: the link was closed or the start was cancelled');
  const guided = await untilAccepted(() => cmd.setMode('GUIDED'), left, signal);
  if (signal?.aborted) return cancelled('guided');
  if (guided.result !== 'accepted') return fail('guided', `GUIDED refused: ${guided.result}`);
  onStep?.('arm', null);
  // A real autopilot refuses to arm until its position estimate is up ("PreArm: …"): keep trying.
  for (;;) {
    const armed = await cmd.arm();
    if (armed.result === 'accepted') break;
    onStep?.('arm', lastPreArm(vehicle) ?? null);
    if (signal?.aborted) return cancelled('arm');
    if (left() < 1000) return fail('arm', `not armed before the timeout: ${lastPreArm(vehicle) ?? armed.result}`);
    await pause(1000, signal);
  }
  if (signal?.aborted) return cancelled('takeoff');
  onStep?.('takeoff', null);
  const took = await cmd.takeoff(takeoff_m);
  if (took.result !== 'accepted' && !(snap().alt_rel_m !== null && (snap().alt_rel_m as number) > 0.5)) {
    return fail('takeoff', `takeoff refused: ${took.result} ${lastPreArm(vehicle) ?? ''}`.trim());
  }
  onStep?.('climb', null);
  if (!(await waitForState(session, () => (snap().alt_rel_m ?? 0) >= takeoff_m * 0.9, Math.min(left(), 120_000), signal))) {
    return signal?.aborted ? cancelled('climb') : fail('climb', `did not reach the takeoff altitude of ${takeoff_m} m`);
  }
  onStep?.('mission', null);
  const auto = await startMission(cmd, left);
  if (auto.result !== 'accepted') return fail('mission', `mission start refused: ${auto.result}`);
  return { ok: true, failed: null, reason: null };
}
