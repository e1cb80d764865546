// The route's profile (issue 11): along the horizontal length of the path preflight walks (takeoff, legs, return),
// the altitude flown, the highest roof under each point (and that roof plus the clearance the checks keep), the
// site's ceiling, and the altitude a failsafe RTL from that point would climb to before flying home (ArduCopter's
// rule, rtl-alt.ts) — the picture that shows a planner why a leg is unsafe. Metres above home.
import type { Site } from '../site/site';
import { homeFrame } from './frame';
import { pointInRings } from './geometry';
import type { PathPoint } from './path';
import { rtlReturnAlt, type RtlParams } from './rtl-alt';

export interface RouteProfile {
  /** Horizontal distance flown from home, m (a vertical climb is a step at one distance). */
  dist_m: number[];
  alt_m: number[];
  /** The highest roof under the point (0: open ground). */
  roof_m: number[];
  /** The building under the point, else null. */
  building: Array<string | null>;
  /** A failsafe RTL from here returns at this altitude. */
  rtl_m: number[];
  lat_deg: number[];
  lon_deg: number[];
  ceiling_m: number;
  clearance_m: number;
}

export interface ProfileOptions {
  clearance_m: number;
  rtl: RtlParams;
  /** At most this many samples (the step grows on long routes; default 2000). */
  max_samples?: number;
}

export function routeProfile(path: readonly PathPoint[], site: Site, opts: ProfileOptions): RouteProfile {
  const out: RouteProfile = { dist_m: [], alt_m: [], roof_m: [], building: [], rtl_m: [], lat_deg: [], lon_deg: [], ceiling_m: site.max_alt_m, clearance_m: opts.clearance_m };
  if (path.length === 0) return out;
  // The path's metres are east and north of home (frame.ts); the buildings in the same frame, shifted by where the
  // path's first point is (home, at 0, 0, in preflight's walk).
  const first = path[0];
  const frame = homeFrame(first.lat_deg, first.lon_deg);
  const volumes = site.buildings.flatMap((b) => b.polygons.map((poly) => {
    const rings = frame.rings(poly).map((r) => {
      for (let i = 0; i < r.length; i += 2) {
        r[i] += first.x_m;
        r[i + 1] += first.y_m;
      }
      return r;
    });
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < rings[0].length; i += 2) {
      x0 = Math.min(x0, rings[0][i]);
      x1 = Math.max(x1, rings[0][i]);
      y0 = Math.min(y0, rings[0][i + 1]);
      y1 = Math.max(y1, rings[0][i + 1]);
    }
    return { id: b.id, top_m: b.height_m, rings, x0, y0, x1, y1 };
  }));
  let total = 0;
  for (let i = 1; i < path.length; i++) total += Math.hypot(path[i].x_m - path[i - 1].x_m, path[i].y_m - path[i - 1].y_m);
  const step = Math.max(1, total / (opts.max_samples ?? 2000));
  let dist = 0;
  const sample = (x: number, y: number, alt: number, lat: number, lon: number) => {
    let roof = 0;
    let under: string | null = null;
    for (const v of volumes) {
      if (x < v.x0 || x > v.x1 || y < v.y0 || y > v.y1 || v.top_m <= roof) continue;
      if (pointInRings(v.rings, x, y)) {
        roof = v.top_m;
        under = v.id;
      }
    }
    out.dist_m.push(dist);
    out.alt_m.push(alt);
    out.roof_m.push(roof);
    out.building.push(under);
    out.rtl_m.push(rtlReturnAlt(alt, Math.hypot(x, y), opts.rtl));
    out.lat_deg.push(lat);
    out.lon_deg.push(lon);
  };
  sample(path[0].x_m, path[0].y_m, path[0].alt_m, path[0].lat_deg, path[0].lon_deg);
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1];
    const b = path[i];
    const len = Math.hypot(b.x_m - a.x_m, b.y_m - a.y_m);
    const n = Math.max(1, Math.ceil(len / step));
    for (let k = 1; k <= n; k++) {
      const t = k / n;
      dist += len / n;
      sample(a.x_m + (b.x_m - a.x_m) * t, a.y_m + (b.y_m - a.y_m) * t, a.alt_m + (b.alt_m - a.alt_m) * t, a.lat_deg + (b.lat_deg - a.lat_deg) * t, a.lon_deg + (b.lon_deg - a.lon_deg) * t);
    }
  }
  return out;
}
