// The geofence, like ArduCopter's AC_Fence with FENCE_TYPE 7 and the stored fence list: a maximum altitude
// (FENCE_ALT_MAX), a circle around home (FENCE_RADIUS), and the uploaded inclusion/exclusion polygons and circles.
// Armed and flying with the fence enabled, a new breach switches to RTL (LAND if RTL cannot be entered).
import { common } from 'node-mavlink';
import type { MissionItem } from '../../patrol/mission/mission-item';
import { COPTER_MODE } from './copter-modes';
import { setMode } from './flight-modes';
import type { SimVehicle } from './vehicle';

const { MavCmd, MavResult, MavSeverity } = common;

interface LocalPoint {
  n: number;
  e: number;
}

type Zone =
  | { kind: 'polygon'; inclusion: boolean; vertices: LocalPoint[] }
  | { kind: 'circle'; inclusion: boolean; centre: LocalPoint; radius_m: number };

/** Zones of a stored (already validated) fence list, in local metres around home. */
export function fenceZones(v: SimVehicle, items: readonly MissionItem[]): Zone[] {
  const zones: Zone[] = [];
  for (let i = 0; i < items.length;) {
    const it = items[i];
    const polygon = it.command === MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION || it.command === MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION;
    if (polygon) {
      const n = Math.max(1, Math.round(it.param1));
      const vertices = items.slice(i, i + n).map((p) => v.localOf(p.x, p.y));
      zones.push({ kind: 'polygon', inclusion: it.command === MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION, vertices });
      i += n;
      continue;
    }
    if (it.command === MavCmd.NAV_FENCE_CIRCLE_INCLUSION || it.command === MavCmd.NAV_FENCE_CIRCLE_EXCLUSION) {
      zones.push({ kind: 'circle', inclusion: it.command === MavCmd.NAV_FENCE_CIRCLE_INCLUSION, centre: v.localOf(it.x, it.y), radius_m: it.param1 });
    }
    i++; // NAV_FENCE_RETURN_POINT: stored, not used by copters
  }
  return zones;
}

/** Ray casting: is `p` inside the polygon? */
export function insidePolygon(p: LocalPoint, vertices: readonly LocalPoint[]): boolean {
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const a = vertices[i];
    const b = vertices[j];
    if ((a.n > p.n) !== (b.n > p.n) && p.e < ((b.e - a.e) * (p.n - a.n)) / (b.n - a.n) + a.e) inside = !inside;
  }
  return inside;
}

function inside(p: LocalPoint, z: Zone): boolean {
  return z.kind === 'polygon' ? insidePolygon(p, z.vertices) : Math.hypot(p.n - z.centre.n, p.e - z.centre.e) <= z.radius_m;
}

/**
 * What the vehicle breaches now ('' when nothing), named by ArduPilot's fence types: "max alt" (FENCE_ALT_MAX),
 * "circle" (FENCE_RADIUS around home), "polygon" (the uploaded zones, circles included, as AC_Fence groups them).
 */
export function breachOf(v: SimVehicle, zones: readonly Zone[]): string {
  const here = { n: v.kin.pos.n, e: v.kin.pos.e };
  if (v.cfg.fence_alt_max_m > 0 && v.kin.alt_m > v.cfg.fence_alt_max_m) return 'max alt';
  if (v.cfg.fence_radius_m > 0 && Math.hypot(here.n, here.e) > v.cfg.fence_radius_m) return 'circle';
  for (const z of zones) {
    if (z.inclusion !== inside(here, z)) return 'polygon';
  }
  return '';
}

/** Checks the fence every step; reacts to a new breach once, re-arms when the vehicle is back inside. */
export class FenceMonitor {
  breach = '';
  private zones: Zone[] = [];

  constructor(private readonly v: SimVehicle, private readonly enabled: () => boolean) {}

  /** Enabled and the vehicle outside it now, whatever it is doing: what the pre-arm check refuses. */
  outside(): string {
    return this.enabled() ? breachOf(this.v, this.zones) : '';
  }

  /** The stored fence list changed. */
  load(items: readonly MissionItem[]): void {
    this.zones = fenceZones(this.v, items);
  }

  step(): void {
    const v = this.v;
    if (!this.enabled() || !v.armed || v.kin.landed) {
      this.breach = '';
      return;
    }
    const now = breachOf(v, this.zones);
    if (now && !this.breach) this.react(now);
    this.breach = now;
  }

  private react(what: string): void {
    const v = this.v;
    v.sendText(MavSeverity.CRITICAL, `Fence breach: ${what}`);
    if (v.mode === COPTER_MODE.RTL || v.mode === COPTER_MODE.LAND) return;
    if (setMode(v, COPTER_MODE.RTL, 'failsafe') !== MavResult.ACCEPTED) setMode(v, COPTER_MODE.LAND, 'failsafe');
  }
}
