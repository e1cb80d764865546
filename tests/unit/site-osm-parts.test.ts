// OSM building parts (Simple 3D Buildings) read from a real export (ctrlw/osm4vr, Berlin: the US embassy with its
// antenna, the Allianz Forum with its glass dome, the Fernsehturm stacked from shaft to antenna tip): each part is
// a volume from min_height to height; its outline stands for the whole building, from the ground to its tallest
// part. Expected values are read from the fixture's own tags in the test, not pasted from Watchpost's output.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSite } from '../../patrol/site/read-site';
import { DEFAULT_BUILDING_HEIGHT_M } from '../../patrol/site/site';

const NAME = 'ctrlw_osm4vr_berlin_building_parts.geojson';
const text = readFileSync(new URL(`../fixtures/geo/${NAME}`, import.meta.url), 'utf8');
type Props = Record<string, string>;
const json = JSON.parse(text) as { features: { id: string; properties: Props; geometry: { coordinates: number[][][] } }[] };
const partsOf = json.features.filter((f) => f.properties['building:part'] !== undefined);
const outlinesOf = json.features.filter((f) => f.properties.building !== undefined);

type Json = Record<string, unknown>;
const square = (lon: number, lat: number, d: number) => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
const osm = (id: string, props: Json, ring: number[][]) => ({ type: 'Feature', id, properties: props, geometry: { type: 'Polygon', coordinates: [ring] } });
const doc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe(`${NAME}: building parts from a real export`, () => {
  const { site, warnings } = readSite(text, NAME);
  const byId = new Map(site.buildings.map((b) => [b.id, b]));

  it('every part is a volume of its own from min_height to height, inside its outline', () => {
    expect(partsOf.length).toBeGreaterThan(5);
    expect(site.buildings).toHaveLength(json.features.length);
    for (const f of partsOf) {
      const b = byId.get(f.id);
      expect(b?.height_m, f.id).toBe(Number(f.properties.height));
      expect(b?.min_height_m, f.id).toBe(f.properties.min_height === undefined ? undefined : Number(f.properties.min_height));
      expect(b?.height_assumed, f.id).toBe(false);
      expect(outlinesOf.map((o) => o.id), f.id).toContain(b?.part_of);
    }
  });

  it('each outline is as tall as the tallest of its own height and its parts (the antenna tip above the TV tower)', () => {
    for (const o of outlinesOf) {
      const b = byId.get(o.id);
      const parts = site.buildings.filter((p) => p.part_of === o.id);
      expect(parts.length, o.id).toBeGreaterThan(0);
      const tallestPart = Math.max(...partsOf.filter((p) => parts.some((q) => q.id === p.id)).map((p) => Number(p.properties.height)));
      expect(b?.height_m, o.id).toBe(Math.max(Number(o.properties.height), tallestPart));
      expect(b?.min_height_m, o.id).toBeUndefined();
      expect(b?.part_of, o.id).toBeUndefined();
    }
    const tower = byId.get('way/556435241');
    expect(tower?.name).toBe('Berliner Fernsehturm');
    expect(tower?.height_m).toBeGreaterThan(Number(outlinesOf.find((o) => o.id === 'way/556435241')?.properties.height));
  });

  it('says what it did with the parts in one note', () => {
    expect(warnings).toEqual([
      `${NAME}: ${partsOf.length} building:part features read as volumes (from min_height to height): ${partsOf.length} inside ${outlinesOf.length} building outlines, ` +
        `each outline standing for its whole building from the ground to its tallest part; 0 on their own`,
    ]);
  });
});

describe('building parts: the rules on small cases', () => {
  const big = square(13.4, 52.5, 0.001);
  const small = square(13.4002, 52.5002, 0.0002);

  it('an outline without a height of its own takes its parts; a part of unknown height makes it unknown', () => {
    const known = readSite(doc([osm('way/1', { building: 'yes' }, big), osm('way/2', { 'building:part': 'yes', height: '30' }, small)]), 'k.geojson').site;
    expect(known.buildings.map((b) => [b.id, b.height_m, b.height_assumed, b.part_of])).toEqual([['way/1', 30, false, undefined], ['way/2', 30, false, 'way/1']]);
    const unknown = readSite(doc([osm('way/1', { building: 'yes', height: '20' }, big), osm('way/2', { 'building:part': 'yes', 'roof:height': '42' }, small)]), 'u.geojson').site;
    expect(unknown.buildings.map((b) => [b.id, b.height_m, b.height_assumed])).toEqual([['way/1', 42, true], ['way/2', 42, true]]);
    const lower = readSite(doc([osm('way/1', { building: 'yes', height: '20' }, big), osm('way/2', { 'building:part': 'yes' }, small)]), 'l.geojson').site;
    expect(lower.buildings.map((b) => [b.height_m, b.height_assumed])).toEqual([[20, false], [DEFAULT_BUILDING_HEIGHT_M, true]]);
    // No height of its own: one part known (30 m), one not — the unknown one may be the tallest.
    const mixed = readSite(doc([osm('way/1', { building: 'yes' }, big), osm('way/2', { 'building:part': 'yes', height: '30' }, small), osm('way/3', { 'building:part': 'yes' }, square(13.40012, 52.50012, 0.00005))]), 'm.geojson').site;
    expect(mixed.buildings.find((b) => b.id === 'way/1')).toMatchObject({ height_m: 30, height_assumed: true });
  });

  it('a part in no outline stands alone and keeps its base; a part goes to the smallest outline around it', () => {
    const alone = readSite(doc([osm('way/9', { 'building:part': 'yes', height: '12', min_height: '6' }, small)]), 'a.geojson');
    expect(alone.site.buildings[0]).toMatchObject({ id: 'way/9', height_m: 12, min_height_m: 6 });
    expect(alone.site.buildings[0].part_of).toBeUndefined();
    expect(alone.warnings).toEqual([expect.stringMatching(/1 building:part features read as volumes .*: 0 inside 0 building outlines, .*; 1 on their own$/)]);
    const nested = readSite(
      doc([
        osm('way/1', { building: 'yes', height: '10' }, big),
        osm('way/3', { building: 'yes', height: '15' }, square(13.4001, 52.5001, 0.0005)),
        osm('way/2', { 'building:part': 'yes', height: '40', min_height: '10' }, small),
      ]),
      'n.geojson',
    ).site;
    expect(nested.buildings.map((b) => [b.id, b.height_m, b.part_of])).toEqual([['way/1', 10, undefined], ['way/3', 40, undefined], ['way/2', 40, 'way/3']]);
  });
});
