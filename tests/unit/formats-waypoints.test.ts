// Mission Planner QGC WPL 110: every fixture read -> written (to a real file) -> read equal, contents checked
// against the files' own lines; separator / line-ending variants; longitudes at ±180°; exact errors; fuzz.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MissionFileError } from '../../patrol/formats/errors';
import { readPlanFile } from '../../patrol/formats/plan-file';
import { formatNumber, MAX_WAYPOINT_ITEMS, readWaypointsFile, writeWaypointsFile } from '../../patrol/formats/waypoints-file';

const dir = fileURLToPath(new URL('../fixtures/waypoints/', import.meta.url));
const names = readdirSync(dir).sort();
const text = (name: string): string => readFileSync(join(dir, name), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'watchpost-wpl-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The file's item lines as numbers, split here independently of the reader. */
const rows = (t: string): number[][] => t.split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => l.trim().split('\t').map(Number));

describe('QGC WPL 110 fixtures', () => {
  it('finds the three fixtures', () => {
    expect(names).toEqual(['dronekit_mpmission.txt', 'mavsdk_mission_planner_sample.txt', 'qgc_MissionPlanner.waypoints']);
  });

  for (const name of names) {
    it(`${name}: read -> write -> read is equal; line 0 is home, every other line an item as written`, () => {
      const first = readWaypointsFile(text(name), name);
      const out = join(tmp, name);
      writeFileSync(out, writeWaypointsFile(first));
      const second = readWaypointsFile(readFileSync(out, 'utf8'), out);
      expect(second).toEqual(first);

      const lines = rows(text(name));
      expect(first.home).toEqual({ lat_deg: lines[0][8], lon_deg: lines[0][9], alt_m: lines[0][10] });
      expect(first.mission).toHaveLength(lines.length - 1);
      first.mission.forEach((m, i) => {
        const r = lines[i + 1];
        expect([m.frame, m.command, m.param1, m.param2, m.param3, m.param4, m.x, m.y, m.z, m.autocontinue]).toEqual([r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11] === 1]);
      });
      // The rewritten file has the same item lines (numbers equal), home first with current = 1.
      expect(rows(readFileSync(out, 'utf8'))).toEqual(lines);
    });
  }

  it('dronekit: home at CMAC + TAKEOFF + 5 WAYPOINTs, AMSL frame 0', () => {
    const plan = readWaypointsFile(text('dronekit_mpmission.txt'), 'd.txt');
    expect(plan.home).toEqual({ lat_deg: -35.363262, lon_deg: 149.165237, alt_m: 584 });
    expect(plan.homeItem).toBeUndefined();
    expect(plan.mission.map((m) => m.command)).toEqual([22, 16, 16, 16, 16, 16]);
    expect(plan.mission.every((m) => m.frame === 0 && m.z === 100)).toBe(true);
  });

  it('MAVSDK sample: no final newline; its line 0 (a TAKEOFF, frame 5) is home and is written back as it was', () => {
    const t = text('mavsdk_mission_planner_sample.txt');
    expect(t.endsWith('\n')).toBe(false);
    const plan = readWaypointsFile(t, 'm.txt');
    expect(plan.home).toEqual({ lat_deg: 47.3978101, lon_deg: 8.545538, alt_m: 15 });
    expect(plan.homeItem).toMatchObject({ command: 22, frame: 5 });
    expect(plan.mission.map((m) => [m.command, m.frame])).toEqual([[16, 5], [16, 5], [20, 5]]);
    expect(writeWaypointsFile(plan).split('\n')[1]).toBe('0\t1\t5\t22\t0\t0\t0\t0\t47.3978101\t8.545538\t15\t1');
  });

  it('QGC test file: home + 5 WAYPOINTs west of Greenwich, relative frame', () => {
    const plan = readWaypointsFile(text('qgc_MissionPlanner.waypoints'), 'q.waypoints');
    expect(plan.home).toEqual({ lat_deg: 47.660459, lon_deg: -122.103167, alt_m: 5.21 });
    expect(plan.mission.map((m) => [m.command, m.frame, m.y])).toEqual([[16, 3, -122.103274], [16, 3, -122.101858], [16, 3, -122.101525], [16, 3, -122.10337], [16, 3, -122.105538]]);
  });
});

describe('QGC WPL 110 variants', () => {
  const original = text('dronekit_mpmission.txt');
  const variants: Record<string, string> = {
    CRLF: original.replace(/\n/g, '\r\n'),
    'old Mac CR': original.replace(/\n/g, '\r'),
    'single spaces': original.replace(/\t/g, ' '),
    'runs of spaces and tabs': original.replace(/\t/g, ' \t  '),
    'no final newline': original.replace(/\n$/, ''),
    'blank lines and trailing blanks': original.replace(/\n/g, '  \n\n'),
    'byte order mark': `\ufeff${original}`,
    'CRLF, spaces, no final newline': original.replace(/\t/g, ' ').replace(/\n/g, '\r\n').replace(/\r\n$/, ''),
  };
  const expected = readWaypointsFile(original, 'dronekit_mpmission.txt');
  for (const [what, t] of Object.entries(variants)) {
    it(`${what} parses identically`, () => {
      expect(t).not.toBe(original);
      expect(readWaypointsFile(t, 'variant.txt')).toEqual(expected);
    });
  }

  it('longitudes near and across ±180° are kept as written, exactly, through a round trip', () => {
    const t = [
      'QGC WPL 110',
      '0\t1\t0\t16\t0\t0\t0\t0\t-16.5\t179.99999999\t10\t1',
      '1\t0\t3\t16\t0\t0\t0\t0\t-16.50000001\t180\t30\t1',
      '2\t0\t3\t16\t0\t0\t0\t0\t-16.50000002\t-180\t30\t1',
      '3\t0\t3\t16\t0\t0\t0\t0\t-16.50000003\t-179.99999999\t30\t1',
      '4\t0\t3\t16\t0\t0\t0\t0\t-16.5\t-0.0000001\t30\t1',
    ].join('\n');
    const plan = readWaypointsFile(t, 'dateline.waypoints');
    expect(plan.home?.lon_deg).toBe(179.99999999);
    expect(plan.mission.map((m) => m.y)).toEqual([180, -180, -179.99999999, -0.0000001]);
    // Past ±180 is not a longitude: refused, naming the line (no wrapping).
    expect(() => readWaypointsFile(`${t}\n5\t0\t3\t16\t0\t0\t0\t0\t-16.5\t180.00000001\t30\t1`, 'dateline.waypoints')).toThrow(
      'dateline.waypoints: line 7, PARAM6/Y (longitude): expected a longitude from -180 to 180 degrees (command 16 in frame 3), got 180.00000001',
    );
    const written = writeWaypointsFile(plan);
    expect(written).toContain('\t-0.0000001\t');
    expect(readWaypointsFile(written, 'again.waypoints')).toEqual(plan);
  });

  it('DO_JUMP targets: file seq (home = 0) in the file, mission index in the model', () => {
    const t = 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t1\t2\t3\t1\n1\t0\t3\t16\t0\t0\t0\t0\t1\t2\t30\t1\n2\t0\t3\t16\t0\t0\t0\t0\t1.1\t2\t30\t1\n3\t0\t0\t177\t1\t4\t0\t0\t0\t0\t0\t1\n';
    const plan = readWaypointsFile(t, 'jump.waypoints');
    expect(plan.mission[2]).toMatchObject({ command: 177, param1: 0, param2: 4 });
    expect(writeWaypointsFile(plan).split('\n')[4]).toBe('3\t0\t0\t177\t1\t4\t0\t0\t0\t0\t0\t1');
  });

  it('NaN, exponents and full precision survive; numbers are written without exponents', () => {
    const t = 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t0\t0\t0\t1\n1\t0\t3\t16\tnan\t1e-7\t2.5E+3\tNaN\t47.397705960554916\t8.546339694155481\t50.125\t0\n';
    const plan = readWaypointsFile(t, 'n.waypoints');
    expect(plan.mission[0]).toEqual({ command: 16, frame: 3, param1: NaN, param2: 1e-7, param3: 2500, param4: NaN, x: 47.397705960554916, y: 8.546339694155481, z: 50.125, autocontinue: false });
    const written = writeWaypointsFile(plan);
    expect(written.split('\n')[2]).toBe('1\t0\t3\t16\tNaN\t0.0000001\t2500\tNaN\t47.397705960554916\t8.546339694155481\t50.125\t0');
    expect(readWaypointsFile(written, 'n2.waypoints')).toEqual(plan);
    expect([formatNumber(-0), formatNumber(1.5e-12), formatNumber(123)]).toEqual(['-0', '0.0000000000015', '123']);
  });

  it('range-checks only coordinates: DO_* rows in frame 3, RTL, local frames and MISSION-frame items keep their x/y', () => {
    const t = [
      'QGC WPL 110',
      '0\t1\t0\t16\t0\t0\t0\t0\t22.5\t114.05\t30\t1',
      '1\t0\t3\t1000\t-45\t0\t0\t0\t256\t0\t0\t1', // DO_GIMBAL_MANAGER_PITCHYAW: param5 is flags
      '2\t0\t3\t203\t0\t0\t0\t0\t1\t720\t0\t1', // DO_DIGICAM_CONTROL in Mission Planner's frame 3
      '3\t0\t2\t203\t0\t0\t0\t0\t1\t500\t0\t1', // DO_DIGICAM_CONTROL in frame 2 (MISSION)
      '4\t0\t1\t16\t0\t0\t0\t0\t350\t-420\t10\t1', // a waypoint in LOCAL_NED: metres
      '5\t0\t3\t20\t0\t0\t0\t0\t0\t0\t0\t1', // RTL with 0,0
      '6\t0\t3\t21\t0\t0\t0\t0\tnan\tnan\t0\t1', // LAND, position not given (NaN: land here)
    ].join('\n');
    const plan = readWaypointsFile(t, 'others.waypoints');
    expect(plan.mission.map((m) => [m.command, m.x, m.y])).toEqual([[1000, 256, 0], [203, 1, 720], [203, 1, 500], [16, 350, -420], [20, 0, 0], [21, NaN, NaN]]);
  });

  it("Mission Planner's no-home line 0 (0 1 0 0 0 0 0 0 0 0 0 1) is no home, and a plan without home is written so", () => {
    const t = 'QGC WPL 110\n0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t1\n1\t0\t3\t16\t0\t0\t0\t0\t22.5\t114.05\t30\t1\n';
    const plan = readWaypointsFile(t, 'nohome.waypoints');
    expect(plan.home).toBeUndefined();
    expect(plan.homeItem).toBeUndefined();
    expect(plan.mission).toHaveLength(1);
    expect(writeWaypointsFile(plan)).toBe(t);
    // A home line at 0,0 of another form says 0,0 and is kept as written.
    expect(readWaypointsFile(t.replace('0\t1\t0\t0\t', '0\t1\t0\t16\t'), 'zero.waypoints').home).toEqual({ lat_deg: 0, lon_deg: 0, alt_m: 0 });
  });

  it('reads an old QGC WPL 120 file (no home line) as mission only', () => {
    const plan = readWaypointsFile('QGC WPL 120\n0\t1\t3\t16\t0\t0\t0\t0\t1\t2\t30\t1\n', 'old.txt');
    expect(plan.home).toBeUndefined();
    expect(plan.mission).toHaveLength(1);
  });

  it('a .plan with fence and rally: the mission goes to QGC WPL 110 (the format has no fence or rally)', () => {
    const planText = readFileSync(fileURLToPath(new URL('../fixtures/plan/px4_multicopter_mission_geofence_avoid.plan', import.meta.url)), 'utf8');
    const { plan } = readPlanFile(planText, 'f.plan');
    const back = readWaypointsFile(writeWaypointsFile(plan), 'f.waypoints');
    expect(back.mission).toEqual(plan.mission);
    expect(back.fence).toEqual({ polygons: [], circles: [] });
  });
});

describe('QGC WPL 110 errors', () => {
  const good = text('dronekit_mpmission.txt');
  const lines = good.split('\n');
  const edit = (lineIndex: number, col: number, value: string): string => {
    const copy = [...lines];
    const fields = copy[lineIndex].split('\t');
    fields[col] = value;
    copy[lineIndex] = fields.join('\t');
    return copy.join('\n');
  };
  const cases: [string, string, string][] = [
    ['an empty file', '', 'bad.waypoints: line 1: expected the header "QGC WPL 110", got an empty file'],
    ['another header', 'QGC WPL 100\n', 'bad.waypoints: line 1: expected the header "QGC WPL 110", got "QGC WPL 100"'],
    ['a .plan given as waypoints', '{\n  "fileType": "Plan"\n}', 'bad.waypoints: line 1: expected the header "QGC WPL 110", got "{"'],
    ['a text latitude', edit(3, 8, 'abc'), 'bad.waypoints: line 4, PARAM5/X (latitude): expected a number, got "abc"'],
    ['a comma decimal', edit(2, 10, '100,5'), 'bad.waypoints: line 3, PARAM7/Z (altitude): expected a number, got "100,5"'],
    ['a fractional command', edit(5, 3, '16.5'), 'bad.waypoints: line 6, COMMAND: expected a whole number of at least 0, got "16.5"'],
    ['a negative frame', edit(5, 2, '-3'), 'bad.waypoints: line 6, COORD_FRAME: expected a whole number of at least 0, got "-3"'],
    ['a waypoint at latitude 200', edit(3, 8, '200'), 'bad.waypoints: line 4, PARAM5/X (latitude): expected a latitude from -90 to 90 degrees (command 16 in frame 0), got 200'],
    ['a takeoff at longitude -181', edit(2, 9, '-181'), 'bad.waypoints: line 3, PARAM6/Y (longitude): expected a longitude from -180 to 180 degrees (command 22 in frame 0), got -181'],
    ['a waypoint at latitude inf', edit(4, 8, 'inf'), 'bad.waypoints: line 5, PARAM5/X (latitude): expected a latitude from -90 to 90 degrees (command 16 in frame 0), got Infinity'],
    ['home at latitude 200', edit(1, 8, '200'), 'bad.waypoints: line 2, PARAM5/X (latitude): expected a latitude from -90 to 90 degrees (the home position), got 200'],
    ['home at longitude nan', good.replace('149.165237', 'nan'), 'bad.waypoints: line 2, PARAM6/Y (longitude): expected a longitude from -180 to 180 degrees (the home position), got NaN'],
    ['11 fields', lines.map((l, i) => (i === 7 ? l.split('\t').slice(0, 11).join('\t') : l)).join('\n'), 'bad.waypoints: line 8: expected 12 tab- or space-separated fields (INDEX CURRENT_WP COORD_FRAME COMMAND PARAM1..7 AUTOCONTINUE), got 11 fields'],
    // Names every JavaScript object has are no numbers (they were looked up in a plain object: "__proto__" read as
    // Object.prototype, "constructor" as a function, and went into the mission item).
    ['a PARAM1 "__proto__"', edit(3, 4, '__proto__'), 'bad.waypoints: line 4, PARAM1: expected a number, got "__proto__"'],
    ['a latitude "constructor"', edit(3, 8, 'constructor'), 'bad.waypoints: line 4, PARAM5/X (latitude): expected a number, got "constructor"'],
    ['an altitude "toString"', edit(2, 10, 'toString'), 'bad.waypoints: line 3, PARAM7/Z (altitude): expected a number, got "toString"'],
    ['a PARAM4 "hasOwnProperty"', edit(2, 7, 'hasOwnProperty'), 'bad.waypoints: line 3, PARAM4: expected a number, got "hasOwnProperty"'],
  ];
  for (const [what, input, message] of cases) {
    it(`refuses ${what}`, () => {
      let caught: unknown;
      try {
        readWaypointsFile(input, 'bad.waypoints');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(MissionFileError);
      expect((caught as Error).message).toBe(message);
    });
  }

  it('carries the line number as a field', () => {
    try {
      readWaypointsFile(edit(3, 8, 'abc'), 'bad.waypoints');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ line: 4, file: 'bad.waypoints', expected: 'a number', got: '"abc"' });
    }
  });

  it('never crashes on truncations, random edits or binary garbage', () => {
    let seed = 99;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const tryRead = (t: string): void => {
      try {
        writeWaypointsFile(readWaypointsFile(t, 'fuzz.waypoints'));
      } catch (err) {
        if (!(err instanceof MissionFileError)) throw err;
      }
    };
    for (const name of names) for (let n = 0; n <= text(name).length; n++) tryRead(text(name).slice(0, n));
    const alphabet = '0123456789.-+eE \t\r\nnaNQGCWPL\u0000\u00ff';
    for (let k = 0; k < 2000; k++) {
      const chars = good.split('');
      for (let e = 0; e < 3; e++) chars[Math.floor(rand() * chars.length)] = alphabet[Math.floor(rand() * alphabet.length)];
      tryRead(chars.join(''));
      tryRead(String.fromCharCode(...Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))));
    }
  });
});

describe('QGC WPL 110 size bounds (a file under the 64 MiB cap stalled the process: 60 million line ends, 9.5 s, 1.8 GB)', () => {
  const HOME = '0\t1\t0\t16\t0\t0\t0\t0\t-35.3632621\t149.1652374\t584.09\t1';
  const wp = (seq: number): string => `${seq}\t0\t3\t16\t0\t0\t0\t0\t-35.36\t149.16\t20\t1`;
  /** `read` bounded in time (ms) and in what it leaves the process holding (a split of the whole text held ~1 GB). */
  function timed<T>(read: () => T): { value: T | Error; ms: number; rssMB: number } {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    let value: T | Error;
    try {
      value = read();
    } catch (err) {
      value = err as Error;
    }
    return { value, ms: performance.now() - t0, rssMB: (process.memoryUsage().rss - rss0) / 2 ** 20 };
  }

  it('60 million line ends after the header: an empty mission, walked without an array of lines', () => {
    const t = `QGC WPL 110${'\n'.repeat(60_000_000)}`;
    const { value, ms, rssMB } = timed(() => readWaypointsFile(t, 'blank.waypoints'));
    expect(value).not.toBeInstanceOf(Error);
    expect((value as ReturnType<typeof readWaypointsFile>).mission).toEqual([]);
    expect(ms).toBeLessThan(2_000);
    expect(rssMB).toBeLessThan(256);
  });

  it(`${MAX_WAYPOINT_ITEMS} items (home included) are read; one more is refused at its line, and nothing after it is read`, () => {
    const most = ['QGC WPL 110', HOME, ...Array.from({ length: MAX_WAYPOINT_ITEMS - 1 }, (_, i) => wp(i + 1))];
    expect(readWaypointsFile(most.join('\r\n'), 'most.waypoints').mission).toHaveLength(MAX_WAYPOINT_ITEMS - 1);
    // One item more, blank lines between (they count as lines, not items), then a line that would be an error.
    const over = [...most, '', wp(MAX_WAYPOINT_ITEMS), 'not an item'].join('\n');
    const { value, ms } = timed(() => readWaypointsFile(over, 'over.waypoints'));
    expect(value).toBeInstanceOf(MissionFileError);
    expect(value).toMatchObject({ line: MAX_WAYPOINT_ITEMS + 3 });
    expect((value as Error).message).toBe(`over.waypoints: line ${MAX_WAYPOINT_ITEMS + 3}: expected at most 65535 items, home included (a MAVLink mission holds no more), got more items`);
    expect(ms).toBeLessThan(2_000);
  });

  it('a million item lines are refused at line 65537 without reading the rest', () => {
    const t = ['QGC WPL 110', HOME, ...Array.from({ length: 1_000_000 }, (_, i) => wp(i + 1))].join('\n');
    const { value, ms } = timed(() => readWaypointsFile(t, 'million.waypoints'));
    expect(value).toMatchObject({ line: 65_537 });
    expect(ms).toBeLessThan(2_000);
  });

  it('a field of 100,000 digits and a letter is refused at once (the number pattern backtracked: 11 s)', () => {
    const { value, ms } = timed(() => readWaypointsFile(['QGC WPL 110', HOME, wp(1).replace('-35.36', `${'1'.repeat(100_000)}x`)].join('\n'), 'digits.waypoints'));
    expect((value as Error).message).toBe('digits.waypoints: line 3, PARAM5/X (latitude): expected a number, got a string of 100001 characters');
    expect(ms).toBeLessThan(200);
  });

  it('a line of a million fields is counted, not split; a first line of 10 MB is not split to look for the header', () => {
    const fields = timed(() => readWaypointsFile(['QGC WPL 110', HOME, Array.from({ length: 1_000_000 }, () => '1').join(' \t')].join('\n'), 'fields.waypoints'));
    expect((fields.value as Error).message).toBe('fields.waypoints: line 3: expected 12 tab- or space-separated fields (INDEX CURRENT_WP COORD_FRAME COMMAND PARAM1..7 AUTOCONTINUE), got 1000000 fields');
    expect(fields.ms).toBeLessThan(1_000);
    const header = timed(() => readWaypointsFile(`${'QGC WPL 110 '.repeat(1_000_000)}\n${HOME}\n`, 'header.waypoints'));
    expect((header.value as Error).message).toBe('header.waypoints: line 1: expected the header "QGC WPL 110", got a first line of 12000000 characters that is not a QGC WPL header');
    expect(header.ms).toBeLessThan(1_000);
  });
});
