// `watchpost plan` and `watchpost check-plan` on the demo site and patrol: real files, real processes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { centroid, polygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { patrolOfPlan } from '../../patrol/patrol/to-plan';
import { readPatrol } from '../../patrol/patrol/read-patrol';
import { readSite } from '../../patrol/site/read-site';
import { run } from '../helpers/cli';

const DEMO = join(process.cwd(), 'assets', 'demo');
const SITE = join(DEMO, 'demo.site.geojson');
const PATROL = join(DEMO, 'demo.patrol.json');
const tmp = () => mkdtempSync(join(tmpdir(), 'watchpost-plan-'));

describe('watchpost plan and check-plan', () => {
  it('compiles the demo patrol into a .plan that reopens with the patrol, and passes its own preflight', async () => {
    const out = join(tmp(), 'demo.plan');
    const r = await run(['plan', PATROL, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.errors).toBe(0);
    expect(s.findings.filter((f: { code: string }) => f.code === 'building')).toEqual([]);
    const { plan } = readMissionFile(readFileSync(out, 'utf8'), out);
    expect(plan.mission).toHaveLength(s.items);
    expect(plan.mission[0].command).toBe(22); // takeoff first
    expect(plan.mission.at(-1)?.command).toBe(20); // RTL last
    // The embedded patrol names its site relative to the .plan, so the .plan reopens from where it was written.
    expect(patrolOfPlan(plan, out)).toEqual({ ...readPatrol(readFileSync(PATROL, 'utf8'), PATROL), site: relative(dirname(out), SITE) });
    const c = await run(['check-plan', out, '--site', SITE, '--json']);
    expect(c.code, c.stdout).toBe(0);
    expect(JSON.parse(c.stdout).errors).toBe(0);
    // Plan it again from the .plan alone (its patrol, its site), here as waypoints.
    const again = join(tmp(), 'again.waypoints');
    const a = await run(['plan', out, '--out', again, '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).items).toBe(s.items);
    // A QGroundControl .plan has no patrol to plan from.
    const q = await run(['plan', join(process.cwd(), 'tests/fixtures/plan/mavsdk_qgroundcontrol_sample.plan'), '--out', join(tmp(), 'x.plan')]);
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/mavsdk_qgroundcontrol_sample\.plan: a mission plan without a Watchpost patrol in it/);
  }, 90_000);

  it('flags a hand-made plan straight through the tallest building, naming it, exit 1', async () => {
    const { site } = readSite(readFileSync(SITE, 'utf8'), SITE);
    const tallest = [...site.buildings].sort((a, b) => b.height_m - a.height_m)[0];
    const [lon, lat] = centroid(polygon(tallest.polygons[0])).geometry.coordinates;
    const home = site.home as { lat_deg: number; lon_deg: number };
    const file = join(tmp(), 'through.waypoints');
    writeFileSync(file, [
      'QGC WPL 110',
      `0\t1\t0\t16\t0\t0\t0\t0\t${home.lat_deg}\t${home.lon_deg}\t20\t1`,
      '1\t0\t3\t22\t0\t0\t0\t0\t0\t0\t20\t1',
      `2\t0\t3\t16\t0\t0\t0\t0\t${lat}\t${lon}\t20\t1`,
      '3\t0\t3\t20\t0\t0\t0\t0\t0\t0\t0\t1',
    ].join('\n'));
    const c = await run(['check-plan', file, '--site', SITE, '--json']);
    expect(c.code).toBe(1);
    const hits = JSON.parse(c.stdout).findings.filter((f: { code: string; severity: string }) => f.code === 'building' && f.severity === 'error');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((f: { message: string }) => f.message).join('\n')).toContain(tallest.name ?? tallest.id);
  }, 60_000);

  it('plans a default patrol of a site with --auto, and refuses bad input with exit 2', async () => {
    const dir = tmp();
    const out = join(dir, 'auto.waypoints');
    const r = await run(['plan', SITE, '--auto', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.findings.filter((f: { code: string }) => f.code === 'building')).toEqual([]);
    expect(readMissionFile(readFileSync(out, 'utf8'), out).plan.mission).toHaveLength(s.items);

    const again = await run(['plan', SITE, '--auto', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; pass --force/);

    const patrol = JSON.parse(readFileSync(PATROL, 'utf8'));
    patrol.site = SITE;
    patrol.legs[0] = { ...patrol.legs[0], kind: 'roof', building: 'no-such-building', clearance_m: 10, spacing_m: 15 };
    const bad = join(dir, 'bad.patrol.json');
    writeFileSync(bad, JSON.stringify(patrol));
    const b = await run(['plan', bad, '--out', join(dir, 'bad.plan')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/no-such-building/);

    // A patrol whose own waypoint sits inside a building: written (to look at), but exit 1 — not one to fly.
    const { site } = readSite(readFileSync(SITE, 'utf8'), SITE);
    const b01 = site.buildings[0];
    const [lon, lat] = centroid(polygon(b01.polygons[0])).geometry.coordinates;
    const unsafe = JSON.parse(readFileSync(PATROL, 'utf8'));
    unsafe.site = SITE;
    unsafe.order = 'fixed';
    unsafe.legs.push({ kind: 'waypoint', lat_deg: lat, lon_deg: lon, alt_m: 5 });
    const unsafeFile = join(dir, 'unsafe.patrol.json');
    writeFileSync(unsafeFile, JSON.stringify(unsafe));
    const u = await run(['plan', unsafeFile, '--out', join(dir, 'unsafe.plan')]);
    expect(u.code, u.stdout + u.stderr).toBe(1);
    expect(u.stdout).toMatch(/error\s+building/);
    expect(readFileSync(join(dir, 'unsafe.plan'), 'utf8')).toContain('"fileType": "Plan"');

    // No positions in the "flight": checks says so, exit 1.
    const empty = join(dir, 'empty.tlog');
    writeFileSync(empty, '');
    const e = await run(['checks', empty, '--site', SITE]);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/no vehicle positions in the air/);
  }, 60_000);
});
