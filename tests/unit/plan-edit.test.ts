// The plan's edit model (patrol/edit): each operation, its refusals in the file reader's words, and its undo (the
// history gives back the value before, redo the one after); and the site writer read back by the site reader —
// the demo site and real imports (OSM Knoxville, Heilbronn, Berlin building parts, a KML).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addBuilding, addHole, addLeg, addPost, autoLegs, deleteFeature, facadeLeg, moveLeg, movePost, newPlan, postLeg, removeLeg, roofLeg,
  setBuildingProps, setBuildingShape, setFence, setHome, setLeg, setPatrolProps, setPostProps, setSiteProps, waypointLeg,
  type Edit, type PlanDoc,
} from '../../patrol/edit/plan-edit';
import { canRedo, canUndo, history, record, redo, undo, HISTORY_LIMIT } from '../../patrol/edit/history';
import { editProblemText, WORDED_PHRASES } from '../../patrol/edit/edit-text';
import { readSiteFile } from '../../patrol/site/read-site-file';
import { writeSiteText } from '../../patrol/site/write-site';
import { compilePatrol } from '../../patrol/patrol/compile';
import type { LonLat } from '../../patrol/site/site';

/** A square of `side_m` metres with its south-west corner `east_m`, `north_m` from 31.2304 N, 121.4737 E. */
function square(east_m: number, north_m: number, side_m: number): LonLat[] {
  const lat0 = 31.2304;
  const lon0 = 121.4737;
  const dlat = 1 / 111_195;
  const dlon = 1 / (111_195 * Math.cos((lat0 * Math.PI) / 180));
  const x = (m: number) => lon0 + m * dlon;
  const y = (m: number) => lat0 + m * dlat;
  return [[x(east_m), y(north_m)], [x(east_m + side_m), y(north_m)], [x(east_m + side_m), y(north_m + side_m)], [x(east_m), y(north_m + side_m)]];
}

function ok(e: Edit & { id?: string }): PlanDoc {
  if (!e.ok) throw new Error(e.error);
  return e.doc;
}

/** Apply an edit through the history, then check that undo gives back the value before and redo the one after. */
function roundTrip(before: PlanDoc, edit: (d: PlanDoc) => Edit): PlanDoc {
  const after = ok(edit(before));
  expect(after).not.toBe(before);
  let h = record(history(before), after);
  expect(canUndo(h)).toBe(true);
  h = undo(h);
  expect(h.present).toBe(before);
  expect(canRedo(h)).toBe(true);
  h = redo(h);
  expect(h.present).toBe(after);
  return after;
}

const base = (): PlanDoc => {
  let d = newPlan('Test yard', 'test.site.geojson');
  d = ok(addBuilding(d, [square(0, 0, 20)]));
  d = ok(addPost(d, 31.2306, 121.4742));
  return d;
};

describe('the plan edit model: each operation and its undo', () => {
  it('a new plan is empty; buildings and posts get free ids; a building needs three corners', () => {
    const d0 = newPlan('Yard', 'yard.site.geojson');
    expect(d0.site).toEqual({ name: 'Yard', max_alt_m: 120, buildings: [], posts: [] });
    const d1 = roundTrip(d0, (d) => addBuilding(d, [square(0, 0, 10)]));
    expect(d1.site.buildings.map((b) => [b.id, b.height_m, b.polygons[0][0].length])).toEqual([['B1', 10, 5]]); // ring closed
    const d2 = roundTrip(d1, (d) => addBuilding(d, [square(30, 0, 10)], { height_m: 25 }));
    expect(d2.site.buildings.map((b) => b.id)).toEqual(['B1', 'B2']);
    const d3 = roundTrip(d2, (d) => addPost(d, 31.231, 121.474));
    expect(d3.site.posts[0]).toMatchObject({ id: 'P1', name: 'P1', radius_m: 15, dwell_s: 10, shifts: [] });
    expect(addBuilding(d3, [square(0, 0, 10).slice(0, 2)])).toEqual({ ok: false, error: 'the new building: expected a ring of at least 3 corners' });
    expect(addBuilding(d3, [square(0, 0, 10)], { id: 'P1' })).toEqual({ ok: false, error: 'the new building: the id "P1" is taken' });
    expect(addPost(d3, 95, 0).ok).toBe(false);
  });

  it('moving and reshaping: a building keeps its id and properties, a post its settings', () => {
    const d0 = ok(setBuildingProps(base(), 'B1', { name: 'Tower', height_m: 40, key: true }));
    const d1 = roundTrip(d0, (d) => setBuildingShape(d, 'B1', [[square(5, 5, 30)]]));
    expect(d1.site.buildings[0]).toMatchObject({ id: 'B1', name: 'Tower', height_m: 40, key: true });
    expect(d1.site.buildings[0].polygons[0][0][2]).toEqual(square(5, 5, 30)[2]);
    // A hole: outer ring, then the courtyard.
    const d2 = roundTrip(d1, (d) => setBuildingShape(d, 'B1', [[square(0, 0, 40), square(10, 10, 10)]]));
    expect(d2.site.buildings[0].polygons[0]).toHaveLength(2);
    const d3 = roundTrip(d2, (d) => movePost(d, 'P1', 31.2307, 121.4743));
    expect(d3.site.posts[0]).toMatchObject({ lat_deg: 31.2307, lon_deg: 121.4743, radius_m: 15 });
    expect(setBuildingShape(d3, 'B9', [[square(0, 0, 1)]])).toEqual({ ok: false, error: 'no building "B9"' });
  });

  it('refusals in Chinese: the same parts, worded from the schema’s phrases; every phrase the editor can meet is known', () => {
    const r = setPostProps(base(), 'P1', { radius_m: 0 });
    expect(r.ok).toBe(false);
    if (r.ok || !r.problem) throw new Error('expected a refusal with its parts');
    expect(r.problem).toEqual({ where: 'post "P1"', key: 'radius_m', expected: 'a number > 0', got: '0' });
    expect(editProblemText(r.problem, 'en')).toBe(r.error);
    expect(editProblemText(r.problem, 'zh-CN')).toBe('岗位 "P1"：radius_m：应为大于 0 的数，实际为 0');
    const leg = ok(addLeg(base(), facadeLeg('B1')));
    const refusals = [
      setBuildingProps(base(), 'B1', { height_m: -1 }), setPostProps(base(), 'P1', { dwell_s: -1 }),
      setPostProps(base(), 'P1', { shifts: [{ from: '25:00', to: '06:00' }] }), setPostProps(base(), 'P1', { shifts: [{ from: '06:00', to: '06:00' }] }),
      setLeg(leg, 0, { layers: 0 }), setLeg(leg, 0, { distance_m: 0 }), setLeg(leg, 0, { bottom_m: -1 }), setLeg(leg, 0, { camera: 'x' as 'roi' }),
      setPatrolProps(base(), { speed_mps: 0 }), setPatrolProps(base(), { end: 'X' as 'RTL' }),
    ];
    for (const x of refusals) {
      if (x.ok || !x.problem) throw new Error(`expected a refusal with its parts: ${JSON.stringify(x)}`);
      expect(WORDED_PHRASES, x.error).toContain(x.problem.expected);
      expect(editProblemText(x.problem, 'zh-CN')).toMatch(/应为[^a-z]/);
    }
  });

  it('a courtyard cut into a building: inside it, clear of other courtyards; undone', () => {
    const d0 = ok(setBuildingShape(base(), 'B1', [[square(0, 0, 40)]]));
    const d1 = roundTrip(d0, (d) => addHole(d, 'B1', square(10, 10, 10)));
    expect(d1.site.buildings[0].polygons[0]).toHaveLength(2);
    expect(d1.site.buildings[0].polygons[0][1]).toHaveLength(5);
    expect(addHole(d1, 'B1', square(12, 12, 3))).toEqual({ ok: false, error: 'building "B1": the courtyard must lie inside the building, clear of its other courtyards' });
    expect(addHole(d1, 'B1', square(30, 30, 20)).ok).toBe(false); // partly outside
    const d2 = roundTrip(d1, (d) => addHole(d, 'B1', square(25, 25, 5)));
    expect(d2.site.buildings[0].polygons[0]).toHaveLength(3);
    // What the editor writes reads back with its courtyards.
    expect(readSiteFile(writeSiteText(d2.site), 'c.site.geojson').site.buildings[0].polygons[0]).toHaveLength(3);
    expect(addHole(d2, 'B9', square(1, 1, 1)).ok).toBe(false);
  });

  it('properties: refused with the site file reader’s own words, the plan unchanged', () => {
    const d0 = base();
    const d1 = roundTrip(d0, (d) => setBuildingProps(d, 'B1', { name: 'Block A', name_zh: 'A 栋', height_m: 33 }));
    expect(d1.site.buildings[0]).toMatchObject({ name: 'Block A', name_zh: 'A 栋', height_m: 33, height_assumed: false });
    // What the reader says of the same value in a file.
    const fileSaying = (props: object) => {
      const text = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'B1', properties: { kind: 'building', ...props }, geometry: { type: 'Polygon', coordinates: [[...square(0, 0, 5), square(0, 0, 5)[0]]] } }] });
      try {
        readSiteFile(text, 'x.site.geojson');
      } catch (err) {
        return /expected (.*), got/.exec((err as Error).message)?.[1];
      }
      return null;
    };
    const refused = setBuildingProps(d1, 'B1', { height_m: -3 });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toBe(`building "B1": height_m: expected ${fileSaying({ height_m: -3 })}, got -3`);
    const d2 = roundTrip(d1, (d) => setBuildingProps(d, 'B1', { name_zh: '' })); // an empty Chinese name removes it
    expect(d2.site.buildings[0].name_zh).toBeUndefined();

    const d3 = roundTrip(d2, (d) => setPostProps(d, 'P1', { name: 'Gate', name_zh: '大门', radius_m: 20, dwell_s: 30, shifts: [{ from: '22:00', to: '06:00' }] }));
    expect(d3.site.posts[0]).toMatchObject({ name: 'Gate', name_zh: '大门', radius_m: 20, dwell_s: 30, shifts: [{ from: '22:00', to: '06:00' }] });
    expect(setPostProps(d3, 'P1', { radius_m: 0 })).toMatchObject({ ok: false, error: 'post "P1": radius_m: expected a number > 0, got 0' });
    expect(setPostProps(d3, 'P1', { dwell_s: -1 })).toMatchObject({ ok: false, error: 'post "P1": dwell_s: expected a number >= 0, got -1' });
    expect(setPostProps(d3, 'P1', { name: ' ' })).toMatchObject({ ok: false, error: expect.stringMatching(/^post "P1": name: expected a non-empty string/) });
    expect(setPostProps(d3, 'P1', { shifts: [{ from: '25:00', to: '06:00' }] })).toMatchObject({ ok: false, error: expect.stringMatching(/shifts\.0\.from: expected a time "HH:MM" \(00:00–23:59\), got "25:00"/) });
    expect(setPostProps(d3, 'P1', { shifts: [{ from: '06:00', to: '06:00' }] })).toMatchObject({ ok: false, error: expect.stringMatching(/shifts\.0\.to: expected a "to" different from "from"/) });

    const d4 = roundTrip(d3, (d) => setSiteProps(d, { name: 'Yard 2', max_alt_m: 90 }));
    expect(d4.site).toMatchObject({ name: 'Yard 2', max_alt_m: 90 });
    expect(setSiteProps(d4, { max_alt_m: 0 }).ok).toBe(false);
  });

  it('fence and home: set, replaced, removed', () => {
    const d1 = roundTrip(base(), (d) => setFence(d, square(-50, -50, 150)));
    expect(d1.site.fence?.[0]).toHaveLength(5);
    const d2 = roundTrip(d1, (d) => setHome(d, { lat_deg: 31.2303, lon_deg: 121.4736 }));
    expect(d2.site.home).toEqual({ lat_deg: 31.2303, lon_deg: 121.4736 });
    const d3 = roundTrip(d2, (d) => setHome(d, null));
    expect(d3.site.home).toBeUndefined();
    const d4 = roundTrip(d3, (d) => setFence(d, null));
    expect(d4.site.fence).toBeUndefined();
    expect(setFence(d4, square(0, 0, 1).slice(0, 2)).ok).toBe(false);
  });

  it('legs: added for a building, a post and the map; reordered, changed, removed; refused when they name nothing', () => {
    const d0 = base();
    const d1 = roundTrip(d0, (d) => addLeg(d, facadeLeg('B1')));
    const d2 = roundTrip(d1, (d) => addLeg(d, postLeg(d, 'P1')));
    const d3 = roundTrip(d2, (d) => addLeg(d, roofLeg('B1')));
    const d4 = roundTrip(d3, (d) => addLeg(d, waypointLeg(31.2309, 121.4745)));
    expect(d4.patrol.legs.map((l) => l.kind)).toEqual(['facade', 'post', 'roof', 'waypoint']);
    expect(d4.patrol.legs[1]).toMatchObject({ kind: 'post', post: 'P1', alt_m: 20, photo: 'image' });
    const d5 = roundTrip(d4, (d) => moveLeg(d, 3, 0));
    expect(d5.patrol.legs.map((l) => l.kind)).toEqual(['waypoint', 'facade', 'post', 'roof']);
    expect(d5.patrol.order).toBe('fixed');
    const d6 = roundTrip(d5, (d) => setLeg(d, 1, { distance_m: 15, layers: 3 }));
    expect(d6.patrol.legs[1]).toMatchObject({ kind: 'facade', building: 'B1', distance_m: 15, layers: 3 });
    expect(setLeg(d6, 1, { distance_m: -1 })).toMatchObject({ ok: false, error: 'legs[1]: distance_m: expected a number > 0, got -1' });
    const d7 = roundTrip(d6, (d) => removeLeg(d, 0));
    expect(d7.patrol.legs).toHaveLength(3);
    expect(addLeg(d7, facadeLeg('nope'))).toEqual({ ok: false, error: 'legs[3]: no building "nope" in the site' });
    expect(removeLeg(d7, 9).ok).toBe(false);
    expect(moveLeg(d7, 0, 5).ok).toBe(false);
    // Deleting a building takes its legs with it; undo brings both back.
    const d8 = roundTrip(d7, (d) => deleteFeature(d, 'building', 'B1'));
    expect(d8.site.buildings).toEqual([]);
    expect(d8.patrol.legs.map((l) => l.kind)).toEqual(['post']);
    const d9 = roundTrip(d8, (d) => deleteFeature(d, 'post', 'P1'));
    expect(d9.patrol.legs).toEqual([]);
    expect(deleteFeature(d9, 'post', 'P1').ok).toBe(false);
  });

  it('patrol settings and the auto patrol', () => {
    const d0 = ok(addPost(base(), 31.2302, 121.4731));
    const d1 = roundTrip(d0, (d) => setPatrolProps(d, { takeoff_alt_m: 25, speed_mps: 7, end: 'LAND' }));
    expect(d1.patrol).toMatchObject({ takeoff_alt_m: 25, speed_mps: 7, end: 'LAND' });
    expect(setPatrolProps(d1, { speed_mps: 0 })).toMatchObject({ ok: false, error: 'patrol: speed_mps: expected a number > 0, got 0' });
    const d2 = roundTrip(d1, (d) => autoLegs(d));
    expect(d2.patrol.legs.filter((l) => l.kind === 'post').map((l) => l.kind === 'post' && l.post).sort()).toEqual(['P1', 'P2']);
    // What the edits make compiles (the patrol the view shows and saves).
    const home = ok(setHome(d2, { lat_deg: 31.2303, lon_deg: 121.4736 }));
    expect(compilePatrol(home.patrol, home.site, { autopilot: 'ardupilot' }).items.length).toBeGreaterThan(5);
    expect(autoLegs(newPlan('empty', 'e.site.geojson')).ok).toBe(false);
  });

  it('the history: edits of one thing merge into one step; at most HISTORY_LIMIT steps; a new edit drops the redo', () => {
    let h = history(base());
    const first = h.present;
    for (const height of [1, 12, 123]) h = record(h, ok(setBuildingProps(h.present, 'B1', { height_m: height })), 'B1.height_m');
    expect(h.past).toEqual([first]);
    expect(h.present.site.buildings[0].height_m).toBe(123);
    h = undo(h);
    expect(h.present).toBe(first);
    h = record(h, ok(setBuildingProps(h.present, 'B1', { height_m: 5 })));
    expect(canRedo(h)).toBe(false);
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h = record(h, ok(setBuildingProps(h.present, 'B1', { height_m: 6 + i })));
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(undo(history(1))).toEqual(history(1));
    expect(redo(history(1))).toEqual(history(1));
  });
});

/** Coordinates as written: 8 decimals (about 1 mm). */
const rounded = <T>(v: T): T => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' ? Math.round(x * 1e8) / 1e8 : x)));

describe('the site writer, read back by the site reader', () => {
  const sources: Array<[string, string]> = [
    ['assets/demo/demo.site.geojson', 'demo.site.geojson'],
    ['tests/fixtures/geo/giswqs_knoxville_osm_buildings.geojson', 'knoxville.geojson'],
    ['tests/fixtures/geo/knoxville_tiled_repeated_ids.geojson', 'tiled.geojson'],
    ['tests/fixtures/geo/feld_heilbronn_planned_buildings.geojson', 'heilbronn.geojson'],
    ['tests/fixtures/geo/ctrlw_osm4vr_berlin_building_parts.geojson', 'berlin.geojson'],
    ['tests/fixtures/kml/qgc_PolygonGood.kml', 'polygon.kml'],
  ];
  for (const [path, name] of sources) {
    it(`${path.split('/').pop()}: written and read back, the same site (heights as read, Chinese names kept)`, () => {
      const { site } = readSiteFile(readFileSync(path, 'utf8'), name);
      const text = writeSiteText(site);
      const back = readSiteFile(text, 'saved.site.geojson').site;
      // Saving confirms an assumed height: it is a height like any other once written.
      const confirmed = { ...site, buildings: site.buildings.map((b) => ({ ...b, height_assumed: false })) };
      expect(back).toEqual(rounded(confirmed));
      expect(writeSiteText(back)).toBe(text);
    });
  }

  it('a post and a building with Chinese names (name:zh), a fence with its ring, home', () => {
    let d = base();
    d = ok(setBuildingProps(d, 'B1', { name: 'Tower', name_zh: '塔楼' }));
    d = ok(setPostProps(d, 'P1', { name: 'Gate', name_zh: '大门', shifts: [{ from: '20:00', to: '08:00' }] }));
    d = ok(setFence(d, square(-40, -40, 120)));
    d = ok(setHome(d, { lat_deg: 31.2303, lon_deg: 121.4736 }));
    const text = writeSiteText(d.site);
    expect(text).toContain('"name:zh":"塔楼"');
    expect(JSON.parse(text).features.map((f: { properties: { kind: string } }) => f.properties.kind)).toEqual(['building', 'post', 'fence', 'home']);
    expect(readSiteFile(text, 's.site.geojson').site).toEqual(rounded(d.site));
  });
});
