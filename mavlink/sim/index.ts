// The simulated copter: public surface.
export { startSimulator, Simulator, DEFAULT_HOME } from './simulator';
export type { SimulatorOptions, StartSimulatorOptions, SimulatorHandle } from './simulator';
export { SimVehicle, MAV_COMP_ID_AUTOPILOT1 } from './vehicle';
export type { CommandHandler, CommandRequest, MessageHandler, Peer, SimVehicleOptions } from './vehicle';
export type { FlightPlan, MissionProgress } from './flight-plan';
export { NO_MISSION } from './flight-plan';
export { setMode, takeoff, goTo, distanceToTarget } from './flight-modes';
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
