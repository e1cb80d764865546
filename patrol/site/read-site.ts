// Reading a site file (`*.site.geojson`, DESIGN.md "Words") into the Site model. `readSite` parses the JSON text;
// `siteFromFeatures` is shared with the KML reader. Every problem is a SiteFileError naming the file, the feature
// and the property (a file that is not JSON: the line and column, its text never quoted). What is tolerated in
// imported OSM data comes back as warnings, one per kind of thing: heights assumed or unreadable, repeated ids
// (site-ids.ts), building parts (osm-parts.ts), features that are not site features.

import { parseJsonText } from '../formats/json-text';
import { describeValue } from '../formats/errors';
import { attachParts, type ImportedBuilding } from './osm-parts';
import { isOsmBuilding, isOsmPart, osmTags, osmVolume, type TagProblem } from './osm-height';
import { DEFAULT_BUILDING_HEIGHT_M, DEFAULT_MAX_ALT_M, type Building, type Post, type Site } from './site';
import { SiteFileError } from './site-errors';
import { readGeometry, type Fail } from './site-geometry';
import { osmIdOf, ownIds, SiteIds } from './site-ids';
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
  const parsed = parseJsonText(text, fileName);
  if (!parsed.ok) {
    throw new SiteFileError({ file: fileName, feature: '', property: '', expected: parsed.expected, got: parsed.got, line: parsed.line, column: parsed.column });
  }
  const doc = parseOrThrow(collectionSchema, parsed.value, { file: fileName, feature: '', prefix: [] });
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

/** What the OSM features of a file left to say, gathered while reading them. */
interface OsmNotes {
  imported: ImportedBuilding[];
  assumed: { where: string; height_m: number }[];
  problems: { where: string; problem: TagProblem }[];
  renamed: string[];
  skipped: string[];
  fromMaxfloors: number;
}

/** Builds a Site from a list of GeoJSON-shaped features. Throws SiteFileError naming the feature and property. */
export function siteFromFeatures(source: FeatureListSource): SiteReadResult {
  const { file } = source;
  const buildings: Building[] = [];
  const posts: Post[] = [];
  const site: Site = { name: source.name ?? nameFromFileName(file), max_alt_m: source.max_alt_m ?? DEFAULT_MAX_ALT_M, buildings, posts };
  const ids = new SiteIds(ownIds(source.features));
  const osm: OsmNotes = { imported: [], assumed: [], problems: [], renamed: [], skipped: [], fromMaxfloors: 0 };
  let fenceAt: string | undefined;
  let homeAt: string | undefined;

  source.features.forEach((raw, index) => {
    const at = source.featureWhere(index);
    const feature = `${at}${labelOf(raw)}`;
    const fail: Fail = (property, expected, got) => {
      throw new SiteFileError({ file, feature, property, expected, got });
    };
    const parsed = parseOrThrow(featureSchema, raw, { file, feature, prefix: [] });
    const props = parsed.properties ?? {};
    const geometry = parsed.geometry as { type: string; coordinates?: unknown };
    const explicitId = parsed.id === undefined ? undefined : String(parsed.id);
    /** A site feature's id: unique, a patrol refers to it. */
    const ownId = (candidate: string | undefined, fallback: string): string => {
      const held = candidate === undefined ? undefined : ids.holderOf(candidate);
      if (candidate !== undefined && held !== undefined) fail('id', `a unique id (also used by ${held})`, describeValue(candidate));
      return ids.claim(candidate ?? fallback, feature);
    };

    if (props.kind === undefined || props.kind === null) {
      const tags = osmTags(props);
      if (!isOsmBuilding(tags) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
        osm.skipped.push(at);
        return;
      }
      const shape = readGeometry(geometry, ['Polygon', 'MultiPolygon'], fail);
      const volume = osmVolume(tags);
      for (const problem of volume.problems) osm.problems.push({ where: at, problem });
      if (volume.source === 'none') osm.assumed.push({ where: at, height_m: volume.height_m });
      if (volume.source === 'maxfloors') osm.fromMaxfloors += 1;
      const name = typeof tags.name === 'string' && tags.name.trim() !== '' ? tags.name : undefined;
      const nameZh = typeof tags['name:zh'] === 'string' && tags['name:zh'].trim() !== '' ? tags['name:zh'].trim() : undefined;
      const given = explicitId ?? osmIdOf(props);
      let id: string;
      if (given !== undefined) id = ids.imported(given, at);
      else if (name !== undefined && ids.isFree(name)) id = ids.claim(name, feature);
      else {
        id = ids.claim(`building-${index}`, feature);
        if (name !== undefined) osm.renamed.push(`${at} is ${id}`);
      }
      const building: Building = {
        id,
        ...(name === undefined ? {} : { name }),
        ...(nameZh === undefined ? {} : { name_zh: nameZh }),
        polygons: 'polygons' in shape ? shape.polygons : [],
        height_m: volume.height_m,
        ...(volume.min_height_m > 0 ? { min_height_m: volume.min_height_m } : {}),
        height_assumed: volume.source === 'none',
        key: false,
      };
      buildings.push(building);
      osm.imported.push({ building, part: isOsmPart(tags), known: volume.source !== 'none' });
      return;
    }

    const kind = parseOrThrow(kindSchema, props.kind, { file, feature, prefix: ['kind'] });
    if (kind === 'building') {
      const p = parseOrThrow(buildingSchema, props, { file, feature, prefix: [] });
      const shape = readGeometry(geometry, ['Polygon', 'MultiPolygon'], fail);
      buildings.push({
        id: ownId(explicitId ?? p.name, `building-${index}`),
        ...(p.name === undefined ? {} : { name: p.name }),
        ...(p['name:zh'] === undefined ? {} : { name_zh: p['name:zh'] }),
        polygons: 'polygons' in shape ? shape.polygons : [],
        height_m: p.height_m,
        ...(p.min_height_m ? { min_height_m: p.min_height_m } : {}),
        ...(p.part_of === undefined ? {} : { part_of: p.part_of }),
        height_assumed: false,
        key: p.key ?? false,
      });
    } else if (kind === 'post') {
      const p = parseOrThrow(postSchema, props, { file, feature, prefix: [] });
      const shape = readGeometry(geometry, ['Point'], fail);
      const point = 'point' in shape ? shape.point : [0, 0];
      const id = ownId(explicitId ?? p.name, `post-${index}`);
      posts.push({ id, name: p.name, ...(p['name:zh'] === undefined ? {} : { name_zh: p['name:zh'] }), lat_deg: point[1], lon_deg: point[0], radius_m: p.radius_m, dwell_s: p.dwell_s, shifts: p.shifts ?? [] });
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

  const parts = attachParts(osm.imported);
  return { site, warnings: osmWarnings(file, buildings.length, osm, ids, parts) };
}

function osmWarnings(file: string, buildingCount: number, osm: OsmNotes, ids: SiteIds, parts: ReturnType<typeof attachParts>): string[] {
  const warnings: string[] = [];
  if (osm.assumed.length > 0) {
    const taller = osm.assumed.filter((a) => a.height_m > DEFAULT_BUILDING_HEIGHT_M);
    warnings.push(
      `${file}: ${osm.assumed.length} of ${buildingCount} buildings have no height, building:height or building:levels; ` +
        `assumed ${DEFAULT_BUILDING_HEIGHT_M} m (height_assumed) for ${listSome(osm.assumed.map((a) => a.where))}` +
        (taller.length === 0 ? '' : `; more where min_height or roof:height show it reaches higher: ${listSome(taller.map((a) => `${a.where} ${a.height_m} m`))}`),
    );
  }
  if (osm.fromMaxfloors > 0) {
    warnings.push(`${file}: ${osm.fromMaxfloors} building heights come from maxfloors × 3 m (read as building:levels, an upper bound)`);
  }
  if (osm.problems.length > 0) {
    const text = osm.problems.map(({ where, problem }) => `${where} ${problem.tag} ${describeValue(problem.value)} (${problem.why})`);
    const n = osm.problems.length;
    warnings.push(`${file}: ${n} OSM tag value${n === 1 ? '' : 's'} not read, taken as missing (the height falls back to the next tag, else is assumed): ${listSome(text)}`);
  }
  if (ids.repeats.length > 0) {
    const [n, repeated] = [ids.repeats.length, new Set(ids.repeats.map((r) => r.id)).size];
    warnings.push(
      `${file}: ${n} ${n === 1 ? 'feature repeats' : 'features repeat'} the id of an earlier feature (${repeated} id${repeated === 1 ? '' : 's'}, e.g. a building split into parts ` +
        `that share its way id); the first keeps the id, the n-th feature with it is <id>#<n>: ${listSome(ids.repeats.map((r) => `${r.where} is ${r.as}`))}`,
    );
  }
  if (parts.parts > 0) {
    warnings.push(
      `${file}: ${parts.parts} building:part features read as volumes (from min_height to height): ${parts.attached} inside ${parts.outlines} ` +
        `building outlines, each outline standing for its whole building from the ground to its tallest part; ${parts.parts - parts.attached} on their own`,
    );
  }
  if (osm.renamed.length > 0) {
    warnings.push(`${file}: ${osm.renamed.length} OSM buildings share a name with an earlier feature and are referred to by index: ${listSome(osm.renamed)}`);
  }
  if (osm.skipped.length > 0) {
    warnings.push(`${file}: skipped ${osm.skipped.length} features with no "kind" that are not OSM building polygons: ${listSome(osm.skipped)}`);
  }
  return warnings;
}

function listSome(items: readonly string[]): string {
  return items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`;
}
