// Mission Planner's QGC WPL 110 waypoint files, read and write. After the header line, one item per line:
// INDEX CURRENT_WP COORD_FRAME COMMAND PARAM1 PARAM2 PARAM3 PARAM4 PARAM5/X(lat) PARAM6/Y(lon) PARAM7/Z(alt)
// AUTOCONTINUE, tab- or space-separated, CRLF or LF, final newline optional. Line 0 is home (as Mission Planner
// and QGroundControl treat it, whatever its command); the rest is the mission. "QGC WPL 120" (old QGC, no
// home line) is read too. Longitudes are kept as written (no wrapping across ±180°). Coordinates are range-checked
// where they are coordinates: the home line, and position commands in a global frame (see coordinates.ts).
// Mission Planner writes line 0 as 0 1 0 0 0 0 0 0 0 0 0 1 when it has no home: read as no home, and written so.

import { missionItem, type MissionItem } from '../mission/mission-item';
import { badCoordinate, hasPosition } from './coordinates';
import { MissionFileError, describeValue } from './errors';
import { isUtf16Text, UTF16 } from './json-text';
import { CMD, emptyPlan, type Plan } from './plan';

const COLUMNS = ['INDEX', 'CURRENT_WP', 'COORD_FRAME', 'COMMAND', 'PARAM1', 'PARAM2', 'PARAM3', 'PARAM4', 'PARAM5/X (latitude)', 'PARAM6/Y (longitude)', 'PARAM7/Z (altitude)', 'AUTOCONTINUE'];
/** A number as written: digits with an optional fraction, or a fraction alone, and an exponent. Each part is matched one
 *  way only (no backtracking: `\d+\.?\d*` took 11 s on a field of 100,000 digits and a letter). */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** NaN and the infinities as C's printf and Python write them (a Map: a field "__proto__" or "constructor" is no number). */
const SPECIAL: ReadonlyMap<string, number> = new Map([
  ['nan', NaN], ['+nan', NaN], ['-nan', NaN], ['inf', Infinity], ['+inf', Infinity], ['infinity', Infinity], ['+infinity', Infinity], ['-inf', -Infinity], ['-infinity', -Infinity],
]);
/**
 * Most item lines a file may hold, home included: a MAVLink mission's count is a uint16 (ArduPilot holds a few
 * thousand). A file with more is refused at the line past it, before any more of it is read.
 */
export const MAX_WAYPOINT_ITEMS = 65_535;
/** Longer than any header line ("QGC WPL 110", spaced or tabbed): a longer first line is not split up to be looked at. */
const MAX_HEADER_CHARS = 64;

/**
 * Reads a QGC WPL 110 file's text; `fileName` names the file in errors. Throws MissionFileError on bad input.
 * The text is walked line by line, never split whole (a file of 60 million line ends took 9.5 s and 1.8 GB as one
 * array of lines); blank lines cost no allocation, and more than MAX_WAYPOINT_ITEMS items is an error.
 */
export function readWaypointsFile(text: string, fileName: string): Plan {
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstEnd = lineEnd(text, from);
  const first = text.slice(from, firstEnd);
  const header = first.length > MAX_HEADER_CHARS ? '' : first.trim().split(/[\t ]+/).join(' ');
  if (header !== 'QGC WPL 110' && header !== 'QGC WPL 120') {
    throw new MissionFileError({ file: fileName, where: 'line 1', expected: 'the header "QGC WPL 110"', got: headerGot(text, first), line: 1 });
  }
  const hasHome = header === 'QGC WPL 110';
  const items: MissionItem[] = [];
  // From one line's first non-blank character to the next (a regular expression skips blank lines fast); the line
  // number is counted only for an error.
  const nonBlank = /\S/g;
  for (let pos = afterLineEnd(text, firstEnd); pos < text.length;) {
    nonBlank.lastIndex = pos;
    const found = nonBlank.exec(text);
    if (!found) break;
    const at = found.index;
    const lineNo = (): number => lineNumberAt(text, at);
    if (items.length === MAX_WAYPOINT_ITEMS) {
      throw new MissionFileError({ file: fileName, where: `line ${lineNo()}`, expected: `at most ${MAX_WAYPOINT_ITEMS} items, home included (a MAVLink mission holds no more)`, got: 'more items', line: lineNo() });
    }
    pos = lineEnd(text, at);
    const item = parseLine(text.slice(at, pos).trim(), fileName, lineNo);
    checkCoordinates(item, hasHome && items.length === 0, fileName, lineNo);
    items.push(item);
  }
  const plan = emptyPlan();
  let mission = items;
  if (hasHome && items.length > 0) {
    const home = items[0];
    if (!isNoHomeLine(home)) {
      plan.home = { lat_deg: home.x, lon_deg: home.y, alt_m: home.z };
      if (!isPlainHome(home)) plan.homeItem = home;
    }
    mission = items.slice(1);
  }
  // DO_JUMP param1 is the file's seq (home = 0 in 110 files); the model's is the index in mission.
  plan.mission = mission.map((item) => (item.command === CMD.DO_JUMP && hasHome ? { ...item, param1: item.param1 - 1 } : item));
  return plan;
}

/** Where the line starting at `from` ends: the index of its CR or LF, or the text's length. */
function lineEnd(text: string, from: number): number {
  LINE_END.lastIndex = from;
  return LINE_END.exec(text)?.index ?? text.length;
}
const LINE_END = /[\n\r]/g;

/** Where the next line starts after the line end at `end` (CRLF, LF or CR). */
function afterLineEnd(text: string, end: number): number {
  return text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}

/** The 1-based line number of the character at `index` (CRLF, LF and CR each end a line). */
function lineNumberAt(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/**
 * What stands where the header should, without quoting a file opened by mistake (bad-file corpus, issue 13: the first
 * line of a password file was quoted): another QGC header, or a lone "{" or "[" (a .plan, JSON), is quoted; anything
 * else is only described.
 */
function headerGot(text: string, first: string): string {
  if (text.trim() === '') return 'an empty file';
  if (isUtf16Text(text)) return UTF16;
  const line = first.trim();
  if (/^QGC[\t ]+WPL[\t ]+[\w.]{1,8}$/.test(line) || /^[{[]$/.test(line)) return describeValue(line);
  return `a first line of ${first.length} characters that is not a QGC WPL header`;
}

function parseLine(line: string, file: string, lineNo: () => number): MissionItem {
  // At most 13 pieces: a line of a million fields is counted, not split up.
  const fields = line.split(/[\t ]+/, 13);
  if (fields.length !== 12) {
    const count = fields.length < 13 ? fields.length : fieldCount(line);
    throw new MissionFileError({ file, where: `line ${lineNo()}`, expected: '12 tab- or space-separated fields (INDEX CURRENT_WP COORD_FRAME COMMAND PARAM1..7 AUTOCONTINUE)', got: `${count} fields`, line: lineNo() });
  }
  const values = fields.map((field, col) => parseNumber(field, file, lineNo, col));
  for (const col of [0, 1, 2, 3, 11]) {
    if (!Number.isInteger(values[col]) || values[col] < 0) {
      throw new MissionFileError({ file, where: `line ${lineNo()}, ${COLUMNS[col]}`, expected: 'a whole number of at least 0', got: describeValue(fields[col]), line: lineNo() });
    }
  }
  return missionItem(values[3], {
    frame: values[2], param1: values[4], param2: values[5], param3: values[6], param4: values[7],
    x: values[8], y: values[9], z: values[10], autocontinue: values[11] === 1,
  });
}

/** The tab- or space-separated fields of a trimmed, non-empty line, counted without making them. */
function fieldCount(line: string): number {
  let n = 1;
  for (let i = 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const p = line.charCodeAt(i - 1);
    if ((c === 9 || c === 32) && p !== 9 && p !== 32) n++;
  }
  return n;
}

/** The home line (whatever its command: it is the home position) and position commands in a global frame. */
function checkCoordinates(item: MissionItem, isHome: boolean, file: string, lineNo: () => number): void {
  if (!isHome && !hasPosition(item)) return;
  const bad = badCoordinate(item.x, item.y, !isHome);
  if (!bad) return;
  const col = bad.axis === 'x' ? 8 : 9;
  const what = isHome ? 'the home position' : `command ${item.command} in frame ${item.frame}`;
  throw new MissionFileError({ file, where: `line ${lineNo()}, ${COLUMNS[col]}`, expected: `${bad.expected} (${what})`, got: describeValue(bad.axis === 'x' ? item.x : item.y), line: lineNo() });
}

function parseNumber(field: string, file: string, lineNo: () => number, col: number): number {
  if (NUMBER.test(field)) return Number(field);
  const special = field.length <= 9 ? SPECIAL.get(field.toLowerCase()) : undefined;
  if (special !== undefined) return special;
  throw new MissionFileError({ file, where: `line ${lineNo()}, ${COLUMNS[col]}`, expected: 'a number', got: describeValue(field), line: lineNo() });
}

/** The home line Mission Planner writes: 0 1 0 16 0 0 0 0 lat lon alt 1. */
function homeLineItem(lat: number, lon: number, alt: number): MissionItem {
  return missionItem(CMD.NAV_WAYPOINT, { frame: 0, x: lat, y: lon, z: alt, autocontinue: true });
}

/** What Mission Planner writes on line 0 when it has no home: command 0, every number 0. */
function noHomeLineItem(): MissionItem {
  return missionItem(0, { frame: 0, autocontinue: true });
}

function isNoHomeLine(item: MissionItem): boolean {
  const none = noHomeLineItem();
  return (Object.keys(none) as (keyof MissionItem)[]).every((k) => Object.is(none[k], item[k]));
}

function isPlainHome(item: MissionItem): boolean {
  const plain = homeLineItem(item.x, item.y, item.z);
  return (Object.keys(plain) as (keyof MissionItem)[]).every((k) => Object.is(plain[k], item[k]));
}

/**
 * The plan's mission as QGC WPL 110 text: tab-separated, LF, with the home line first (Plan.homeItem when it
 * still matches Plan.home, else Mission Planner's home line; a plan without home gets the line Mission Planner
 * writes when it has none: 0 1 0 0 0 0 0 0 0 0 0 1). Numbers are written with every digit needed to read back the
 * same double. Fence and rally are not part of this format.
 */
export function writeWaypointsFile(plan: Plan): string {
  const home = plan.home;
  const h = plan.homeItem;
  const homeItem = !home ? noHomeLineItem()
    : h && Object.is(h.x, home.lat_deg) && Object.is(h.y, home.lon_deg) && Object.is(h.z, home.alt_m) ? h : homeLineItem(home.lat_deg, home.lon_deg, home.alt_m);
  const lines = ['QGC WPL 110', itemLine(0, true, homeItem)];
  plan.mission.forEach((item, i) => {
    const written = item.command === CMD.DO_JUMP ? { ...item, param1: item.param1 + 1 } : item;
    lines.push(itemLine(i + 1, false, written));
  });
  return `${lines.join('\n')}\n`;
}

function itemLine(seq: number, current: boolean, item: MissionItem): string {
  const cols = [seq, current ? 1 : 0, item.frame, item.command].map(String);
  for (const v of [item.param1, item.param2, item.param3, item.param4, item.x, item.y, item.z]) cols.push(formatNumber(v));
  cols.push(item.autocontinue ? '1' : '0');
  return cols.join('\t');
}

/** Shortest decimal that reads back as the same double, without exponent where one can be avoided. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(v, -0)) return '-0';
  const s = String(v);
  if (!/e/i.test(s)) return s;
  for (let digits = 1; digits <= 100; digits++) {
    const fixed = v.toFixed(digits);
    if (Number(fixed) === v) return fixed;
  }
  return s;
}
