// planKml: a patrol plan as KML for Google Earth, read back by an independent reader (@tmcw/togeojson over
// @xmldom/xmldom, warnings fatal) and compared with the site and the path preflight walked on the demo patrol.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kmlWithFolders, type F, type Folder, type Root } from '@tmcw/togeojson';
import { DOMParser, onWarningStopParsing } from '@xmldom/xmldom';
import type { Geometry, LineString, Point, Polygon, Position } from 'geojson';
import { planKml, POST_CIRCLE_VERTICES } from '../../patrol/formats/plan-kml';
import { compilePatrol } from '../../patrol/patrol/compile';
import { readPatrol } from '../../patrol/patrol/read-patrol';
import { preflightReport } from '../../patrol/preflight/preflight';
import { readSiteFile } from '../../patrol/site/read-site-file';
import type { LonLat, Site } from '../../patrol/site/site';

// The demo patrol, planned and walked as the CLI and the Plan view do.
const demoSite = readSiteFile(readFileSync(new URL('../../assets/demo/demo.site.geojson', import.meta.url), 'utf8'), 'demo.site.geojson').site;
const demoPatrol = readPatrol(readFileSync(new URL('../../assets/demo/demo.patrol.json', import.meta.url), 'utf8'), 'demo.patrol.json', demoSite);
const compiled = compilePatrol(demoPatrol, demoSite, { autopilot: 'ardupilot' });
const path = preflightReport(compiled.items, demoSite, { speed_mps: demoPatrol.speed_mps }).path;

const HOME_AMSL_M = 112.3;
const home = demoSite.home ?? { lat_deg: 34.75, lon_deg: 113.75 };

/** A closed square ring, counter-clockwise (or clockwise, for a hole) from its south-west corner. */
const square = (lon: number, lat: number, d: number, cw = false): LonLat[] => {
  const ring: LonLat[] = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
  return cw ? ring.reverse() : ring;
};

const TOWER = 'Tower "A" & <B>';
const GATE = 'Gate <1> & "Main"';
const site: Site = {
  name: 'Small & <test> site',
  max_alt_m: 120,
  buildings: [
    {
      id: 'A', name: TOWER, name_zh: '一号楼 & <塔>', height_m: 54, height_assumed: false, key: true,
      // Written clockwise, as a hand-drawn file may be: the writer turns it counter-clockwise.
      polygons: [[square(home.lon_deg + 0.001, home.lat_deg + 0.001, 0.0005, true), square(home.lon_deg + 0.0012, home.lat_deg + 0.0012, 0.0001, true)]],
    },
    {
      id: 'B2', height_m: 12.5, height_assumed: true, key: false,
      polygons: [[square(home.lon_deg - 0.002, home.lat_deg, 0.0002)], [square(home.lon_deg - 0.0015, home.lat_deg, 0.0002)]],
    },
  ],
  posts: [{ id: 'P1', name: GATE, name_zh: '北门', lat_deg: home.lat_deg - 0.001, lon_deg: home.lon_deg, radius_m: 15, dwell_s: 20, shifts: [{ from: '08:00', to: '20:00' }] }],
  fence: [square(home.lon_deg - 0.005, home.lat_deg - 0.005, 0.01)],
  home,
};

const parse = (text: string): Root => kmlWithFolders(new DOMParser({ onError: onWarningStopParsing }).parseFromString(text, 'text/xml'));
const folder = (root: Root, name: string): Folder => {
  const f = root.children.find((c): c is Folder => c.type === 'folder' && c.meta.name === name);
  if (!f) throw new Error(`no folder ${name}`);
  return f;
};
const features = (f: Folder): F[] => f.children.filter((c): c is F => c.type === 'Feature');
const placemark = (root: Root, name: string): F => {
  const f = root.children.find((c): c is F => c.type === 'Feature' && c.properties?.name === name);
  if (!f) throw new Error(`no placemark ${name}`);
  return f;
};
/** The polygons of a feature's geometry (a Polygon, or those in a GeometryCollection). */
const parts = (g: Geometry | null): Geometry[] => (g === null ? [] : g.type === 'GeometryCollection' ? g.geometries : [g]);
const polygonsOf = (g: Geometry | null): Polygon[] => parts(g).filter((x): x is Polygon => x.type === 'Polygon');
const key = (p: Position | LonLat): string => `${p[0].toFixed(7)},${p[1].toFixed(7)}`;
const sortedKeys = (ring: readonly (Position | LonLat)[]): string[] => ring.map(key).sort();

describe('planKml', () => {
  const text = planKml(site, path, { home_amsl_m: HOME_AMSL_M });
  const root = parse(text);

  it('writes one extruded Placemark per building, a MultiGeometry for a MultiPolygon, holes kept, roofs at home_amsl_m + height_m', () => {
    const buildings = features(folder(root, 'Buildings'));
    expect(buildings).toHaveLength(site.buildings.length);
    const polygons = buildings.flatMap((f) => polygonsOf(f.geometry));
    expect(polygons).toHaveLength(site.buildings.reduce((n, b) => n + b.polygons.length, 0));
    for (const [i, b] of site.buildings.entries()) {
      const f = buildings[i];
      expect(f.properties?.name).toBe(b.name ?? b.id);
      const got = polygonsOf(f.geometry);
      expect(got).toHaveLength(b.polygons.length);
      for (const [j, rings] of b.polygons.entries()) {
        expect(got[j].coordinates).toHaveLength(rings.length); // outer boundary and holes
        for (const [r, ring] of rings.entries()) {
          expect(sortedKeys(got[j].coordinates[r])).toEqual(sortedKeys(ring));
          for (const c of got[j].coordinates[r]) expect(c[2]).toBeCloseTo(HOME_AMSL_M + b.height_m, 1);
        }
      }
    }
    expect(buildings[1].geometry?.type).toBe('GeometryCollection');
    // Outer boundaries counter-clockwise, holes clockwise, whatever the site's order.
    const area2 = (ring: Position[]) => ring.slice(1).reduce((a, q, i) => a + ring[i][0] * q[1] - q[0] * ring[i][1], 0);
    const [outer, hole] = polygonsOf(buildings[0].geometry)[0].coordinates;
    expect(area2(outer)).toBeGreaterThan(0);
    expect(area2(hole)).toBeLessThan(0);
    // The key building outlined in orange; the others shaded by height, in different styles.
    expect(buildings[0].properties?.stroke).toBe('#ffa500');
    expect(buildings[1].properties?.stroke).not.toBe('#ffa500');
    expect(buildings[0].properties?.styleUrl).not.toBe(buildings[1].properties?.styleUrl);
    expect(String(buildings[1].properties?.description)).toMatch(/roof 12\.5 m above ground \(assumed/);
  });

  it('extrudes every building polygon and the route; every altitude is absolute', () => {
    const polygonCount = site.buildings.reduce((n, b) => n + b.polygons.length, 0);
    expect(text.match(/<extrude>1<\/extrude>/g)).toHaveLength(polygonCount + 1);
    expect(text).not.toMatch(/relativeToGround|clampToGround/);
    const geometryCount = (text.match(/<(Point|LineString|Polygon)>/g) ?? []).length;
    expect(text.match(/<altitudeMode>absolute<\/altitudeMode>/g)).toHaveLength(geometryCount);
    expect(text).toMatch(/<Placemark>\s*<name>Route<\/name>[\s\S]*?<LineString><extrude>1<\/extrude><altitudeMode>absolute<\/altitudeMode>/);
  });

  it('writes the route as the path: lon, lat and home_amsl_m + alt_m, 7 decimals for degrees and 1 for metres', () => {
    expect(path.length).toBeGreaterThan(10);
    const route = placemark(root, 'Route');
    expect(route.geometry?.type).toBe('LineString');
    const coords = (route.geometry as LineString).coordinates;
    expect(coords).toHaveLength(path.length);
    for (const [i, p] of path.entries()) {
      expect(Math.abs(coords[i][0] - p.lon_deg)).toBeLessThanOrEqual(0.5e-7 + 1e-12);
      expect(Math.abs(coords[i][1] - p.lat_deg)).toBeLessThanOrEqual(0.5e-7 + 1e-12);
      expect(Math.abs(coords[i][2] - (HOME_AMSL_M + p.alt_m))).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    expect(coords[0][2]).toBeCloseTo(HOME_AMSL_M, 1); // from the ground at home
    expect(text).toMatch(/\n {6}-?\d+\.\d{7},-?\d+\.\d{7},\d+\.\d\n/);
  });

  it('writes each duty post as a Point at ground level with its radius circle, radius and dwell in the description', () => {
    const posts = features(folder(root, 'Duty posts'));
    expect(posts).toHaveLength(site.posts.length);
    const [f] = posts;
    const p = site.posts[0];
    expect(f.properties?.name).toBe(GATE);
    expect(String(f.properties?.description)).toMatch(/radius_m 15<br>dwell_s 20/);
    expect(String(f.properties?.description)).toContain('北门');
    const [point, circle] = parts(f.geometry) as [Point, Polygon];
    expect(point.type).toBe('Point');
    expect(point.coordinates[0]).toBeCloseTo(p.lon_deg, 7);
    expect(point.coordinates[1]).toBeCloseTo(p.lat_deg, 7);
    expect(point.coordinates[2]).toBeCloseTo(HOME_AMSL_M, 1);
    expect(circle.type).toBe('Polygon');
    expect(circle.coordinates[0]).toHaveLength(POST_CIRCLE_VERTICES + 1);
    const kx = 6371008.8 * (Math.PI / 180) * Math.cos(p.lat_deg * (Math.PI / 180));
    const ky = 6371008.8 * (Math.PI / 180);
    for (const c of circle.coordinates[0]) {
      expect(Math.hypot((c[0] - p.lon_deg) * kx, (c[1] - p.lat_deg) * ky)).toBeCloseTo(p.radius_m, 1);
      expect(c[2]).toBeCloseTo(HOME_AMSL_M, 1);
    }
  });

  it('writes the fence as a red ring and home as a Point, both at ground level', () => {
    const fence = placemark(root, 'Fence');
    expect(fence.geometry?.type).toBe('LineString');
    const ring = (fence.geometry as LineString).coordinates;
    expect(ring.map(key)).toEqual(site.fence?.[0].map(key));
    for (const c of ring) expect(c[2]).toBeCloseTo(HOME_AMSL_M, 1);
    expect(fence.properties?.stroke).toBe('#ff0000');
    const h = placemark(root, 'Home').geometry as Point;
    expect(h.coordinates).toEqual([Number(home.lon_deg.toFixed(7)), Number(home.lat_deg.toFixed(7)), HOME_AMSL_M]);
    const bare = parse(planKml({ ...site, fence: undefined, home: undefined }, path, { home_amsl_m: HOME_AMSL_M }));
    expect(bare.children.filter((c) => c.type === 'Feature').map((c) => (c as F).properties?.name)).toEqual(['Route']);
  });

  it('escapes & < > " in every text, and the document parses back to the same names', () => {
    expect(text).toContain('<name>Tower &quot;A&quot; &amp; &lt;B&gt;</name>');
    expect(text).toContain('<name>Small &amp; &lt;test&gt; site</name>');
    expect(text).not.toContain(TOWER);
    expect(text).not.toContain(GATE);
    expect(features(folder(root, 'Buildings'))[0].properties?.name).toBe(TOWER);
    // Descriptions are HTML: the text is HTML-escaped inside, so Google Earth shows it as written.
    expect(String(features(folder(root, 'Buildings'))[0].properties?.description)).toContain('一号楼 &amp; &lt;塔&gt;');
    const doc = new DOMParser({ onError: onWarningStopParsing }).parseFromString(text, 'text/xml');
    expect(doc.getElementsByTagName('Document')[0].getElementsByTagName('name')[0].textContent).toBe('Small & <test> site');
    // A name XML cannot carry (a control character) loses that character, not the document.
    const odd = { ...site, buildings: [{ ...site.buildings[1], name: 'Odd\u0001 name\u0007 ]]> &' }] };
    const oddRoot = parse(planKml(odd, path, { home_amsl_m: HOME_AMSL_M, name: 'Plan "x" <1>' }));
    expect(features(folder(oddRoot, 'Buildings'))[0].properties?.name).toBe('Odd name ]]> &');
  });

  it('is deterministic and exports the whole demo site', () => {
    expect(planKml(site, path, { home_amsl_m: HOME_AMSL_M })).toBe(text);
    const demo = parse(planKml(demoSite, path, { home_amsl_m: 95 }));
    const buildings = features(folder(demo, 'Buildings'));
    expect(buildings).toHaveLength(demoSite.buildings.length);
    expect(buildings.flatMap((f) => polygonsOf(f.geometry))).toHaveLength(demoSite.buildings.reduce((n, b) => n + b.polygons.length, 0));
    for (const [i, b] of demoSite.buildings.entries()) {
      for (const c of polygonsOf(buildings[i].geometry).flatMap((g) => g.coordinates.flat())) expect(c[2]).toBeCloseTo(95 + b.height_m, 1);
    }
    expect(buildings.filter((f) => f.properties?.stroke === '#ffa500')).toHaveLength(demoSite.buildings.filter((b) => b.key).length);
    expect(features(folder(demo, 'Duty posts'))).toHaveLength(demoSite.posts.length);
    expect((placemark(demo, 'Route').geometry as LineString).coordinates).toHaveLength(path.length);
  });

  it('leaves the route out when the path has fewer than two points', () => {
    const none = parse(planKml(site, path.slice(0, 1), { home_amsl_m: HOME_AMSL_M }));
    expect(none.children.some((c) => c.type === 'Feature' && c.properties?.name === 'Route')).toBe(false);
  });

  it('refuses a home_amsl_m that is not a finite number, and names a bad path point', () => {
    for (const bad of [NaN, Infinity, -Infinity, undefined, '100']) {
      expect(() => planKml(site, path, { home_amsl_m: bad as number })).toThrow(/^planKml: home_amsl_m \(the ground altitude at home, metres above sea level\) must be a finite number, got /);
    }
    const broken = path.map((p, i) => (i === 3 ? { ...p, alt_m: NaN } : p));
    expect(() => planKml(site, broken, { home_amsl_m: HOME_AMSL_M })).toThrow(/^planKml: path\[3\] \(.*\): altitude NaN is not a number$/);
  });
});
