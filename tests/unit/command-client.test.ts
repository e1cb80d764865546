// The command protocol state machine under fake time, after MAVSDK's mission transfer tests: every message the
// client sends and every ack it receives goes through the real encoder, frame scanner and decoder.
import { describe, expect, it } from 'vitest';
import { minimal, common, type MavLinkData } from 'node-mavlink';
import { FrameEncoder } from '../../mavlink/encoder';
import { FrameScanner } from '../../mavlink/frame-scanner';
import { decodeFrame } from '../../mavlink/decoder';
import { FakeClock } from '../../mavlink/protocols/fake-clock';
import { CommandClient } from '../../mavlink/protocols/command-client';
import type { CommandOptions, CommandResult } from '../../mavlink/protocols/command-types';
import type { MessageSource } from '../../mavlink/protocols/env';

const { MavCmd, MavResult } = common;
type CommandLongMsg = InstanceType<typeof common.CommandLong>;

/** Encode as `from` would, scan and decode: the message exactly as the connection would hand it over. */
function wire(msg: MavLinkData, from: { sysid: number; compid: number }): { msg: MavLinkData; from: MessageSource } {
  const bytes = new FrameEncoder(from).encode(msg);
  const out: { msg: MavLinkData; from: MessageSource }[] = [];
  new FrameScanner().push(bytes, (f) => {
    const m = decodeFrame(f);
    if (m) out.push({ msg: m, from: { sysid: f.sysid, compid: f.compid, seq: f.seq } });
  });
  expect(out).toHaveLength(1);
  return out[0];
}

function ackMsg(command: number, result: number, o: { progress?: number; target?: [number, number] } = {}) {
  const a = new common.CommandAck();
  a.command = command;
  a.result = result;
  a.progress = o.progress ?? 0;
  a.resultParam2 = 0;
  a.targetSystem = o.target?.[0] ?? 255;
  a.targetComponent = o.target?.[1] ?? 190;
  return a;
}

function setup(opts: { timeout_ms?: number; retries?: number; in_progress_timeout_ms?: number } = {}) {
  const clock = new FakeClock(10_000);
  const sent: { t_ms: number; msg: MavLinkData }[] = [];
  const client = new CommandClient({ clock, send: (m) => sent.push({ t_ms: clock.now_ms(), msg: wire(m, { sysid: 255, compid: 190 }).msg }), ...opts });
  const ack = (command: number, result: number, o: { progress?: number; target?: [number, number]; from?: [number, number] } = {}) => {
    const w = wire(ackMsg(command, result, o), { sysid: o.from?.[0] ?? 1, compid: o.from?.[1] ?? 1 });
    client.handle(w.msg, w.from);
  };
  const arm = (o?: CommandOptions) => client.send({ kind: 'long', target: { sysid: 1, compid: 1 }, command: MavCmd.COMPONENT_ARM_DISARM, params: [1] }, o);
  const longs = () => sent.map((s) => s.msg).filter((m): m is CommandLongMsg => m instanceof common.CommandLong);
  return { clock, sent, client, ack, arm, longs };
}

/** Watch a promise without awaiting it: `.value` is set once it resolves (after a microtask flush). */
function watch(p: Promise<CommandResult>) {
  const w: { value?: CommandResult } = {};
  void p.then((v) => { w.value = v; });
  return w;
}
const flush = () => new Promise<void>((r) => setImmediate(r));

describe('CommandClient', () => {
  it('accepted on the first try: one COMMAND_LONG, no timer left', async () => {
    const { clock, client, ack, arm, longs } = setup();
    const p = arm();
    expect(longs()).toHaveLength(1);
    const m = longs()[0];
    expect([m.targetSystem, m.targetComponent, m.command, m.confirmation, m._param1]).toEqual([1, 1, MavCmd.COMPONENT_ARM_DISARM, 0, 1]);
    clock.advance(200);
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.ACCEPTED);
    const r = await p;
    expect(r).toMatchObject({ result: 'accepted', command: 400, command_name: 'COMPONENT_ARM_DISARM', attempts: 1, elapsed_ms: 200 });
    expect(r.ack).toMatchObject({ result: 0, result_name: 'ACCEPTED', from: { sysid: 1, compid: 1 } });
    expect(clock.pending()).toBe(0);
    expect(client.pending()).toBe(0);
  });

  it('ack lost: retransmits at 1.5 s with confirmation 1, accepted on attempt 2', async () => {
    const { clock, sent, ack, arm, longs } = setup();
    const w = watch(arm());
    clock.advance(1499);
    expect(longs()).toHaveLength(1);
    clock.advance(1);
    expect(longs()).toHaveLength(2);
    expect(sent[1].t_ms).toBe(11_500);
    expect(longs().map((m) => m.confirmation)).toEqual([0, 1]);
    clock.advance(300);
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.ACCEPTED);
    await flush();
    expect(w.value).toMatchObject({ result: 'accepted', attempts: 2, elapsed_ms: 1800 });
    clock.advance(10_000);
    expect(longs()).toHaveLength(2);
  });

  it('no ack at all: 4 sends at 0, 1.5, 3, 4.5 s, then timeout at exactly 6 s', async () => {
    const { clock, sent, arm, longs } = setup();
    const w = watch(arm());
    clock.advance(5999);
    await flush();
    expect(w.value).toBeUndefined();
    clock.advance(1);
    await flush();
    expect(sent.map((s) => s.t_ms - 10_000)).toEqual([0, 1500, 3000, 4500]);
    expect(longs().map((m) => m.confirmation)).toEqual([0, 1, 2, 3]);
    expect(w.value).toMatchObject({ result: 'timeout', attempts: 4, elapsed_ms: 6000 });
    expect(w.value?.ack).toBeUndefined();
    expect(clock.pending()).toBe(0);
  });

  it('timeout and retries are configurable per client and per command', async () => {
    const { clock, sent, arm } = setup({ timeout_ms: 500, retries: 1 });
    const w = watch(arm());
    clock.advance(1000);
    await flush();
    expect(w.value).toMatchObject({ result: 'timeout', attempts: 2, elapsed_ms: 1000 });
    const w2 = watch(arm({ retries: 0, timeout_ms: 250 }));
    clock.advance(250);
    await flush();
    expect(w2.value).toMatchObject({ result: 'timeout', attempts: 1 });
    expect(sent).toHaveLength(3);
  });

  it.each([
    [MavResult.DENIED, 'denied'],
    [MavResult.UNSUPPORTED, 'unsupported'],
    [MavResult.FAILED, 'failed'],
    [MavResult.TEMPORARILY_REJECTED, 'temporarily_rejected'],
    [MavResult.CANCELLED, 'cancelled'],
    [MavResult.COMMAND_INT_ONLY, 'unsupported'],
    [MavResult.COMMAND_UNSUPPORTED_MAV_FRAME, 'unsupported'],
    [42, 'failed'],
  ])('MAV_RESULT %i maps to %s, with no retransmission', async (mav, outcome) => {
    const { clock, ack, arm, longs } = setup();
    const p = arm();
    ack(MavCmd.COMPONENT_ARM_DISARM, mav);
    const r = await p;
    expect(r.result).toBe(outcome);
    expect(r.attempts).toBe(1);
    expect(r.ack?.result).toBe(mav);
    clock.advance(10_000);
    expect(longs()).toHaveLength(1);
  });

  it('ignores acks for another command, from another system or component, or addressed to another GCS', async () => {
    const { clock, ack, arm } = setup();
    const w = watch(arm());
    ack(MavCmd.NAV_TAKEOFF, MavResult.DENIED);
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.DENIED, { from: [2, 1] });
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.DENIED, { from: [1, 154] });
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.DENIED, { target: [254, 190] });
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.DENIED, { target: [255, 1] });
    await flush();
    expect(w.value).toBeUndefined();
    // An ack without the MAVLink 2 target extension (zeros, as older firmware sends) is for us.
    clock.advance(100);
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.ACCEPTED, { target: [0, 0] });
    await flush();
    expect(w.value).toMatchObject({ result: 'accepted', attempts: 1 });
  });

  it('ignores a stale ack that arrives before the command was sent', async () => {
    const { clock, ack, arm, longs } = setup();
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.ACCEPTED);
    clock.advance(100);
    const w = watch(arm());
    clock.advance(1000);
    await flush();
    expect(w.value).toBeUndefined();
    expect(longs()).toHaveLength(1);
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.DENIED);
    await flush();
    expect(w.value).toMatchObject({ result: 'denied', attempts: 1 });
  });

  it('queues a second command with the same id to the same target until the first is done', async () => {
    const { clock, ack, client, longs } = setup();
    const target = { sysid: 1, compid: 1 };
    const first = watch(client.send({ kind: 'long', target, command: MavCmd.DO_SET_MODE, params: [1, 4] }));
    const second = watch(client.send({ kind: 'long', target, command: MavCmd.DO_SET_MODE, params: [1, 6] }));
    expect(longs().map((m) => m._param2)).toEqual([4]);
    expect(client.pending()).toBe(2);
    clock.advance(1000);
    ack(MavCmd.DO_SET_MODE, MavResult.ACCEPTED);
    await flush();
    expect(first.value).toMatchObject({ result: 'accepted', attempts: 1 });
    expect(second.value).toBeUndefined();
    expect(longs().map((m) => m._param2)).toEqual([4, 6]);
    clock.advance(1499);
    ack(MavCmd.DO_SET_MODE, MavResult.DENIED);
    await flush();
    expect(second.value).toMatchObject({ result: 'denied', attempts: 1, elapsed_ms: 1499 });
  });

  it('IN_PROGRESS stops retransmission and reports progress; the final ack decides', async () => {
    const { clock, ack, arm, longs } = setup();
    const progress: (number | undefined)[] = [];
    const w = watch(arm({ onProgress: (p) => progress.push(p) }));
    clock.advance(1000);
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.IN_PROGRESS, { progress: 40 });
    clock.advance(4000);
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.IN_PROGRESS, { progress: 255 });
    clock.advance(4000);
    expect(longs()).toHaveLength(1);
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.ACCEPTED);
    await flush();
    expect(progress).toEqual([40, undefined]);
    expect(w.value).toMatchObject({ result: 'accepted', attempts: 1, progress_pct: 40, elapsed_ms: 9000 });
  });

  it('IN_PROGRESS then silence: outcome in_progress after in_progress_timeout_ms', async () => {
    const { clock, ack, arm, longs } = setup({ in_progress_timeout_ms: 3000 });
    const w = watch(arm());
    clock.advance(500);
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.IN_PROGRESS, { progress: 10 });
    clock.advance(2999);
    await flush();
    expect(w.value).toBeUndefined();
    clock.advance(1);
    await flush();
    expect(w.value).toMatchObject({ result: 'in_progress', attempts: 1, progress_pct: 10, elapsed_ms: 3500 });
    expect(w.value?.ack?.result_name).toBe('IN_PROGRESS');
    expect(longs()).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });

  it('cancellation by AbortSignal: in flight, before sending, and while queued', async () => {
    const { clock, ack, arm, longs, client } = setup();
    const ac = new AbortController();
    const w = watch(arm({ signal: ac.signal }));
    clock.advance(1600);
    ac.abort();
    await flush();
    expect(w.value).toMatchObject({ result: 'cancelled', attempts: 2, elapsed_ms: 1600 });
    expect(w.value?.ack).toBeUndefined();
    clock.advance(10_000);
    expect(longs()).toHaveLength(2);
    expect(clock.pending()).toBe(0);

    const pre = await arm({ signal: AbortSignal.abort() });
    expect(pre).toMatchObject({ result: 'cancelled', attempts: 0 });
    expect(longs()).toHaveLength(2);

    const ac2 = new AbortController();
    const active = watch(arm());
    const queued = watch(arm({ signal: ac2.signal }));
    ac2.abort();
    await flush();
    expect(queued.value).toMatchObject({ result: 'cancelled', attempts: 0 });
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.ACCEPTED);
    await flush();
    expect(active.value).toMatchObject({ result: 'accepted' });
    expect(longs()).toHaveLength(3);
    expect(client.pending()).toBe(0);
  });

  it('runs two commands with different ids concurrently and matches each ack', async () => {
    const { clock, ack, client, longs } = setup();
    const target = { sysid: 1, compid: 1 };
    const takeoff = watch(client.send({ kind: 'long', target, command: MavCmd.NAV_TAKEOFF, params: [0, 0, 0, 0, 0, 0, 10] }));
    const mode = watch(client.send({ kind: 'long', target, command: MavCmd.DO_SET_MODE, params: [1, 4] }));
    expect(longs().map((m) => m.command)).toEqual([MavCmd.NAV_TAKEOFF, MavCmd.DO_SET_MODE]);
    clock.advance(100);
    ack(MavCmd.DO_SET_MODE, MavResult.ACCEPTED);
    clock.advance(1500); // takeoff retransmitted at 1500
    ack(MavCmd.NAV_TAKEOFF, MavResult.TEMPORARILY_REJECTED);
    await flush();
    expect(mode.value).toMatchObject({ result: 'accepted', attempts: 1, elapsed_ms: 100 });
    expect(takeoff.value).toMatchObject({ result: 'temporarily_rejected', attempts: 2, elapsed_ms: 1600 });
  });

  it('is not disturbed by unrelated messages interleaved with the exchange', async () => {
    const { clock, client, ack, arm } = setup();
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const noise = (): MavLinkData => {
      const pick = Math.floor(rand() * 4);
      if (pick === 0) {
        const hb = new minimal.Heartbeat();
        Object.assign(hb, { type: 2, autopilot: 3, baseMode: 0, customMode: 4, systemStatus: 4, mavlinkVersion: 3 });
        return hb;
      }
      if (pick === 1) {
        const t = new common.StatusText();
        Object.assign(t, { severity: 6, text: 'PreArm: noise', id: 0, chunkSeq: 0 });
        return t;
      }
      if (pick === 2) {
        const c = new common.CommandLong(); // someone else's command on the same link
        Object.assign(c, { targetSystem: 1, targetComponent: 1, command: MavCmd.COMPONENT_ARM_DISARM, confirmation: 0,
          _param1: 1, _param2: 0, _param3: 0, _param4: 0, _param5: 0, _param6: 0, _param7: 0 });
        return c;
      }
      return ackMsg(MavCmd.NAV_LAND, MavResult.DENIED);
    };
    const w = watch(arm());
    for (let i = 0; i < 300; i++) {
      const from = rand() < 0.5 ? { sysid: 1, compid: 1 } : { sysid: 1 + Math.floor(rand() * 3), compid: Math.floor(rand() * 3) };
      const x = wire(noise(), from);
      client.handle(x.msg, x.from);
      clock.advance(7);
    }
    await flush();
    expect(w.value).toBeUndefined();
    ack(MavCmd.COMPONENT_ARM_DISARM, MavResult.ACCEPTED);
    await flush();
    expect(w.value).toMatchObject({ result: 'accepted', attempts: 2 });
  });

  it('reports send_failed when the sender throws, and close() cancels everything', async () => {
    const clock = new FakeClock();
    const client = new CommandClient({ clock, send: () => { throw new Error('link closed'); } });
    const r = await client.send({ kind: 'long', target: { sysid: 1, compid: 1 }, command: MavCmd.NAV_LAND });
    expect(r).toMatchObject({ result: 'send_failed', attempts: 1, error: 'link closed' });
    expect(clock.pending()).toBe(0);

    const { client: c2, arm, clock: k2 } = setup();
    const a = watch(arm());
    const b = watch(arm());
    c2.close();
    await flush();
    expect(a.value?.result).toBe('cancelled');
    expect(b.value).toMatchObject({ result: 'cancelled', attempts: 0 });
    expect(k2.pending()).toBe(0);
    expect(c2.pending()).toBe(0);
  });

  it('throws a clear Error for a malformed request', () => {
    const { client } = setup();
    expect(() => client.send({ kind: 'long', target: { sysid: 0, compid: 1 }, command: 400 })).toThrow(/target must be/);
    expect(() => client.send({ kind: 'long', target: { sysid: 1, compid: 1 }, command: 70000 })).toThrow(/command id/);
    expect(() => client.send({ kind: 'long', target: { sysid: 1, compid: 1 }, command: 400, params: [1, 2, 3, 4, 5, 6, 7, 8] })).toThrow(/too many params/);
    expect(() => client.send({ kind: 'int', target: { sysid: 1, compid: 1 }, command: 192, frame: 6, x: 1.5, y: 0, z: 0 })).toThrow(/x must be an int32/);
    expect(() => client.send({ kind: 'long', target: { sysid: 1, compid: 1 }, command: 400 }, { retries: -1 })).toThrow(/retries/);
    expect(client.pending()).toBe(0);
  });
});
