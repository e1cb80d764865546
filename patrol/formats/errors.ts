// Typed errors for mission files and mission item lists. Every message names the source (a file name passed in
// by the caller, or e.g. "fence items"), where in it (a line, a JSON path, an item index) and what was expected.

export class MissionFileError extends Error {
  override readonly name = 'MissionFileError';
  /** The file name the caller passed in (or a description such as "fence items"). */
  readonly file: string;
  /** Where: "line 3, PARAM5/X (latitude)", "mission.items[3].params[6]", "item 4". */
  readonly where: string;
  /** What was expected, e.g. "a number". */
  readonly expected: string;
  /** What was found, e.g. "\"abc\"". */
  readonly got: string;
  /** 1-based line number for text formats. */
  readonly line?: number;
  /** JSON path for JSON formats (empty string for the document itself). */
  readonly path?: string;

  constructor(fields: { file: string; where: string; expected: string; got: string; line?: number; path?: string }) {
    super(`${fields.file}: ${fields.where}: expected ${fields.expected}, got ${fields.got}`);
    this.file = fields.file;
    this.where = fields.where;
    this.expected = fields.expected;
    this.got = fields.got;
    this.line = fields.line;
    this.path = fields.path;
  }
}

/**
 * A short description of a value found in a file: numbers, booleans and null as they are, a string quoted when
 * short (else its length), a list or an object as JSON when that is short (else its size). For the document itself
 * use describeKind: a file opened by mistake (credentials, a system file) is refused without quoting it.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    return value.length <= MAX_QUOTED && !/[\n\r]/.test(value) ? JSON.stringify(value) : `a string of ${value.length} characters`;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined; // a cycle or a BigInt: described by its kind instead
  }
  return text !== undefined && text.length <= MAX_QUOTED ? text : describeKind(value);
}

/** What a value is, never what it holds: "a list of 3 items", "an object with 2 members", "a string of 9 characters". */
export function describeKind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') {
    const n = Object.keys(value).length;
    return `an object with ${n} member${n === 1 ? '' : 's'}`;
  }
  return `a ${typeof value}`;
}

/** Longest string (or JSON of a list or object) quoted in an error message. */
const MAX_QUOTED = 40;

/** A JSON path as people write it: mission.items[3].params[6]. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
