// A patrol over the demo site flown on the simulator (`watchpost fly`), then `watchpost checks` on its recording:
// the posts it hovered over are checked, the one it only passed over is brief, the rest are missed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, startSim, stopSims } from '../helpers/cli';

afterEach(stopSims);

const SITE = join(process.cwd(), 'assets', 'demo', 'demo.site.geojson');
const HOME = { lon: 113.7492901, lat: 34.7505859 };
// From the demo site: Playground (dwell 20 s), Central crossroads (10 s), Car park entrance (30 s) hovered;
// Waste collection point (radius 10 m, dwell 10 s) only flown over at 5 m/s.
const HOVER = [
  { id: 'P07', lon: 113.7493447, lat: 34.7509465, hold_s: 25 },
  { id: 'P05', lon: 113.75, lat: 34.75, hold_s: 15 },
  { id: 'P06', lon: 113.7504915, lat: 34.7501803, hold_s: 35 },
];
const PASS = { id: 'P10', lon: 113.7483618, lat: 34.7497296 };

describe('watchpost checks on a flight over the demo site', () => {
  it('checked where it hovered, brief where it passed, missed elsewhere; bad input refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-checks-'));
    const lines = ['QGC WPL 110', `0\t1\t0\t16\t0\t0\t0\t0\t${HOME.lat}\t${HOME.lon}\t20\t1`, '1\t0\t3\t22\t0\t0\t0\t0\t0\t0\t100\t1'];
    let seq = 2;
    for (const p of HOVER) lines.push(`${seq++}\t0\t3\t16\t${p.hold_s}\t0\t0\t0\t${p.lat}\t${p.lon}\t100\t1`);
    lines.push(`${seq++}\t0\t3\t16\t0\t0\t0\t0\t${PASS.lat}\t${PASS.lon}\t100\t1`);
    lines.push(`${seq++}\t0\t3\t20\t0\t0\t0\t0\t0\t0\t0\t1`);
    const mission = join(dir, 'patrol.waypoints');
    writeFileSync(mission, lines.join('\n'));
    const { local_port } = await startSim(['--link', 'tcpin:127.0.0.1:0', '--home', `${HOME.lat},${HOME.lon},20`, '--speedup', '20']);
    const tlog = join(dir, 'sortie.tlog');
    const fly = await run(['fly', mission, '--link', `tcp:127.0.0.1:${local_port}`, '--out', tlog, '--timeout', '120', '--json'], 150_000);
    expect(fly.code, fly.stderr + fly.stdout).toBe(0);

    const r = await run(['checks', tlog, '--site', SITE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const status = Object.fromEntries(out.posts.map((p: { post_id: string; status: string }) => [p.post_id, p.status]));
    expect(status).toEqual({
      P01: 'missed', P02: 'missed', P03: 'missed', P04: 'missed', P05: 'checked',
      P06: 'checked', P07: 'checked', P08: 'missed', P09: 'missed', P10: 'brief',
    });
    const car = out.posts.find((p: { post_id: string }) => p.post_id === 'P06');
    // Held 35 s over a 10 m circle: the longest visit is at least the hold, measured on the vehicle's clock.
    expect(car.dwell_s).toBeGreaterThanOrEqual(35);
    expect(car.dwell_s).toBeLessThan(60);
    expect(car.closest_m).toBeLessThan(3);
    expect(car.alt_rel_m_at_closest).toBeCloseTo(100, -1);
    expect(out).toMatchObject({ checked: 3, brief: 1, missed: 6, site: 'Demo community' });

    const bad = await run(['checks', tlog, '--site', join(dir, 'nope.site.geojson')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/nope\.site\.geojson: no such file/);
  }, 180_000);
});
