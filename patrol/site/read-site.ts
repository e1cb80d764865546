// Reading a site file (`*.site.geojson`, DESIGN.md "Words") into the Site model. `readSite` parses the JSON text;
// `siteFromFeatures` is shared with the KML reader. Every problem is a SiteFileError naming the file, the feature
// and the property; what is tolerated (OSM buildings without height, features that are not site features) comes
// back as warnings.

import { describeValue } from '../formats/errors';
import { isOsmBuilding, osmHeight, osmTags } from './osm-height';
import { DEFAULT_BUILDING_HEIGHT_M, DEFAULT_MAX_ALT_M, type Building, type Post, type Site } from './site';
import { SiteFileError } from './site-errors';
import { readGeometry, type Fail } from './site-geometry';
import { buildingSchema, collectionSchema, featureSchema, kindSchema, parseOrThrow, placeSchema, postSchema } from './site-schema';

export interface SiteReadResult {
  site: Site;
  warnings: string[];
}

export interface FeatureListSource {
  file: string;
  name?: string;
  max_alt_m?: number;
  features: readonly unknown[];
  /** How a feature is named in messages: "features[3]" for GeoJSON, "Placemark[3]" for KML. */
  featureWhere: (index: number) => string;
}

/** Reads a GeoJSON FeatureCollection site file. Throws SiteFileError on any problem in it. */
export function readSite(text: string, fileName: string): SiteReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SiteFileError({ file: fileName, feature: '', property: '', expected: 'a JSON document', got: `invalid JSON (${(err as Error).message})` });
  }
  const doc = parseOrThrow(collectionSchema, json, { file: fileName, feature: '', prefix: [] });
  const site = doc.site;
  return siteFromFeatures({
    file: fileName,
    name: site?.name,
    max_alt_m: site?.max_alt_m,
    features: doc.features,
    featureWhere: (index) => `features[${index}]`,
  });
}

/** The site name when the file gives none: the file name without folders and `.site.geojson`/`.geojson`/`.kml`. */
export function nameFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/(\.site)?\.(geo)?json$/i, '').replace(/\.km[lz]$/i, '') || base;
}

function labelOf(feature: unknown): string {
  if (feature === null || typeof feature !== 'object') return '';
  const properties = (feature as { properties?: unknown }).properties;
  const props = properties !== null && typeof properties === 'object' ? (properties as Record<string, unknown>) : {};
  const kind = typeof props.kind === 'string' ? props.kind : '';
  const id = (feature as { id?: unknown }).id;
  const name = typeof props.name === 'string' && props.name.trim() !== '' ? props.name : typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  const parts = [kind, name === undefined ? '' : JSON.stringify(name)].filter((part) => part !== '');
  return parts.length === 0 ? '' : ` (${parts.join(' ')})`;
}

/** An OSM identifier from osmnx (`element_type` + `osmid`) or overpass (`@id`, or `type` + `id`) properties. */
function osmId(props: Record<string, unknown>): string | undefined {
  if (typeof props['@id'] === 'string') return props['@id'];
  if (typeof props.element_type === 'string' && (typeof props.osmid === 'number' || typeof props.osmid === 'string')) {
    return `${props.element_type}/${props.osmid}`;
  }
  return undefined;
}

/** Builds a Site from a list of GeoJSON-shaped features. Throws SiteFileError naming the feature and property. */
export function siteFromFeatures(source: FeatureListSource): SiteReadResult {
  const { file } = source;
  const buildings: Building[] = [];
  const posts: Post[] = [];
  const site: Site = { name: source.name ?? nameFromFileName(file), max_alt_m: source.max_alt_m ?? DEFAULT_MAX_ALT_M, buildings, posts };
  const warnings: string[] = [];
  const idsSeenAt = new Map<string, string>();
  let fenceAt: string | undefined;
  let homeAt: string | undefined;
  const skipped: string[] = [];
  const assumed: string[] = [];
  const renamed: string[] = [];
  let fromMaxfloors = 0;

  source.features.forEach((raw, index) => {
    const feature = `${source.featureWhere(index)}${labelOf(raw)}`;
    const fail: Fail = (property, expected, got) => {
      throw new SiteFileError({ file, feature, property, expected, got });
    };
    const parsed = parseOrThrow(featureSchema, raw, { file, feature, prefix: [] });
    const props = parsed.properties ?? {};
    const geometry = parsed.geometry as { type: string; coordinates?: unknown };

    const claimId = (candidate: string | undefined, fallback: string, mustBeUnique: boolean): string => {
      if (candidate !== undefined && !idsSeenAt.has(candidate)) {
        idsSeenAt.set(candidate, feature);
        return candidate;
      }
      if (candidate !== undefined && mustBeUnique) fail('id', `a unique id (also used by ${idsSeenAt.get(candidate)})`, describeValue(candidate));
      if (candidate !== undefined) renamed.push(`${source.featureWhere(index)} is ${fallback}`);
      idsSeenAt.set(fallback, feature);
      return fallback;
    };
    const explicitId = parsed.id === undefined ? undefined : String(parsed.id);

    if (props.kind === undefined || props.kind === null) {
      const tags = osmTags(props);
      if (!isOsmBuilding(tags) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
        skipped.push(source.featureWhere(index));
        return;
      }
      const shape = readGeometry(geometry, ['Polygon', 'MultiPolygon'], fail);
      const height = osmHeight(tags);
      if (height.source === 'none') assumed.push(source.featureWhere(index));
      if (height.source === 'maxfloors') fromMaxfloors += 1;
      const name = typeof tags.name === 'string' && tags.name.trim() !== '' ? tags.name : undefined;
      const given = explicitId ?? osmId(props);
      const id = claimId(given ?? name, `building-${index}`, given !== undefined);
      buildings.push({
        id,
        ...(name === undefined ? {} : { name }),
        polygons: 'polygons' in shape ? shape.polygons : [],
        height_m: height.height_m ?? DEFAULT_BUILDING_HEIGHT_M,
        height_assumed: height.source === 'none',
        key: false,
      });
      return;
    }

    const kind = parseOrThrow(kindSchema, props.kind, { file, feature, prefix: ['kind'] });
    if (kind === 'building') {
      const p = parseOrThrow(buildingSchema, props, { file, feature, prefix: [] });
      const shape = readGeometry(geometry, ['Polygon', 'MultiPolygon'], fail);
      const id = claimId(explicitId ?? p.name, `building-${index}`, true);
      buildings.push({
        id,
        ...(p.name === undefined ? {} : { name: p.name }),
        polygons: 'polygons' in shape ? shape.polygons : [],
        height_m: p.height_m,
        height_assumed: false,
        key: p.key ?? false,
      });
    } else if (kind === 'post') {
      const p = parseOrThrow(postSchema, props, { file, feature, prefix: [] });
      const shape = readGeometry(geometry, ['Point'], fail);
      const point = 'point' in shape ? shape.point : [0, 0];
      const id = claimId(explicitId ?? p.name, `post-${index}`, true);
      posts.push({ id, name: p.name, lat_deg: point[1], lon_deg: point[0], radius_m: p.radius_m, dwell_s: p.dwell_s, shifts: p.shifts ?? [] });
    } else if (kind === 'fence') {
      parseOrThrow(placeSchema, props, { file, feature, prefix: [] });
      if (fenceAt !== undefined) fail('kind', `at most one fence (the first is ${fenceAt})`, 'a second "fence"');
      const shape = readGeometry(geometry, ['Polygon'], fail);
      if ('polygons' in shape) site.fence = shape.polygons[0];
      fenceAt = feature;
    } else {
      parseOrThrow(placeSchema, props, { file, feature, prefix: [] });
      if (homeAt !== undefined) fail('kind', `at most one home (the first is ${homeAt})`, 'a second "home"');
      const shape = readGeometry(geometry, ['Point'], fail);
      if ('point' in shape) site.home = { lat_deg: shape.point[1], lon_deg: shape.point[0] };
      homeAt = feature;
    }
  });

  if (assumed.length > 0) {
    warnings.push(
      `${file}: ${assumed.length} of ${buildings.length} buildings have no height, building:height or building:levels; ` +
        `assumed ${DEFAULT_BUILDING_HEIGHT_M} m (height_assumed) for ${listSome(assumed)}`,
    );
  }
  if (fromMaxfloors > 0) {
    warnings.push(`${file}: ${fromMaxfloors} building heights come from maxfloors × 3 m (read as building:levels, an upper bound)`);
  }
  if (renamed.length > 0) {
    warnings.push(`${file}: ${renamed.length} OSM buildings share a name with an earlier feature and are referred to by index: ${listSome(renamed)}`);
  }
  if (skipped.length > 0) {
    warnings.push(`${file}: skipped ${skipped.length} features with no "kind" that are not OSM building polygons: ${listSome(skipped)}`);
  }
  return { site, warnings };
}

function listSome(items: readonly string[]): string {
  return items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`;
}
