// Volumes that start above the ground (OSM min_height) in the preflight checks, and default patrols of the two OSM
// fixtures of issue 8 (building parts, repeated ids) checked by them. The rule: a raised volume is the band from
// its base − clearance to its roof + clearance, so a path under it passes and a path through it (or within the
// clearance under it) does not; inside an outline there is no way under, the outline being a volume from the
// ground (conservative).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { autoPatrol } from '../../patrol/patrol/auto';
import { compilePatrol } from '../../patrol/patrol/compile';
import { homeFrame } from '../../patrol/preflight/frame';
import { preflight } from '../../patrol/preflight/preflight';
import type { Finding } from '../../patrol/preflight/types';
import { readSite } from '../../patrol/site/read-site';
import type { Building, Site } from '../../patrol/site/site';
import { box, rtl, site, takeoff, wp } from './preflight-helpers';
import { homeOutside } from './patrol-helpers';

const codes = (fs: Finding[], ...which: string[]) => fs.filter((f) => f.severity === 'error' && which.includes(f.code));
const raised = (b: Building, min_height_m: number): Building => ({ ...b, min_height_m });
const fixture = (name: string) => readSite(readFileSync(new URL(`../fixtures/geo/${name}`, import.meta.url), 'utf8'), name);

describe('preflight: a volume that starts above the ground', () => {
  // A bridge-like block 40 m × 40 m, 80..120 m north of home, from 20 m up to 30 m; clearance 5 m: the band is 15..35 m.
  const bridge = raised(box('BR', -20, 80, 20, 120, 30, 'Skybridge'), 20);
  const s = site({ buildings: [bridge] });
  const across = (alt_m: number): MissionItem[] => [takeoff(alt_m), wp(0, 200, alt_m), wp(0, 0, alt_m), missionItem(21, { frame: 3 })];

  it('a path under it passes; through it, or within the clearance under it, is an error naming its base', () => {
    expect(codes(preflight(across(10), s, { rtl_alt_m: 10 }), 'building', 'building-near')).toEqual([]);
    const through = codes(preflight(across(25), s, { rtl_alt_m: 25 }), 'building');
    expect(through.length).toBeGreaterThan(0);
    expect(through[0].message).toContain('enters building BR (Skybridge) (20 m − 5 m clearance up to its roof 30 m + 5 m) at 25.0 m');
    expect(codes(preflight(across(16), s, { rtl_alt_m: 16 }), 'building').length).toBeGreaterThan(0);
    expect(codes(preflight(across(36), s, { rtl_alt_m: 36 }), 'building')).toEqual([]);
  });

  it('a climb straight up through its footprint enters it; beside it below its base is not a close pass', () => {
    const climb = [takeoff(10), wp(0, 100, 10), wp(0, 100, 40), rtl()];
    expect(codes(preflight(climb, s, { rtl_alt_m: 40 }), 'building').map((f) => f.item)).toEqual([3]);
    const beside = [takeoff(10), wp(22, 60, 10), wp(22, 140, 10), wp(0, 0, 10), missionItem(21, { frame: 3 })];
    expect(codes(preflight(beside, s, { rtl_alt_m: 10 }), 'building', 'building-near')).toEqual([]);
    const besideInBand = beside.map((it) => (it.command === 16 || it.command === 22 ? { ...it, z: 25 } : it));
    expect(codes(preflight(besideInBand, s, { rtl_alt_m: 25 }), 'building-near').length).toBeGreaterThan(0);
  });

  it('a base within the clearance of the ground is the ground', () => {
    const low = site({ buildings: [raised(box('LO', -20, 80, 20, 120, 30), 4)] });
    expect(codes(preflight(across(2), low, { rtl_alt_m: 2 }), 'building').length).toBeGreaterThan(0);
  });
});

describe('preflight: the US embassy antenna of the Berlin parts fixture', () => {
  const { site: berlin } = fixture('ctrlw_osm4vr_berlin_building_parts.geojson');
  const antenna = berlin.buildings.find((b) => b.id === 'way/304339260') as Building;
  const outline = berlin.buildings.find((b) => b.id === antenna.part_of) as Building;
  const ring = antenna.polygons[0][0];
  const lon = ring.slice(0, -1).reduce((a, p) => a + p[0], 0) / (ring.length - 1);
  const lat = ring.slice(0, -1).reduce((a, p) => a + p[1], 0) / (ring.length - 1);
  const home = { lat_deg: lat, lon_deg: lon - 0.003 };
  const frame = homeFrame(home.lat_deg, home.lon_deg);
  const centre = frame.at(lat, lon);
  const over = (alt_m: number): MissionItem[] => {
    const p = frame.toLatLon(centre.x_m + 100, centre.y_m);
    return [takeoff(alt_m), missionItem(16, { x: p.lat_deg, y: p.lon_deg, z: alt_m }), missionItem(16, { x: home.lat_deg, y: home.lon_deg, z: alt_m }), missionItem(21, { frame: 3 })];
  };
  const only = (buildings: Building[]): Site => ({ ...berlin, buildings, home });

  it('on its own (22–26 m): under it at 10 m passes, at 24 m it is hit', () => {
    expect(antenna.min_height_m).toBe(22);
    expect(codes(preflight(over(10), only([{ ...antenna, part_of: undefined }]), { rtl_alt_m: 10 }), 'building')).toEqual([]);
    const hit = codes(preflight(over(24), only([{ ...antenna, part_of: undefined }]), { rtl_alt_m: 24 }), 'building');
    expect(hit.map((f) => f.message).join('\n')).toContain('way/304339260 (22 m − 5 m clearance up to its roof 26 m + 5 m)');
  });

  it('with its outline, as the export has it: no way under — the embassy stands from the ground to the antenna tip', () => {
    const hit = codes(preflight(over(10), only([outline, antenna]), { rtl_alt_m: 10 }), 'building');
    expect(hit.map((f) => f.message).join('\n')).toContain(`enters building ${outline.id} (${outline.name}) (roof 26 m + 5 m clearance)`);
  });
});

describe('default patrols of the issue-8 fixtures pass their preflight', () => {
  it.each([
    ['ctrlw_osm4vr_berlin_building_parts.geojson'],
    ['knoxville_tiled_repeated_ids.geojson'],
  ])('%s: no building, close-pass or ceiling error, for ArduPilot and PX4; no part is a target of its own', (name) => {
    const { site: s } = fixture(name);
    const home = homeOutside(s);
    const notes: string[] = [];
    const patrol = autoPatrol(s, {}, notes);
    const targets = patrol.legs.flatMap((l) => ('building' in l ? [l.building] : []));
    expect(targets.length).toBeGreaterThan(0);
    for (const id of targets) expect(s.buildings.find((b) => b.id === id)?.part_of, id).toBeUndefined();
    for (const autopilot of ['ardupilot', 'px4'] as const) {
      const { items } = compilePatrol(patrol, s, { autopilot, home });
      const findings = preflight(items, s, { home, speed_mps: patrol.speed_mps, clearance_m: 5 });
      expect(codes(findings, 'building', 'building-near', 'max-alt').map((f) => f.message)).toEqual([]);
    }
  });

  it('Berlin: the TV tower (374 m to its antenna tip) is above the ceiling: left out, with a note', () => {
    const { site: s } = fixture('ctrlw_osm4vr_berlin_building_parts.geojson');
    const notes: string[] = [];
    const patrol = autoPatrol(s, {}, notes);
    const tower = s.buildings.find((b) => b.name === 'Berliner Fernsehturm') as Building;
    expect(patrol.legs.some((l) => 'building' in l && l.building === tower.id)).toBe(false);
    expect(notes).toEqual([`1 building not patrolled: roof + 10 m is above the site's ceiling (${s.max_alt_m} m): ${tower.id} (Berliner Fernsehturm) ${tower.height_m} m`]);
    expect(patrol.legs.map((l) => `${l.kind} ${'building' in l ? l.building : ''}`)).toEqual(['facade way/195257482', 'roof way/195257482', 'facade way/237814708', 'roof way/237814708']);
  });

  it('antenna parts standing alone (collapsed to a point at 5 decimals) are no key buildings, even under a high ceiling', () => {
    const { site: s } = fixture('ctrlw_osm4vr_berlin_building_parts.geojson');
    const antennas = s.buildings.filter((b) => b.part_of !== undefined && b.min_height_m !== undefined && b.min_height_m > 300).map((b) => ({ ...b, part_of: undefined }));
    expect(antennas.length).toBeGreaterThan(0);
    const patrol = autoPatrol({ ...s, max_alt_m: 500, buildings: antennas });
    expect(patrol.legs).toEqual([]);
  });
});
