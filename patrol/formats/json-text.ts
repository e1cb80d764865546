// JSON text from a file, parsed with an error that names the file, the line and the column and says what was
// expected, never quoting the text: V8's own message quotes the start of the input ("root:x:0:0"... is not valid
// JSON), which would show the contents of any file a user (or a page in browser mode) points at. Pure TypeScript.

export type JsonTextResult =
  | { ok: true; value: unknown }
  | {
    ok: false;
    /** `file: line 3, column 7: not valid JSON: expected a comma or }, got a letter`. */
    message: string;
    /** 1-based; lines end at LF, CRLF or CR. */
    line: number;
    /** 1-based, in characters (code points) from the start of the line. */
    column: number;
    /** What the grammar allows there, e.g. "a comma or }". */
    expected: string;
    /** What was there, described without quoting it: "a letter", "the end of the file". */
    got: string;
  };

/** Parses `text` (a byte order mark at the start is dropped); `file` names it in the error message. */
export function parseJsonText(text: string, file: string): JsonTextResult {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(t) as unknown };
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const empty = t.trim() === '';
    if (isUtf16Text(t)) {
      // Bad-file corpus (issue 13): Notepad's "Unicode" is UTF-16; read as UTF-8 its first character was only "non-ASCII".
      return { ok: false, message: `${file}: line 1, column 1: not valid JSON: expected ${UTF8_JSON}, got ${UTF16}`, line: 1, column: 1, expected: UTF8_JSON, got: UTF16 };
    }
    const fault = findSyntaxError(t) ?? { at: positionInMessage(err.message, t.length), expected: 'valid JSON' };
    const { line, column } = lineAndColumn(t, empty ? 0 : fault.at);
    const got = empty ? 'an empty file' : describeAt(t, fault.at);
    return { ok: false, message: `${file}: line ${line}, column ${column}: not valid JSON: expected ${fault.expected}, got ${got}`, line, column, expected: fault.expected, got };
  }
}

const UTF8_JSON = 'JSON in UTF-8';
/** What a UTF-16 file is called in errors (the JSON, waypoint and KML readers). */
export const UTF16 = 'UTF-16 text (save the file as UTF-8)';

/**
 * True for the text of a UTF-16 file decoded as UTF-8 (as Node's readFile(…, 'utf8') and TextDecoder do): its byte
 * order mark, if any, became two U+FFFD, and each ASCII character is followed (LE) or preceded (BE) by a NUL.
 */
export function isUtf16Text(text: string): boolean {
  const t = text.startsWith('\ufffd\ufffd') ? text.slice(2) : text;
  if (t.length < 8) return false;
  const head = t.slice(0, Math.min(t.length, 16) & ~1);
  const le = [...head].every((c, i) => (i % 2 === 1) === (c === '\0'));
  const be = [...head].every((c, i) => (i % 2 === 0) === (c === '\0'));
  return le || be;
}

/** The "position N" V8 gives in some messages (when our own scan finds nothing, which should not happen). */
function positionInMessage(message: string, length: number): number {
  const m = /position (\d+)/.exec(message);
  return m ? Math.min(Number(m[1]), length) : 0;
}

interface Fault {
  at: number;
  expected: string;
}

const VALUE = 'a JSON value ({, [, a string in double quotes, a number, true, false or null)';

/** The first place where `t` is not RFC 8259 JSON, or undefined. Iterative: deep nesting cannot overflow the stack. */
export function findSyntaxError(t: string): Fault | undefined {
  let i = 0;
  const open: string[] = [];
  let wantValue = true;
  const skipSpace = (): void => {
    while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i++;
  };
  const key = (): Fault | undefined => {
    skipSpace();
    if (t[i] !== '"') return { at: i, expected: 'a property name in double quotes' };
    const bad = scanString();
    if (bad) return bad;
    skipSpace();
    if (t[i] !== ':') return { at: i, expected: 'a colon after the property name' };
    i++;
    return undefined;
  };
  const scanString = (): Fault | undefined => {
    i++;
    for (;;) {
      if (i >= t.length) return { at: i, expected: 'the closing " of the string' };
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return { at: i, expected: 'no control character inside a string (a line break is written \\n)' };
      if (c === 0x5c) {
        const e = t[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) i += 6;
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return { at: i + 1, expected: 'an escape: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits' };
      } else i++;
    }
  };
  const digits = (): boolean => {
    const start = i;
    while (i < t.length && t[i] >= '0' && t[i] <= '9') i++;
    return i > start;
  };
  const scanNumber = (): Fault | undefined => {
    if (t[i] === '-') i++;
    if (t[i] === '0') i++;
    else if (!digits()) return { at: i, expected: 'a digit' };
    if (t[i] === '.') {
      i++;
      if (!digits()) return { at: i, expected: 'a digit after the decimal point' };
    }
    if (t[i] === 'e' || t[i] === 'E') {
      i++;
      if (t[i] === '+' || t[i] === '-') i++;
      if (!digits()) return { at: i, expected: 'a digit in the exponent' };
    }
    return undefined;
  };

  for (;;) {
    skipSpace();
    if (wantValue) {
      const c = t[i];
      let bad: Fault | undefined;
      if (c === '{' || c === '[') {
        i++;
        skipSpace();
        if (t[i] === (c === '{' ? '}' : ']')) {
          i++;
          wantValue = false;
          continue;
        }
        open.push(c);
        if (c === '{') bad = key();
        if (bad) return bad;
        continue;
      }
      if (c === '"') bad = scanString();
      else if (c === '-' || (c >= '0' && c <= '9')) bad = scanNumber();
      else {
        const literal = ['true', 'false', 'null'].find((w) => t.startsWith(w, i));
        if (!literal) return { at: i, expected: VALUE };
        i += literal.length;
      }
      if (bad) return bad;
      wantValue = false;
      continue;
    }
    const top = open[open.length - 1];
    if (top === undefined) return i < t.length ? { at: i, expected: 'the end of the file (a JSON file holds one value)' } : undefined;
    const close = top === '{' ? '}' : ']';
    if (t[i] === ',') {
      i++;
      if (top === '{') {
        const bad = key();
        if (bad) return bad;
      }
      wantValue = true;
    } else if (t[i] === close) {
      i++;
      open.pop();
    } else {
      return { at: i, expected: `a comma or ${close}` };
    }
  }
}

/** 1-based line and column (in code points) of position `at`; LF, CRLF and CR end a line. */
export function lineAndColumn(t: string, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < at; k++) {
    const c = t.charCodeAt(k);
    if (c === 0x0a || (c === 0x0d && t.charCodeAt(k + 1) !== 0x0a)) {
      line++;
      start = k + 1;
    }
  }
  let column = 1;
  for (let k = start; k < at; k++) {
    const c = t.charCodeAt(k);
    // A surrogate pair is one character.
    if (!(c >= 0xdc00 && c <= 0xdfff && k > start && t.charCodeAt(k - 1) >= 0xd800 && t.charCodeAt(k - 1) <= 0xdbff)) column++;
  }
  return { line, column };
}

/** What is at `at`, named by kind: JSON's own punctuation is named, anything else only described. */
function describeAt(t: string, at: number): string {
  if (at >= t.length) return 'the end of the file';
  const ch = t[at];
  if (ch === '"') return 'a double quote';
  if ('{}[]:,'.includes(ch)) return `"${ch}"`;
  if (/[A-Za-z]/.test(ch)) return 'a letter';
  if (/[0-9]/.test(ch)) return 'a digit';
  if (ch === ' ') return 'a space';
  if (ch === '\t') return 'a tab';
  if (ch === '\n' || ch === '\r') return 'the end of the line';
  const code = t.charCodeAt(at);
  if (code < 0x20 || code === 0x7f) return 'a control character';
  if (code > 0x7f) return 'a non-ASCII character';
  return 'another character';
}
