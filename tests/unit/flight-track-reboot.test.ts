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
});
