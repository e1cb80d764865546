// OSM tags as mappers write them (wiki Key:height, Simple 3D Buildings): lengths in metres or feet with or without
// a unit, storeys, roof storeys, a base above the ground; nonsense is not read, said in one warning, and the volume
// falls back as if the tag were missing.
import { describe, expect, it } from 'vitest';
import { isOsmBuilding, METRES_PER_FOOT, osmVolume, parseLength, parseLevels } from '../../patrol/site/osm-height';
import { readSite } from '../../patrol/site/read-site';
import { DEFAULT_BUILDING_HEIGHT_M } from '../../patrol/site/site';

type Json = Record<string, unknown>;
const square = (lon: number, lat: number, d = 0.0002) => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
const osm = (props: Json, i = 0) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [square(13.4 + i * 0.001, 52.5)] } });
const doc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('parseLength: metres by default, a unit when written', () => {
  it.each([
    [12, 12], ['12', 12], [' 12 ', 12], ['12.5', 12.5], ['12 m', 12], ['12m', 12], ['12 M', 12], ['12 metres', 12], ['12 meters', 12],
    ['40 ft', 40 * METRES_PER_FOOT], ['40ft', 40 * METRES_PER_FOOT], ['40 feet', 40 * METRES_PER_FOOT], ["40'", 40 * METRES_PER_FOOT],
    [`40'6"`, 40.5 * METRES_PER_FOOT], [`40' 6"`, 40.5 * METRES_PER_FOOT],
  ])('%j is %d m', (value, metres) => {
    expect(parseLength(value)).toBeCloseTo(metres, 9);
  });

  it.each([['tall'], ['5;10'], ['12,5'], ['-3'], [-3], ['0'], [0], ['12 km'], ['~12'], ['1200'], [1e6], [Number.NaN], [true], [{}], [['12']]])('%j is not read', (value) => {
    expect(parseLength(value)).toBe('bad');
  });

  it('absent is absent; 0 is a length only for a base', () => {
    for (const value of [undefined, null, '']) expect(parseLength(value)).toBeUndefined();
    expect(parseLength('0', true)).toBe(0);
    expect(parseLevels('0')).toBe(0);
    expect(parseLevels('3.5')).toBe(3.5);
    expect(parseLevels('three')).toBe('bad');
    expect(parseLevels('500')).toBe('bad');
  });
});

describe('osmVolume: height, base and what could not be read', () => {
  it('height first, then building:height, then (levels + roof levels) × 3 m, then maxfloors', () => {
    expect(osmVolume({ height: '30 ft', 'building:height': '99' })).toMatchObject({ height_m: 30 * METRES_PER_FOOT, source: 'height', min_height_m: 0, problems: [] });
    expect(osmVolume({ 'building:height': '20', 'building:levels': '3' })).toMatchObject({ height_m: 20, source: 'building:height' });
    expect(osmVolume({ 'building:levels': '4', 'roof:levels': '1' })).toMatchObject({ height_m: 15, source: 'building:levels' });
    expect(osmVolume({ maxfloors: '7' })).toMatchObject({ height_m: 21, source: 'maxfloors' });
  });

  it('a bad tag is a problem and the next tag gives the height; one that is not needed is not read', () => {
    const v = osmVolume({ height: 'tall', 'building:levels': '5' });
    expect(v).toMatchObject({ height_m: 15, source: 'building:levels' });
    expect(v.problems).toEqual([{ tag: 'height', value: 'tall', why: expect.stringMatching(/^not a length in metres/) }]);
    expect(osmVolume({ height: '12', 'building:levels': 'many' }).problems).toEqual([]);
  });

  it('the base: min_height, else building:min_level × 3 m; at or above the roof it is the ground, with a problem', () => {
    expect(osmVolume({ height: '26', min_height: '22' })).toMatchObject({ height_m: 26, min_height_m: 22, problems: [] });
    expect(osmVolume({ height: '26', min_height: '0' })).toMatchObject({ min_height_m: 0, problems: [] });
    expect(osmVolume({ 'building:levels': '8', 'building:min_level': '2' })).toMatchObject({ height_m: 24, min_height_m: 6 });
    expect(osmVolume({ height: '20 m', min_height: '40 ft' }).min_height_m).toBeCloseTo(40 * METRES_PER_FOOT, 9);
    const upside = osmVolume({ height: '10', min_height: '12' });
    expect(upside).toMatchObject({ height_m: 10, min_height_m: 0 });
    expect(upside.problems[0]).toMatchObject({ tag: 'min_height', value: '12', why: expect.stringMatching(/at or above the roof \(10 m\)/) });
  });

  it('no height: assumed 10 m, or more when the base or roof:height show the part reaches higher', () => {
    expect(osmVolume({ building: 'yes' })).toMatchObject({ height_m: DEFAULT_BUILDING_HEIGHT_M, source: 'none' });
    expect(osmVolume({ 'building:part': 'yes', 'roof:height': '42' })).toMatchObject({ height_m: 42, source: 'none', min_height_m: 0 });
    expect(osmVolume({ 'building:part': 'yes', min_height: '30' })).toMatchObject({ height_m: 33, source: 'none', min_height_m: 30 });
  });

  it('a building, a building:part, or height tags make a building; "no" does not', () => {
    expect(isOsmBuilding({ 'building:part': 'yes' })).toBe(true);
    expect(isOsmBuilding({ building: 'no' })).toBe(false);
    expect(isOsmBuilding({ building: 'no', 'building:part': 'yes' })).toBe(true);
    expect(isOsmBuilding({ 'building:part': 'no' })).toBe(false);
    expect(isOsmBuilding({ amenity: 'bench', min_height: '3' })).toBe(false);
  });
});

describe('readSite: OSM tags as written', () => {
  it('reads each unit form; unreadable values are named in one warning and fall back', () => {
    const { site, warnings } = readSite(
      doc([
        osm({ building: 'yes', height: '12 m' }, 0),
        osm({ building: 'yes', height: '40 ft' }, 1),
        osm({ building: 'yes', height: "40'" }, 2),
        osm({ building: 'yes', height: '5;10', 'building:levels': '4' }, 3),
        osm({ building: 'yes', 'building:height': '12,5' }, 4),
        osm({ 'building:part': 'yes', height: '26', min_height: '22' }, 5),
        osm({ 'building:part': 'yes', height: '9', min_height: '12' }, 6),
      ]),
      'tags.geojson',
    );
    expect(site.buildings.map((b) => [Number(b.height_m.toFixed(3)), b.min_height_m, b.height_assumed])).toEqual([
      [12, undefined, false], [12.192, undefined, false], [12.192, undefined, false], [12, undefined, false],
      [DEFAULT_BUILDING_HEIGHT_M, undefined, true], [26, 22, false], [9, undefined, false],
    ]);
    const notRead = warnings.filter((w) => w.includes('not read'));
    expect(notRead).toHaveLength(1);
    expect(notRead[0]).toMatch(/^tags\.geojson: 3 OSM tag values not read, taken as missing/);
    expect(notRead[0]).toContain('features[3] height "5;10"');
    expect(notRead[0]).toContain('features[4] building:height "12,5"');
    expect(notRead[0]).toContain('features[6] min_height "12" (at or above the roof (9 m): taken as the ground)');
    expect(warnings.some((w) => w.startsWith('tags.geojson: 1 of 7 buildings have no height') && w.includes('features[4]'))).toBe(true);
  });
});
