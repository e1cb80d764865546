// A lossy loopback, as in MAVSDK's transfer tests: the command client against a tiny responder over a channel
// that drops, delays and duplicates frames, all in fake time with a seeded generator (deterministic).
// Every ack carries the command's token (param1) back in result_param2, so the test can prove each outcome
// belongs to the command it resolved.
import { describe, expect, it } from 'vitest';
import { common, type MavLinkData } from 'node-mavlink';
import { FrameEncoder } from '../../mavlink/encoder';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { decodeFrame } from '../../mavlink/decoder';
import { FakeClock } from '../../mavlink/protocols/fake-clock';
import { CommandClient } from '../../mavlink/protocols/command-client';
import type { CommandResult } from '../../mavlink/protocols/command-types';

type Long = InstanceType<typeof common.CommandLong>;

function overWire(encoder: FrameEncoder, msg: MavLinkData): { msg: MavLinkData; sysid: number; compid: number } {
  const out: { msg: MavLinkData; sysid: number; compid: number }[] = [];
  new FrameScanner().push(encoder.encode(msg), (f) => {
    const m = decodeFrame(f);
    if (m) out.push({ msg: m, sysid: f.sysid, compid: f.compid });
  });
  if (out.length !== 1) throw new Error('overWire: expected exactly one frame back');
  return out[0];
}

describe('CommandClient over a lossy channel', () => {
  it('every command ends accepted (with its own ack) or timeout after exactly 4 sends; nothing leaks', async () => {
    const LOSS = 0.35;
    let seed = 0x2545f491;
    const rand = () => {
      seed ^= seed << 13; seed >>>= 0;
      seed ^= seed >>> 17;
      seed ^= seed << 5; seed >>>= 0;
      return seed / 0x100000000;
    };
    const clock = new FakeClock(0);
    const gcsEnc = new FrameEncoder({ sysid: 255, compid: 190 });
    const vehEnc = new FrameEncoder({ sysid: 1, compid: 1 });
    const seen = new Map<number, number[]>(); // token → confirmations the vehicle received

    const vehicleReceive = (cmd: Long) => {
      const token = cmd._param1;
      seen.set(token, [...(seen.get(token) ?? []), cmd.confirmation]);
      const ack = new common.CommandAck();
      Object.assign(ack, { command: cmd.command, result: common.MavResult.ACCEPTED, progress: 0, resultParam2: token, targetSystem: 255, targetComponent: 190 });
      const copies = rand() < 0.15 ? 2 : 1; // duplicated on the way back sometimes
      for (let i = 0; i < copies; i++) {
        if (rand() < LOSS) continue;
        const w = overWire(vehEnc, ack);
        clock.setTimeout(() => client.handle(w.msg, { sysid: w.sysid, compid: w.compid }), 20 + rand() * 280);
      }
    };
    const client: CommandClient = new CommandClient({
      clock,
      send: (m) => {
        const w = overWire(gcsEnc, m);
        if (rand() < LOSS) return;
        clock.setTimeout(() => vehicleReceive(w.msg as Long), 20 + rand() * 280);
      },
    });

    const results: { token: number; r: CommandResult }[] = [];
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    // Four command ids in parallel, 20 commands each, one after another with a 2 s pause (longer than any
    // late ack), so a straggling ack finds nothing in flight and must be ignored.
    const ids = [common.MavCmd.COMPONENT_ARM_DISARM, common.MavCmd.DO_SET_MODE, common.MavCmd.NAV_TAKEOFF, common.MavCmd.SET_MESSAGE_INTERVAL];
    let done = 0;
    const chains = ids.map(async (command, k) => {
      for (let i = 0; i < 20; i++) {
        const token = (k + 1) * 1000 + i;
        const r = await client.send({ kind: 'long', target: { sysid: 1, compid: 1 }, command, params: [token] });
        results.push({ token, r });
        await sleep(2000);
      }
      done++;
    });
    for (let step = 0; done < ids.length && step < 100_000; step++) {
      clock.advance(10);
      await new Promise<void>((r) => setImmediate(r));
    }
    await Promise.all(chains);
    clock.advance(1000); // let straggling acks arrive: they must be ignored

    expect(results).toHaveLength(80);
    const accepted = results.filter((x) => x.r.result === 'accepted');
    const timedOut = results.filter((x) => x.r.result === 'timeout');
    expect(accepted.length + timedOut.length).toBe(80);
    expect(accepted.length).toBeGreaterThan(50);
    expect(timedOut.length).toBeGreaterThan(0);
    for (const { token, r } of accepted) {
      expect(r.ack?.result_param2).toBe(token);
      expect(r.attempts).toBeGreaterThanOrEqual(1);
      expect(r.attempts).toBeLessThanOrEqual(4);
      expect(r.elapsed_ms).toBeLessThan(6000);
    }
    for (const { r } of timedOut) expect(r).toMatchObject({ attempts: 4, elapsed_ms: 6000 });
    for (const { token, r } of results) {
      const confirmations = seen.get(token) ?? [];
      expect(new Set(confirmations).size).toBe(confirmations.length);
      expect(confirmations.every((c) => c >= 0 && c < r.attempts)).toBe(true);
      if (r.result === 'accepted') expect(confirmations.length).toBeGreaterThan(0);
    }
    expect(client.pending()).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});
