// serial <-> serial over a socat pseudo-terminal pair, including "unplugging" (killing socat) and
// "plugging back in" (restarting it with the same link paths).
import { afterEach, describe, expect, it } from 'vitest';
import type { Link } from '../../mavlink/links/link';
import { createLink, type LinkOptions } from '../../mavlink/links/open-link';
import { startSocatPair, type SocatPair } from '../helpers/socat';
import { collect, pattern, recordStatuses, sleep, waitForState, writeInChunks } from '../helpers/link-probe';

const links: Link[] = [];
const pairs: SocatPair[] = [];

async function open(uri: string, opts?: LinkOptions): Promise<Link> {
  const link = createLink(uri, opts);
  links.push(link);
  await link.open();
  return link;
}

async function pair(): Promise<SocatPair> {
  const p = await startSocatPair();
  pairs.push(p);
  return p;
}

afterEach(async () => {
  await Promise.all(links.splice(0).map((link) => link.close()));
  await Promise.all(pairs.splice(0).map((p) => p.dispose()));
});

describe('serial over a socat pty pair', () => {
  it('carries 256 KiB each way at once at the default 57600 baud, nothing lost or reordered', async () => {
    const pty = await pair();
    const a = await open(`serial:${pty.a}`);
    const b = await open(`serial:${pty.b}`);
    expect(a.state).toBe('open');
    const atA = collect(a, 'a');
    const atB = collect(b, 'b');
    const ab = pattern(256 * 1024, 21);
    const ba = pattern(256 * 1024, 22);
    writeInChunks(a, ab);
    writeInChunks(b, ba);
    expect((await atB.waitForBytes(ab.length, 8000)).equals(ab)).toBe(true);
    expect((await atA.waitForBytes(ba.length, 8000)).equals(ba)).toBe(true);
    expect(a.counters).toEqual({ bytesIn: ba.length, bytesOut: ab.length, droppedWrites: 0, reconnects: 0 });
    expect(b.counters).toEqual({ bytesIn: ab.length, bytesOut: ba.length, droppedWrites: 0, reconnects: 0 });
  });

  it('reopens the port after socat is killed and restarted with the same paths, and bytes flow again', async () => {
    const pty = await pair();
    const a = await open(`serial:${pty.a}:115200`, { serialRetry_ms: 100 });
    const b = await open(`serial:${pty.b}:115200`, { serialRetry_ms: 100 });
    const atA = collect(a, 'a');
    const atB = collect(b, 'b');
    const statusesA = recordStatuses(a);
    a.write(Buffer.from('before'));
    expect((await atB.waitForBytes(6)).toString()).toBe('before');

    const lostA = waitForState(a, 'reconnecting');
    const lostB = waitForState(b, 'reconnecting');
    await pty.stop();
    await Promise.all([lostA, lostB]);
    a.write(Buffer.from('into the void'));
    expect(a.counters.droppedWrites).toBe(1);
    await sleep(250); // a couple of failed reopen attempts while "unplugged"
    expect(a.state).toBe('reconnecting');
    expect(statusesA.some((s) => s.detail?.startsWith(`reopen ${pty.a} failed`))).toBe(true);

    const backA = waitForState(a, 'open');
    const backB = waitForState(b, 'open');
    await pty.start();
    await Promise.all([backA, backB]);
    expect(a.counters.reconnects).toBe(1);
    expect(b.counters.reconnects).toBe(1);

    const ab = pattern(64 * 1024, 31);
    const ba = pattern(64 * 1024, 32);
    writeInChunks(a, ab);
    writeInChunks(b, ba);
    expect((await atB.waitForBytes(6 + ab.length)).subarray(6).equals(ab)).toBe(true);
    expect((await atA.waitForBytes(ba.length)).equals(ba)).toBe(true);
    expect(statusesA[0]).toMatchObject({ state: 'reconnecting' });
    expect(statusesA[0].detail).toMatch(new RegExp(`^serial port ${pty.a} lost: .+; reopening every 100 ms$`));
    expect(statusesA.at(-1)).toEqual({ state: 'open', detail: `${pty.a} reopened at 115200 baud` });
  });

  it('open() of a missing device rejects naming the URI', async () => {
    const pty = await pair();
    const uri = `serial:${pty.dir}/nope`;
    const link = createLink(uri);
    links.push(link);
    await expect(link.open()).rejects.toThrow(`link "${uri}": cannot open serial port ${pty.dir}/nope at 57600 baud:`);
    expect(link.state).toBe('closed');
  });

  it('close() while the port is gone stops the retries', async () => {
    const pty = await pair();
    const a = await open(`serial:${pty.a}`, { serialRetry_ms: 50 });
    const lost = waitForState(a, 'reconnecting');
    await pty.stop();
    await lost;
    await a.close();
    const statuses = recordStatuses(a);
    await pty.start();
    await sleep(200);
    expect(a.state).toBe('closed');
    expect(statuses).toEqual([]);
    expect(a.counters.reconnects).toBe(0);
  });
});
