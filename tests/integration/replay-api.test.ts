// The replay through the app's API (browser mode, real WebSocket): the library lists the flights folder, a flight
// opens with its outline (vehicles, the whole track downsampled, events, the sidecar's site and findings), and the
// state at any time comes back without re-reading the file — the same at a time asked twice, posts pending
// before the copter got there and checked after; bad calls are answered with what is wrong.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FlightReplay } from '../../mavlink/replay/flight-replay';
import { closeAll, connect, events, failure, ok, serve, temp } from '../helpers/browser-api';

afterEach(closeAll);

describe('replay over the API', () => {
  it('library → openFlight → replayAt', async () => {
    const flights = temp();
    const tlog = join(flights, '2015-07-05T00-26-43Z_dronekit.tlog');
    copyFileSync('tests/fixtures/dronekit_flight_replay_flight.tlog', tlog);
    const track = (await FlightReplay.load(tlog)).track(1).points();
    const k = Math.floor(track.length * 0.3);
    const site = { type: 'FeatureCollection', site: { name: 'Field' }, features: [{ type: 'Feature', id: 'A', properties: { kind: 'post', name: 'A', radius_m: 15, dwell_s: 5 }, geometry: { type: 'Point', coordinates: [track[k].lon_deg, track[k].lat_deg] } }] };
    writeFileSync(join(flights, 'field.site.geojson'), JSON.stringify(site));
    writeFileSync(tlog.replace(/\.tlog$/, '.json'), JSON.stringify({ format: 'watchpost-flight', version: 1, tlog: 'x.tlog', link_uri: 'udpin:0.0.0.0:14550', site_path: join(flights, 'field.site.geojson'), patrol_path: null, started_utc: '2015-07-05T00:26:43.000Z', ended_utc: null, vehicles: [], findings: [] }));

    const ws = await connect((await serve(temp(), { flightsDir: flights })).url);
    const progress = events<{ bytes: number; total: number; done: boolean }>(ws, 'replayProgress');
    const lib = await ok(ws, 'library');
    expect(lib.map((f) => [f.name, f.posts_checked, f.posts_total])).toEqual([['2015-07-05T00-26-43Z_dronekit.tlog', 1, 1]]);

    const opened = await ok(ws, 'openFlight', tlog, {});
    // The first answer may come before the whole file is read (a loaded machine): then the `done` event, and the
    // whole outline from replayInfo.
    const doneEvent = async () => {
      while (!progress.all.some((p) => p.payload.done)) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await doneEvent();
    const info = await ok(ws, 'replayInfo', opened.id);
    expect(info.complete).toBe(true);
    if (opened.complete) expect(info).toEqual(opened);
    expect(info).toMatchObject({ name: '2015-07-05T00-26-43Z_dronekit.tlog', vehicles: [{ sysid: 1, compid: 1 }], posts_sysid: 1 });
    expect(info.duration_ms / 1000).toBeCloseTo(1377, 0);
    expect(info.site?.name).toBe('field.site.geojson');
    expect(info.tracks[0].lat_deg.length).toBe(track.length); // under the screen's limit: all of it
    expect(info.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['mode', 'armed', 'message']));
    // Progress as the file is read, ending at its size.
    expect(progress.all.length).toBeGreaterThan(0);
    expect(progress.all.at(-1)?.payload.bytes).toBe(progress.all.at(-1)?.payload.total);

    const arrive = track[k].t_us / 1000 - info.start_ms;
    const before = await ok(ws, 'replayAt', info.id, arrive - 60_000);
    expect(before.posts?.[0].state).toBe('pending');
    const after = await ok(ws, 'replayAt', info.id, info.duration_ms);
    expect(after.posts?.[0].state).toBe('checked');
    expect(await ok(ws, 'replayAt', info.id, arrive - 60_000)).toEqual(before); // seeking back: the same state
    expect(before.vehicles[0]).toMatchObject({ sysid: 1, link_id: info.id });

    expect(await failure(ws, 'openFlight', [join(flights, 'none.tlog'), {}])).toMatch(/none\.tlog: no such file/);
    expect(await failure(ws, 'replayAt', ['replay-99', 0])).toMatch(/no flight "replay-99" open for replay/);
    expect(await failure(ws, 'replayInfo', ['replay-99'])).toMatch(/no flight "replay-99" open for replay/);
    expect(await failure(ws, 'replayInfo', [''])).toMatch(/replayInfo: argument 0/);
    expect(await failure(ws, 'replayAt', [info.id, -5])).toMatch(/replayAt: argument 1/);
  }, 60_000);
});
