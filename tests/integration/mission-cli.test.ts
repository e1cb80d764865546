// `watchpost mission …` and `watchpost fly` as a user runs them: real processes, the simulator on real TCP,
// the mission fixtures from other ground stations, real files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, startSim, stopSims } from '../helpers/cli';
import { fenceToItems } from '../../patrol/formats/fence-items';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { storedDifference } from '../../patrol/mission/stored-compare';

const FIX = join(process.cwd(), 'tests', 'fixtures');

afterEach(stopSims);

const tmp = () => mkdtempSync(join(tmpdir(), 'watchpost-mission-'));
const missionOf = (path: string) => readMissionFile(readFileSync(path, 'utf8'), path).plan;

describe('watchpost mission upload / download / clear', () => {
  it('uploads each fixture with --verify, and downloads what was uploaded', async () => {
    const { local_port: port } = await startSim(['--link', 'tcpin:127.0.0.1:0', '--speedup', '5']);
    const link = `tcp:127.0.0.1:${port}`;
    const files = [
      'plan/mavsdk_qgroundcontrol_sample.plan',
      'plan/mavsdk_qgroundcontrol_sample_with_digicam_control.plan', 'plan/px4_multicopter_mission_geofence_avoid.plan',
      'waypoints/dronekit_mpmission.txt', 'waypoints/mavsdk_mission_planner_sample.txt', 'waypoints/qgc_MissionPlanner.waypoints',
    ];
    for (const f of files) {
      const r = await run(['mission', 'upload', join(FIX, f), '--link', link, '--verify', '--json']);
      expect(r.code, `${f}: ${r.stderr}${r.stdout}`).toBe(0);
      const s = JSON.parse(r.stdout);
      const plan = missionOf(join(FIX, f));
      expect(s).toMatchObject({ ok: true, items: plan.mission.length, verified: true });
      if (f.endsWith('.plan')) expect(s.fence).toBe(plan.fence.polygons.reduce((n, p) => n + p.points.length, 0) + plan.fence.circles.length);

      const dir = tmp();
      const out = join(dir, f.endsWith('.plan') ? 'back.plan' : 'back.waypoints');
      const d = await run(['mission', 'download', '--link', link, '--out', out, '--json']);
      expect(d.code, d.stderr).toBe(0);
      const back = missionOf(out);
      // What was read back is what ArduPilot keeps of each item (DO items in frame 0, whole seconds, …).
      expect(storedDifference('ardupilot', 'mission', plan.mission, back.mission), f).toBeUndefined();
      // The fence as the wire carries it (1e-7 degrees, float32 radius).
      if (f.endsWith('.plan')) expect(storedDifference('ardupilot', 'fence', fenceToItems(plan.fence), fenceToItems(back.fence)), f).toBeUndefined();
    }
  }, 120_000);

  it('a plan ArduPilot would refuse (a PX4 survey: SET_CAMERA_MODE with NaN params) is not sent; the vehicle keeps its mission', async () => {
    const { local_port: port } = await startSim(['--link', 'tcpin:127.0.0.1:0', '--speedup', '5']);
    const link = `tcp:127.0.0.1:${port}`;
    expect((await run(['mission', 'upload', join(FIX, 'waypoints/qgc_MissionPlanner.waypoints'), '--link', link])).code).toBe(0);
    const r = await run(['mission', 'upload', join(FIX, 'plan/mavsdk_qgroundcontrol_sample_with_survey.plan'), '--link', link, '--verify', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ ok: false, mission_state: 'unchanged', results: { mission: { result: 'invalid', seq: 0 } } });
    expect(s.results.mission.detail).toBe('not sent: ArduPilot would refuse mission item 0 (command 530) with INVALID_PARAM3: param3 is NaN (AP_Mission::sanity_check_params)');
    const out = join(tmp(), 'kept.waypoints');
    expect((await run(['mission', 'download', '--link', link, '--out', out])).code).toBe(0);
    expect(missionOf(out).mission).toHaveLength(5); // the mission from before, untouched
  }, 60_000);

  it('a StructureScan plan (no stored items) and a broken file are refused before anything is sent', async () => {
    const r = await run(['mission', 'upload', join(FIX, 'plan/mavsdk_qgroundcontrol_sample_with_structured_scan.plan'), '--link', 'tcp:127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/StructureScan/);
    const bad = join(tmp(), 'bad.waypoints');
    writeFileSync(bad, 'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\tabc\t114\t30\t1\n');
    const b = await run(['mission', 'upload', bad, '--link', 'tcp:127.0.0.1:9']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad\.waypoints: line 2, PARAM5\/X \(latitude\): expected a number, got "abc"/);
  });

  it('download never overwrites a file unless --force; clear empties the vehicle', async () => {
    const { local_port: port, home } = await startSim(['--link', 'tcpin:127.0.0.1:0', '--speedup', '5']);
    const link = `tcp:127.0.0.1:${port}`;
    expect((await run(['mission', 'upload', join(FIX, 'waypoints/qgc_MissionPlanner.waypoints'), '--link', link])).code).toBe(0);
    const out = join(tmp(), 'kept.plan');
    writeFileSync(out, 'precious');
    const refused = await run(['mission', 'download', '--link', link, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/exists; pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect((await run(['mission', 'download', '--link', link, '--out', out, '--force'])).code).toBe(0);
    expect(missionOf(out).mission).toHaveLength(5);
    // The plan's home is the vehicle's (ArduPilot's seq 0), at wire precision.
    const planned = (JSON.parse(readFileSync(out, 'utf8')) as { mission: { plannedHomePosition: number[] } }).mission.plannedHomePosition;
    expect(planned[0]).toBeCloseTo(home.lat_deg, 6);
    expect(planned[1]).toBeCloseTo(home.lon_deg, 6);
    expect(planned[2]).toBeCloseTo(home.alt_m, 1);

    const c = await run(['mission', 'clear', '--link', link, '--json']);
    expect(c.code, c.stderr).toBe(0);
    const after = join(tmp(), 'empty.plan');
    expect((await run(['mission', 'download', '--link', link, '--out', after])).code).toBe(0);
    expect(missionOf(after).mission).toHaveLength(0);
  }, 60_000);
});

describe('watchpost fly', () => {
  it('flies a mission on the simulator: landed and disarmed, every navigation item reached, recorded', async () => {
    const dir = tmp();
    const mission = join(dir, 'patrol.waypoints');
    // Home, takeoff 12 m, waypoint (2 s hold), DO_CHANGE_SPEED 8 m/s, waypoint, loiter 3 s, RTL.
    writeFileSync(mission, [
      'QGC WPL 110',
      '0\t1\t0\t16\t0\t0\t0\t0\t22.5431\t114.0579\t30\t1',
      '1\t0\t3\t22\t0\t0\t0\t0\t0\t0\t12\t1',
      '2\t0\t3\t16\t2\t0\t0\t0\t22.5434\t114.0579\t12\t1',
      '3\t0\t3\t178\t1\t8\t-1\t0\t0\t0\t0\t1',
      '4\t0\t3\t16\t0\t0\t0\t0\t22.5434\t114.0583\t15\t1',
      '5\t0\t3\t19\t3\t0\t0\t0\t22.5431\t114.0583\t15\t1',
      '6\t0\t3\t20\t0\t0\t0\t0\t0\t0\t0\t1',
    ].join('\n'));
    const { local_port: port } = await startSim(['--link', 'tcpin:127.0.0.1:0', '--home', '22.5431,114.0579,30', '--speedup', '10']);
    const tlog = join(dir, 'flight.tlog');
    const r = await run(['fly', mission, '--link', `tcp:127.0.0.1:${port}`, '--out', tlog, '--timeout', '60', '--json'], 90_000);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ ok: true, reason: null, items: 6, nav_items: 5, tlog });
    // User numbering (home stripped): 0 takeoff, 1 wp, 3 wp, 4 loiter, 5 RTL are the navigation items.
    expect(s.reached_seqs).toEqual(expect.arrayContaining([0, 1, 3, 4, 5]));
    expect(s.max_alt_rel_m).toBeCloseTo(15, 0);
    // Out 33 m north, 41 m east, back to home 41 m west then 33 m south (within the waypoint radius).
    expect(s.distance_m).toBeGreaterThan(130);
    expect(s.distance_m).toBeLessThan(170);
    const info = JSON.parse((await run(['tlog', 'info', tlog, '--json'])).stdout);
    expect(info.messages.MISSION_ITEM_REACHED).toBeGreaterThanOrEqual(5);
    expect(info.messages.MISSION_ITEM_INT).toBeGreaterThanOrEqual(7);
    expect(info.bad_crc).toBe(0);
  }, 120_000);
});
