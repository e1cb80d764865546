// Joining ordered legs into one flyable route: a transit from the takeoff point to the first leg, between every two
// legs, and from the last leg back above home. The return is planned like any other transit (DESIGN.md: ArduCopter's
// RTL climbs only to RTL_ALT before heading home), so the RTL or LAND that follows only has to descend.
import type { Site } from '../site/site';
import type { Home } from './order';
import { legEnds, type GeoPoint3, type RouteLeg } from './route';
import { transit, type TransitOptions } from './transit';

export interface ConnectOptions extends TransitOptions {
  /** Altitude the takeoff climbs to above home. */
  takeoff_alt_m: number;
}

export function connect(legs: readonly RouteLeg[], site: Site, home: Home, o: ConnectOptions): RouteLeg[] {
  if (!Number.isFinite(o.takeoff_alt_m) || o.takeoff_alt_m <= 0) throw new Error(`connect: takeoff_alt_m ${o.takeoff_alt_m} must be > 0`);
  const up: GeoPoint3 = { lat_deg: home.lat_deg, lon_deg: home.lon_deg, alt_m: o.takeoff_alt_m };
  const out: RouteLeg[] = [];
  let at = up;
  for (const leg of legs) {
    const { entry, exit } = legEnds(leg);
    out.push(transit(at, entry, site, o), leg);
    at = exit;
  }
  // Back above home; at least the takeoff altitude so the final descent starts where the climb ended.
  out.push(transit(at, up, site, { ...o, cruise_alt_m: Math.max(o.cruise_alt_m ?? 0, o.takeoff_alt_m, at.alt_m) }));
  return out;
}
