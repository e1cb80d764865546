// Repeated ids in imported OSM data: the first feature keeps the id, the n-th becomes `<id>#<n>`, one warning says
// how many and which; the whole file is never refused for it. The site's own features (with `kind`) keep unique
// ids: two of them with one id is still an error, and an imported feature never takes one of their ids.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSite } from '../../patrol/site/read-site';
import { SiteFileError } from '../../patrol/site/site-errors';
import { osmIdOf } from '../../patrol/site/site-ids';

type Json = Record<string, unknown>;
const square = (lon: number, lat: number, d = 0.0002) => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
const osm = (props: Json, extra: Json = {}, i = 0) => ({ type: 'Feature', ...extra, properties: props, geometry: { type: 'Polygon', coordinates: [square(-83.93 + i * 0.001, 35.95)] } });
const doc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const TILED = 'knoxville_tiled_repeated_ids.geojson';
const ORIGINAL = 'giswqs_knoxville_osm_buildings.geojson';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/geo/${name}`, import.meta.url), 'utf8');

describe('repeated ids in imported OSM features', () => {
  it('Feature ids (overpass-turbo, osmtogeojson): first keeps it, repeats are <id>#2, #3; one warning', () => {
    const { site, warnings } = readSite(
      doc([
        osm({ '@id': 'way/1', building: 'yes' }, { id: 'way/1' }, 0),
        osm({ '@id': 'way/2', building: 'yes' }, { id: 'way/2' }, 1),
        osm({ '@id': 'way/1', 'building:part': 'yes', height: '12' }, { id: 'way/1' }, 2),
        osm({ '@id': 'way/1', building: 'yes' }, { id: 'way/1' }, 3),
      ]),
      'city.geojson',
    );
    expect(site.buildings.map((b) => b.id)).toEqual(['way/1', 'way/2', 'way/1#2', 'way/1#3']);
    const repeats = warnings.filter((w) => w.includes('repeat the id'));
    expect(repeats).toEqual([
      'city.geojson: 2 features repeat the id of an earlier feature (1 id, e.g. a building split into parts that share its way id); ' +
        'the first keeps the id, the n-th feature with it is <id>#<n>: features[2] is way/1#2, features[3] is way/1#3',
    ]);
  });

  it('ids in the properties as exports write them: @id, element_type + osmid, osm_type + osm_id, full_id, osm_way_id', () => {
    expect(osmIdOf({ '@id': 'way/5' })).toBe('way/5');
    expect(osmIdOf({ element_type: 'relation', osmid: 9 })).toBe('relation/9');
    expect(osmIdOf({ osm_type: 'W', osm_id: 7 })).toBe('way/7');
    expect(osmIdOf({ full_id: 'r12' })).toBe('relation/12');
    expect(osmIdOf({ osm_way_id: '33', osm_id: null })).toBe('way/33');
    expect(osmIdOf({ type: 'way', id: '-705' })).toBe('way/-705');
    expect(osmIdOf({ id: 'way/195257482', type: 'multipolygon' })).toBe('way/195257482');
    expect(osmIdOf({ osm_id: 42 })).toBe('42');
    expect(osmIdOf({ name: 'x' })).toBeUndefined();
    const { site } = readSite(
      doc([0, 1, 2].map((i) => osm({ element_type: 'way', osmid: 80675037, building: 'yes' }, {}, i))),
      'osmnx.geojson',
    );
    expect(site.buildings.map((b) => b.id)).toEqual(['way/80675037', 'way/80675037#2', 'way/80675037#3']);
  });

  it('a derived id already taken moves on to the next free n; the same file always gives the same ids', () => {
    const text = doc([
      osm({ building: 'yes' }, { id: 'way/1' }, 0),
      osm({ building: 'yes' }, { id: 'way/1#2' }, 1),
      osm({ building: 'yes' }, { id: 'way/1' }, 2),
    ]);
    const ids = readSite(text, 'a.geojson').site.buildings.map((b) => b.id);
    expect(ids).toEqual(['way/1', 'way/1#2', 'way/1#3']);
    expect(readSite(text, 'a.geojson').site.buildings.map((b) => b.id)).toEqual(ids);
  });

  it("the site's own ids win whatever the order; two own features with one id are still an error", () => {
    const post = (id: string) => ({ type: 'Feature', id, properties: { kind: 'post', name: 'Gate', radius_m: 10, dwell_s: 5 }, geometry: { type: 'Point', coordinates: [-83.93, 35.95] } });
    const { site, warnings } = readSite(doc([osm({ building: 'yes' }, { id: 'gate' }), post('gate')]), 'mixed.geojson');
    expect(site.posts.map((p) => p.id)).toEqual(['gate']);
    expect(site.buildings.map((b) => b.id)).toEqual(['gate#2']);
    expect(warnings.some((w) => w.includes('features[0] is gate#2'))).toBe(true);
    expect(() => readSite(doc([post('gate'), post('gate')]), 'own.geojson')).toThrow(SiteFileError);
  });
});

describe(`${TILED}: a tiled export of the Knoxville buildings`, () => {
  const text = fixture(TILED);
  const json = JSON.parse(text) as { features: { properties: { element_type: string; osmid: number } }[] };
  const osmId = (f: (typeof json.features)[number]) => `${f.properties.element_type}/${f.properties.osmid}`;
  const counts = new Map<string, number>();
  for (const f of json.features) counts.set(osmId(f), (counts.get(osmId(f)) ?? 0) + 1);
  const repeats = [...counts.values()].reduce((s, n) => s + n - 1, 0);
  const { site, warnings } = readSite(text, TILED);

  it('is imported whole: every feature a building with a unique id, the first of each keeping the way id', () => {
    expect(repeats).toBeGreaterThan(0);
    expect(site.buildings).toHaveLength(json.features.length);
    expect(new Set(site.buildings.map((b) => b.id)).size).toBe(json.features.length);
    const seen = new Map<string, number>();
    json.features.forEach((f, i) => {
      const n = (seen.get(osmId(f)) ?? 0) + 1;
      seen.set(osmId(f), n);
      expect(site.buildings[i].id).toBe(n === 1 ? osmId(f) : `${osmId(f)}#${n}`);
    });
    // Every building of the original export is there under its own id.
    const original = JSON.parse(fixture(ORIGINAL)) as typeof json;
    const ids = new Set(site.buildings.map((b) => b.id));
    expect(original.features.every((f) => ids.has(osmId(f)))).toBe(true);
  });

  it('says so in one warning with the count of repeats and of repeated ids', () => {
    const repeated = [...counts.values()].filter((n) => n > 1).length;
    const lines = warnings.filter((w) => w.includes('repeat the id'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${TILED}: ${repeats} features repeat the id of an earlier feature (${repeated} ids, `);
    expect(lines[0]).toMatch(/: features\[\d+\] is way\/\d+#2, /);
  });
});
