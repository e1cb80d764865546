// Altitude frames of commands and position targets, and locations carried in COMMAND_LONG / COMMAND_INT.
import { common } from 'node-mavlink';
import type { CommandRequest, SimVehicle } from './vehicle';

const { MavFrame } = common;

/** Altitude above home for an altitude given in `frame`; undefined for a frame the simulator does not fly in. */
export function altRelFromFrame(v: SimVehicle, frame: number, alt_m: number): number | undefined {
  switch (frame) {
    case MavFrame.GLOBAL:
    case MavFrame.GLOBAL_INT:
      return alt_m - v.home.alt_m;
    case MavFrame.GLOBAL_RELATIVE_ALT:
    case MavFrame.GLOBAL_RELATIVE_ALT_INT:
    case MavFrame.GLOBAL_TERRAIN_ALT: // flat terrain at home's altitude
    case MavFrame.GLOBAL_TERRAIN_ALT_INT:
      return alt_m;
    default:
      return undefined;
  }
}

export interface CommandLocation {
  lat_deg: number;
  lon_deg: number;
  /** Above home; undefined when the command left the altitude out (NaN) — keep the current one. */
  alt_rel_m: number | undefined;
}

/**
 * The location in params 5..7 (COMMAND_LONG: degrees; COMMAND_INT: x/y in degE7, z in `frame`).
 * Returns undefined for an unsupported frame or coordinates outside ±90/±180.
 */
export function commandLocation(v: SimVehicle, req: CommandRequest): CommandLocation | undefined {
  const [, , , , x, y, z] = req.params;
  const lat_deg = req.isInt ? x / 1e7 : x;
  const lon_deg = req.isInt ? y / 1e7 : y;
  if (!Number.isFinite(lat_deg) || !Number.isFinite(lon_deg) || Math.abs(lat_deg) > 90 || Math.abs(lon_deg) > 180) return undefined;
  if (!Number.isFinite(z)) return { lat_deg, lon_deg, alt_rel_m: undefined };
  const alt_rel_m = altRelFromFrame(v, req.frame, z);
  if (alt_rel_m === undefined) return undefined;
  return { lat_deg, lon_deg, alt_rel_m };
}
