// The flight path a mission describes, as ArduCopter flies it: from home on the ground, a NAV_TAKEOFF straight up,
// each positional item in turn, and an RTL that climbs only to RTL_ALT (if lower) before flying home and landing.
// DO_CHANGE_SPEED changes the speed of the legs after it; DO_JUMP is followed once. Points carry both degrees and
// metres east/north of home (see frame.ts) so the geometry checks work in metres.
import { rtlReturnAlt } from './rtl-alt';
import type { MissionItem } from '../mission/mission-item';
import type { Finding } from './types';
import type { HomeFrame } from './frame';

export const CMD = Object.freeze({
  NAV_WAYPOINT: 16,
  NAV_LOITER_UNLIM: 17,
  NAV_LOITER_TURNS: 18,
  NAV_LOITER_TIME: 19,
  NAV_RETURN_TO_LAUNCH: 20,
  NAV_LAND: 21,
  NAV_TAKEOFF: 22,
  NAV_LOITER_TO_ALT: 31,
  NAV_SPLINE_WAYPOINT: 82,
  NAV_DELAY: 93,
  DO_JUMP: 177,
  DO_CHANGE_SPEED: 178,
});

export interface PathPoint {
  lat_deg: number;
  lon_deg: number;
  /** Metres east and north of home. */
  x_m: number;
  y_m: number;
  /** Metres above home. */
  alt_m: number;
  /** The item whose leg ends here (user numbering); undefined for home and the RTL's own points. */
  item?: number;
  /** 'home', 'takeoff', 'item 7', 'return (RTL)', 'land'. */
  leg: string;
  /** Horizontal speed of the leg that ends here. */
  speed_mps: number;
  /** Time spent here once arrived (hold, loiter, delay). */
  hold_s: number;
  /** NAV_LOITER_TURNS: the circle flown round this point (metres), checked against buildings too. */
  loiter_radius_m?: number;
}

export interface WalkOptions {
  speed_mps: number;
  rtl_alt_m: number;
  rtl_cone_slope?: number;
  rtl_climb_min_m?: number;
  takeoff_alt_m?: number;
  /** Home's altitude above mean sea level, for frame 0 (AMSL) items. */
  home_alt_amsl_m?: number;
}

export interface WalkResult {
  points: PathPoint[];
  /** The path ends on the ground (RTL or LAND). */
  lands: boolean;
  tookOff: boolean;
}

const NAV_COMMANDS = new Set<number>([16, 17, 18, 19, 20, 21, 22, 31, 82, 93]);

export function isNavCommand(command: number): boolean {
  return NAV_COMMANDS.has(command);
}

/** Walks the items (items[0] is seq 1) and reports what it cannot follow into `findings`. */
export function walkItems(items: readonly MissionItem[], home: HomeFrame, o: WalkOptions, findings: Finding[]): WalkResult {
  const points: PathPoint[] = [{ ...home.at(home.lat_deg, home.lon_deg), alt_m: 0, leg: 'home', speed_mps: o.speed_mps, hold_s: 0 }];
  const here = (): PathPoint => points[points.length - 1];
  let speed_mps = o.speed_mps;
  const go = (lat_deg: number, lon_deg: number, alt_m: number, leg: string, item?: number, hold_s = 0): void => {
    points.push({ ...home.at(lat_deg, lon_deg), alt_m, item, leg, speed_mps, hold_s });
  };
  const firstNav = items.findIndex((it) => isNavCommand(it.command));
  const tookOff = firstNav >= 0 && items[firstNav].command === CMD.NAV_TAKEOFF;
  if (!tookOff && o.takeoff_alt_m !== undefined) go(home.lat_deg, home.lon_deg, o.takeoff_alt_m, 'takeoff');

  const jumped = new Set<number>();
  let lands = false;
  let i = 0;
  let steps = 0;
  const maxSteps = items.length * (items.filter((it) => it.command === CMD.DO_JUMP).length + 2);
  while (i < items.length && steps++ < maxSteps && !lands) {
    const it = items[i];
    const seq = i + 1;
    const leg = `item ${seq}`;
    i++;
    if (it.command === CMD.DO_CHANGE_SPEED) {
      if (it.param2 > 0 && Number.isFinite(it.param2)) speed_mps = it.param2;
      else findings.push({ severity: 'warning', code: 'speed', item: seq, leg, values: { item: seq, speed_mps: it.param2 }, message: `item ${seq}: DO_CHANGE_SPEED to ${it.param2} m/s is ignored` });
      continue;
    }
    if (it.command === CMD.DO_JUMP) {
      const target = Math.round(it.param1);
      if (!(target >= 1 && target <= items.length)) {
        findings.push({ severity: 'error', code: 'jump-target', item: seq, leg, values: { item: seq, target: it.param1, count: items.length }, message: `item ${seq}: DO_JUMP to item ${it.param1}, which does not exist (1..${items.length})` });
      } else if (it.param2 !== 0 && !jumped.has(seq)) {
        jumped.add(seq);
        i = target - 1;
      }
      continue;
    }
    if (!isNavCommand(it.command)) continue;
    const p = here();
    const param1 = (): number => seconds(it.param1, seq, findings);
    if (it.command === CMD.NAV_DELAY) {
      go(p.lat_deg, p.lon_deg, p.alt_m, leg, seq, param1());
      continue;
    }
    if (it.command === CMD.NAV_RETURN_TO_LAUNCH) {
      const up = rtlReturnAlt(p.alt_m, Math.hypot(p.x_m, p.y_m), { rtl_alt_m: o.rtl_alt_m, cone_slope: o.rtl_cone_slope ?? 3, climb_min_m: o.rtl_climb_min_m ?? 0 });
      const rtl = 'return (RTL)';
      if (up > p.alt_m) go(p.lat_deg, p.lon_deg, up, rtl, seq);
      go(home.lat_deg, home.lon_deg, up, rtl, seq);
      go(home.lat_deg, home.lon_deg, 0, rtl, seq);
      lands = true;
      continue;
    }
    const alt_m = relativeAlt(it, seq, o, findings);
    if (alt_m === undefined) continue;
    // ArduPilot: latitude and longitude 0 mean "where the aircraft is".
    const atHere = it.x === 0 && it.y === 0;
    if (!atHere && !(Math.abs(it.x) <= 90 && Math.abs(it.y) <= 180)) {
      findings.push({ severity: 'error', code: 'position', item: seq, leg, values: { item: seq, x: it.x, y: it.y }, message: `item ${seq}: ${it.x}, ${it.y} is not a latitude, longitude` });
      continue;
    }
    const [lat, lon] = atHere ? [p.lat_deg, p.lon_deg] : [it.x, it.y];
    switch (it.command) {
      case CMD.NAV_TAKEOFF:
        go(p.lat_deg, p.lon_deg, alt_m, 'takeoff', seq);
        break;
      case CMD.NAV_LAND:
        if (!atHere) go(lat, lon, p.alt_m, 'land', seq);
        go(lat, lon, 0, 'land', seq);
        lands = true;
        break;
      case CMD.NAV_LOITER_TIME:
        go(lat, lon, alt_m, leg, seq, param1());
        break;
      case CMD.NAV_LOITER_TURNS: {
        const radius_m = Number.isFinite(it.param3) ? Math.abs(it.param3) : 0;
        go(lat, lon, alt_m, leg, seq, (param1() * 2 * Math.PI * radius_m) / speed_mps);
        if (radius_m > 0) here().loiter_radius_m = radius_m;
        break;
      }
      case CMD.NAV_LOITER_UNLIM:
        go(lat, lon, alt_m, leg, seq);
        findings.push({ severity: 'warning', code: 'loiter-unlimited', item: seq, leg, values: { item: seq }, message: `item ${seq}: NAV_LOITER_UNLIM holds until the pilot acts; the items after it are not flown` });
        return { points, lands, tookOff };
      default: // waypoint, spline waypoint, loiter to altitude
        go(lat, lon, alt_m, leg, seq, it.command === CMD.NAV_LOITER_TO_ALT ? 0 : param1());
    }
  }
  return { points, lands, tookOff };
}

/** A hold time (or loiter turns) from param1: a negative or non-finite one counts as 0, with a warning. */
function seconds(v: number, seq: number, findings: Finding[]): number {
  if (Number.isFinite(v) && v >= 0) return v;
  findings.push({ severity: 'warning', code: 'param', item: seq, leg: `item ${seq}`, values: { item: seq, value: v }, message: `item ${seq}: param1 ${v} is not a time ≥ 0; taken as 0` });
  return 0;
}

function relativeAlt(it: MissionItem, seq: number, o: WalkOptions, findings: Finding[]): number | undefined {
  const leg = `item ${seq}`;
  if (!Number.isFinite(it.z)) {
    findings.push({ severity: 'error', code: 'position', item: seq, leg, values: { item: seq, z: it.z }, message: `item ${seq}: altitude ${it.z} is not a number` });
    return undefined;
  }
  if (it.frame === 3 || it.frame === 6) return it.z;
  // Terrain-relative: the site's ground is taken as flat at home's level.
  if (it.frame === 10 || it.frame === 11) {
    findings.push({ severity: 'info', code: 'terrain-frame', item: seq, leg, values: { item: seq }, message: `item ${seq}: altitude above terrain taken as above home (the site's ground is flat)` });
    return it.z;
  }
  if (it.frame === 0 || it.frame === 5) {
    if (o.home_alt_amsl_m !== undefined) return it.z - o.home_alt_amsl_m;
    findings.push({ severity: 'warning', code: 'amsl-frame', item: seq, leg, values: { item: seq, z: it.z }, message: `item ${seq}: altitude ${it.z} m is above mean sea level and home's AMSL altitude is unknown; taken as above home` });
    return it.z;
  }
  findings.push({ severity: 'error', code: 'frame', item: seq, leg, values: { item: seq, frame: it.frame }, message: `item ${seq}: frame ${it.frame} is not a global frame; the item is not checked` });
  return undefined;
}
