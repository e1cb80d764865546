// KML import (Google Earth, QGroundControl): Placemarks become site features and go through the same checks as a
// GeoJSON site (read-site.ts). A Polygon (outer + inner boundaries) or a MultiGeometry of Polygons is a building,
// or the fence when its ExtendedData says kind=fence; with no kind and no height_m it is a building of assumed
// height. A Point is a post (default radius 15 m, dwell 10 s) unless ExtendedData says kind=home. ExtendedData
// (<Data name><value> or <SchemaData><SimpleData name>) may carry kind, name, height_m, key, radius_m, dwell_s
// and shifts ("08:00-20:00,22:00-06:00"). Placemarks are numbered depth-first in messages: "Placemark[2]".

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isUtf16Text, UTF16 } from '../formats/json-text';
import { siteFromFeatures, type SiteReadResult } from './read-site';
import { SiteFileError } from './site-errors';

export const KML_DEFAULT_POST_RADIUS_M = 15;
export const KML_DEFAULT_POST_DWELL_S = 10;
/** Elements nested deeper are refused by the parser (its own default, said here so the Placemark walk goes as deep). */
const MAX_NESTED_TAGS = 100;

type Node = Record<string, unknown>;

const ARRAYS = new Set(['Document', 'Folder', 'Placemark', 'Polygon', 'Point', 'innerBoundaryIs', 'LinearRing', 'Data', 'SchemaData', 'SimpleData', 'MultiGeometry', 'LineString']);

const asNodes = (value: unknown): Node[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is Node => v !== null && typeof v === 'object');

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object' && typeof (value as Node)['#text'] === 'string') return ((value as Node)['#text'] as string).trim();
  return undefined;
}

/**
 * Placemarks anywhere under the node, depth-first. The parser refuses nesting deeper than MAX_NESTED_TAGS, so this
 * bound is never reached by a file that parsed (bad-file corpus, issue 13: it was 64, and a Placemark in 70 Folders
 * was dropped without a word).
 */
function collectPlacemarks(node: Node, out: Node[], depth: number): void {
  if (depth > MAX_NESTED_TAGS) return;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text') continue;
    for (const child of asNodes(value)) {
      if (key === 'Placemark') out.push(child);
      else collectPlacemarks(child, out, depth + 1);
    }
  }
}

/** "lon,lat[,alt] lon,lat[,alt] …" → positions; a token that is not a number becomes NaN (the checks name it). */
function coordinates(value: unknown): number[][] {
  const body = text(value) ?? '';
  return body.split(/\s+/).filter((token) => token !== '').map((token) => token.split(',').map((part) => (part.trim() === '' ? NaN : Number(part))));
}

function ring(boundary: unknown): number[][][] {
  return asNodes(boundary).flatMap((b) => asNodes(b.LinearRing)).map((r) => coordinates(r.coordinates));
}

function polygon(node: Node): number[][][] {
  return [...ring(node.outerBoundaryIs), ...asNodes(node.innerBoundaryIs).flatMap((inner) => ring(inner))];
}

function geometryOf(placemark: Node): { type: string; coordinates: unknown } {
  const points = asNodes(placemark.Point);
  if (points.length > 0) return { type: 'Point', coordinates: coordinates(points[0].coordinates)[0] };
  const polygons = asNodes(placemark.Polygon);
  if (polygons.length > 0) return { type: 'Polygon', coordinates: polygon(polygons[0]) };
  const multi = asNodes(placemark.MultiGeometry)[0];
  if (multi !== undefined && asNodes(multi.Polygon).length > 0) {
    return { type: 'MultiPolygon', coordinates: asNodes(multi.Polygon).map(polygon) };
  }
  const other = Object.keys(placemark).find((key) => ['LineString', 'LinearRing', 'MultiGeometry', 'Model', 'Track'].includes(key));
  return { type: other ?? 'none', coordinates: [] };
}

function extendedData(placemark: Node): Record<string, string> {
  const data: Record<string, string> = {};
  for (const extended of asNodes(placemark.ExtendedData)) {
    for (const d of asNodes(extended.Data)) {
      const name = d['@_name'];
      const value = text(d.value);
      if (typeof name === 'string' && value !== undefined) data[name] = value;
    }
    for (const schema of asNodes(extended.SchemaData)) {
      for (const d of asNodes(schema.SimpleData)) {
        const name = d['@_name'];
        const value = text(d);
        if (typeof name === 'string' && value !== undefined) data[name] = value;
      }
    }
  }
  return data;
}

const numberOr = (value: string | undefined, fallback?: number): number | string | undefined =>
  value === undefined ? fallback : value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;

function shifts(value: string): { from: string; to: string }[] | string {
  const parts = value.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const pairs = parts.map((part) => /^(\S+)\s*-\s*(\S+)$/.exec(part));
  if (pairs.some((pair) => pair === null)) return value;
  return pairs.map((pair) => ({ from: (pair as RegExpExecArray)[1], to: (pair as RegExpExecArray)[2] }));
}

/** The GeoJSON-shaped feature of one Placemark. */
function featureOf(placemark: Node, postNumber: () => number): Node {
  const data = extendedData(placemark);
  const geometry = geometryOf(placemark);
  const name = data.name ?? text(placemark.name);
  const named = name === undefined || name === '' ? {} : { name };
  const kind = data.kind ?? (geometry.type === 'Point' ? 'post' : data.height_m !== undefined ? 'building' : undefined);
  const id = text(placemark['@_id']);
  let properties: Node;
  if (kind === undefined) {
    properties = { building: 'yes', ...named }; // read as an OSM building: height assumed
  } else if (kind === 'post') {
    properties = {
      kind,
      name: name === undefined || name === '' ? `Post ${postNumber()}` : name,
      radius_m: numberOr(data.radius_m, KML_DEFAULT_POST_RADIUS_M),
      dwell_s: numberOr(data.dwell_s, KML_DEFAULT_POST_DWELL_S),
      ...(data.shifts === undefined ? {} : { shifts: shifts(data.shifts) }),
    };
  } else if (kind === 'building') {
    const key = data.key === undefined ? undefined : data.key === 'true' || data.key === '1' ? true : data.key === 'false' || data.key === '0' ? false : data.key;
    properties = { kind, ...named, height_m: numberOr(data.height_m), ...(key === undefined ? {} : { key }) };
  } else {
    properties = { kind, ...named };
  }
  return { type: 'Feature', ...(id === undefined || id === '' ? {} : { id }), properties, geometry };
}

/** What an XML validator error code means, in words that do not quote the file. */
const XML_FAULTS: Record<string, string> = {
  InvalidChar: 'a character that cannot stand there',
  InvalidTag: 'a tag that is not closed, or closes another tag',
  InvalidAttr: 'a malformed attribute',
  InvalidXml: 'malformed XML',
};

/**
 * The parser's refusals (after the validator passed) in words that quote nothing, by the fixed part of its message
 * (fast-xml-parser 5: DocTypeReader, OrderedObjParser, EntityReplacer). Bad-file corpus, issue 13: these were all
 * "XML the parser could not read (Error)".
 */
const PARSER_FAULTS: readonly [RegExp, string][] = [
  [/^External entities are not supported/, 'an external entity (<!ENTITY … SYSTEM or PUBLIC …>), which is never read'],
  [/^Invalid entity name %|^Parameter entities/, 'a parameter entity (<!ENTITY % …>), which is never read'],
  [/^Entity count/, 'more than 1000 entity declarations'],
  [/^Entity .* size/, 'an entity declaration longer than 10000 characters'],
  [/expan/i, 'entities that expand to more than 100000 characters (an XML bomb?)'],
  [/^Maximum nested tags exceeded/, `elements nested more than ${MAX_NESTED_TAGS} deep`],
  [/^\[SECURITY\]/, 'an element or attribute named like a JavaScript object member (__proto__, constructor)'],
  [/DOCTYPE/, 'a malformed DOCTYPE'],
];

/** Line (1-based) and column (1-based) just past the end of the text. */
function endOfText(text: string): { line: number; col: number } {
  const lines = text.split(/\r\n|\n|\r/);
  return { line: lines.length, col: lines[lines.length - 1].length + 1 };
}

/** Reads a KML file's Placemarks into a Site. Throws SiteFileError on malformed XML or a bad Placemark. */
export function readKml(text_: string, fileName: string): SiteReadResult {
  const refuse = (property: string, got: string): never => {
    throw new SiteFileError({ file: fileName, feature: '', property, expected: 'well-formed KML (XML)', got });
  };
  // Bad-file corpus (issue 13): an empty file was "line 1 … at column undefined", UTF-16 "a character that cannot stand there".
  if (text_.replace(/^\ufeff/, '').trim() === '') refuse('document', 'an empty file');
  if (isUtf16Text(text_)) refuse('line 1', UTF16);
  const valid = XMLValidator.validate(text_);
  if (valid !== true) {
    // The validator's own message quotes the text (a tag name, a character): say what is wrong and where only.
    const { code, msg } = valid.err;
    if (msg === 'Start tag expected.') refuse('document', 'no element at all (text, not XML)');
    // Elements left open at the end: the validator says line 1, column 1; the place is the end of the file.
    if (code === 'InvalidXml' && /^Invalid '\[/.test(msg)) {
      const end = endOfText(text_);
      refuse(`line ${end.line}`, `the end of the file at column ${end.col}, with elements not closed (a file cut short?)`);
    }
    const what = XML_FAULTS[code] ?? 'malformed XML';
    refuse(`line ${valid.err.line}`, valid.err.col === undefined ? what : `${what} at column ${valid.err.col}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    maxNestedTags: MAX_NESTED_TAGS,
    isArray: (name) => ARRAYS.has(name),
  });
  let root: unknown;
  try {
    root = parser.parse(text_);
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    const known = PARSER_FAULTS.find(([pattern]) => pattern.test(message));
    refuse('document', known ? known[1] : `XML the parser could not read (${err instanceof Error ? err.name : typeof err})`);
  }
  const kml = root !== null && typeof root === 'object' ? (root as Node).kml : undefined;
  if (kml === undefined || kml === null || typeof kml !== 'object') {
    throw new SiteFileError({ file: fileName, feature: '', property: 'kml', expected: 'a <kml> root element', got: 'none' });
  }
  const placemarks: Node[] = [];
  collectPlacemarks(kml as Node, placemarks, 0);
  let posts = 0;
  const features = placemarks.map((placemark) => featureOf(placemark, () => (posts += 1)));
  return siteFromFeatures({ file: fileName, features, featureWhere: (index) => `Placemark[${index}]` });
}
