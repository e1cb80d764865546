// A patrol plan written as KML 2.2 for Google Earth in 3D: the site's buildings extruded from the ground to their
// roofs, the duty posts with their radius circles, the fence and home, and the route the preflight checks walked,
// with its curtain down to the ground. Every altitude is absolute (metres above mean sea level): Google Earth puts
// relative altitudes on its own terrain, which would not match the plan's.
//
// A site has no terrain model: its ground is taken as flat at home's level, as the preflight checks take it (path.ts)
// and as the compiled mission's altitudes (above home) assume. So every altitude here is home_amsl_m (the ground
// altitude at home, which the caller gives) plus a height above home: a roof at home_amsl_m + height_m, the posts,
// circles and fence at home_amsl_m, a path point at home_amsl_m + alt_m. Where the real ground is higher or lower
// than at home, Google Earth shows the difference: ground features sink under its terrain or float above it.
// A building's `min_height_m` is given in its description only: a KML extrusion always reaches the ground.
//
// Descriptions are HTML (as Google Earth reads them), every text escaped; the output depends only on the inputs.
// Pure TypeScript.
import type { Building, LonLat, PolygonRings, Post, Site } from '../site/site';
import type { PathPoint } from '../preflight/path';

export interface PlanKmlOptions {
  /** Altitude above mean sea level of the ground at home: the site's ground level. */
  home_amsl_m: number;
  /** The document's name (default: the site's name). */
  name?: string;
}

/** Vertices of a duty post's radius circle. */
export const POST_CIRCLE_VERTICES = 36;

const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

/** Roof heights (m above ground) at which a building's shade darkens; one style per band, light to dark. */
const HEIGHT_BANDS_M = [15, 30, 50, 80] as const;
/** Fill colours per band, KML's aabbggrr (RGB #c8d9e6, #9fbcd4, #6f9cc0, #4677a6, #264f80), slightly transparent. */
const BAND_FILL = ['cce6d9c8', 'ccd4bc9f', 'ccc09c6f', 'cca67746', 'cc804f26'] as const;
const OUTLINE = 'ff404040';
const ORANGE = 'ff00a5ff';
const RED = 'ff0000ff';

// Characters XML 1.0 cannot carry at all (controls other than tab and line ends, lone surrogates, U+FFFE/U+FFFF)
// are dropped; the rest is escaped.
const xml = (s: string): string =>
  s
    .replace(/[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu, (c) => (c === '\t' || c === '\n' || c === '\r' ? c : ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
/** Lines of plain text as an HTML description: each line HTML-escaped, joined by <br>, the whole XML-escaped. */
const description = (lines: readonly string[]): string => `<description>${xml(lines.map(xml).join('<br>'))}</description>`;
/** Fixed decimals (never an exponent, never "-0.0"). */
function fixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}
const metres = (v: number): string => String(Number(v.toFixed(1)));

function fail(where: string, what: string): never {
  throw new Error(`planKml: ${where}: ${what}`);
}

/** "lon,lat,alt" with 7 decimals for degrees and 1 for metres; `where` names the value in the error. */
function coord(lon: number, lat: number, alt: number, where: string): string {
  if (!(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) fail(where, `${lon}, ${lat} is not a longitude, latitude`);
  if (!Number.isFinite(alt)) fail(where, `altitude ${alt} is not a number`);
  return `${fixed(lon, 7)},${fixed(lat, 7)},${fixed(alt, 1)}`;
}

/** Twice the signed area in degrees² (positive: counter-clockwise, looking down with north up). */
function signedArea2(ring: readonly LonLat[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a;
}

/** KML wants outer boundaries counter-clockwise and holes clockwise (it lights the extruded walls by it). */
function oriented(ring: readonly LonLat[], ccw: boolean): readonly LonLat[] {
  return signedArea2(ring) < 0 === ccw ? [...ring].reverse() : ring;
}

function ringXml(ring: readonly LonLat[], alt: number, where: string): string {
  if (ring.length < 4) fail(where, `a ring needs at least 4 positions, got ${ring.length}`);
  return `<LinearRing><coordinates>${ring.map(([lon, lat], i) => coord(lon, lat, alt, `${where}[${i}]`)).join(' ')}</coordinates></LinearRing>`;
}

function polygonXml(rings: PolygonRings, alt: number, extrude: boolean, where: string): string {
  if (rings.length === 0) fail(where, 'a polygon without rings');
  const [outer, ...holes] = rings;
  return [
    `<Polygon>${extrude ? '<extrude>1</extrude>' : ''}<altitudeMode>absolute</altitudeMode>`,
    `<outerBoundaryIs>${ringXml(oriented(outer, true), alt, `${where}[0]`)}</outerBoundaryIs>`,
    ...holes.map((h, i) => `<innerBoundaryIs>${ringXml(oriented(h, false), alt, `${where}[${i + 1}]`)}</innerBoundaryIs>`),
    '</Polygon>',
  ].join('');
}

/** Several geometries in one MultiGeometry; a single one as it is. */
const geometries = (parts: readonly string[]): string => (parts.length === 1 ? parts[0] : `<MultiGeometry>${parts.join('')}</MultiGeometry>`);

const bandOf = (height_m: number): number => {
  const i = HEIGHT_BANDS_M.findIndex((top) => height_m < top);
  return i < 0 ? HEIGHT_BANDS_M.length : i;
};

function bandLabel(band: number): string {
  const from = band === 0 ? 0 : HEIGHT_BANDS_M[band - 1];
  return band < HEIGHT_BANDS_M.length ? `${from}–${HEIGHT_BANDS_M[band]} m` : `${from} m and more`;
}

function styles(): string[] {
  const out: string[] = [];
  BAND_FILL.forEach((fill, band) => {
    out.push(`  <Style id="building-${band}"><LineStyle><color>${OUTLINE}</color><width>1</width></LineStyle><PolyStyle><color>${fill}</color></PolyStyle></Style>`);
    out.push(`  <Style id="building-${band}-key"><LineStyle><color>${ORANGE}</color><width>3</width></LineStyle><PolyStyle><color>${fill}</color></PolyStyle></Style>`);
  });
  out.push(
    '  <Style id="post"><IconStyle><color>ff00ffff</color><Icon><href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href></Icon></IconStyle>' +
      '<LineStyle><color>ff00ffff</color><width>2</width></LineStyle><PolyStyle><color>4000ffff</color></PolyStyle></Style>',
    `  <Style id="fence"><LineStyle><color>${RED}</color><width>3</width></LineStyle></Style>`,
    '  <Style id="home"><IconStyle><color>ff00ff00</color><Icon><href>http://maps.google.com/mapfiles/kml/shapes/heliport.png</href></Icon></IconStyle></Style>',
    '  <Style id="route"><LineStyle><color>ffff00ff</color><width>3</width></LineStyle><PolyStyle><color>40ff00ff</color></PolyStyle></Style>',
  );
  return out;
}

function buildingPlacemark(b: Building, home_amsl_m: number, index: number): string[] {
  const where = `building ${JSON.stringify(b.id)}`;
  if (!Number.isFinite(b.height_m)) fail(where, `height_m ${b.height_m} is not a number`);
  if (b.polygons.length === 0) fail(where, 'no polygon');
  const roof_amsl_m = home_amsl_m + b.height_m;
  const band = bandOf(b.height_m);
  const lines = [
    `id ${b.id}`,
    ...(b.name_zh !== undefined ? [b.name_zh] : []),
    `roof ${metres(b.height_m)} m above ground${b.height_assumed ? ' (assumed: no height given)' : ''}, ${metres(roof_amsl_m)} m above sea level`,
    ...(b.min_height_m !== undefined ? [`the volume starts ${metres(b.min_height_m)} m above ground (drawn from the ground)`] : []),
    ...(b.part_of !== undefined ? [`part of building ${b.part_of}`] : []),
    ...(b.key ? ['key building'] : []),
  ];
  const polygons = b.polygons.map((p, i) => polygonXml(p, roof_amsl_m, true, `buildings[${index}] (${where}).polygons[${i}]`));
  return [
    '    <Placemark>',
    `      <name>${xml(b.name ?? b.id)}</name>`,
    `      ${description(lines)}`,
    `      <styleUrl>#building-${band}${b.key ? '-key' : ''}</styleUrl>`,
    `      ${geometries(polygons)}`,
    '    </Placemark>',
  ];
}

/** The post's radius as a closed ring of POST_CIRCLE_VERTICES vertices, counter-clockwise from east. */
function circle(p: Post): LonLat[] {
  const ky = EARTH_RADIUS_M * RAD;
  const kx = ky * Math.cos(p.lat_deg * RAD);
  const ring: LonLat[] = [];
  for (let i = 0; i < POST_CIRCLE_VERTICES; i++) {
    const a = (2 * Math.PI * i) / POST_CIRCLE_VERTICES;
    ring.push([p.lon_deg + (p.radius_m * Math.cos(a)) / kx, p.lat_deg + (p.radius_m * Math.sin(a)) / ky]);
  }
  ring.push(ring[0]);
  return ring;
}

function postPlacemark(p: Post, home_amsl_m: number, index: number): string[] {
  const where = `posts[${index}] (post ${JSON.stringify(p.id)})`;
  if (!(p.radius_m >= 0 && Number.isFinite(p.radius_m))) fail(where, `radius_m ${p.radius_m} is not a distance`);
  const lines = [
    `id ${p.id}`,
    ...(p.name_zh !== undefined ? [p.name_zh] : []),
    `radius_m ${p.radius_m}`,
    `dwell_s ${p.dwell_s}`,
    ...(p.shifts.length > 0 ? [`shifts ${p.shifts.map((s) => `${s.from}–${s.to}`).join(', ')}`] : []),
  ];
  const point = `<Point><altitudeMode>absolute</altitudeMode><coordinates>${coord(p.lon_deg, p.lat_deg, home_amsl_m, where)}</coordinates></Point>`;
  const parts = p.radius_m > 0 ? [point, polygonXml([circle(p)], home_amsl_m, false, `${where} radius circle`)] : [point];
  return ['    <Placemark>', `      <name>${xml(p.name)}</name>`, `      ${description(lines)}`, '      <styleUrl>#post</styleUrl>', `      ${geometries(parts)}`, '    </Placemark>'];
}

/**
 * The plan as a KML 2.2 document: a Folder "Buildings" (one Placemark per building, a MultiGeometry for a
 * MultiPolygon, extruded to the roof), a Folder "Duty posts" (a Point and its radius circle per post), the fence
 * and home when the site has them, and a Placemark "Route" (the path, absolute altitudes, extruded) when the path
 * has at least two points. Throws an Error naming the value when an altitude or position is not a number.
 */
export function planKml(site: Site, path: readonly PathPoint[], opts: PlanKmlOptions): string {
  const home_amsl_m = opts.home_amsl_m;
  if (typeof home_amsl_m !== 'number' || !Number.isFinite(home_amsl_m)) {
    throw new Error(`planKml: home_amsl_m (the ground altitude at home, metres above sea level) must be a finite number, got ${String(home_amsl_m)}`);
  }
  const name = opts.name ?? site.name;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `  <name>${xml(name)}</name>`,
    `  ${description([`Patrol plan of ${site.name}.`, `Altitudes above sea level: the site's ground is taken as flat at home's ground level, ${metres(home_amsl_m)} m.`])}`,
    ...styles(),
    '  <Folder>',
    '    <name>Buildings</name>',
    `    ${description(['Extruded from the ground to the roof; shaded by height:', ...BAND_FILL.map((_, band) => `${band + 1}: ${bandLabel(band)}`), 'key buildings outlined in orange'])}`,
  ];
  site.buildings.forEach((b, i) => out.push(...buildingPlacemark(b, home_amsl_m, i)));
  out.push('  </Folder>', '  <Folder>', '    <name>Duty posts</name>');
  site.posts.forEach((p, i) => out.push(...postPlacemark(p, home_amsl_m, i)));
  out.push('  </Folder>');
  if (site.fence) {
    const lines = site.fence.map((ring, r) => `<LineString><altitudeMode>absolute</altitudeMode><coordinates>${ring.map(([lon, lat], i) => coord(lon, lat, home_amsl_m, `fence[${r}][${i}]`)).join(' ')}</coordinates></LineString>`);
    if (lines.length > 0) {
      out.push('  <Placemark>', '    <name>Fence</name>', `    ${description(['The aircraft must stay inside.'])}`, '    <styleUrl>#fence</styleUrl>', `    ${geometries(lines)}`, '  </Placemark>');
    }
  }
  if (site.home) {
    out.push(
      '  <Placemark>',
      '    <name>Home</name>',
      `    ${description([`Launch place; ground at ${metres(home_amsl_m)} m above sea level.`])}`,
      '    <styleUrl>#home</styleUrl>',
      `    <Point><altitudeMode>absolute</altitudeMode><coordinates>${coord(site.home.lon_deg, site.home.lat_deg, home_amsl_m, 'home')}</coordinates></Point>`,
      '  </Placemark>',
    );
  }
  if (path.length >= 2) {
    const coords = path.map((p, i) => coord(p.lon_deg, p.lat_deg, home_amsl_m + p.alt_m, `path[${i}] (${p.leg})`));
    const low_m = path.reduce((m, p) => Math.min(m, p.alt_m), Infinity);
    const high_m = path.reduce((m, p) => Math.max(m, p.alt_m), -Infinity);
    out.push(
      '  <Placemark>',
      '    <name>Route</name>',
      `    ${description([`${path.length} points, from ${metres(low_m)} to ${metres(high_m)} m above home.`])}`,
      '    <styleUrl>#route</styleUrl>',
      '    <LineString><extrude>1</extrude><altitudeMode>absolute</altitudeMode><coordinates>',
      ...coords.map((c) => `      ${c}`),
      '    </coordinates></LineString>',
      '  </Placemark>',
    );
  }
  out.push('</Document>', '</kml>', '');
  return out.join('\n');
}
