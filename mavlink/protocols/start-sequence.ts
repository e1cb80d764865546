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

/** Resolves true once `test` holds (checked on every vehicle change), false after `timeout_ms`. */
export function waitForState(session: GcsSession, test: () => boolean, timeout_ms: number): Promise<boolean> {
  if (test()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (v: boolean) => {
      clearTimeout(timer);
      off();
      resolve(v);
    };
    const timer = setTimeout(() => done(test()), timeout_ms);
    const off = session.vehicles.onChange(() => {
      if (test()) done(true);
    });
  });
}

async function untilAccepted(op: () => Promise<CommandResult>, left: () => number): Promise<CommandResult> {
  let r = await op();
  while (r.result === 'timeout' && left() > 0) r = await op();
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
 * `onStep` is told of each step as it begins (for a UI's "arming… waiting for PreArm: …").
 */
export async function startPatrolSequence(
  session: GcsSession, vehicle: VehicleState, takeoff_m: number, deadline_ms: number, onStep?: (step: StartStep, note: string | null) => void,
): Promise<StartOutcome> {
  const left = () => Math.max(0, deadline_ms - Date.now());
  const fail = (failed: StartStep, reason: string): StartOutcome => ({ ok: false, failed, reason });
  const snap = () => vehicle.snapshot();
  const cmd = session.commandsFor(vehicle);
  onStep?.('guided', null);
  const guided = await untilAccepted(() => cmd.setMode('GUIDED'), left);
  if (guided.result !== 'accepted') return fail('guided', `GUIDED refused: ${guided.result}`);
  onStep?.('arm', null);
  // A real autopilot refuses to arm until its position estimate is up ("PreArm: …"): keep trying.
  for (;;) {
    const armed = await cmd.arm();
    if (armed.result === 'accepted') break;
    onStep?.('arm', lastPreArm(vehicle) ?? null);
    if (left() < 1000) return fail('arm', `not armed before the timeout: ${lastPreArm(vehicle) ?? armed.result}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  onStep?.('takeoff', null);
  const took = await cmd.takeoff(takeoff_m);
  if (took.result !== 'accepted' && !(snap().alt_rel_m !== null && (snap().alt_rel_m as number) > 0.5)) {
    return fail('takeoff', `takeoff refused: ${took.result} ${lastPreArm(vehicle) ?? ''}`.trim());
  }
  onStep?.('climb', null);
  if (!(await waitForState(session, () => (snap().alt_rel_m ?? 0) >= takeoff_m * 0.9, Math.min(left(), 120_000)))) {
    return fail('climb', `did not reach the takeoff altitude of ${takeoff_m} m`);
  }
  onStep?.('mission', null);
  const auto = await startMission(cmd, left);
  if (auto.result !== 'accepted') return fail('mission', `mission start refused: ${auto.result}`);
  return { ok: true, failed: null, reason: null };
}
