// A failsafe RTL from anywhere on the route (not only the planned return): climb to RTL_ALT if lower, straight
// home, land. From behind a tower at low altitude the straight line home goes through it.
import { describe, expect, it } from 'vitest';
import { missionItem } from '../../patrol/mission/mission-item';
import { preflight } from '../../patrol/preflight/preflight';
import type { Site } from '../../patrol/site/site';
import { box, frame, site as makeSite, xy } from './preflight-helpers';

const at = xy;
// A 20 × 20 m tower, 30 m tall, spanning 90..110 m north and -10..10 m east of home.
const site: Site = makeSite({ buildings: [box('T1', -10, 90, 10, 110, 30, 'Tower')] });
// At 20 m: up the east side (30 m off the tower), behind it to 200 m north, back down the east side, RTL from
// there (the planned return is clear of the tower).
const items = [
  missionItem(22, { z: 20 }),
  missionItem(16, { ...at(40, 0), z: 20 }),
  missionItem(16, { ...at(40, 200), z: 20 }),
  missionItem(16, { ...at(0, 200), z: 20 }),
  missionItem(16, { ...at(40, 200), z: 20 }),
  missionItem(16, { ...at(40, 0), z: 20 }),
  missionItem(20),
];
const rtl = (opts: Parameters<typeof preflight>[2]) => preflight(items, site, opts).filter((f) => f.code === 'failsafe-rtl');

describe('preflight: failsafe RTL from anywhere on the route', () => {
  it('an RTL from behind the tower at RTL_ALT 15 m would hit it: one warning, with the RTL_ALT that clears it', () => {
    const all = preflight(items, site, { rtl_alt_m: 15 });
    expect(all.filter((f) => f.severity === 'error')).toEqual([]); // the plan itself, planned return included, is clear
    const f = rtl({ rtl_alt_m: 15 });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', item: 4 });
    expect(f[0].message).toMatch(/would fly into building T1 \(Tower\) \(roof 30 m \+ 5 m\) at RTL_ALT 15 m; RTL_ALT 35 m \(3500 in centimetres on ArduCopter 4\.6 and older\) would clear every building in the way/);
    expect(f[0].message).toMatch(/from the legs to items 4 to 5 \(\d+ stretches of 20 m\)/);
    // The place given is on the route, north of the tower (where the straight line home crosses it).
    const loc = f[0].location as { lat_deg: number; lon_deg: number; alt_m: number };
    expect(frame.at(loc.lat_deg, loc.lon_deg).y_m).toBeGreaterThan(110);
    expect(loc.alt_m).toBeCloseTo(20, 5);
  });

  it('no warning with RTL_ALT above roof + clearance, or when the check is turned off', () => {
    expect(rtl({ rtl_alt_m: 36 })).toEqual([]);
    expect(rtl({ rtl_alt_m: 15, failsafe_rtl: false })).toEqual([]);
  });

  it('a route in the clear (all of it east of the tower) has no warning', () => {
    const clear = items.filter((_, i) => i !== 3 && i !== 4);
    expect(preflight(clear, site, { rtl_alt_m: 15 }).filter((f) => f.code === 'failsafe-rtl')).toEqual([]);
  });

  it('a tower taller than the ceiling: no RTL_ALT can help, and the message says so', () => {
    const tall: Site = makeSite({ max_alt_m: 30, buildings: [{ ...site.buildings[0], height_m: 29 }] });
    const f = preflight(items, tall, { rtl_alt_m: 15 }).filter((x) => x.code === 'failsafe-rtl');
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(/no RTL_ALT under the site's ceiling \(30 m\) clears them/);
  });

  it('a narrow building between two sample points is still found, wherever the leg starts (the sweep between them)', () => {
    // A 10 × 10 m block 30 m tall at 185..195 m north; a leg 200 m north of home at 20 m flying east to west.
    const block: Site = makeSite({ buildings: [box('N1', -5, 185, 5, 195, 30, 'Kiosk')] });
    for (const start_m of [0, 3, 5, 7, 11, 13, 17]) {
      const leg = [
        missionItem(22, { z: 20 }),
        missionItem(16, { ...at(-100, 0), z: 20 }),
        missionItem(16, { ...at(-100 + start_m, 200), z: 20 }),
        missionItem(16, { ...at(100 + start_m, 200), z: 20 }),
        missionItem(16, { ...at(100, 0), z: 20 }),
        missionItem(20),
      ];
      const f = preflight(leg, block, { rtl_alt_m: 15 }).filter((x) => x.code === 'failsafe-rtl');
      expect(f.map((x) => x.message.match(/building (\w+)/)?.[1]), `leg starting ${start_m} m along`).toEqual(['N1']);
    }
  });

  it('near home the cone keeps the climb low: the advice is not an RTL_ALT that would still hit', () => {
    // Home 1 m south of an 85 m tower; an orbit point on its far side, 25 m north of home at 20 m.
    const tower: Site = makeSite({ buildings: [box('K1', -10, 1, 10, 21, 85, 'Key tower')] });
    const orbit = [
      missionItem(22, { z: 20 }),
      missionItem(16, { ...at(-30, 0), z: 20 }),
      missionItem(16, { ...at(-30, 25), z: 20 }),
      missionItem(16, { ...at(0, 25), z: 20 }),
      missionItem(16, { ...at(-30, 25), z: 20 }),
      missionItem(16, { ...at(-30, 0), z: 20 }),
      missionItem(20),
    ];
    const f = preflight(orbit, tower, { rtl_alt_m: 15 }).filter((x) => x.code === 'failsafe-rtl');
    expect(f).toHaveLength(1);
    // 25 m out, the cone allows 75 m: no RTL_ALT clears the 90 m it needs, only switching the cone off does.
    expect(f[0].message).toMatch(/RTL_CONE_SLOPE 3 keeps the climb low: RTL_ALT 90 m .* with RTL_CONE_SLOPE 0 would clear/);
    expect(preflight(orbit, tower, { rtl_alt_m: 90 }).filter((x) => x.code === 'failsafe-rtl')).toHaveLength(1);
    expect(preflight(orbit, tower, { rtl_alt_m: 90, rtl_cone_slope: 0 }).filter((x) => x.code === 'failsafe-rtl')).toEqual([]);
  });

  it('a loiter circle beside the tower is checked piece by piece', () => {
    // NAV_LOITER_TURNS (18), radius 40 m, centred 200 m north and 40 m east of home at 20 m: only the circle's
    // west side lies behind the tower as seen from home.
    const loiter = [
      missionItem(22, { z: 20 }),
      missionItem(16, { ...at(60, 0), z: 20 }),
      missionItem(18, { ...at(40, 200), z: 20, param1: 1, param3: 40 }),
      missionItem(16, { ...at(60, 0), z: 20 }),
      missionItem(20),
    ];
    const f = preflight(loiter, site, { rtl_alt_m: 15 }).filter((x) => x.code === 'failsafe-rtl');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ item: 3 });
  });
});
