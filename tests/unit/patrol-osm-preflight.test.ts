// Auto patrols on both OSM fixtures from ../shared/data/geo, checked by the preflight checker (exact segment vs
// building volume, takeoff and RTL included): no path through a building, no altitude over the ceiling.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autoPatrol } from '../../patrol/patrol/auto';
import { compilePatrol } from '../../patrol/patrol/compile';
import { preflight } from '../../patrol/preflight/preflight';
import { readSite } from '../../patrol/site/read-site';
import { homeOutside } from './patrol-helpers';

const fixture = (name: string) => {
  const path = new URL(`../fixtures/geo/${name}`, import.meta.url);
  return readSite(readFileSync(path, 'utf8'), name).site;
};

describe.each([
  ['giswqs_knoxville_osm_buildings.geojson'],
  ['feld_heilbronn_planned_buildings.geojson'],
])('auto patrol on %s', (name) => {
  it('compiles for ArduPilot and PX4 with no building or ceiling error in preflight', () => {
    const site = fixture(name);
    const home = homeOutside(site);
    const patrol = autoPatrol(site);
    expect(patrol.legs.length).toBeGreaterThan(0);
    for (const autopilot of ['ardupilot', 'px4'] as const) {
      const { items } = compilePatrol(patrol, site, { autopilot, home });
      const findings = preflight(items, site, { home, speed_mps: patrol.speed_mps, clearance_m: 5 });
      const unsafe = findings.filter((f) => f.severity === 'error' && (f.code === 'building' || f.code === 'max-alt'));
      expect(unsafe.map((f) => f.message)).toEqual([]);
    }
  });
});
