// A vehicle that reboots mid-recording restarts its clock (time_boot_ms): the track must not interleave the two
// boots. Each boot is anchored at its own recording time; frames a little out of order within a boot still sort.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { common, minimal } from 'node-mavlink';
import { FrameEncoder } from '../../mavlink/encoder';
import { TlogWriter } from '../../mavlink/tlog/writer';
import { readFlightTrack } from '../../electron/cli/flight-track';

const dir = mkdtempSync(join(tmpdir(), 'wp-reboot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function heartbeat(): minimal.Heartbeat {
  const h = new minimal.Heartbeat();
  h.type = minimal.MavType.QUADROTOR;
  h.autopilot = minimal.MavAutopilot.ARDUPILOTMEGA;
  return h;
}

function position(boot_ms: number, north_m: number): common.GlobalPositionInt {
  const p = new common.GlobalPositionInt();
  p.timeBootMs = boot_ms;
  p.lat = Math.round((34.75 + north_m / 111_195) * 1e7);
  p.lon = Math.round(113.75 * 1e7);
  p.relativeAlt = 20_000;
  return p;
}

describe('flight track across a reboot', () => {
  it('the second boot follows the first in time; within a boot, order is by the vehicle clock', async () => {
    const path = join(dir, 'reboot.tlog');
    const w = await TlogWriter.open(path);
    const enc = new FrameEncoder({ sysid: 1, compid: 1 });
    const t0_us = Date.UTC(2026, 10, 30, 8, 0, 0) * 1000;
    w.write(enc.encode(heartbeat()), t0_us);
    // Boot 1: 60 s of flight, positions 0..59 m north, at boot times 100 000..159 000 ms. Two frames swapped.
    const boot1 = Array.from({ length: 60 }, (_, i) => i);
    [boot1[10], boot1[11]] = [boot1[11], boot1[10]];
    for (const i of boot1) w.write(enc.encode(position(100_000 + i * 1000, i)), t0_us + (i + 1) * 1_000_000);
    // Reboot: 30 s later the clock starts again at 5 000 ms; positions 100..119 m north.
    for (let i = 0; i < 20; i++) w.write(enc.encode(position(5_000 + i * 1000, 100 + i)), t0_us + (90 + i) * 1_000_000);
    await w.close();

    const { sysid, track } = await readFlightTrack(path);
    expect(sysid).toBe(1);
    expect(track).toHaveLength(80);
    const north = track.map((s) => Math.round((s.lat_deg - 34.75) * 111_195));
    expect(north).toEqual([...Array.from({ length: 60 }, (_, i) => i), ...Array.from({ length: 20 }, (_, i) => 100 + i)]);
    // Boot 2 starts at its own recording time (90 s after the start), not 95 s before boot 1.
    expect((track[60].t_us - track[0].t_us) / 1e6).toBeCloseTo(89, 0);
    for (let i = 1; i < track.length; i++) expect(track[i].t_us).toBeGreaterThan(track[i - 1].t_us);
  });

  it('a camera with its own boot clock does not move the positions; its photos fall among them', async () => {
    const path = join(dir, 'camera.tlog');
    const w = await TlogWriter.open(path);
    const ap = new FrameEncoder({ sysid: 1, compid: 1 });
    const cam = new FrameEncoder({ sysid: 1, compid: 100 });
    const t0_us = Date.UTC(2026, 10, 30, 9, 0, 0) * 1000;
    w.write(ap.encode(heartbeat()), t0_us);
    for (let i = 0; i < 30; i++) {
      w.write(ap.encode(position(600_000 + i * 1000, i)), t0_us + (i + 1) * 1_000_000);
      if (i % 10 === 5) {
        const shot = new common.CameraImageCaptured();
        shot.timeBootMs = 20_000 + i * 1000; // the camera booted long after the autopilot
        shot.lat = Math.round((34.75 + i / 111_195) * 1e7);
        shot.lon = Math.round(113.75 * 1e7);
        shot.imageIndex = i;
        w.write(cam.encode(shot), t0_us + (i + 1) * 1_000_000 + 500_000);
      }
    }
    await w.close();
    const { track, photos } = await readFlightTrack(path);
    expect(track).toHaveLength(30);
    // Positions keep one second apart from the first; no jump.
    for (let i = 1; i < track.length; i++) expect(track[i].t_us - track[i - 1].t_us).toBe(1_000_000);
    expect(photos.map((p) => p.image_index)).toEqual([5, 15, 25]);
    for (const p of photos) {
      const near = track.find((s) => Math.round((s.lat_deg - 34.75) * 111_195) === p.image_index);
      expect(Math.abs(p.t_us - (near?.t_us ?? 0)), `photo ${p.image_index}`).toBeLessThan(2_000_000);
    }
  });

  it('a stalled second link delivering a late burst is not a reboot: nothing after it shifts', async () => {
    const path = join(dir, 'burst.tlog');
    const w = await TlogWriter.open(path);
    const enc = new FrameEncoder({ sysid: 1, compid: 1 });
    const t0_us = Date.UTC(2026, 10, 30, 10, 0, 0) * 1000;
    w.write(enc.encode(heartbeat()), t0_us);
    for (let i = 0; i < 40; i++) {
      w.write(enc.encode(position(300_000 + i * 1000, i)), t0_us + (i + 1) * 1_000_000);
      // At i = 30 the second link, stalled 8 s, delivers what it held: samples 22..29 again.
      if (i === 30) for (let k = 22; k < 30; k++) w.write(enc.encode(position(300_000 + k * 1000, k)), t0_us + 31_000_000);
    }
    await w.close();
    const { track } = await readFlightTrack(path);
    expect(track).toHaveLength(40);
    for (let i = 1; i < track.length; i++) expect(track[i].t_us - track[i - 1].t_us).toBe(1_000_000);
  });

  it('a sped-up simulator (vehicle clock 10× the wall clock) that reboots: the second boot still comes after the first', async () => {
    const path = join(dir, 'speedup.tlog');
    const w = await TlogWriter.open(path);
    const enc = new FrameEncoder({ sysid: 1, compid: 1 });
    const t0_us = Date.UTC(2026, 10, 30, 11, 0, 0) * 1000;
    w.write(enc.encode(heartbeat()), t0_us);
    // Boot 1: 100 samples 1 s apart on the vehicle clock, 0.1 s apart on the wall clock.
    for (let i = 0; i < 100; i++) w.write(enc.encode(position(10_000 + i * 1000, i)), t0_us + i * 100_000);
    // Reboot 2 s (wall) later; boot 2 starts at 8 s on its clock.
    for (let i = 0; i < 20; i++) w.write(enc.encode(position(8_000 + i * 1000, 200 + i)), t0_us + 12_000_000 + i * 100_000);
    await w.close();
    const { track } = await readFlightTrack(path);
    const north = track.map((s) => Math.round((s.lat_deg - 34.75) * 111_195));
    expect(north).toEqual([...Array.from({ length: 100 }, (_, i) => i), ...Array.from({ length: 20 }, (_, i) => 200 + i)]);
    for (let i = 1; i < track.length; i++) expect(track[i].t_us).toBeGreaterThan(track[i - 1].t_us);
  });
});
