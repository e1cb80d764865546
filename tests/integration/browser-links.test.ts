// The Node side of the Connections panel (issue 9, first step), through the real browser-mode API over a real
// WebSocket: the built-in simulated copter started at the demo's home on a loopback TCP port, a link opened to it,
// vehicle snapshots and link summaries pushed as events (at most 20 and 4 a second), every frame recorded into a
// flight (.tlog + sidecar) in the flights folder, closing ends the recording; bad URIs, busy ports and failing
// serial listings answered with clear messages; recent links remembered.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkSummary, UploadProgress, VehicleSnapshot } from '../../electron/api';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { run } from '../helpers/cli';
import { readSidecar } from '../../electron/services/flight-sidecar';
import { tlogInfo } from '../../mavlink/tlog/info';
import { closeAll, connect, events, failure, ok, serve, settingsOf, temp, until } from '../helpers/browser-api';

const DEMO_HOME = { lat_deg: 34.7505859, lon_deg: 113.7492901, alt_m: 100 };
afterEach(closeAll);

describe('links through the browser-mode API', () => {
  it('simulated copter → open link → vehicles and links as events → recorded flight → close', async () => {
    const dataDir = temp();
    const server = await serve(dataDir);
    const ws = await connect(server.url);
    const vehicles = events<VehicleSnapshot[]>(ws, 'vehicles');
    const links = events<LinkSummary[]>(ws, 'links');

    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 2 });
    expect(sim).toMatchObject({ id: 'sim-1', sysids: [1], speedup: 2 });
    expect(sim.uri).toMatch(/^tcp:127\.0\.0\.1:\d+$/);
    const opened = await ok(ws, 'openLink', sim.uri);
    expect(opened).toMatchObject({ uri: sim.uri, tlog_path: expect.stringContaining(join(dataDir, 'flights')) });

    const seen = await until('vehicle 1 with a position', () => vehicles.all.at(-1)?.payload.find((v) => v.sysid === 1 && v.lat !== null));
    expect(Math.abs((seen.lat ?? 0) - DEMO_HOME.lat_deg)).toBeLessThan(1e-3);
    const connected = await until('the link connected, with bytes, a heard frame and vehicle 1', () => links.all.map((e) => e.payload.find((l) => l.id === opened.id)).find((l) => l?.state === 'connected' && l.bytes_in > 0 && l.last_heard_utc !== null && l.sysids.includes(1)));
    expect(connected.loss_pct).not.toBeNull();

    // At most 20 vehicle snapshots and 4 link summaries a second, however many frames arrive.
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 2000));
    const inWindow = (list: Array<{ t_ms: number }>) => list.filter((e) => e.t_ms >= from && e.t_ms < from + 2000).length;
    expect(inWindow(vehicles.all)).toBeLessThanOrEqual(42);
    expect(inWindow(vehicles.all)).toBeGreaterThan(5);
    expect(inWindow(links.all)).toBeLessThanOrEqual(9);

    // The recording grows; the sidecar names the link and the vehicle.
    const listed = (await ok(ws, 'links')).find((l) => l.id === opened.id);
    expect(listed?.tlog_bytes).toBeGreaterThan(0);
    const sidecarPath = opened.tlog_path.replace(/\.tlog$/, '.json');
    expect(readdirSync(join(dataDir, 'flights')).sort()).toEqual([basename(sidecarPath), basename(opened.tlog_path)].sort());
    const side1 = await readSidecar(sidecarPath);
    expect(side1).toMatchObject({ format: 'watchpost-flight', version: 1, link_uri: sim.uri, ended_utc: null, findings: [] });

    const closed = await ok(ws, 'closeLink', opened.id);
    expect(closed.state).toBe('closed');
    const side2 = await readSidecar(sidecarPath);
    expect(side2.ended_utc).not.toBeNull();
    expect(side2.vehicles).toContainEqual({ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA' });
    const info = await tlogInfo(opened.tlog_path);
    expect(info.records).toBeGreaterThan(50);
    expect(info.systems.map((s) => s.sysid)).toEqual(expect.arrayContaining([1, 255])); // the vehicle and our own frames
    expect(await ok(ws, 'links')).toEqual([]);
    expect(settingsOf(dataDir).recent_links).toEqual([sim.uri]);
    // The simulated copter started for the link went with it.
    expect(await failure(ws, 'stopSimulator', [sim.id])).toMatch(/no simulator/);
    vehicles.stop();
    links.stop();
  }, 60_000);

  it('uploads the open patrol to the vehicle with verify, progress as events; the vehicle holds it', async () => {
    const ws = await connect((await serve(temp())).url);
    const progress = events<UploadProgress>(ws, 'upload');
    await ok(ws, 'openDemo');
    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 5 });
    const link = await ok(ws, 'openLink', sim.uri);
    expect(await failure(ws, 'uploadPatrol', ['link-99', {}])).toMatch(/no open link "link-99"/);
    let heard = false;
    for (let i = 0; i < 100 && !heard; i++) {
      heard = (await ok(ws, 'links')).some((x) => x.id === link.id && x.sysids.includes(1));
      if (!heard) await new Promise((r) => setTimeout(r, 100));
    }
    expect(heard).toBe(true);
    const up = await ok(ws, 'uploadPatrol', link.id, {});
    expect(up).toMatchObject({ ok: true, sysid: 1, result: 'ok', mission_state: 'uploaded', preflight_errors: 0 });
    expect(up.items).toBeGreaterThan(100);
    const last = await until('the last progress event', () => progress.all.map((e) => e.payload).find((p) => p.done === p.total && p.total === up.items));
    expect(last).toMatchObject({ link_id: link.id, sysid: 1 });
    const out = join(temp(), 'held.waypoints');
    const d = await run(['mission', 'download', '--link', sim.uri, '--out', out, '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(readMissionFile(readFileSync(out, 'utf8'), out).plan.mission).toHaveLength(up.items);
    progress.stop();
  }, 60_000);

  it('a bad URI, a port in use, a link opened twice and an unknown link are answered with what is wrong', async () => {
    const dataDir = temp();
    const ws = await connect((await serve(dataDir)).url);
    expect(await failure(ws, 'openLink', ['udpin:0.0.0.0'])).toMatch(/udpin:0\.0\.0\.0.*(port|PORT)/);
    expect(await failure(ws, 'openLink', ['bluetooth:xx'])).toMatch(/bluetooth:xx/);
    expect(await failure(ws, 'openLink', [''])).toMatch(/openLink: argument 0: a link URI/);

    const busy = createSocket('udp4');
    await new Promise<void>((r) => busy.bind(0, '127.0.0.1', () => r()));
    const port = busy.address().port;
    expect(await failure(ws, 'openLink', [`udpin:127.0.0.1:${port}`])).toMatch(new RegExp(`udpin:127\\.0\\.0\\.1:${port}.*EADDRINUSE`));
    busy.close();

    const tcp = createServer();
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
    const uri = `tcp:127.0.0.1:${(tcp.address() as { port: number }).port}`;
    const l = await ok(ws, 'openLink', uri);
    expect(await failure(ws, 'openLink', [uri])).toBe(`${uri}: already open`);
    expect(await failure(ws, 'closeLink', ['link-99'])).toMatch(/no link "link-99"; open links: link-/);
    await ok(ws, 'closeLink', l.id);
    tcp.close();
  }, 30_000);

  it('serial ports: listed, or (no udevadm) an empty list with the problem and the way to type a path', async () => {
    const failing = await serve(temp(), { listSerialPorts: async () => ({ ports: [], problem: 'listing serial ports failed (spawn udevadm ENOENT): type the port\'s path instead, e.g. serial:/dev/ttyUSB0:57600' }) });
    const ws = await connect(failing.url);
    const r = await ok(ws, 'serialPorts');
    expect(r.ports).toEqual([]);
    expect(r.problem).toMatch(/type the port's path instead, e\.g\. serial:\/dev\/ttyUSB0:57600/);
    // The real lister on this machine answers too, one way or the other, never an exception.
    const real = await ok(await connect((await serve(temp())).url), 'serialPorts');
    expect(Array.isArray(real.ports)).toBe(true);
    expect(real.problem === null || /listing serial ports failed/.test(real.problem)).toBe(true);
  });
});
