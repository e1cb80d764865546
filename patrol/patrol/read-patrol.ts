// Reading and writing `*.patrol.json`. Every problem is a PatrolFileError naming the file, where in it (a JSON
// path, with the leg's kind and building or post) and what was expected, like the mission file errors.
import type { z } from 'zod';
import { describeKind, describeValue, formatJsonPath } from '../formats/errors';
import { parseJsonText } from '../formats/json-text';
import type { Site } from '../site/site';
import { legLabel, patrolSchema, type Patrol } from './patrol';
import { valueAt } from '../formats/plan-schema';

export class PatrolFileError extends Error {
  override readonly name = 'PatrolFileError';
  readonly file: string;
  /** "legs[2].distance_m", "legs[3] (post \"P99\").post", "the document". */
  readonly where: string;
  readonly expected: string;
  readonly got: string;

  constructor(fields: { file: string; where: string; expected: string; got: string }) {
    super(`${fields.file}: ${fields.where}: expected ${fields.expected}, got ${fields.got}`);
    this.file = fields.file;
    this.where = fields.where;
    this.expected = fields.expected;
    this.got = fields.got;
  }
}


/** The JSON path, with a leg named by its kind and building or post: `legs[2] (facade of "B04").distance_m`. */
function whereOf(json: unknown, path: readonly (string | number)[]): string {
  if (path[0] !== 'legs' || typeof path[1] !== 'number') return formatJsonPath(path) || 'the document';
  const leg = valueAt(json, path.slice(0, 2));
  const obj = leg !== null && typeof leg === 'object' ? (leg as Record<string, unknown>) : {};
  const ref = typeof obj.building === 'string' ? ` of ${JSON.stringify(obj.building)}` : typeof obj.post === 'string' ? ` ${JSON.stringify(obj.post)}` : '';
  const label = typeof obj.kind === 'string' ? ` (${obj.kind}${ref})` : '';
  const rest = formatJsonPath(path.slice(2));
  return `legs[${path[1]}]${label}${rest === '' ? '' : rest.startsWith('[') ? rest : `.${rest}`}`;
}

function fail(file: string, json: unknown, issue: z.core.$ZodIssue): never {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    throw new PatrolFileError({ file, where: whereOf(json, [...path, key]), expected: `no member ${JSON.stringify(key)} (not part of a patrol file)`, got: describeValue(valueAt(json, [...path, key])) });
  }
  if (issue.code === 'invalid_union' && issue.errors.length === 0) {
    const at = path[path.length - 1] === 'kind' ? path : [...path, 'kind'];
    throw new PatrolFileError({ file, where: whereOf(json, at), expected: '"facade", "roof", "post" or "waypoint"', got: describeValue(valueAt(json, at)) });
  }
  throw new PatrolFileError({ file, where: whereOf(json, path), expected: issue.message, got: path.length === 0 ? describeKind(json) : describeValue(valueAt(json, path)) });
}

/** Parses a patrol file's text; with `site`, also checks that every building and post it names is in the site. */
export function readPatrol(text: string, fileName: string, site?: Site): Patrol {
  if (text.replace(/^\ufeff/, '').trim() === '') throw new PatrolFileError({ file: fileName, where: 'the document', expected: 'a JSON object (a patrol)', got: 'an empty file' });
  const parsed = parseJsonText(text, fileName);
  // Where and what, never the text itself (V8's message quotes it).
  if (!parsed.ok) throw new PatrolFileError({ file: fileName, where: `line ${parsed.line}, column ${parsed.column}: not valid JSON`, expected: parsed.expected, got: parsed.got });
  const json = parsed.value;
  const result = patrolSchema.safeParse(json);
  if (!result.success) fail(fileName, json, result.error.issues[0]);
  const patrol = result.data;
  patrol.legs.forEach((leg, i) => {
    if (leg.kind === 'facade' && leg.layers !== undefined && leg.spacing_m !== undefined) {
      throw new PatrolFileError({ file: fileName, where: `${legLabel(leg, i)}.spacing_m`, expected: 'layers or spacing_m, not both', got: 'both' });
    }
  });
  if (site) checkPatrolRefs(patrol, site, fileName);
  return patrol;
}

/** Throws PatrolFileError at the first leg naming a building or post the site does not have. */
export function checkPatrolRefs(patrol: Patrol, site: Site, fileName: string): void {
  const buildings = new Set(site.buildings.map((b) => b.id));
  const posts = new Set(site.posts.map((p) => p.id));
  patrol.legs.forEach((leg, i) => {
    if ((leg.kind === 'facade' || leg.kind === 'roof') && !buildings.has(leg.building)) {
      throw new PatrolFileError({ file: fileName, where: `${legLabel(leg, i)}.building`, expected: `the id of a building of site ${JSON.stringify(site.name)}`, got: describeValue(leg.building) });
    }
    if (leg.kind === 'post' && !posts.has(leg.post)) {
      throw new PatrolFileError({ file: fileName, where: `${legLabel(leg, i)}.post`, expected: `the id of a post of site ${JSON.stringify(site.name)}`, got: describeValue(leg.post) });
    }
  });
}

/** The patrol as `*.patrol.json` text (2-space indent, members in schema order). */
export function writePatrol(p: Patrol): string {
  const checked = patrolSchema.safeParse(p);
  if (!checked.success) fail('patrol to write', p, checked.error.issues[0]);
  return `${JSON.stringify(checked.data, null, 2)}\n`;
}
