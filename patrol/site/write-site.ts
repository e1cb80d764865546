// Writing a site (DESIGN.md "Words") as a `*.site.geojson` FeatureCollection that `readSite`, `watchpost` and any GIS
// tool read back: buildings (Polygon, or MultiPolygon when several), duty posts, the fence and home, each with its
// `kind` and the properties the reader takes; the site-wide name and ceiling in the top-level `site` member. A
// height that was assumed on import (OSM without height tags) is written as the height it is: saving is the
// planner's confirmation. Coordinates keep 8 decimals (about 1 mm).
import type { Building, LonLat, PolygonRings, Post, Site } from './site';

const round = (v: number): number => Math.round(v * 1e8) / 1e8;
const ring = (r: LonLat[]): LonLat[] => r.map(([lon, lat]) => [round(lon), round(lat)]);
const rings = (p: PolygonRings): LonLat[][] => p.map(ring);

function buildingFeature(b: Building): object {
  return {
    type: 'Feature',
    id: b.id,
    properties: {
      kind: 'building',
      ...(b.name === undefined ? {} : { name: b.name }),
      ...(b.name_zh === undefined ? {} : { 'name:zh': b.name_zh }),
      height_m: b.height_m,
      ...(b.min_height_m ? { min_height_m: b.min_height_m } : {}),
      ...(b.part_of === undefined ? {} : { part_of: b.part_of }),
      ...(b.key ? { key: true } : {}),
    },
    geometry: b.polygons.length === 1 ? { type: 'Polygon', coordinates: rings(b.polygons[0]) } : { type: 'MultiPolygon', coordinates: b.polygons.map(rings) },
  };
}

function postFeature(p: Post): object {
  return {
    type: 'Feature',
    id: p.id,
    properties: {
      kind: 'post',
      name: p.name,
      ...(p.name_zh === undefined ? {} : { 'name:zh': p.name_zh }),
      radius_m: p.radius_m,
      dwell_s: p.dwell_s,
      ...(p.shifts.length > 0 ? { shifts: p.shifts.map((s) => ({ from: s.from, to: s.to })) } : {}),
    },
    geometry: { type: 'Point', coordinates: [round(p.lon_deg), round(p.lat_deg)] },
  };
}

/** The site as a GeoJSON object (RFC 7946). */
export function siteToGeoJson(site: Site): object {
  const features: object[] = [
    ...site.buildings.map(buildingFeature),
    ...site.posts.map(postFeature),
    ...(site.fence ? [{ type: 'Feature', properties: { kind: 'fence' }, geometry: { type: 'Polygon', coordinates: rings(site.fence) } }] : []),
    ...(site.home ? [{ type: 'Feature', properties: { kind: 'home' }, geometry: { type: 'Point', coordinates: [round(site.home.lon_deg), round(site.home.lat_deg)] } }] : []),
  ];
  return { type: 'FeatureCollection', site: { name: site.name, max_alt_m: site.max_alt_m }, features };
}

/** The site file's text: one feature per line, so that a change shows as a change of lines in version control. */
export function writeSiteText(site: Site): string {
  const { features, ...head } = siteToGeoJson(site) as { features: object[] };
  const body = features.map((f) => `    ${JSON.stringify(f)}`).join(',\n');
  return `{\n  "type": "FeatureCollection",\n  "site": ${JSON.stringify((head as { site: unknown }).site)},\n  "features": [\n${body}\n  ]\n}\n`;
}
