// The hook where the mission protocol's vehicle side (issue 3) plugs into the simulated copter.
// Every SimVehicle's mission server (mission-server.ts) attaches its MissionRunner here; a test may attach
// another FlightPlan with `vehicle.flightPlan = …`. With no mission stored, MISSION_START is refused.
import type { SimVehicle } from './vehicle';

/** What MISSION_CURRENT reports. `state` is MAV_MISSION_STATE (1 no mission, 2 not started, 3 active, 4 paused, 5 complete). */
export interface MissionProgress {
  seq: number;
  total: number;
  state: number;
}

export interface FlightPlan {
  /** True when there is something to fly (ArduPilot: more items than the home item). */
  hasMission(): boolean;
  progress(): MissionProgress;
  /**
   * AUTO entered (by mode change or MISSION_START) with the vehicle armed; returns false to refuse.
   * `firstSeq`/`lastSeq` come from MISSION_START params 1/2 when given.
   */
  start(vehicle: SimVehicle, firstSeq?: number, lastSeq?: number): boolean;
  /** Called every physics step while in AUTO and armed; drives the vehicle through its navigation methods. */
  step(vehicle: SimVehicle, dt_s: number): void;
}

export const NO_MISSION: MissionProgress = Object.freeze({ seq: 0, total: 0, state: 1 });
