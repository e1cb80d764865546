// ArduPilot's fence and rally storage, the other two mission types (see ardupilot-storage.ts for the mission):
// MissionItemProtocol_Fence with AC_PolyFence_loader, MissionItemProtocol_Rally with AP_Rally.
import { f32, toCInt, type CPlatform } from './c-convert';
import { checkLat, checkLng, MISSION_RESULT as R, type StoreOutcome } from './store-outcome';
import { zeroWire, type WireItem } from './wire-item';

/**
 * Fence items (MissionItemProtocol_Fence → AC_PolyFence_loader): polygon vertices keep command, the vertex count
 * (uint8_t, param1) and lat/lng (int32); circles keep command, radius
 * (a float since ArduPilot 4.2; whole metres before) and centre; the return point its lat/lng. Everything else
 * comes back as the loader writes it (frame GLOBAL(_INT)).
 */
export function storeFenceItem(w: WireItem, platform: CPlatform): StoreOutcome {
  if (![5001, 5002, 5003, 5004, 5000].includes(w.command)) return { ok: false, result: R.UNSUPPORTED, why: `command ${w.command} is not a fence item` };
  if (!checkLat(w.x)) return { ok: false, result: R.INVALID_PARAM5_X, why: `latitude ${w.x / 1e7} is out of range` };
  if (!checkLng(w.y)) return { ok: false, result: R.INVALID_PARAM6_Y, why: `longitude ${w.y / 1e7} is out of range` };
  const out = zeroWire(w.command);
  out.x = w.x;
  out.y = w.y;
  if (w.command === 5001 || w.command === 5002) out.param1 = toCInt(w.param1, 'uint8_t', platform);
  if (w.command === 5003 || w.command === 5004) out.param1 = f32(w.param1); // a float radius since 4.2 (AC_PolyFence_loader)
  return { ok: true, item: out };
}

/** Rally points (MissionItemProtocol_Rally → RallyLocation {int32_t lat, lng; int16_t alt (m)}): z as int16 metres. */
export function storeRallyItem(w: WireItem, platform: CPlatform): StoreOutcome {
  if (w.command !== 5100) return { ok: false, result: R.UNSUPPORTED, why: `command ${w.command} is not a rally point` };
  if (!checkLat(w.x)) return { ok: false, result: R.INVALID_PARAM5_X, why: `latitude ${w.x / 1e7} is out of range` };
  if (!checkLng(w.y)) return { ok: false, result: R.INVALID_PARAM6_Y, why: `longitude ${w.y / 1e7} is out of range` };
  if (!(w.z >= -32768 && w.z <= 32767)) return { ok: false, result: R.INVALID_PARAM7, why: `altitude ${w.z} m does not fit an int16` };
  const out = zeroWire(w.command);
  out.frame = 3;
  out.x = w.x;
  out.y = w.y;
  out.z = toCInt(w.z, 'int16_t', platform);
  return { ok: true, item: out };
}
