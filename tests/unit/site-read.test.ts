// readSite: the site schema of DESIGN.md "Words", OSM building exports as they are, exact error messages, and no
// crash on any input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSite } from '../../patrol/site/read-site';
import { DEFAULT_BUILDING_HEIGHT_M, DEFAULT_MAX_ALT_M } from '../../patrol/site/site';
import { SiteFileError } from '../../patrol/site/site-errors';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/geo/${name}`, import.meta.url), 'utf8');

type Json = Record<string, unknown>;
const square = (lon: number, lat: number, d = 0.0002) => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
const building = (props: Json, coordinates: unknown = [square(113.75, 34.75)], extra: Json = {}) => ({
  type: 'Feature', ...extra, properties: { kind: 'building', ...props }, geometry: { type: 'Polygon', coordinates },
});
const post = (props: Json, coordinates: unknown = [113.75, 34.75], extra: Json = {}) => ({
  type: 'Feature', ...extra, properties: { kind: 'post', name: 'North gate', radius_m: 15, dwell_s: 10, ...props }, geometry: { type: 'Point', coordinates },
});
const doc = (features: unknown[], top: Json = {}) => JSON.stringify({ type: 'FeatureCollection', ...top, features });
const errorOf = (text: string, file = 'demo.site.geojson'): SiteFileError => {
  try {
    readSite(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(SiteFileError);
    return err as SiteFileError;
  }
  throw new Error('readSite accepted the file');
};

describe('readSite: the site schema', () => {
  it('reads buildings (with holes, MultiPolygon), posts with shifts, the fence, home and site settings', () => {
    const outer = square(113.75, 34.75, 0.001);
    const hole = [[113.7502, 34.7502], [113.7502, 34.7505], [113.7505, 34.7505], [113.7505, 34.7502], [113.7502, 34.7502]];
    const { site, warnings } = readSite(
      doc(
        [
          building({ height_m: 45, name: 'Tower A', key: true }, [outer, hole], { id: 'A' }),
          { type: 'Feature', properties: { kind: 'building', height_m: 12 }, geometry: { type: 'MultiPolygon', coordinates: [[square(113.76, 34.76)], [square(113.77, 34.77)]] } },
          post({ shifts: [{ from: '22:00', to: '06:00' }] }),
          { type: 'Feature', properties: { kind: 'fence' }, geometry: { type: 'Polygon', coordinates: [square(113.7, 34.7, 0.2)] } },
          { type: 'Feature', properties: { kind: 'home' }, geometry: { type: 'Point', coordinates: [113.751, 34.752, 87] } },
        ],
        { site: { name: 'Test site', max_alt_m: 90 } },
      ),
      'test.site.geojson',
    );
    expect(warnings).toEqual([]);
    expect(site.name).toBe('Test site');
    expect(site.max_alt_m).toBe(90);
    expect(site.buildings.map((b) => [b.id, b.name, b.height_m, b.key, b.height_assumed, b.polygons.length, b.polygons[0].length])).toEqual([
      ['A', 'Tower A', 45, true, false, 1, 2],
      ['building-1', undefined, 12, false, false, 2, 1],
    ]);
    expect(site.posts).toEqual([{ id: 'North gate', name: 'North gate', lat_deg: 34.75, lon_deg: 113.75, radius_m: 15, dwell_s: 10, shifts: [{ from: '22:00', to: '06:00' }] }]);
    expect(site.fence?.[0]).toHaveLength(5);
    expect(site.home).toEqual({ lat_deg: 34.752, lon_deg: 113.751 });
  });

  it('defaults: max_alt_m 120, the name from the file name, no fence or home', () => {
    const { site } = readSite(doc([]), 'some/dir/yard.site.geojson');
    expect(site).toEqual({ name: 'yard', max_alt_m: DEFAULT_MAX_ALT_M, buildings: [], posts: [] });
  });

  it('refers to features by id, else name, else an index-based id; duplicate ids are an error', () => {
    const { site } = readSite(doc([post({}, undefined, { id: 7 }), post({ name: 'South gate' }), building({ height_m: 3 })]), 'x.geojson');
    expect(site.posts.map((p) => p.id)).toEqual(['7', 'South gate']);
    expect(site.buildings[0].id).toBe('building-2');
    expect(errorOf(doc([post({}), post({})])).message).toBe(
      'demo.site.geojson: features[1] (post "North gate"): id: expected a unique id (also used by features[0] (post "North gate")), got "North gate"',
    );
    expect(errorOf(doc([building({ height_m: 3 }, undefined, { id: 'b' }), post({}, undefined, { id: 'b' })])).property).toBe('id');
  });

  it('OSM tags make a building: height, building:height, levels × 3 m, else the assumed default with one warning', () => {
    const osm = (props: Json) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [square(113.75, 34.75)] } });
    const { site, warnings } = readSite(
      doc([
        osm({ building: 'yes', height: '12' }),
        osm({ building: 'yes', height: '12 m' }),
        osm({ height: '12.5m', 'building:height': 99 }),
        osm({ 'building:height': '20', 'building:levels': '3' }),
        osm({ 'building:levels': '4' }),
        osm({ tags: { building: 'apartments', 'building:levels': 5 } }),
        osm({ building: 'yes', height: 'tall' }),
        osm({ building: 'house' }),
        osm({ amenity: 'bench' }),
        osm({ building: 'yes', name: 'Garage', height: 3 }),
        osm({ building: 'yes', name: 'Garage', height: 3 }),
      ]),
      'osm.geojson',
    );
    expect(site.buildings.map((b) => [b.height_m, b.height_assumed])).toEqual([
      [12, false], [12, false], [12.5, false], [20, false], [12, false], [15, false],
      [DEFAULT_BUILDING_HEIGHT_M, true], [DEFAULT_BUILDING_HEIGHT_M, true], [3, false], [3, false],
    ]);
    expect(site.buildings.slice(-2).map((b) => b.id)).toEqual(['Garage', 'building-10']);
    expect(warnings).toEqual([
      `osm.geojson: 2 of 10 buildings have no height, building:height or building:levels; assumed ${DEFAULT_BUILDING_HEIGHT_M} m (height_assumed) for features[6], features[7]`,
      'osm.geojson: 1 OSM tag value not read, taken as missing (the height falls back to the next tag, else is assumed): features[6] height "tall" (not a length in metres ("12", "12 m") or feet ("40 ft", "40\'"))',
      'osm.geojson: 1 OSM buildings share a name with an earlier feature and are referred to by index: features[10] is building-10',
      'osm.geojson: skipped 1 features with no "kind" that are not OSM building polygons: features[8]',
    ]);
  });
});

describe('readSite: OSM fixtures import as they are', () => {
  it('Knoxville: every building, holes kept, heights assumed, ids from osmid', () => {
    const text = fixture('giswqs_knoxville_osm_buildings.geojson');
    const json = JSON.parse(text) as { features: { properties: { element_type: string; osmid: number }; geometry: { coordinates: unknown[][] } }[] };
    const withHoles = json.features.filter((f) => f.geometry.coordinates.length > 1).length;
    const { site, warnings } = readSite(text, 'knoxville.geojson');
    expect(site.buildings).toHaveLength(json.features.length);
    expect(json.features.length).toBe(710);
    expect(withHoles).toBe(7);
    expect(site.buildings.filter((b) => b.polygons[0].length > 1)).toHaveLength(withHoles);
    expect(site.buildings.every((b) => b.height_assumed && b.height_m === DEFAULT_BUILDING_HEIGHT_M)).toBe(true);
    expect(site.buildings[0].id).toBe(`${json.features[0].properties.element_type}/${json.features[0].properties.osmid}`);
    expect(new Set(site.buildings.map((b) => b.id)).size).toBe(710);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^knoxville\.geojson: 710 of 710 buildings have no height/);
  });

  it('Heilbronn: maxfloors is read as building:levels (3 m a storey), ids from the Feature id', () => {
    const text = fixture('feld_heilbronn_planned_buildings.geojson');
    const json = JSON.parse(text) as { features: { id: string; properties: { maxfloors: string } }[] };
    const { site, warnings } = readSite(text, 'heilbronn.geojson');
    expect(site.buildings).toHaveLength(64);
    expect(site.buildings.map((b) => b.height_m)).toEqual(json.features.map((f) => Number(f.properties.maxfloors) * 3));
    expect(site.buildings.map((b) => b.id)).toEqual(json.features.map((f) => f.id));
    expect(site.buildings.some((b) => b.height_assumed)).toBe(false);
    expect(warnings).toEqual(['heilbronn.geojson: 64 building heights come from maxfloors × 3 m (read as building:levels, an upper bound)']);
  });
});

describe('readSite: errors name the file, the feature and the property', () => {
  const cases: [string, string, string][] = [
    ['negative radius', doc([{}, {}, {}].map((_, i) => building({ height_m: 3 + i })).concat([post({ radius_m: -5 })])),
      'demo.site.geojson: features[3] (post "North gate"): radius_m: expected a number > 0, got -5'],
    ['missing dwell', doc([post({ dwell_s: undefined })]), 'demo.site.geojson: features[0] (post "North gate"): dwell_s: expected a number >= 0, got nothing'],
    ['post without name', doc([post({ name: '' }, undefined, { id: 'p1' })]), 'demo.site.geojson: features[0] (post "p1"): name: expected a non-empty string, got ""'],
    ['bad shift time', doc([post({ shifts: [{ from: '8:00', to: '20:00' }] })]),
      'demo.site.geojson: features[0] (post "North gate"): shifts[0].from: expected a time "HH:MM" (00:00–23:59), got "8:00"'],
    ['empty shift', doc([post({ shifts: [{ from: '08:00', to: '08:00' }] })]),
      'demo.site.geojson: features[0] (post "North gate"): shifts[0].to: expected a "to" different from "from", got "08:00"'],
    ['shifts not an array', doc([post({ shifts: '08:00-20:00' })]),
      'demo.site.geojson: features[0] (post "North gate"): shifts: expected an array of {"from": "HH:MM", "to": "HH:MM"}, got "08:00-20:00"'],
    ['zero height', doc([building({ height_m: 0, name: 'A' })]), 'demo.site.geojson: features[0] (building "A"): height_m: expected a number > 0 (metres), got 0'],
    ['height as string', doc([building({ height_m: '30' })]), 'demo.site.geojson: features[0] (building): height_m: expected a number > 0 (metres), got "30"'],
    ['key not boolean', doc([building({ height_m: 3, key: 'yes' })]), 'demo.site.geojson: features[0] (building): key: expected true or false, got "yes"'],
    ['unknown kind', doc([post({ kind: 'tower' })]), 'demo.site.geojson: features[0] (tower "North gate"): kind: expected "building", "post", "fence" or "home", got "tower"'],
    ['post as polygon', doc([{ ...post({}), geometry: { type: 'Polygon', coordinates: [square(1, 1)] } }]),
      'demo.site.geojson: features[0] (post "North gate"): geometry.type: expected "Point", got "Polygon"'],
    ['open ring', doc([building({ height_m: 3 }, [square(1, 1).slice(0, 4).concat([[1.1, 1]])])]),
      'demo.site.geojson: features[0] (building): geometry.coordinates[0]: expected a closed ring (last position = first), got [1,1] … [1.1,1]'],
    ['short ring', doc([building({ height_m: 3 }, [[[1, 1], [1, 2], [1, 1]]])]),
      'demo.site.geojson: features[0] (building): geometry.coordinates[0]: expected a linear ring of at least 4 positions, got 3'],
    ['latitude out of range', doc([post({}, [113, 95])]), 'demo.site.geojson: features[0] (post "North gate"): geometry.coordinates[1]: expected a latitude from -90 to 90, got 95'],
    ['longitude not a number', doc([building({ height_m: 3 }, [[[1, 1], ['1', 2], [2, 2], [1, 1]]])]),
      'demo.site.geojson: features[0] (building): geometry.coordinates[0][1][0]: expected a longitude from -180 to 180, got "1"'],
    ['two fences', doc([0, 1].map(() => ({ type: 'Feature', properties: { kind: 'fence' }, geometry: { type: 'Polygon', coordinates: [square(1, 1)] } }))),
      'demo.site.geojson: features[1] (fence): kind: expected at most one fence (the first is features[0] (fence)), got a second "fence"'],
    ['not a collection', JSON.stringify({ type: 'Feature' }), 'demo.site.geojson: type: expected "FeatureCollection", got "Feature"'],
    ['features missing', JSON.stringify({ type: 'FeatureCollection' }), 'demo.site.geojson: features: expected an array of Features, got nothing'],
    ['feature not an object', doc([null]), 'demo.site.geojson: features[0]: expected a GeoJSON Feature object, got null'],
    ['geometry missing', doc([{ type: 'Feature', properties: { kind: 'home' } }]), 'demo.site.geojson: features[0] (home): geometry: expected a geometry object, got nothing'],
    ['bad max_alt_m', doc([], { site: { name: 'x', max_alt_m: -1 } }), 'demo.site.geojson: site.max_alt_m: expected a number > 0 (metres), got -1'],
    ['JSON array', '[]', 'demo.site.geojson: document: expected a GeoJSON FeatureCollection object, got a list of 0 items'],
  ];
  it.each(cases)('%s', (_what, text, message) => {
    expect(errorOf(text).message).toBe(message);
  });

  it('truncated JSON is an error naming the file, the line and the column', () => {
    const err = errorOf(fixture('feld_heilbronn_planned_buildings.geojson').slice(0, 5000), 'heilbronn.geojson');
    expect(err.message).toMatch(/^heilbronn\.geojson: line \d+, column \d+: not valid JSON: expected .+, got the end of the file$/);
  });

  it('never crashes: truncations, byte flips and garbage give a SiteFileError or a site', () => {
    const base = doc([building({ height_m: 30, name: 'A' }), post({ shifts: [{ from: '20:00', to: '04:00' }] }), { type: 'Feature', properties: { kind: 'home' }, geometry: { type: 'Point', coordinates: [1, 2] } }]);
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const inputs: string[] = ['', '\u0000\u0001\u00ff', 'null', '1', '"x"', '{}', '{"type":"FeatureCollection","features":{}}'];
    for (let i = 0; i < base.length; i += 7) inputs.push(base.slice(0, i));
    for (let i = 0; i < 300; i++) {
      const chars = [...base];
      for (let flips = 0; flips < 3; flips++) chars[Math.floor(random() * chars.length)] = String.fromCharCode(Math.floor(random() * 128));
      inputs.push(chars.join(''));
    }
    for (let i = 0; i < 50; i++) inputs.push(Array.from({ length: 64 }, () => String.fromCharCode(Math.floor(random() * 256))).join(''));
    let errors = 0;
    for (const text of inputs) {
      try {
        readSite(text, 'fuzz.geojson');
      } catch (err) {
        expect(err).toBeInstanceOf(SiteFileError);
        expect((err as Error).message.startsWith('fuzz.geojson: ')).toBe(true);
        errors += 1;
      }
    }
    expect(errors).toBeGreaterThan(inputs.length / 2);
  });
});
