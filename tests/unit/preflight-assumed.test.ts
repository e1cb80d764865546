// A building of unknown height (OSM without height tags, 10 m assumed) under the path is not shown to be safe.
import { describe, expect, it } from 'vitest';
import { missionItem } from '../../patrol/mission/mission-item';
import { preflight } from '../../patrol/preflight/preflight';
import type { Site } from '../../patrol/site/site';

const HOME = { lat_deg: 34.75, lon_deg: 113.75 };
const dLat = (m: number) => m / 111_195;
const dLon = (m: number) => m / (111_195 * Math.cos((HOME.lat_deg * Math.PI) / 180));
// A 20 × 20 m footprint centred 100 m north of home.
const square = (height_m: number, height_assumed: boolean): Site['buildings'][number] => ({
  id: 'B1', name: 'Old block', height_m, height_assumed, key: false,
  polygons: [[[
    [HOME.lon_deg - dLon(10), HOME.lat_deg + dLat(90)], [HOME.lon_deg + dLon(10), HOME.lat_deg + dLat(90)],
    [HOME.lon_deg + dLon(10), HOME.lat_deg + dLat(110)], [HOME.lon_deg - dLon(10), HOME.lat_deg + dLat(110)],
    [HOME.lon_deg - dLon(10), HOME.lat_deg + dLat(90)],
  ]]],
});
const site = (assumed: boolean): Site => ({ name: 't', max_alt_m: 120, buildings: [square(10, assumed)], posts: [], home: HOME });
// Takeoff to 30 m, straight over the building to 200 m north and back: clear of a known 10 m roof.
const items = [
  missionItem(22, { z: 30 }),
  missionItem(16, { x: HOME.lat_deg + dLat(200), y: HOME.lon_deg, z: 30 }),
  missionItem(20),
];

describe('preflight and buildings of assumed height', () => {
  it('warns when the path crosses a building whose height is only assumed, and not when it is known', () => {
    const unknown = preflight(items, site(true), { rtl_alt_m: 30 });
    const w = unknown.filter((f) => f.code === 'assumed-height');
    expect(w.length).toBeGreaterThan(0);
    expect(w[0]).toMatchObject({ severity: 'warning' });
    expect(w[0].message).toMatch(/B1 \(Old block\), whose height is not known \(assumed 10 m\)/);
    expect(unknown.filter((f) => f.code === 'building')).toEqual([]);
    expect(preflight(items, site(false), { rtl_alt_m: 30 }).filter((f) => f.code === 'assumed-height')).toEqual([]);
  });

  it('warns when the path passes beside a building of assumed height closer than the sideways margin', () => {
    // 2 m east of the east wall (x = 10 m), at 30 m: above the assumed 10 m roof, but the real one is unknown.
    const beside = [
      missionItem(22, { z: 30 }),
      missionItem(16, { x: HOME.lat_deg, y: HOME.lon_deg + dLon(12), z: 30 }),
      missionItem(16, { x: HOME.lat_deg + dLat(200), y: HOME.lon_deg + dLon(12), z: 30 }),
      missionItem(16, { x: HOME.lat_deg, y: HOME.lon_deg + dLon(12), z: 30 }),
      missionItem(20),
    ];
    const w = preflight(beside, site(true), { rtl_alt_m: 30 }).filter((f) => f.code === 'assumed-height');
    expect(w).toHaveLength(1);
    expect(w[0].message).toMatch(/passes 2\.0 m from building B1 \(Old block\), whose height is not known/);
    expect(preflight(beside, site(false), { rtl_alt_m: 30 }).filter((f) => f.code === 'assumed-height')).toEqual([]);
  });
});
