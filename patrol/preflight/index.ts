// Preflight checks: findings for a mission against a site before it flies.
export { preflight, preflightReport, type PreflightReport } from './preflight';
export { walkItems, isNavCommand, CMD, type PathPoint, type WalkOptions, type WalkResult } from './path';
export { estimateTime, legTime_s, type TimeEstimate, type Rates } from './timing';
export { syntheticTrack, postCoverage } from './post-coverage';
export { BuildingIndex, type Intrusion, type Volume, type Seg3 } from './building-index';
export { flownSegments, type FlownSegment, type XYZ } from './segments';
export { homeFrame, type HomeFrame, type RingsXY } from './frame';
export { insideIntervals, pointInRings, belowInterval } from './geometry';
export { PREFLIGHT_DEFAULTS, type Finding, type FindingLocation, type PreflightOptions, type Severity } from './types';
