// `watchpost mission download` from a vehicle that has no home yet: the real simulator on TCP 127.0.0.1 with its
// EKF held back (--param ekf_ready_s), so that, like ArduPilot, it answers 0,0 at mission seq 0 and sends no
// HOME_POSITION. The file gets no fake home, and the command says so on stderr and in --json `warnings`.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, startSim, stopSims } from '../helpers/cli';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { firstDifference } from '../../patrol/mission/mission-item';

const FIX = join(process.cwd(), 'tests', 'fixtures', 'waypoints', 'qgc_MissionPlanner.waypoints');

afterEach(stopSims);

const tmp = () => mkdtempSync(join(tmpdir(), 'watchpost-nohome-'));
const missionOf = (path: string) => readMissionFile(readFileSync(path, 'utf8'), path).plan;

describe('watchpost mission download without a home on the vehicle', () => {
  it('writes no fake home (.plan: plannedHomePosition nulls; .waypoints: Mission Planner\'s no-home line 0) and warns', async () => {
    // The EKF (and so home) would come after a day of simulated time: not during this test.
    const { local_port: port } = await startSim(['--link', 'tcpin:127.0.0.1:0', '--speedup', '5', '--param', 'ekf_ready_s=86400']);
    const link = `tcp:127.0.0.1:${port}`;
    const up = await run(['mission', 'upload', FIX, '--link', link, '--json']);
    expect(up.code, up.stderr).toBe(0);
    const dir = tmp();

    const plan = join(dir, 'nohome.plan');
    const d = await run(['mission', 'download', '--link', link, '--out', plan, '--json']);
    expect(d.code, d.stderr).toBe(0);
    const warning = 'the vehicle has no home yet (it answered 0,0 at mission seq 0): the file has no home position (plannedHomePosition is [null, null, null], which QGroundControl reads as not set)';
    expect(JSON.parse(d.stdout)).toMatchObject({ ok: true, out: plan, items: 5, warnings: [warning] });
    expect(d.stderr).toContain(`warning: ${warning}`);
    const json = JSON.parse(readFileSync(plan, 'utf8')) as { mission: { plannedHomePosition: unknown } };
    expect(json.mission.plannedHomePosition).toEqual([null, null, null]);
    const back = missionOf(plan);
    expect(back.home).toBeUndefined();
    expect(firstDifference(missionOf(FIX).mission, back.mission)).toBe(-1);

    const wpl = join(dir, 'nohome.waypoints');
    const w = await run(['mission', 'download', '--link', link, '--out', wpl]);
    expect(w.code, w.stderr).toBe(0);
    const wplWarning = 'the vehicle has no home yet (it answered 0,0 at mission seq 0): the file has no home position (line 0 is all zeros, as Mission Planner writes when it has no home)';
    expect(w.stderr).toContain(`warning: ${wplWarning}`);
    expect(w.stdout).toMatch(/^warnings\s+\[".*Mission Planner writes when it has no home\)"\]$/m);
    const lines = readFileSync(wpl, 'utf8').split('\n');
    expect(lines[0]).toBe('QGC WPL 110');
    expect(lines[1]).toBe('0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t1');
    const backWpl = missionOf(wpl);
    expect(backWpl.home).toBeUndefined();
    expect(firstDifference(missionOf(FIX).mission, backWpl.mission)).toBe(-1);
  }, 60_000);

  it('once the vehicle has a home, the file carries it and there is no warning', async () => {
    const { local_port: port, home } = await startSim(['--link', 'tcpin:127.0.0.1:0', '--speedup', '5', '--param', 'ekf_ready_s=0.5']);
    const link = `tcp:127.0.0.1:${port}`;
    const out = join(tmp(), 'home.plan');
    const d = await run(['mission', 'download', '--link', link, '--out', out, '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout)).toMatchObject({ ok: true, warnings: [] });
    expect(d.stderr).not.toContain('warning');
    const planned = missionOf(out).home;
    expect(planned?.lat_deg).toBeCloseTo(home.lat_deg, 6);
    expect(planned?.lon_deg).toBeCloseTo(home.lon_deg, 6);
  }, 60_000);
});
