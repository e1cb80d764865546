// The mission protocol: the client, its types and the autopilot adapter (wire helpers stay internal).
export { MissionClient, type MissionClientOptions } from './mission-client';
export {
  DEFAULT_MISSION_TIMING, missionResultName,
  type MissionAckInfo, type MissionOpOptions, type MissionOperation, type MissionOutcome, type MissionProgress,
  type MissionResult, type MissionTiming, type UploadOptions,
} from './mission-types';
export { MAV_CMD_DO_JUMP, MissionAdapter, autopilotFlavour, type AutopilotFlavour, type HomePosition } from './autopilot-adapter';
