// readKml: Placemarks become buildings, the fence, posts and home through the same checks as a GeoJSON site.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KML_DEFAULT_POST_DWELL_S, KML_DEFAULT_POST_RADIUS_M, readKml } from '../../patrol/site/read-kml';
import { DEFAULT_BUILDING_HEIGHT_M } from '../../patrol/site/site';
import { SiteFileError } from '../../patrol/site/site-errors';

const kml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Test</name>${body}</Document></kml>`;
const ringText = (lon: number, lat: number, d: number) =>
  `${lon},${lat},0 ${lon + d},${lat},0 ${lon + d},${lat + d},0 ${lon},${lat + d},0 ${lon},${lat},0`;
const polygonXml = (outer: string, inner: string[] = []) =>
  `<Polygon><outerBoundaryIs><LinearRing><coordinates>${outer}</coordinates></LinearRing></outerBoundaryIs>${inner
    .map((r) => `<innerBoundaryIs><LinearRing><coordinates>${r}</coordinates></LinearRing></innerBoundaryIs>`)
    .join('')}</Polygon>`;
const data = (fields: Record<string, string>) =>
  `<ExtendedData>${Object.entries(fields).map(([k, v]) => `<Data name="${k}"><value>${v}</value></Data>`).join('')}</ExtendedData>`;
const errorOf = (text: string): SiteFileError => {
  try {
    readKml(text, 'site.kml');
  } catch (err) {
    expect(err).toBeInstanceOf(SiteFileError);
    return err as SiteFileError;
  }
  throw new Error('readKml accepted the file');
};

describe('readKml', () => {
  it("reads QGroundControl's PolygonGood.kml: one building of assumed height with the polygon's coordinates", () => {
    const text = readFileSync(new URL('../fixtures/kml/qgc_PolygonGood.kml', import.meta.url), 'utf8');
    const expected = /<coordinates>([\s\S]*?)<\/coordinates>/.exec(text)?.[1].trim().split(/\s+/).map((t) => t.split(',').slice(0, 2).map(Number));
    const { site, warnings } = readKml(text, 'PolygonGood.kml');
    expect(site.buildings).toHaveLength(1);
    expect(site.buildings[0]).toEqual({
      id: 'Untitled Polygon', name: 'Untitled Polygon', polygons: [[expected]], height_m: DEFAULT_BUILDING_HEIGHT_M, height_assumed: true, key: false,
    });
    expect(expected).toHaveLength(5);
    expect(site.posts).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^PolygonGood\.kml: 1 of 1 buildings have no height/);
  });

  it('reads holes, MultiGeometry, ExtendedData kinds, posts with defaults and shifts, home, nested Folders', () => {
    const text = kml(`
      <Folder><Placemark id="A"><name>Tower A</name>${data({ height_m: '54', key: 'true' })}
        ${polygonXml(ringText(113.75, 34.75, 0.001), [ringText(113.7502, 34.7502, 0.0003)])}</Placemark>
      <Folder><Placemark><name>Twin</name>${data({ kind: 'building', height_m: '30' })}
        <MultiGeometry>${polygonXml(ringText(113.76, 34.76, 0.0002))}${polygonXml(ringText(113.77, 34.77, 0.0002))}</MultiGeometry></Placemark></Folder></Folder>
      <Placemark><name>Boundary</name>${data({ kind: 'fence' })}${polygonXml(ringText(113.7, 34.7, 0.2))}</Placemark>
      <Placemark><name>North gate</name><Point><coordinates>113.751,34.752,0</coordinates></Point></Placemark>
      <Placemark><name>Lobby</name><ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="radius_m">12</SimpleData><SimpleData name="dwell_s">25</SimpleData>
        <SimpleData name="shifts">08:00-20:00, 22:00-06:00</SimpleData></SchemaData></ExtendedData><Point><coordinates>113.753,34.754</coordinates></Point></Placemark>
      <Placemark>${data({ kind: 'home' })}<Point><coordinates>113.755,34.756,0</coordinates></Point></Placemark>
      <Placemark><name>Path</name><LineString><coordinates>113.7,34.7 113.8,34.8</coordinates></LineString></Placemark>`);
    const { site, warnings } = readKml(text, 'site.kml');
    expect(site.buildings.map((b) => [b.id, b.name, b.height_m, b.key, b.height_assumed, b.polygons.length, b.polygons[0].length])).toEqual([
      ['A', 'Tower A', 54, true, false, 1, 2],
      ['Twin', 'Twin', 30, false, false, 2, 1],
    ]);
    expect(site.fence?.[0]).toHaveLength(5);
    expect(site.fence?.[0][2][0]).toBeCloseTo(113.9, 9);
    expect(site.posts).toEqual([
      { id: 'North gate', name: 'North gate', lat_deg: 34.752, lon_deg: 113.751, radius_m: KML_DEFAULT_POST_RADIUS_M, dwell_s: KML_DEFAULT_POST_DWELL_S, shifts: [] },
      { id: 'Lobby', name: 'Lobby', lat_deg: 34.754, lon_deg: 113.753, radius_m: 12, dwell_s: 25, shifts: [{ from: '08:00', to: '20:00' }, { from: '22:00', to: '06:00' }] },
    ]);
    expect(site.home).toEqual({ lat_deg: 34.756, lon_deg: 113.755 });
    expect(warnings).toEqual(['site.kml: skipped 1 features with no "kind" that are not OSM building polygons: Placemark[6]']);
  });

  it('errors name the Placemark and the property', () => {
    expect(errorOf(kml(`<Placemark><name>Gate</name>${data({ radius_m: '-3' })}<Point><coordinates>1,2</coordinates></Point></Placemark>`)).message).toBe(
      'site.kml: Placemark[0] (post "Gate"): radius_m: expected a number > 0, got -3',
    );
    expect(errorOf(kml(`<Placemark><name>B</name>${data({ height_m: 'tall' })}${polygonXml(ringText(1, 1, 0.001))}</Placemark>`)).message).toBe(
      'site.kml: Placemark[0] (building "B"): height_m: expected a number > 0 (metres), got "tall"',
    );
    expect(errorOf(kml(`<Placemark><name>B</name>${polygonXml('1,1 2,1 2,2 1,1.5')}</Placemark>`)).message).toBe(
      'site.kml: Placemark[0] ("B"): geometry.coordinates[0]: expected a closed ring (last position = first), got [1,1] … [1,1.5]',
    );
    expect(errorOf(kml(`<Placemark><name>P</name><Point><coordinates>abc,2</coordinates></Point></Placemark>`)).message).toBe(
      'site.kml: Placemark[0] (post "P"): geometry.coordinates[0]: expected a longitude from -180 to 180, got NaN',
    );
    expect(errorOf(kml(`<Placemark>${data({ kind: 'home' })}${polygonXml(ringText(1, 1, 0.001))}</Placemark>`)).message).toBe(
      'site.kml: Placemark[0] (home): geometry.type: expected "Point", got "Polygon"',
    );
  });

  it('malformed XML or no <kml> root is a SiteFileError; garbage never crashes', () => {
    expect(errorOf('<kml><Document><Placemark></Document></kml>').message).toMatch(/^site\.kml: line 1: expected well-formed KML \(XML\), got /);
    expect(errorOf('<gpx></gpx>').message).toBe('site.kml: kml: expected a <kml> root element, got none');
    const base = kml(`<Placemark><name>Gate</name><Point><coordinates>113.75,34.75</coordinates></Point></Placemark>${'<Placemark><name>B</name>' + polygonXml(ringText(1, 1, 0.001)) + '</Placemark>'}`);
    let seed = 99;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const inputs = ['', '\u0000\u00ff\u0001', '<', '<kml/>', '<kml>text</kml>'];
    for (let i = 0; i < base.length; i += 9) inputs.push(base.slice(0, i));
    for (let i = 0; i < 200; i++) {
      const chars = [...base];
      for (let flips = 0; flips < 3; flips++) chars[Math.floor(random() * chars.length)] = String.fromCharCode(32 + Math.floor(random() * 95));
      inputs.push(chars.join(''));
    }
    for (const text of inputs) {
      try {
        readKml(text, 'site.kml');
      } catch (err) {
        expect(err).toBeInstanceOf(SiteFileError);
      }
    }
  });
});
