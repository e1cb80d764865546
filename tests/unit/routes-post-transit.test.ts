import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { point, polygon } from '@turf/helpers';
import { post } from '../../patrol/routes/post';
import { MAV_CMD, routeToItems, type RouteWaypoint } from '../../patrol/routes/route';
import { transit, transitAltitude } from '../../patrol/routes/transit';
import type { Post, Site } from '../../patrol/site/site';
import { COURTYARD, ORIGIN, building } from './routes-shapes';
import { localFrame } from '../../patrol/routes/geo';

const frame = localFrame(ORIGIN);
const at = (x: number, y: number, alt_m: number): RouteWaypoint => {
  const [lon_deg, lat_deg] = frame.toLonLat([x, y]);
  return { lat_deg, lon_deg, alt_m };
};

const GATE: Post = { id: 'gate-1', name: 'North gate', lat_deg: 34.751, lon_deg: 113.751, radius_m: 15, dwell_s: 30, shifts: [] };

describe('post', () => {
  it('arrives with ROI on the post ground, hovers dwell_s, photo and action on arrival, ROI off after', () => {
    const leg = post(GATE, { alt_m: 25, photo: 'image', action: { relay: 0, state: 1 } });
    expect(leg).toMatchObject({ kind: 'post', ref: 'gate-1' });
    expect(leg.waypoints.every((w) => w.lat_deg === 34.751 && w.lon_deg === 113.751 && w.alt_m === 25)).toBe(true);
    const [arrive, hover, leave] = leg.waypoints;
    expect(arrive.roi).toEqual({ lat_deg: 34.751, lon_deg: 113.751, alt_m: 0 });
    expect(hover.hold_s).toBe(30);
    expect(hover.actions).toEqual([{ photo: 'image' }, { relay: 0, state: 1 }]);
    expect(leave.roi).toBe('none');
    expect(routeToItems([leg]).map((i) => i.command)).toEqual([
      MAV_CMD.NAV_WAYPOINT, MAV_CMD.DO_SET_ROI_LOCATION, MAV_CMD.NAV_WAYPOINT, MAV_CMD.IMAGE_START_CAPTURE, MAV_CMD.DO_SET_RELAY, MAV_CMD.NAV_WAYPOINT, MAV_CMD.DO_SET_ROI_NONE,
    ]);
  });

  it('takes its own dwell, a digicam shot or a servo, or nothing', () => {
    const leg = post(GATE, { alt_m: 20, dwell_s: 12, photo: 'digicam', action: { servo: 10, pwm: 2000 } });
    expect(leg.waypoints[1]).toMatchObject({ hold_s: 12, actions: [{ photo: 'digicam' }, { servo: 10, pwm: 2000 }] });
    expect(post(GATE, { alt_m: 20, photo: false }).waypoints[1].actions).toBeUndefined();
    expect(() => post(GATE, { alt_m: 0 })).toThrow(/gate-1.*alt_m/);
    expect(() => post(GATE, { alt_m: 20, dwell_s: -3 })).toThrow(/gate-1.*dwell_s/);
  });
});

const TOWER = building('tower', 90, [[[100, -15], [130, -15], [130, 15], [100, 15]]]);
const LOW = building('low', 12, [[[100, 200], [140, 200], [140, 230], [100, 230]]]);
const site = (...buildings: Site['buildings']): Site => ({ name: 't', max_alt_m: 120, buildings, posts: [] });

function insideAny(s: Site, lon: number, lat: number): { height_m: number } | undefined {
  return s.buildings.find((b) => b.polygons.some((rings) => booleanPointInPolygon(point([lon, lat]), polygon(rings))));
}

describe('transit', () => {
  const s = site(TOWER, LOW, COURTYARD);

  it('climbs above a 90 m tower on the path plus clearance, and never flies a sampled point through a building', () => {
    const from = at(60, 120, 30);
    const to = at(170, -120, 30);
    const leg = transit(from, to, s, { clearance_m: 10, cruise_alt_m: 40 });
    expect(leg.kind).toBe('transit');
    expect(leg.waypoints.map((w) => w.alt_m)).toEqual([100, 100]);
    expect(transitAltitude(from, to, s, { clearance_m: 10, cruise_alt_m: 40 }).under).toEqual([{ id: 'tower', need_m: 100 }]);
    // Sample the whole flown path: from, up, across, down, to.
    const path = [from, ...leg.waypoints, to];
    for (let i = 0; i + 1 < path.length; i++) {
      for (let k = 0; k <= 200; k++) {
        const t = k / 200;
        const lon = path[i].lon_deg + (path[i + 1].lon_deg - path[i].lon_deg) * t;
        const lat = path[i].lat_deg + (path[i + 1].lat_deg - path[i].lat_deg) * t;
        const alt = path[i].alt_m + (path[i + 1].alt_m - path[i].alt_m) * t;
        const b = insideAny(s, lon, lat);
        if (b) expect(alt).toBeGreaterThanOrEqual(b.height_m + 10);
      }
    }
  });

  it('keeps the requested cruise altitude when the path crosses nothing', () => {
    const leg = transit(at(0, 100, 30), at(250, 100, 20), s, { clearance_m: 10, cruise_alt_m: 40 });
    expect(leg.waypoints.map((w) => w.alt_m)).toEqual([40, 40]);
    // No cruise altitude: the higher end.
    expect(transit(at(0, 100, 30), at(250, 100, 20), s, { clearance_m: 10 }).waypoints[0].alt_m).toBe(30);
  });

  it('counts a building passed within the margin, over a courtyard, or under an end', () => {
    // 5 m south of the tower's south wall (y = -15): inside the 10 m default margin, outside a 2 m one.
    expect(transitAltitude(at(50, -20, 30), at(200, -20, 30), s, { clearance_m: 10 }).alt_m).toBe(100);
    expect(transitAltitude(at(50, -20, 30), at(200, -20, 30), s, { clearance_m: 10, margin_m: 2 }).alt_m).toBe(30);
    // Starting inside the courtyard.
    expect(transitAltitude(at(25, 25, 30), at(-100, 25, 30), s, { clearance_m: 5 }).alt_m).toBe(30);
    expect(transitAltitude(at(25, 25, 10), at(-100, 25, 10), s, { clearance_m: 5 }).alt_m).toBe(23);
    // Ending on the low roof.
    expect(transitAltitude(at(300, 300, 10), at(120, 215, 17), s, { clearance_m: 5 }).under.map((u) => u.id)).toEqual(['low']);
  });

  it('says when the altitude it needs is above the site maximum', () => {
    const r = transitAltitude(at(0, 0, 30), at(250, 0, 30), site(TOWER), { clearance_m: 40 });
    expect(r).toMatchObject({ alt_m: 130, over_max: true });
    expect(() => transitAltitude(at(0, 0, 30), at(250, 0, 30), s, { clearance_m: -1 })).toThrow(/clearance_m/);
  });
});
