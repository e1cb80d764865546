// The simulated copter: public surface.
//
// Files: simulator.ts (N vehicles behind one link or byte pipe, fixed-step clock, speed-up, fault injection;
// startSimulator), vehicle.ts (one copter: state, message/command/step registries), physics.ts (kinematics and
// attitude), flight-modes.ts (mode changes, RTL/LAND tasks, takeoff/goTo), arming.ts (pre-arm, auto-disarm,
// battery failsafe), commands.ts + telemetry-commands.ts (COMMAND_LONG/INT handlers), handlers.ts (SET_MODE,
// stream requests, position targets), telemetry.ts + messages.ts (scheduler and message builders), params.ts
// (parameter server), battery.ts, faults.ts, geo.ts, frames.ts, config.ts, copter-modes.ts, byte-pipe.ts,
// signing.ts (MAVLink 2 signing and SETUP_SIGNING, as ArduPilot's GCS_Signing.cpp).
//
// The mission protocol's vehicle side (vehicle.mission, built by every SimVehicle): mission-server.ts (the
// MISSION_* protocol for mission, fence and rally, like ArduPilot's MissionItemProtocol), mission-store.ts (the
// stored lists and item checks), mission-codec.ts (wire ⇄ MissionItem), mission-runner.ts (AUTO execution, the
// FlightPlan attached as vehicle.flightPlan), mission-nav.ts (navigation commands), mission-actions.ts (DO and
// CONDITION commands, relay/servo/camera commands), mission-camera.ts (CAMERA_IMAGE_CAPTURED), mission-fence.ts.
export { startSimulator, Simulator, DEFAULT_HOME } from './simulator';
export type { SimulatorOptions, StartSimulatorOptions, SimulatorHandle } from './simulator';
export { SimVehicle, MAV_COMP_ID_AUTOPILOT1 } from './vehicle';
export type { CommandHandler, CommandRequest, MessageHandler, Peer, SimVehicleOptions } from './vehicle';
export type { FlightPlan, MissionProgress } from './flight-plan';
export { NO_MISSION } from './flight-plan';
export { MissionServer, UPLOAD_TIMEOUT_MS, REREQUEST_MS } from './mission-server';
export { MissionRunner } from './mission-runner';
export { MissionStore } from './mission-store';
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
export { VehicleSigning, ACCEPT_UNSIGNED_MSGIDS, SETUP_SIGNING_MSGID } from './signing';
export type { VehicleSigningOptions, VehicleSigningStats } from './signing';
export type { BytePort } from './byte-pipe';
export { offsetLatLon, latLonToNe, distance_m } from './geo';
export type { GeoPoint, Ned } from './geo';
