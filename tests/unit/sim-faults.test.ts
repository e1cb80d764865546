// Link fault injection: loss, duplication, reordering and latency at about the configured rates, reproducible
// from the seed; applied to the simulator's frames in both directions; bad configurations refused by name.
import { common, minimal } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { FaultInjector, validateFaults, type FaultConfig } from '../../mavlink/sim/faults';
import { Simulator } from '../../mavlink/sim/simulator';
import { createBytePipe } from '../../mavlink/sim/byte-pipe';
import { pipeSim } from './sim-helpers';

/** Push 0..n-1 through an injector, one every `every_ms`, then drain; returns what came out. */
function run(cfg: FaultConfig, n: number, every_ms = 10): { out: number[]; injector: FaultInjector<number> } {
  const out: number[] = [];
  const injector = new FaultInjector<number>(cfg, (x) => out.push(x));
  let now = 0;
  for (let i = 0; i < n; i++) {
    injector.push(i, now);
    now += every_ms;
    injector.poll(now);
  }
  injector.poll(now + 1e6);
  return { out, injector };
}

/** Items that arrive after a larger one already arrived (each counted once). */
function lateArrivals(out: number[]): number {
  let max = -1;
  let late = 0;
  const seen = new Set<number>();
  for (const x of out) {
    if (seen.has(x)) continue;
    seen.add(x);
    if (x < max) late++;
    max = Math.max(max, x);
  }
  return late;
}

describe('fault injector', () => {
  const N = 20_000;

  it('loses about the configured fraction', () => {
    const { out, injector } = run({ loss: 0.1, seed: 7 }, N);
    const unique = new Set(out).size;
    expect(N - unique).toBe(injector.stats.lost);
    expect(injector.stats.lost / N).toBeGreaterThan(0.09);
    expect(injector.stats.lost / N).toBeLessThan(0.11);
    expect(out.length).toBe(unique); // no duplication asked
  });

  it('duplicates about the configured fraction', () => {
    const { out } = run({ duplicate: 0.05, seed: 3 }, N);
    const dups = out.length - new Set(out).size;
    expect(new Set(out).size).toBe(N);
    expect(dups / N).toBeGreaterThan(0.04);
    expect(dups / N).toBeLessThan(0.06);
  });

  it('reorders about the configured fraction, and nothing is lost by it', () => {
    const { out } = run({ reorder: 0.05, seed: 11 }, N);
    expect(new Set(out).size).toBe(N);
    const late = lateArrivals(out);
    expect(late / N).toBeGreaterThan(0.04);
    expect(late / N).toBeLessThan(0.06);
    expect(lateArrivals(run({ seed: 11 }, N).out)).toBe(0);
  });

  it('delays every item by the latency, plus jitter within bounds', () => {
    const times: number[] = [];
    let now = 0;
    const injector = new FaultInjector<number>({ latency_ms: 100, jitter_ms: 20, seed: 5 }, () => times.push(now));
    injector.push(1, 0);
    for (now = 0; now <= 200; now += 1) injector.poll(now);
    expect(times).toHaveLength(1);
    expect(times[0]).toBeGreaterThanOrEqual(100);
    expect(times[0]).toBeLessThan(120);
  });

  it('is reproducible from its seed and differs between seeds', () => {
    const cfg: FaultConfig = { loss: 0.2, duplicate: 0.1, reorder: 0.1, latency_ms: 15, jitter_ms: 10 };
    const a = run({ ...cfg, seed: 42 }, 2_000).out;
    const b = run({ ...cfg, seed: 42 }, 2_000).out;
    const c = run({ ...cfg, seed: 43 }, 2_000).out;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // The whole 32-bit seed range is usable, and its ends give different streams.
    const top = run({ ...cfg, seed: 2 ** 32 - 1 }, 2_000).out;
    const zero = run({ ...cfg, seed: 0 }, 2_000).out;
    expect(top).not.toEqual(zero);
    expect(top).toEqual(run({ ...cfg, seed: 2 ** 32 - 1 }, 2_000).out);
  });

  it('refuses bad configurations naming the field', () => {
    expect(() => validateFaults({ loss: 1.5 })).toThrow(/loss must be a probability/);
    expect(() => validateFaults({ duplicate: -0.1 })).toThrow(/duplicate/);
    expect(() => validateFaults({ latency_ms: Number.NaN })).toThrow(/latency_ms/);
    expect(() => validateFaults({ seed: 1.5 })).toThrow(/seed/);
    const { a } = createBytePipe();
    expect(() => new Simulator({ port: a, faults: { reorder: 2 } })).toThrow(/simulator faults: reorder/);
    expect(() => new Simulator({ port: a, vehicles: 0 })).toThrow(/vehicles must be an integer in 1..250/);
    expect(() => new Simulator({ port: a, speedup: 0 })).toThrow(/speedup/);
    expect(() => new Simulator({ port: a, home: { lat_deg: 91, lon_deg: 0, alt_m: 0 } })).toThrow(/home latitude/);
    expect(() => new Simulator({ port: a, vehicle: { speed_mps: -1 } })).toThrow(/speed_mps/);
    expect(() => new Simulator({ port: a }).runFor(Number.NaN)).toThrow(/runFor needs a duration/);
  });
});

describe('simulator with link faults', () => {
  it('loses about the configured fraction of its telemetry (sequence gaps show it) and of commands', () => {
    const { sim, gcs } = pipeSim({ faults: { loss: 0.3, seed: 9 } });
    sim.runFor(6_000);
    for (let i = 0; i < 200; i++) gcs.command(1, common.MavCmd.SET_MESSAGE_INTERVAL, [common.Attitude.MSG_ID, 10_000]);
    sim.runFor(100);
    // A command arrives (p = 0.7) and its ack comes back (p = 0.7): about 49 % of 200.
    const acks = gcs.all(common.CommandAck).length;
    expect(acks).toBeGreaterThan(80);
    expect(acks).toBeLessThan(120);
    gcs.clear();
    sim.runFor(20_000);
    const received = gcs.all(common.Attitude).length;
    expect(received / 1000).toBeGreaterThan(0.65); // 50 Hz (capped) × 20 s sent
    expect(received / 1000).toBeLessThan(0.75);
    // What a GCS sees: gaps in the vehicle's sequence numbers.
    let missing = 0;
    for (let i = 1; i < gcs.received.length; i++) missing += (gcs.received[i].seq - gcs.received[i - 1].seq - 1 + 256) % 256;
    const seen = gcs.received.length;
    expect(missing / (missing + seen)).toBeGreaterThan(0.25);
    expect(missing / (missing + seen)).toBeLessThan(0.35);
    expect(gcs.all(minimal.Heartbeat).length).toBeGreaterThan(9); // about 70 % of 20
    expect(gcs.all(minimal.Heartbeat).length).toBeLessThan(19);
    expect(sim.outbound.stats.lost / sim.outbound.stats.frames).toBeCloseTo(0.3, 1);
    expect(sim.inbound.stats.lost).toBeGreaterThan(40);
  });

  it('duplicates and reorders frames towards the GCS when asked', () => {
    const { sim, gcs } = pipeSim({ faults: { duplicate: 0.1, reorder: 0.1, seed: 4 } });
    gcs.command(1, common.MavCmd.SET_MESSAGE_INTERVAL, [common.Attitude.MSG_ID, 20_000]);
    sim.runFor(20_000);
    const times = gcs.all(common.Attitude).map((r) => r.msg.timeBootMs);
    const dups = times.length - new Set(times).size;
    expect(dups / times.length).toBeGreaterThan(0.06);
    expect(dups / times.length).toBeLessThan(0.14);
    const late = lateArrivals(times);
    expect(late / new Set(times).size).toBeGreaterThan(0.06);
    expect(late / new Set(times).size).toBeLessThan(0.14);
  });

  it('adds latency in link time (sim time / speedup under runFor)', () => {
    const { sim, gcs } = pipeSim({ faults: { latency_ms: 100 }, speedup: 2 });
    sim.runFor(1_000);
    const sent_ms = sim.sim_ms;
    gcs.command(1, common.MavCmd.REQUEST_MESSAGE, [common.SysStatus.MSG_ID]);
    sim.runFor(1_000);
    const ack = gcs.all(common.CommandAck)[0];
    // 100 ms in, 100 ms out, of link time = 400 ms of sim time at speedup 2 (within one 20 ms step each way).
    expect(ack.t_ms - sent_ms).toBeGreaterThanOrEqual(400);
    expect(ack.t_ms - sent_ms).toBeLessThanOrEqual(440);
  });
});
