// `watchpost sim --param NAME=VALUE`: the simulated vehicle's parameters from the command line, checked before
// anything is opened; a small mission_capacity makes a real upload fail with no_space.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { run, startSim, stopSims } from '../helpers/cli';

afterEach(stopSims);

const FIX = join(process.cwd(), 'tests', 'fixtures');

describe('watchpost sim --param', () => {
  it('unknown names and bad values are usage errors naming the parameter', async () => {
    const unknown = await run(['sim', '--link', 'udpin:127.0.0.1:0', '--param', 'warp_factor=9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--param: unknown parameter "warp_factor"; known: .*mission_capacity/);
    const bad = await run(['sim', '--link', 'udpin:127.0.0.1:0', '--param', 'rtl_alt_m=high']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--param rtl_alt_m=high: rtl_alt_m must be a finite number/);
    const shape = await run(['sim', '--link', 'udpin:127.0.0.1:0', '--param', 'rtl_alt_m']);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/expected NAME=VALUE/);
  });

  it('mission_capacity=3: a five-item mission is refused with no_space, and the ready line shows the params', async () => {
    const ready = (await startSim(['--link', 'tcpin:127.0.0.1:0', '--speedup', '5', '--param', 'mission_capacity=3'])) as unknown as { local_port: number; params: Record<string, number> };
    expect(ready.params).toEqual({ mission_capacity: 3 });
    const up = await run(['mission', 'upload', join(FIX, 'waypoints/qgc_MissionPlanner.waypoints'), '--link', `tcp:127.0.0.1:${ready.local_port}`, '--json']);
    expect(up.code, up.stderr).toBe(1);
    expect(JSON.parse(up.stdout).results.mission.result).toBe('no_space');
    // fly says the same, and that the half-uploaded mission was cleared.
    const fly = await run(['fly', join(FIX, 'waypoints/qgc_MissionPlanner.waypoints'), '--link', `tcp:127.0.0.1:${ready.local_port}`, '--timeout', '30', '--json']);
    expect(fly.code, fly.stderr).toBe(1);
    const out = JSON.parse(fly.stdout);
    expect(out).toMatchObject({ ok: false, mission_state: 'cleared', items_reached: 0 });
    expect(out.reason).toMatch(/upload of the mission failed: no_space.*mission was cleared/);
  });
});
