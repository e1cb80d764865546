// A sortie driven through the app's API (browser mode, real WebSocket) as the Fly view will drive it: the demo
// patrol uploaded to the simulated copter, Start patrol (GUIDED, arm, takeoff, AUTO), pause (LOITER) and resume
// (AUTO), RTL home until landed and disarmed; each action answers with its typed result.
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionProgress, LinkSummary, VehicleMission, VehicleSnapshot } from '../../electron/api';
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

    const missions = events<VehicleMission>(ws, 'mission');
    const steps = events<ActionProgress>(ws, 'action');
    const uploaded = await ok(ws, 'uploadPatrol', link.id, {});
    expect(uploaded).toMatchObject({ ok: true, mission_state: 'uploaded' });
    // The verify read-back is what the map draws: numbered as the vehicle numbers it (ArduPilot's home is 0).
    const readBack = await until('mission event', () => missions.all.at(-1)?.payload);
    expect(readBack).toMatchObject({ link_id: link.id, sysid: 1, source: 'upload' });
    expect(readBack.items).toHaveLength(uploaded.items);
    expect(readBack.items[0]).toMatchObject({ seq: 1, command: 22, command_name: 'NAV_TAKEOFF' });
    const placed = readBack.items.filter((i) => i.lat_deg !== null);
    expect(placed.length).toBeGreaterThan(5);
    for (const p of placed) expect(Math.abs((p.lat_deg as number) - DEMO_HOME.lat_deg)).toBeLessThan(0.01);
    // A download reads the same mission back.
    const downloaded = await ok(ws, 'readMission', link.id, { sysid: 1 });
    expect(downloaded.source).toBe('download');
    expect(downloaded.items).toEqual(readBack.items);
    expect(await ok(ws, 'missions')).toEqual([downloaded]);

    const start = await ok(ws, 'vehicleAction', link.id, { action: 'start' });
    expect(start).toMatchObject({ ok: true, action: 'start', sysid: 1, result: 'accepted', detail: null });
    expect(steps.all.map((e) => e.payload.step).filter((s, i, a) => a[i - 1] !== s)).toEqual(['guided', 'arm', 'takeoff', 'climb', 'mission', 'done']);
    await until('flight time counting', () => ((latest()?.armed_s ?? 0) > 0 ? true : undefined));
    await until('AUTO, armed, flying', () => (latest()?.mode === 'AUTO' && latest()?.armed && (latest()?.alt_rel_m ?? 0) > 10 ? true : undefined), 30_000);

    expect(await ok(ws, 'vehicleAction', link.id, { action: 'pause' })).toMatchObject({ ok: true, result: 'accepted' });
    await until('LOITER', () => (latest()?.mode === 'LOITER' ? true : undefined));
    expect(await ok(ws, 'vehicleAction', link.id, { action: 'resume' })).toMatchObject({ ok: true });
    await until('AUTO again', () => (latest()?.mode === 'AUTO' ? true : undefined));

    expect(await ok(ws, 'vehicleAction', link.id, { action: 'rtl' })).toMatchObject({ ok: true, action: 'rtl' });
    await until('RTL', () => (latest()?.mode === 'RTL' ? true : undefined));
    await until('landed and disarmed', () => (latest()?.armed === false ? true : undefined), 60_000);
    expect(Math.abs(latest()?.alt_rel_m ?? 99)).toBeLessThan(1);
    expect(latest()?.armed_s).toBeNull();
    vehicles.stop();
  }, 120_000);

  it('a copter that cannot arm: Start patrol says the PreArm reason while it waits, and the recording grows', async () => {
    const ws = await connect((await serve(temp())).url);
    const steps = events<ActionProgress>(ws, 'action');
    const links = events<LinkSummary[]>(ws, 'links');
    await ok(ws, 'openDemo');
    expect(await failure(ws, 'startSimulator', [{ ...DEMO_HOME, scenario: 'storm' }])).toMatch(/startSimulator: argument 0\.scenario/);
    const sim = await ok(ws, 'startSimulator', { ...DEMO_HOME, speedup: 5, scenario: 'low_battery' });
    const link = await ok(ws, 'openLink', sim.uri);
    const vehicles = events<VehicleSnapshot[]>(ws, 'vehicles');
    await until('vehicle 1', () => vehicles.all.at(-1)?.payload.find((v) => v.sysid === 1));
    // Arming is retried until the sequence's deadline (a minute), or until the link closes.
    const started = ok(ws, 'vehicleAction', link.id, { action: 'start' });
    // First the GPS (ekf_ready_s), then the battery: each PreArm reason as the vehicle says it.
    const waiting = await until('arming refused', () => steps.all.find((e) => e.payload.step === 'arm' && e.payload.note?.includes('Battery'))?.payload, 20_000);
    expect(waiting).toMatchObject({ link_id: link.id, sysid: 1, action: 'start', note: 'PreArm: Battery 1 low' });
    // The vehicle's own message says it too (its snapshot may follow the step by up to 50 ms).
    const snap = await until('the reason in the snapshot', () => vehicles.all.at(-1)?.payload.find((v) => v.sysid === 1 && v.statustext.some((m) => m.text === 'PreArm: Battery 1 low')));
    expect(snap.armed).toBe(false);
    // The links event carries the recording's size as it grows.
    const sizes = links.all.map((e) => e.payload.find((l) => l.id === link.id)?.tlog_bytes ?? 0);
    await until('recording grows', () => (links.all.at(-1)?.payload[0]?.tlog_bytes ?? 0) > Math.max(...sizes) ? true : undefined, 10_000);
    // Cancelling ends the waiting start at once, saying so; a second cancel finds nothing running.
    const t0 = Date.now();
    expect(await ok(ws, 'vehicleAction', link.id, { action: 'cancel' })).toMatchObject({ ok: true, result: 'cancelled' });
    expect(await started).toMatchObject({ ok: false, action: 'start', result: 'arm', detail: expect.stringMatching(/^cancelled/) });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await ok(ws, 'vehicleAction', link.id, { action: 'cancel' })).toMatchObject({ ok: false, result: 'nothing_running' });
    // Closing the link also stops the simulator started for it.
    await ok(ws, 'closeLink', link.id);
    expect(await failure(ws, 'stopSimulator', [sim.id])).toMatch(/no simulator/);
  }, 60_000);
});
