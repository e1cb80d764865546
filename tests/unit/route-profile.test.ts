// The route's profile (patrol/preflight/profile.ts): along the path preflight walks, the roof under each point is
// that of the building the point is over (by the polygon, holes outside), the RTL altitude follows ArduCopter's rule,
// and the leg the checks call unsafe is the one the profile shows below a roof plus clearance.
import { describe, expect, it } from 'vitest';
import { addBuilding, addLeg, addPost, facadeLeg, newPlan, postLeg, setHome, setLeg, type Edit, type PlanDoc } from '../../patrol/edit/plan-edit';
import { compilePatrol } from '../../patrol/patrol/compile';
import { preflightReport } from '../../patrol/preflight/preflight';
import { routeProfile } from '../../patrol/preflight/profile';
import { rtlReturnAlt } from '../../patrol/preflight/rtl-alt';
import { pointInRings } from '../../patrol/preflight/geometry';

const lat0 = 31.2304;
const lon0 = 121.4737;
const dlat = 1 / 111_195;
const dlon = 1 / (111_195 * Math.cos((lat0 * Math.PI) / 180));
const P = (x: number, y: number): [number, number] => [lon0 + x * dlon, lat0 + y * dlat];
const rect = (x0: number, y0: number, x1: number, y1: number) => [P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1)];
const ok = (e: Edit): PlanDoc => {
  if (!e.ok) throw new Error(e.error);
  return e.doc;
};
const RTL = { rtl_alt_m: 15, cone_slope: 3, climb_min_m: 0 };

/** A tower (20 m), a neighbour 4–12 m east of it with a courtyard hole, a post, home to the west; a facade orbit. */
function plan(neighbour_m: number, distance_m: number): PlanDoc {
  let d = newPlan('t', 't.site.geojson');
  d = ok(addBuilding(d, [rect(-30, -10, -10, 10)], { height_m: 20 }));
  d = ok(addBuilding(d, [rect(4, -10, 12, 10), rect(6, 4, 10, 8)], { height_m: neighbour_m }));
  d = ok(addPost(d, lat0 + 30 * dlat, lon0 + 40 * dlon));
  d = ok(setHome(d, { lat_deg: lat0, lon_deg: lon0 - 60 * dlon }));
  d = ok(addLeg(d, facadeLeg('B1')));
  d = ok(addLeg(d, postLeg(d, 'P1')));
  return ok(setLeg(d, 0, { distance_m, bottom_m: 15 }));
}

function profileOf(d: PlanDoc) {
  const compiled = compilePatrol(d.patrol, d.site, { autopilot: 'ardupilot' });
  const report = preflightReport(compiled.items, d.site, { speed_mps: d.patrol.speed_mps });
  return { report, profile: routeProfile(report.path, d.site, { clearance_m: 5, rtl: RTL }) };
}

describe('the route profile', () => {
  it('the roof under each point is the building it is over; distance grows; the RTL altitude is ArduCopter’s', () => {
    const d = plan(30, 20);
    const { report, profile } = profileOf(d);
    const n = profile.dist_m.length;
    expect(n).toBeGreaterThan(100);
    expect(profile.dist_m[0]).toBe(0);
    for (let i = 1; i < n; i++) expect(profile.dist_m[i]).toBeGreaterThanOrEqual(profile.dist_m[i - 1]);
    let flown = 0;
    for (let i = 1; i < report.path.length; i++) flown += Math.hypot(report.path[i].x_m - report.path[i - 1].x_m, report.path[i].y_m - report.path[i - 1].y_m);
    expect(profile.dist_m[n - 1]).toBeCloseTo(flown, 6);
    // Each sample against the buildings' own polygons, in metres east/north of lat0, lon0.
    const xy = (lat: number, lon: number) => [(lon - lon0) / dlon, (lat - lat0) / dlat] as const;
    const ringsOf = (...rs: Array<[number, number, number, number]>) => rs.map(([x0, y0, x1, y1]) => Float64Array.from([x0, y0, x1, y0, x1, y1, x0, y1, x0, y0]));
    const b2 = ringsOf([4, -10, 12, 10], [6, 4, 10, 8]);
    let over = 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = xy(profile.lat_deg[i], profile.lon_deg[i]);
      const inB2 = pointInRings(b2, x, y);
      // (a sample within a few mm of a wall may fall either side of it)
      const nearWall = [4, 12, 6, 10].some((w) => Math.abs(x - w) < 0.01) || [-10, 10, 4, 8].some((w) => Math.abs(y - w) < 0.01);
      if (!nearWall) expect(profile.building[i], `sample ${i} at ${x.toFixed(2)}, ${y.toFixed(2)}`).toBe(inB2 ? 'B2' : profile.building[i] === 'B1' ? 'B1' : null);
      if (profile.building[i] === 'B2') {
        over++;
        expect(profile.roof_m[i]).toBe(30);
      }
      if (profile.building[i] === null) expect(profile.roof_m[i]).toBe(0);
      const home = report.path[0];
      expect(profile.rtl_m[i]).toBe(rtlReturnAlt(profile.alt_m[i], Math.hypot(x - (home.lon_deg - lon0) / dlon, y - (home.lat_deg - lat0) / dlat), RTL));
    }
    expect(over).toBeGreaterThan(5);
    expect(profile.ceiling_m).toBe(120);
  });

  it('the leg preflight calls unsafe is where the profile flies below a roof plus clearance, and only there', () => {
    const unsafe = profileOf(plan(30, 20));
    expect(unsafe.report.findings.some((f) => f.code === 'building')).toBe(true);
    const below = unsafe.profile.alt_m.filter((a, i) => a > 0 && a < unsafe.profile.roof_m[i] + 5 && unsafe.profile.building[i] === 'B2').length;
    expect(below).toBeGreaterThan(0);
    const safe = profileOf(plan(30, 28));
    expect(safe.report.findings.some((f) => f.code === 'building')).toBe(false);
    // Airborne over a roof only above roof + clearance (takeoff and landing are at home, on open ground).
    safe.profile.alt_m.forEach((a, i) => {
      if (safe.profile.roof_m[i] > 0) expect(a).toBeGreaterThanOrEqual(safe.profile.roof_m[i] + 5);
    });
  });

  it('no path, no profile; a long route is sampled at most max_samples times', () => {
    expect(routeProfile([], plan(3, 20).site, { clearance_m: 5, rtl: RTL }).dist_m).toEqual([]);
    const { report } = profileOf(plan(3, 20));
    const few = routeProfile(report.path, plan(3, 20).site, { clearance_m: 5, rtl: RTL, max_samples: 50 });
    expect(few.dist_m.length).toBeLessThan(50 + report.path.length + 1);
  });
});
