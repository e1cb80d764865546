// parseJsonText: the value when JSON.parse takes the text; otherwise file, line and column of the first syntax
// error and what was expected there, never a piece of the text. Checked against V8's JSON.parse on random inputs.
import { describe, expect, it } from 'vitest';
import { findSyntaxError, lineAndColumn, parseJsonText } from '../../patrol/formats/json-text';

const fail = (text: string) => {
  const r = parseJsonText(text, 'f.json');
  if (r.ok) throw new Error(`${JSON.stringify(text)} was accepted`);
  return r;
};

describe('parseJsonText', () => {
  it('returns the value of valid JSON, a byte order mark dropped', () => {
    expect(parseJsonText('{"a": [1, 2.5e3, "x", true, null]}', 'f.json')).toEqual({ ok: true, value: { a: [1, 2500, 'x', true, null] } });
    expect(parseJsonText('\ufeff[]', 'f.json')).toEqual({ ok: true, value: [] });
  });

  const cases: [string, string, number, number, string, string][] = [
    ['a password file', 'root:x:0:0:root:/root:/bin/bash\n', 1, 1, 'a JSON value ({, [, a string in double quotes, a number, true, false or null)', 'a letter'],
    ['an empty file', '', 1, 1, 'a JSON value ({, [, a string in double quotes, a number, true, false or null)', 'an empty file'],
    ['blank lines only', '\n \r\n', 1, 1, 'a JSON value ({, [, a string in double quotes, a number, true, false or null)', 'an empty file'],
    ['a trailing comma', '{\n  "a": 1,\n}', 3, 1, 'a property name in double quotes', '"}"'],
    ['a missing comma (CRLF lines)', '[\r\n  1\r\n  2\r\n]', 3, 3, 'a comma or ]', 'a digit'],
    ['a missing colon', '{"a" 1}', 1, 6, 'a colon after the property name', 'a digit'],
    ['an unquoted key', '{a: 1}', 1, 2, 'a property name in double quotes', 'a letter'],
    ['a line break in a string', '{"a": "x\ny"}', 1, 9, 'no control character inside a string (a line break is written \\n)', 'the end of the line'],
    ['a bad escape', '["\\q"]', 1, 4, 'an escape: \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits', 'a letter'],
    ['an unclosed string', '["abc', 1, 6, 'the closing " of the string', 'the end of the file'],
    ['a cut-off file', '{"a": [1, 2', 1, 12, 'a comma or ]', 'the end of the file'],
    ['a leading zero', '[01]', 1, 3, 'a comma or ]', 'a digit'],
    ['a bare minus', '-', 1, 2, 'a digit', 'the end of the file'],
    ['a number ending in a point', '1.', 1, 3, 'a digit after the decimal point', 'the end of the file'],
    ['an empty exponent', '2e+', 1, 4, 'a digit in the exponent', 'the end of the file'],
    ['two values', '{} {}', 1, 4, 'the end of the file (a JSON file holds one value)', '"{"'],
    ['NaN', '[NaN]', 1, 2, 'a JSON value ({, [, a string in double quotes, a number, true, false or null)', 'a letter'],
    ['single quotes', "['a']", 1, 2, 'a JSON value ({, [, a string in double quotes, a number, true, false or null)', 'another character'],
    ['non-ASCII after a BOM, columns in characters', '\ufeff{"é😀": 1 x}', 1, 10, 'a comma or }', 'a letter'],
    ['a control character', '[1,\u0001]', 1, 4, 'a JSON value ({, [, a string in double quotes, a number, true, false or null)', 'a control character'],
    ['old Mac line ends', '{\r"a":\r}', 3, 1, 'a JSON value ({, [, a string in double quotes, a number, true, false or null)', '"}"'],
  ];
  for (const [what, text, line, column, expected, got] of cases) {
    it(`${what}: line ${line}, column ${column}`, () => {
      const r = fail(text);
      expect(r).toEqual({ ok: false, line, column, expected, got, message: `f.json: line ${line}, column ${column}: not valid JSON: expected ${expected}, got ${got}` });
    });
  }

  it('never quotes the text, though V8 does', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash';
    expect(() => JSON.parse(secret)).toThrow(/root:x/);
    for (const text of [secret, `{"k": ${secret}}`, `["${secret}", ${secret}]`, `{"${secret}" ${secret}}`]) {
      const r = fail(text);
      expect(r.message).not.toMatch(/root|bash/);
    }
  });

  it('deep nesting does not overflow the stack', () => {
    const r = fail('['.repeat(1_000_000));
    expect([r.line, r.column, r.got]).toEqual([1, 1_000_001, 'the end of the file']);
  });

  it('agrees with JSON.parse on 200 000 random short texts: an error exactly when JSON.parse throws', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const alphabet = '{}[]:,"\\ \n\r\t0123456789.-+eEtruefalsnlu\u0001aé';
    let disagreements = 0;
    for (let k = 0; k < 200_000; k++) {
      let text = '';
      for (let n = Math.floor(rand() * 14); n > 0; n--) text += alphabet[Math.floor(rand() * alphabet.length)];
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false; // the other side of the comparison
      }
      if (parses !== (findSyntaxError(text) === undefined)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it('lineAndColumn counts LF, CRLF and CR as one line end each, and a surrogate pair as one character', () => {
    const t = 'a\nb\r\nc\rd😀e';
    expect(lineAndColumn(t, t.indexOf('d'))).toEqual({ line: 4, column: 1 });
    expect(lineAndColumn(t, t.indexOf('e'))).toEqual({ line: 4, column: 3 });
    expect(lineAndColumn(t, t.indexOf('\n'))).toEqual({ line: 1, column: 2 });
  });
});
