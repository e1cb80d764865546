// A sortie driven through the app's API (browser mode, real WebSocket) as the Fly view will drive it: the demo
// patrol uploaded to the simulated copter, Start patrol (GUIDED, arm, takeoff, AUTO), pause (LOITER) and resume
// (AUTO), RTL home until landed and disarmed; each action answers with its typed result.
import { afterEach, describe, expect, it } from 'vitest';
import type { VehicleSnapshot } from '../../electron/api';
import { closeAll, connect, events, failure, ok, serve, temp, until } from '../helpers/browser-api';

const DEMO_HOME = { lat_deg: 34.7505859, lon_deg: 113.7492901, alt_m: 20 };
afterEach(closeAll);

describe('a sortie through the API', () => {
  it('upload, start, pause, resume, RTL until landed', async () => {
    const ws = await connect((await serve(temp())).url);
    const vehicles = events<VehicleSnapshot[]>(ws, 'vehicles');
    const latest = () => vehicles.all.at(-1)?.payload.find((v) => v.sysid === 1);
    await ok(ws, 'openDemo');
    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 10 });
    const link = await ok(ws, 'openLink', sim.uri);
    await until('vehicle 1', () => latest());
    expect(await failure(ws, 'vehicleAction', [link.id, { action: 'fly away' }])).toMatch(/vehicleAction: argument 1\.action/);

    expect(await ok(ws, 'uploadPatrol', link.id, {})).toMatchObject({ ok: true, mission_state: 'uploaded' });
    const start = await ok(ws, 'vehicleAction', link.id, { action: 'start' });
    expect(start).toMatchObject({ ok: true, action: 'start', sysid: 1, result: 'accepted', detail: null });
    await until('AUTO, armed, flying', () => (latest()?.mode === 'AUTO' && latest()?.armed && (latest()?.alt_rel_m ?? 0) > 10 ? true : undefined), 30_000);

    expect(await ok(ws, 'vehicleAction', link.id, { action: 'pause' })).toMatchObject({ ok: true, result: 'accepted' });
    await until('LOITER', () => (latest()?.mode === 'LOITER' ? true : undefined));
    expect(await ok(ws, 'vehicleAction', link.id, { action: 'resume' })).toMatchObject({ ok: true });
    await until('AUTO again', () => (latest()?.mode === 'AUTO' ? true : undefined));

    expect(await ok(ws, 'vehicleAction', link.id, { action: 'rtl' })).toMatchObject({ ok: true, action: 'rtl' });
    await until('RTL', () => (latest()?.mode === 'RTL' ? true : undefined));
    await until('landed and disarmed', () => (latest()?.armed === false ? true : undefined), 60_000);
    expect(Math.abs(latest()?.alt_rel_m ?? 99)).toBeLessThan(1);
    vehicles.stop();
  }, 120_000);
});
