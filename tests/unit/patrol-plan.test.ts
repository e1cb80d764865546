// A compiled patrol written as .plan (the patrol embedded under `watchpost`) and as .waypoints, through real files:
// the items, home and fence read back as written, the .plan reopens with the same patrol, QGC's own members stay
// where QGC expects them, and a damaged embedded patrol is reported with its path.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sameOnWire } from '../../patrol/mission/mission-item';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { readPlanFile, writePlanFile } from '../../patrol/formats/plan-file';
import { compilePatrol } from '../../patrol/patrol/compile';
import { readPatrol } from '../../patrol/patrol/read-patrol';
import { patrolOfPlan, patrolPlanText, patrolToPlan, patrolWaypointsText } from '../../patrol/patrol/to-plan';
import { demoPatrolText, demoSite } from './patrol-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'watchpost-patrol-plan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const patrol = readPatrol(demoPatrolText, 'demo.patrol.json', demoSite);
const compiled = compilePatrol(patrol, demoSite, { autopilot: 'ardupilot' });
const home = demoSite.home ?? { lat_deg: NaN, lon_deg: NaN };

describe('writing a compiled patrol', () => {
  it('.plan: items, home, fence and the embedded patrol read back from the file', () => {
    const file = join(tmp, 'demo.plan');
    writeFileSync(file, patrolPlanText(patrol, demoSite, compiled, { autopilot: 'ardupilot' }));
    const text = readFileSync(file, 'utf8');
    const { plan, warnings } = readPlanFile(text, file);
    expect(warnings).toEqual([]);
    expect(plan.mission).toHaveLength(compiled.items.length);
    plan.mission.forEach((item, i) => expect(sameOnWire(item, compiled.items[i]), `item ${i}`).toBe(true));
    expect(plan.home).toEqual({ ...home, alt_m: 0 });
    expect(plan.firmwareType).toBe(3);
    expect(plan.cruiseSpeed_mps).toBe(8);
    const fenceRing = demoSite.fence?.[0] ?? [];
    expect(plan.fence.polygons).toHaveLength(1);
    expect(plan.fence.polygons[0].inclusion).toBe(true);
    expect(plan.fence.polygons[0].points).toEqual(fenceRing.slice(0, -1).map(([lon_deg, lat_deg]) => ({ lat_deg, lon_deg })));
    expect(patrolOfPlan(plan, file)).toEqual(patrol);
    // QGC's members stay as QGC writes them; ours is one more top-level member.
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['fileType', 'geoFence', 'groundStation', 'mission', 'rallyPoints', 'version', 'watchpost']);
    // Read -> write -> read keeps the patrol (the .plan stays editable after a plain save).
    const again = readPlanFile(writePlanFile(plan), 'again.plan').plan;
    expect(patrolOfPlan(again, 'again.plan')).toEqual(patrol);
  });

  it('.plan for PX4 says so', () => {
    const px = compilePatrol(patrol, demoSite, { autopilot: 'px4' });
    expect(patrolToPlan(patrol, demoSite, px, { autopilot: 'px4' }).firmwareType).toBe(12);
  });

  it('.waypoints: home line then the same items; no patrol', () => {
    const file = join(tmp, 'demo.waypoints');
    writeFileSync(file, patrolWaypointsText(patrol, demoSite, compiled));
    const { plan } = readMissionFile(readFileSync(file, 'utf8'), file);
    expect(plan.home).toMatchObject({ lat_deg: home.lat_deg, lon_deg: home.lon_deg });
    expect(plan.mission).toHaveLength(compiled.items.length);
    plan.mission.forEach((item, i) => expect(sameOnWire(item, compiled.items[i]), `item ${i}`).toBe(true));
    expect(plan.watchpost).toBeUndefined();
    expect(patrolOfPlan(plan, file)).toBeUndefined();
  });

  it('a plain QGC plan has no patrol; a damaged embedded patrol is an error naming its path', () => {
    const plan = patrolToPlan(patrol, demoSite, compiled);
    delete plan.watchpost;
    expect(patrolOfPlan(readPlanFile(writePlanFile(plan), 'plain.plan').plan, 'plain.plan')).toBeUndefined();
    const json = JSON.parse(patrolPlanText(patrol, demoSite, compiled)) as { watchpost: { patrol: { legs: Record<string, unknown>[] } } };
    json.watchpost.patrol.legs[0].distance_m = 'near';
    const damaged = readPlanFile(JSON.stringify(json), 'damaged.plan').plan;
    expect(() => patrolOfPlan(damaged, 'damaged.plan')).toThrow(
      'damaged.plan (watchpost.patrol): legs[0] (facade of "B04").distance_m: expected a number > 0, got "near"',
    );
  });

  it('a site without home needs one given', () => {
    expect(() => patrolToPlan(patrol, { ...demoSite, home: undefined }, compiled)).toThrow(
      'patrol plan: site "Demo community" has no home point: add a "home" feature or give one',
    );
  });
});
