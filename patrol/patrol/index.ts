// Patrol files (`*.patrol.json`), the compiler (patrol → mission items), the default patrol of a site, and
// writing a compiled patrol as .plan (patrol embedded) or .waypoints.
export * from './patrol';
export { readPatrol, writePatrol, checkPatrolRefs, PatrolFileError } from './read-patrol';
export { compilePatrol, type Autopilot, type CompileOptions, type CompiledPatrol, CMD_TAKEOFF, CMD_LAND, CMD_RTL, CMD_CHANGE_SPEED } from './compile';
export { autoPatrol, keyBuildings, postHoverAlt, type AutoPatrolOptions } from './auto';
export { patrolToPlan, patrolPlanText, patrolWaypointsText, patrolOfPlan, type PatrolPlanOptions } from './to-plan';
export { volumeHits, type VolumeHit } from './volume';
