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

/** A short, printable description of a value found in a file: strings quoted, long values cut. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch (err) {
    text = `an unprintable value (${(err as Error).message})`;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A JSON path as people write it: mission.items[3].params[6]. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
