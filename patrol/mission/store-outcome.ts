// What a storage table answers for an item: stored (as the autopilot reads it back) or refused with a
// MAV_MISSION_RESULT; and the latitude/longitude range checks both autopilots apply.
import type { WireItem } from './wire-item';

/** MAV_MISSION_RESULT values an autopilot refuses an item with. */
export const MISSION_RESULT = {
  ACCEPTED: 0, ERROR: 1, UNSUPPORTED_FRAME: 2, UNSUPPORTED: 3, NO_SPACE: 4, INVALID: 5,
  INVALID_PARAM1: 6, INVALID_PARAM2: 7, INVALID_PARAM3: 8, INVALID_PARAM4: 9,
  INVALID_PARAM5_X: 10, INVALID_PARAM6_Y: 11, INVALID_PARAM7: 12,
} as const;

/** The item as the autopilot answers it after storing it, or the MAV_MISSION_RESULT it refuses it with. */
export type StoreOutcome = { ok: true; item: WireItem } | { ok: false; result: number; why: string };

/** AP_Common/Location.cpp check_lat / check_lng on the int32 × 1e7 values. */
export const checkLat = (lat: number) => Math.abs(lat) <= 900000000;
export const checkLng = (lng: number) => Math.abs(lng) <= 1800000000;
