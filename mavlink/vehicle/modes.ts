// Flight mode names ↔ HEARTBEAT.custom_mode numbers: ArduCopter, ArduPlane, ArduRover and PX4.
import { minimal } from 'node-mavlink';

const { MavAutopilot, MavType } = minimal;

type ModeTable = Readonly<Record<string, number>>;

export const ARDUCOPTER_MODES: ModeTable = Object.freeze({
  STABILIZE: 0, ACRO: 1, ALT_HOLD: 2, AUTO: 3, GUIDED: 4, LOITER: 5, RTL: 6, CIRCLE: 7, LAND: 9, DRIFT: 11,
  SPORT: 13, FLIP: 14, AUTOTUNE: 15, POSHOLD: 16, BRAKE: 17, THROW: 18, AVOID_ADSB: 19, GUIDED_NOGPS: 20,
  SMART_RTL: 21, FLOWHOLD: 22, FOLLOW: 23, ZIGZAG: 24, SYSTEMID: 25, AUTOROTATE: 26, AUTO_RTL: 27, TURTLE: 28,
});

export const ARDUPLANE_MODES: ModeTable = Object.freeze({
  MANUAL: 0, CIRCLE: 1, STABILIZE: 2, TRAINING: 3, ACRO: 4, FBWA: 5, FBWB: 6, CRUISE: 7, AUTOTUNE: 8, AUTO: 10,
  RTL: 11, LOITER: 12, TAKEOFF: 13, AVOID_ADSB: 14, GUIDED: 15, QSTABILIZE: 17, QHOVER: 18, QLOITER: 19,
  QLAND: 20, QRTL: 21, QAUTOTUNE: 22, QACRO: 23, THERMAL: 24, LOITER_ALT_QLAND: 25,
});

export const ARDUROVER_MODES: ModeTable = Object.freeze({
  MANUAL: 0, ACRO: 1, STEERING: 3, HOLD: 4, LOITER: 5, FOLLOW: 6, SIMPLE: 7, DOCK: 8, CIRCLE: 9, AUTO: 10,
  RTL: 11, SMART_RTL: 12, GUIDED: 15,
});

/** PX4 main modes (custom_mode bits 16..23). */
export const PX4_MAIN_MODES: ModeTable = Object.freeze({
  MANUAL: 1, ALTCTL: 2, POSCTL: 3, AUTO: 4, ACRO: 5, OFFBOARD: 6, STABILIZED: 7, RATTITUDE: 8, SIMPLE: 9, TERMINATION: 10,
});

/** PX4 AUTO sub modes (custom_mode bits 24..31). */
export const PX4_AUTO_SUB_MODES: ModeTable = Object.freeze({
  READY: 1, TAKEOFF: 2, LOITER: 3, MISSION: 4, RTL: 5, LAND: 6, RTGS: 7, FOLLOW_TARGET: 8, PRECLAND: 9, VTOL_TAKEOFF: 10,
});

/** Friendly PX4 aliases accepted by set-mode, as QGroundControl shows them. */
const PX4_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  MISSION: 'AUTO.MISSION', RTL: 'AUTO.RTL', LAND: 'AUTO.LAND', HOLD: 'AUTO.LOITER', LOITER: 'AUTO.LOITER',
  TAKEOFF: 'AUTO.TAKEOFF', FOLLOW_TARGET: 'AUTO.FOLLOW_TARGET', PRECLAND: 'AUTO.PRECLAND', POSITION: 'POSCTL', ALTITUDE: 'ALTCTL',
});

export type ModeFamily = 'arducopter' | 'arduplane' | 'ardurover' | 'px4' | 'other';

const PLANE_TYPES = new Set<number>([MavType.FIXED_WING, MavType.VTOL_TAILSITTER_DUOROTOR, MavType.VTOL_TAILSITTER_QUADROTOR,
  MavType.VTOL_TILTROTOR, MavType.VTOL_FIXEDROTOR, MavType.VTOL_TAILSITTER, MavType.VTOL_TILTWING]);
const ROVER_TYPES = new Set<number>([MavType.GROUND_ROVER, MavType.SURFACE_BOAT]);

/** Which mode table applies to a vehicle, from its HEARTBEAT autopilot and type. */
export function modeFamily(autopilot: number, type: number): ModeFamily {
  if (autopilot === MavAutopilot.PX4) return 'px4';
  if (autopilot !== MavAutopilot.ARDUPILOTMEGA) return 'other';
  if (PLANE_TYPES.has(type)) return 'arduplane';
  if (ROVER_TYPES.has(type)) return 'ardurover';
  if (type === MavType.SUBMARINE) return 'other';
  return 'arducopter';
}

function ardupilotTable(family: ModeFamily): ModeTable | undefined {
  if (family === 'arducopter') return ARDUCOPTER_MODES;
  if (family === 'arduplane') return ARDUPLANE_MODES;
  if (family === 'ardurover') return ARDUROVER_MODES;
  return undefined;
}

function lookup(table: ModeTable, key: string | undefined): number | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

function nameOf(table: ModeTable, value: number): string | undefined {
  for (const [name, v] of Object.entries(table)) if (v === value) return name;
  return undefined;
}

/** Mode name from HEARTBEAT fields, e.g. "GUIDED" or "AUTO.MISSION"; `MODE_<n>` when the number is not in the table. */
export function modeName(autopilot: number, type: number, custom_mode: number): string {
  const family = modeFamily(autopilot, type);
  if (family === 'px4') {
    const main = (custom_mode >>> 16) & 0xff;
    const sub = (custom_mode >>> 24) & 0xff;
    const mainName = nameOf(PX4_MAIN_MODES, main);
    if (mainName === undefined) return `PX4_${main}_${sub}`;
    if (main === PX4_MAIN_MODES.AUTO) {
      const subName = nameOf(PX4_AUTO_SUB_MODES, sub);
      return subName === undefined ? `AUTO.${sub}` : `AUTO.${subName}`;
    }
    return mainName;
  }
  const table = ardupilotTable(family);
  return (table && nameOf(table, custom_mode)) ?? `MODE_${custom_mode}`;
}

export interface ArduPilotModeNumber {
  family: 'arducopter' | 'arduplane' | 'ardurover';
  name: string;
  custom_mode: number;
}

export interface Px4ModeNumber {
  family: 'px4';
  name: string;
  main_mode: number;
  sub_mode: number;
  custom_mode: number;
}

export type ModeNumber = ArduPilotModeNumber | Px4ModeNumber;

/** Names set-mode accepts for a family (canonical names; PX4 aliases are accepted too). */
export function modeNames(family: ModeFamily): string[] {
  if (family === 'px4') {
    return [...Object.keys(PX4_MAIN_MODES).filter((n) => n !== 'AUTO'), ...Object.keys(PX4_AUTO_SUB_MODES).map((s) => `AUTO.${s}`)];
  }
  const table = ardupilotTable(family);
  return table ? Object.keys(table) : [];
}

/**
 * Mode name (case-insensitive) → custom mode for a vehicle. Throws an Error naming the mode, the autopilot
 * and the accepted names when the name is unknown or the autopilot has no table.
 */
export function modeNumber(autopilot: number, type: number, name: string): ModeNumber {
  const family = modeFamily(autopilot, type);
  const wanted = name.trim().toUpperCase();
  const unknown = () => new Error(
    `unknown flight mode "${name}" for ${family === 'other' ? `autopilot ${autopilot} type ${type} (no mode table)` : family}`
    + (family === 'other' ? '' : `; known modes: ${modeNames(family).join(', ')}`));
  if (family === 'px4') {
    const canonical = Object.hasOwn(PX4_ALIASES, wanted) ? PX4_ALIASES[wanted] : wanted;
    const [mainName, subName] = canonical.split('.', 2);
    const main = lookup(PX4_MAIN_MODES, mainName);
    if (main === undefined) throw unknown();
    let sub = 0;
    if (main === PX4_MAIN_MODES.AUTO) {
      const found = lookup(PX4_AUTO_SUB_MODES, subName);
      if (found === undefined) throw unknown();
      sub = found;
    } else if (subName !== undefined) throw unknown();
    return { family, name: canonical, main_mode: main, sub_mode: sub, custom_mode: ((main << 16) | (sub << 24)) >>> 0 };
  }
  const table = ardupilotTable(family);
  const custom_mode = table ? lookup(table, wanted) : undefined;
  if (custom_mode === undefined || family === 'other') throw unknown();
  return { family, name: wanted, custom_mode };
}
