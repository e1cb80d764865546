// *.patrol.json: the demo patrol reads against the demo site; write -> read is equal (through a real file); every
// kind of bad input gets an exact message naming the path (and the leg) and what was expected.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PatrolFileError, readPatrol, writePatrol } from '../../patrol/patrol/read-patrol';
import { demoPatrolText, demoSite } from './patrol-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'watchpost-patrol-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Json = Record<string, unknown>;
const base = (): Json => JSON.parse(demoPatrolText) as Json;
const legs = (j: Json) => j.legs as Json[];
const changed = (f: (j: Json) => void): string => {
  const j = base();
  f(j);
  return JSON.stringify(j);
};

describe('reading a patrol file', () => {
  it('reads the demo patrol against the demo site', () => {
    const p = readPatrol(demoPatrolText, 'demo.patrol.json', demoSite);
    expect(p.site).toBe('demo.site.geojson');
    expect(p.end).toBe('RTL');
    expect(p.legs.map((l) => l.kind)).toEqual(['facade', 'roof', 'post', 'post', 'post', 'post', 'post']);
    const refs = p.legs.map((l) => ('building' in l ? l.building : 'post' in l ? l.post : ''));
    expect(refs).toEqual(['B04', 'B18', 'P01', 'P02', 'P05', 'P07', 'P09']);
    expect(demoSite.buildings.filter((b) => b.key).map((b) => b.id)).toEqual(['B04', 'B18']);
  });

  it('fills in the defaults: clearance 10 m, order optimise', () => {
    const p = readPatrol(changed((j) => { delete j.clearance_m; delete j.order; }), 'p.patrol.json');
    expect(p.clearance_m).toBe(10);
    expect(p.order).toBe('optimise');
  });

  it('write -> file -> read is equal, and writing is stable', () => {
    const p = readPatrol(demoPatrolText, 'demo.patrol.json');
    const file = join(tmp, 'again.patrol.json');
    writeFileSync(file, writePatrol(p));
    const again = readPatrol(readFileSync(file, 'utf8'), file);
    expect(again).toEqual(p);
    expect(writePatrol(again)).toBe(writePatrol(p));
  });

  const bad: [string, string, string][] = [
    ['empty file', '', 'p.patrol.json: the document: expected a JSON object (a patrol), got an empty file'],
    ['a password file', 'root:x:0:0:root:/root:/bin/bash\n', 'p.patrol.json: line 1, column 1: not valid JSON: expected a JSON value ({, [, a string in double quotes, a number, true, false or null), got a letter'],
    ['a missing comma on line 3', '{\n  "version": 1,\n  "site": "demo.site.geojson"\n  "takeoff_alt_m": 20\n}', 'p.patrol.json: line 4, column 3: not valid JSON: expected a comma or }, got a double quote'],
    ['an array', '[]', 'p.patrol.json: the document: expected a patrol object, got a list of 0 items'],
    ['version 2', changed((j) => { j.version = 2; }), 'p.patrol.json: version: expected patrol version 1, got 2'],
    ['no site', changed((j) => { delete j.site; }), 'p.patrol.json: site: expected the site file (a path or name ending .site.geojson), got nothing'],
    ['text takeoff altitude', changed((j) => { j.takeoff_alt_m = '20'; }), 'p.patrol.json: takeoff_alt_m: expected a number > 0, got "20"'],
    ['zero speed', changed((j) => { j.speed_mps = 0; }), 'p.patrol.json: speed_mps: expected a number > 0, got 0'],
    ['bad end', changed((j) => { j.end = 'HOVER'; }), 'p.patrol.json: end: expected "RTL" or "LAND", got "HOVER"'],
    ['bad order', changed((j) => { j.order = 'random'; }), 'p.patrol.json: order: expected "fixed" or "optimise", got "random"'],
    ['legs not an array', changed((j) => { j.legs = {}; }), 'p.patrol.json: legs: expected an array of legs, got {}'],
    ['unknown member', changed((j) => { j.wind_mps = 3; }), 'p.patrol.json: wind_mps: expected no member "wind_mps" (not part of a patrol file), got 3'],
    ['unknown leg kind', changed((j) => { legs(j)[1].kind = 'orbit'; }), 'p.patrol.json: legs[1] (orbit of "B18").kind: expected "facade", "roof", "post" or "waypoint", got "orbit"'],
    ['negative facade distance', changed((j) => { legs(j)[0].distance_m = -5; }), 'p.patrol.json: legs[0] (facade of "B04").distance_m: expected a number > 0, got -5'],
    ['bad camera', changed((j) => { legs(j)[0].camera = 'gimbal'; }), 'p.patrol.json: legs[0] (facade of "B04").camera: expected "roi" or "yaw", got "gimbal"'],
    ['fractional layers', changed((j) => { legs(j)[0].layers = 2.5; }), 'p.patrol.json: legs[0] (facade of "B04").layers: expected a whole number from 1 to 100, got 2.5'],
    ['layers and spacing', changed((j) => { legs(j)[0].spacing_m = 10; }), 'p.patrol.json: legs[0] (facade of "B04").spacing_m: expected layers or spacing_m, not both, got both'],
    ['roof without spacing', changed((j) => { delete legs(j)[1].spacing_m; }), 'p.patrol.json: legs[1] (roof of "B18").spacing_m: expected a number > 0, got nothing'],
    ['post with a bad photo', changed((j) => { legs(j)[2].photo = 'video'; }), 'p.patrol.json: legs[2] (post "P01").photo: expected "image", "digicam" or false, got "video"'],
    ['post with a bad action', changed((j) => { legs(j)[4].action = { relay: 0 }; }), 'p.patrol.json: legs[4] (post "P05").action: expected {"relay": 0..255, "state": 0|1} or {"servo": 1..32, "pwm": 500..2500}, got {"relay":0}'],
    ['post with an extra member', changed((j) => { legs(j)[3].hover = true; }), 'p.patrol.json: legs[3] (post "P02").hover: expected no member "hover" (not part of a patrol file), got true'],
    ['waypoint off the globe', changed((j) => { legs(j).push({ kind: 'waypoint', lat_deg: 91, lon_deg: 113.75, alt_m: 30 }); }), 'p.patrol.json: legs[7] (waypoint).lat_deg: expected a latitude (-90..90), got 91'],
    ['waypoint longitude 200', changed((j) => { legs(j).push({ kind: 'waypoint', lat_deg: 22.5, lon_deg: 200, alt_m: 30 }); }), 'p.patrol.json: legs[7] (waypoint).lon_deg: expected a longitude (-180..180), got 200'],
    ['waypoint latitude 1e999 (Infinity)', changed((j) => { legs(j).push({ kind: 'waypoint', lat_deg: 1, lon_deg: 113.75, alt_m: 30 }); }).replace('"lat_deg":1,', '"lat_deg":1e999,'), 'p.patrol.json: legs[7] (waypoint).lat_deg: expected a latitude (-90..90), got Infinity'],
    ['a leg that is a number', changed((j) => { legs(j)[0] = 7 as never; }), 'p.patrol.json: legs[0]: expected a leg with kind "facade", "roof", "post" or "waypoint", got 7'],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what}`, () => {
      let caught: unknown;
      try {
        readPatrol(text, 'p.patrol.json');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(PatrolFileError);
      expect((caught as Error).message).toBe(message);
    });
  }

  it('a JSON syntax error names the line and column and never quotes the file', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash';
    for (const text of [secret, `{"version": 1, "site": "${secret}"`, `{"version": 1,\r\n"site": ${secret}}`, `\ufeff${secret}`]) {
      let caught: unknown;
      try {
        readPatrol(text, 'p.patrol.json');
      } catch (err) {
        caught = err;
      }
      expect(caught, text).toBeInstanceOf(PatrolFileError);
      const message = (caught as Error).message;
      expect(message).toMatch(/^p\.patrol\.json: line \d+, column \d+: not valid JSON: expected /);
      expect(message).not.toContain('root');
    }
    expect(() => readPatrol(`{"version": 1,\r\n"site": ${secret}}`, 'p.patrol.json')).toThrow(/: line 2, column 9: /);
  });

  it('names the leg that refers to a building or post the site lacks', () => {
    expect(() => readPatrol(changed((j) => { legs(j)[1].building = 'B99'; }), 'p.patrol.json', demoSite)).toThrow(
      'p.patrol.json: legs[1] (roof of "B99").building: expected the id of a building of site "Demo community", got "B99"',
    );
    expect(() => readPatrol(changed((j) => { legs(j)[5].post = 'Gate 9'; }), 'p.patrol.json', demoSite)).toThrow(
      'p.patrol.json: legs[5] (post "Gate 9").post: expected the id of a post of site "Demo community", got "Gate 9"',
    );
    // Without a site the references are not checked.
    expect(readPatrol(changed((j) => { legs(j)[1].building = 'B99'; }), 'p.patrol.json').legs[1]).toMatchObject({ building: 'B99' });
  });

  it('refuses to write an invalid patrol', () => {
    const p = readPatrol(demoPatrolText, 'demo.patrol.json');
    expect(() => writePatrol({ ...p, speed_mps: -1 })).toThrow('patrol to write: speed_mps: expected a number > 0, got -1');
  });
});
