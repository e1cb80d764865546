// Preflight checks (issue 4, point 4): what is wrong with a mission before it flies. Shared by the checker, the
// `check-plan` command and the Plan view. Positions WGS-84 degrees, altitudes metres above home.

export type Severity = 'error' | 'warning' | 'info';

export interface FindingLocation {
  lat_deg: number;
  lon_deg: number;
  alt_m: number;
}

export interface Finding {
  severity: Severity;
  /** Stable machine-readable code, e.g. 'building', 'fence', 'max-alt'. */
  code: string;
  /** The mission item (user numbering: 1 = the first item after home) the finding is about. */
  item?: number;
  /** The part of the flight: 'takeoff', 'item 7', 'return (RTL)', 'land', or a post id. */
  leg?: string;
  /** In English (as the CLI prints it). */
  message: string;
  /** The finding's numbers and names, for wording it in another language (finding-text.ts). */
  values?: FindingValues;
  location?: FindingLocation;
}

export type FindingValues = Readonly<Record<string, string | number | boolean | undefined>>;

export interface PreflightOptions {
  /** Launch place (default: the site's home). */
  home?: { lat_deg: number; lon_deg: number; alt_amsl_m?: number };
  /** Altitude to climb to when the items have no NAV_TAKEOFF first. */
  takeoff_alt_m?: number;
  /** Horizontal speed until a DO_CHANGE_SPEED says otherwise (default 5). */
  speed_mps?: number;
  climb_mps?: number;
  descent_mps?: number;
  /** Height above a roof that still counts as inside the building volume (default 5). */
  clearance_m?: number;
  /** Closest a path may pass beside a wall, below roof + clearance (default 3: GPS and wind drift). */
  side_margin_m?: number;
  /** Farthest (slant) distance from home the radio reaches (default 1500). */
  link_range_m?: number;
  /** Battery endurance (default 20 min) and the share kept back (default 25 %). */
  endurance_s?: number;
  reserve_pct?: number;
  /** Items the vehicle accepts, home excluded (default 723: ArduPilot's 724 with home at seq 0). */
  max_items?: number;
  /** ArduCopter's RTL_ALT: an RTL climbs only to this before flying home (default 15). */
  rtl_alt_m?: number;
  /** ArduCopter's RTL_CONE_SLOPE (default 3; 0 disables): near home an RTL climbs less than RTL_ALT. */
  rtl_cone_slope?: number;
  /** ArduCopter's RTL_CLIMB_MIN (default 0). */
  rtl_climb_min_m?: number;
  /** Check a failsafe RTL from every point of the route, not only the planned return (default true). */
  failsafe_rtl?: boolean;
}

export type ResolvedOptions = Required<Omit<PreflightOptions, 'home' | 'takeoff_alt_m'>> & Pick<PreflightOptions, 'takeoff_alt_m'>;

export const PREFLIGHT_DEFAULTS: ResolvedOptions = Object.freeze({
  speed_mps: 5,
  climb_mps: 2.5,
  descent_mps: 1.5,
  clearance_m: 5,
  side_margin_m: 3,
  link_range_m: 1500,
  endurance_s: 20 * 60,
  reserve_pct: 25,
  max_items: 723,
  rtl_alt_m: 15,
  rtl_cone_slope: 3,
  rtl_climb_min_m: 0,
  failsafe_rtl: true,
});
