// The simulated copter: public surface.
//
// Files: simulator.ts (N vehicles behind one link or byte pipe, fixed-step clock, speed-up, fault injection;
// startSimulator), vehicle.ts (one copter: state, message/command/step registries), physics.ts (kinematics and
// attitude), flight-modes.ts (mode changes, RTL/LAND tasks, takeoff/goTo), arming.ts (pre-arm, auto-disarm,
// battery failsafe), commands.ts + telemetry-commands.ts (COMMAND_LONG/INT handlers), handlers.ts (SET_MODE,
// stream requests, position targets), telemetry.ts + messages.ts (scheduler and message builders), params.ts
// (parameter server), battery.ts, faults.ts, geo.ts, frames.ts, config.ts, copter-modes.ts, byte-pipe.ts.
//
// Where the mission protocol's vehicle side (issue 3) plugs in: register its messages with
// vehicle.onMessage(MISSION_*), its commands with vehicle.onCommand(...), its timers with vehicle.onStep(...),
// and attach the stored mission as vehicle.flightPlan (flight-plan.ts), which AUTO and MISSION_START use.
export { startSimulator, Simulator, DEFAULT_HOME } from './simulator';
export type { SimulatorOptions, StartSimulatorOptions, SimulatorHandle } from './simulator';
export { SimVehicle, MAV_COMP_ID_AUTOPILOT1 } from './vehicle';
export type { CommandHandler, CommandRequest, MessageHandler, Peer, SimVehicleOptions } from './vehicle';
export type { FlightPlan, MissionProgress } from './flight-plan';
export { NO_MISSION } from './flight-plan';
export { setMode, takeoff, goTo, distanceToTarget, startRtl, startLanding, stepMode } from './flight-modes';
export type { NavTask, RtlState, ModeChangeReason } from './flight-modes';
export { arm, disarm, preArmFailure, FORCE_ARM_MAGIC } from './arming';
export { COPTER_MODE, modeName, modeNumber, modeTraits } from './copter-modes';
export type { CopterModeName } from './copter-modes';
export { DEFAULT_VEHICLE_CONFIG, vehicleConfig } from './config';
export type { VehicleConfig } from './config';
export { FaultInjector, validateFaults, mulberry32 } from './faults';
export type { FaultConfig, FaultStats } from './faults';
export { createBytePipe } from './byte-pipe';
export type { BytePort } from './byte-pipe';
export { offsetLatLon, latLonToNe, distance_m } from './geo';
export type { GeoPoint, Ned } from './geo';
