// `watchpost plan SITE --auto` on OSM exports as they come (issue 8): the building-parts fixture cut from a real
// Berlin export, and the Knoxville buildings as a tiled export that repeats way ids. Real files, real processes.
// An OSM export has no launch place: the export alone stops at "no home point" (after it was read); with a home
// feature added to a copy — as an operator adds the launch pad — it plans, and its notes say what the import did.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { run } from '../helpers/cli';

const GEO = join(process.cwd(), 'tests', 'fixtures', 'geo');
const PARTS = join(GEO, 'ctrlw_osm4vr_berlin_building_parts.geojson');
const TILED = join(GEO, 'knoxville_tiled_repeated_ids.geojson');
const tmp = () => mkdtempSync(join(tmpdir(), 'watchpost-plan-osm-'));

interface Summary {
  out: string;
  items: number;
  legs: number;
  errors: number;
  findings: { severity: string; code: string; message: string }[];
  warnings: string[];
}

/** A copy of the export with a home Point: 60 m south-west of all its buildings, or (`near`: a campus) 90 m south
 *  of the first building, as an operator puts the launch pad beside the buildings to patrol. */
function withHome(file: string, dir: string, near = false): string {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { features: { geometry: { coordinates: number[][][] } }[] };
  const corners = (near ? json.features.slice(0, 1) : json.features).flatMap((f) => f.geometry.coordinates[0]);
  const south = corners.reduce((a, b) => (b[1] < a[1] ? b : a));
  const home = near ? [south[0], south[1] - 0.0008] : [Math.min(...corners.map((p) => p[0])) - 0.0007, Math.min(...corners.map((p) => p[1])) - 0.0005];
  (json.features as unknown[]).push({ type: 'Feature', properties: { kind: 'home' }, geometry: { type: 'Point', coordinates: home } });
  const out = join(dir, 'site.geojson');
  writeFileSync(out, JSON.stringify(json));
  return out;
}

const unsafe = (s: Summary) => s.findings.filter((f) => f.severity === 'error' && ['building', 'building-near', 'max-alt'].includes(f.code));

describe('watchpost plan --auto on OSM exports', () => {
  it('the export alone is read, and stops only for want of a home point', async () => {
    for (const file of [PARTS, TILED]) {
      const r = await run(['plan', file, '--auto', '--out', join(tmp(), 'x.plan'), '--json']);
      expect(r.code, r.stdout).not.toBe(0);
      expect(r.stderr).toContain(`${file}: site`);
      expect(r.stderr).toContain('has no home point');
      expect(r.stderr).not.toMatch(/unique id|expected/);
    }
  }, 60_000);

  it('an export as it comes plans with --home (the launch place given on the command line)', async () => {
    const dir = tmp();
    const json = JSON.parse(readFileSync(withHome(PARTS, dir), 'utf8')) as { features: { properties: { kind?: string }; geometry: { coordinates: number[] } }[] };
    const [lon, lat] = json.features.find((f) => f.properties.kind === 'home')!.geometry.coordinates;
    const out = join(dir, 'parts.plan');
    const r = await run(['plan', PARTS, '--auto', '--home', `${lat},${lon}`, '--out', out, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.errors).toBe(0);
    expect(s.legs).toBe(4);
    expect(s.warnings).toContainEqual(expect.stringMatching(/^home from --home .*: the site has none/));
    const bad = await run(['plan', PARTS, '--auto', '--home', '91,13', '--out', join(dir, 'x.plan')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--home.*latitude 91 is outside -90\.\.90/);
  }, 60_000);

  it('building parts (Berlin): plans the embassy and the Allianz Forum, no preflight error; the notes say what was read', async () => {
    const dir = tmp();
    const out = join(dir, 'parts.plan');
    const r = await run(['plan', withHome(PARTS, dir), '--auto', '--out', out, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.errors).toBe(0);
    expect(s.legs).toBe(4);
    expect(s.warnings.some((w) => /11 building:part features read as volumes .*: 11 inside 3 building outlines/.test(w))).toBe(true);
    expect(s.warnings.some((w) => /not patrolled: roof \+ 10 m is above the site's ceiling .*Berliner Fernsehturm/.test(w))).toBe(true);
    expect(readMissionFile(readFileSync(out, 'utf8'), out).plan.mission).toHaveLength(s.items);
  }, 60_000);

  it('repeated ids (Knoxville, tiled): imported whole, one note on the repeats, a patrol near home without error', async () => {
    const dir = tmp();
    const out = join(dir, 'tiled.waypoints');
    const r = await run(['plan', withHome(TILED, dir, true), '--auto', '--out', out, '--json']);
    const s = JSON.parse(r.stdout) as Summary;
    const json = JSON.parse(readFileSync(TILED, 'utf8')) as { features: { properties: { element_type: string; osmid: number } }[] };
    const ids = json.features.map((f) => `${f.properties.element_type}/${f.properties.osmid}`);
    const repeats = ids.length - new Set(ids).size;
    expect(s.warnings.filter((w) => w.includes('repeat the id'))).toEqual([expect.stringContaining(`${repeats} features repeat the id of an earlier feature`)]);
    expect(unsafe(s).map((f) => f.message)).toEqual([]);
    // The tallest buildings within 600 m of home (one piece of each split building), not the 4 km campus's.
    expect(s.warnings.some((w) => /stand more than 600 m from home and are not patrolled/.test(w))).toBe(true);
    expect(s.legs).toBeGreaterThanOrEqual(3);
    expect(s.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(readMissionFile(readFileSync(out, 'utf8'), out).plan.mission).toHaveLength(s.items);
  }, 60_000);
});
