// `watchpost library`: the flights folder listed from the files themselves — real tlogs from other ground stations
// (no sidecar), a Watchpost flight (its sidecar's site and findings, posts checked as `watchpost checks` counts
// them), and damaged files (junk, empty, a broken sidecar, a site that is gone), each listed with its problem.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlightReplay } from '../../mavlink/replay/flight-replay';
import type { LibraryFlight } from '../../electron/services/flight-library';
import { run } from '../helpers/cli';

let dir: string;
const FIX = 'tests/fixtures';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wp-library-'));
  for (const f of ['ardusub_log_tools_small.tlog', 'mavometer_px4_test.tlog']) copyFileSync(join(FIX, f), join(dir, f));
  // A Watchpost flight: the dronekit recording with a sidecar naming a site whose posts lie on its track.
  const flight = join(dir, '2015-07-05T00-26-43Z_tcp-127.0.0.1-5760.tlog');
  copyFileSync(join(FIX, 'dronekit_flight_replay_flight.tlog'), flight);
  const track = (await FlightReplay.load(flight)).track(1).points();
  const post = (i: number, id: string, dwell_s: number) => ({ type: 'Feature', id, properties: { kind: 'post', name: id, radius_m: 15, dwell_s }, geometry: { type: 'Point', coordinates: [track[i].lon_deg, track[i].lat_deg] } });
  const site = { type: 'FeatureCollection', site: { name: 'Dronekit field' }, features: [post(Math.floor(track.length * 0.3), 'A', 5), post(Math.floor(track.length * 0.6), 'B', 20), { ...post(0, 'FAR', 5), geometry: { type: 'Point', coordinates: [track[0].lon_deg, track[0].lat_deg + 0.05] } }] };
  writeFileSync(join(dir, 'field.site.geojson'), JSON.stringify(site));
  writeFileSync(flight.replace(/\.tlog$/, '.json'), JSON.stringify({
    format: 'watchpost-flight', version: 1, tlog: 'x.tlog', link_uri: 'tcp:127.0.0.1:5760', site_path: join(dir, 'field.site.geojson'), patrol_path: null,
    started_utc: '2015-07-05T00:26:43.000Z', ended_utc: '2015-07-05T00:49:40.000Z', vehicles: [],
    findings: [{ id: 'f1', t_utc: '2015-07-05T00:30:00.000Z', post: 'A', kind: 'staffed', lat_deg: track[0].lat_deg, lon_deg: track[0].lon_deg, sysid: 1 }],
  }));
  // Damaged: junk, an empty file, a broken sidecar, a sidecar whose site is gone.
  writeFileSync(join(dir, 'junk.tlog'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
  writeFileSync(join(dir, 'empty.tlog'), '');
  copyFileSync(join(FIX, 'mavometer_px4_test.tlog'), join(dir, 'broken-sidecar.tlog'));
  writeFileSync(join(dir, 'broken-sidecar.json'), '{"format": "watchpost-flight", "version": 1,');
  copyFileSync(join(FIX, 'mavometer_px4_test.tlog'), join(dir, 'site-gone.tlog'));
  writeFileSync(join(dir, 'site-gone.json'), JSON.stringify({ format: 'watchpost-flight', version: 1, tlog: 'site-gone.tlog', link_uri: 'udpin:0.0.0.0:14550', site_path: join(dir, 'nowhere.site.geojson'), patrol_path: null, started_utc: '2019-11-20T01:36:30.000Z', ended_utc: null, vehicles: [], findings: [] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('watchpost library', () => {
  it('lists every flight, described from its files; damaged ones with their problem', async () => {
    const r = await run(['library', '--dir', dir, '--json']);
    expect(r.code).toBe(0);
    const { flights } = JSON.parse(r.stdout) as { dir: string; flights: LibraryFlight[] };
    const by = (name: string) => flights.find((f) => f.name === name) as LibraryFlight;
    expect(flights.map((f) => f.name).sort()).toEqual(['2015-07-05T00-26-43Z_tcp-127.0.0.1-5760.tlog', 'ardusub_log_tools_small.tlog', 'broken-sidecar.tlog', 'empty.tlog', 'junk.tlog', 'mavometer_px4_test.tlog', 'site-gone.tlog']);

    const ours = by('2015-07-05T00-26-43Z_tcp-127.0.0.1-5760.tlog');
    expect(ours).toMatchObject({ watchpost: true, site_name: 'Dronekit field', findings: 1, posts_total: 3, started_utc: '2015-07-05T00:26:43.000Z' });
    expect(ours.vehicles).toEqual([{ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA' }]);
    expect(ours.duration_s).toBeCloseTo(1377, 0);
    expect(ours.distance_m).toBeGreaterThan(500);
    expect(ours.max_alt_rel_m).toBeGreaterThan(5);
    // Posts checked as `watchpost checks` counts them on the same files.
    const checks = JSON.parse((await run(['checks', ours.path, '--site', join(dir, 'field.site.geojson'), '--json'])).stdout) as { checked: number };
    expect(ours.posts_checked).toBe(checks.checked);

    expect(by('ardusub_log_tools_small.tlog')).toMatchObject({ watchpost: false, site_name: null, posts_checked: null, vehicles: [{ sysid: 1, compid: 1, type: 'SUBMARINE', autopilot: 'ARDUPILOTMEGA' }] });
    expect(by('mavometer_px4_test.tlog')).toMatchObject({ watchpost: false, problems: [], vehicles: [{ sysid: 1, autopilot: 'PX4' }] });
    expect(by('junk.tlog').problems).toContain('no MAVLink records in the file');
    expect(by('empty.tlog')).toMatchObject({ size_bytes: 0, duration_s: 0, started_utc: null, problems: ['no MAVLink records in the file'] });
    expect(by('broken-sidecar.tlog').problems.join()).toMatch(/broken-sidecar\.json/);
    expect(by('broken-sidecar.tlog').duration_s).toBeGreaterThan(90); // the recording itself is listed all the same
    expect(by('site-gone.tlog').problems.join()).toMatch(/nowhere\.site\.geojson is gone/);
    // Newest first; a file with no time last.
    expect(flights.at(-1)?.started_utc ?? null).toBeNull();
    expect(flights[0].name).toBe('ardusub_log_tools_small.tlog');
  }, 60_000);

  it('a folder that does not exist is an empty library; text output names each flight', async () => {
    expect(JSON.parse((await run(['library', '--dir', join(dir, 'none'), '--json'])).stdout)).toEqual({ dir: join(dir, 'none'), flights: [] });
    const text = await run(['library', '--dir', dir]);
    expect(text.stdout).toMatch(/7 flights/);
    expect(text.stdout).toMatch(/problem: no MAVLink records in the file/);
  }, 60_000);
});
