// udpin <-> udpout over real UDP sockets on loopback (ephemeral ports).
import { afterEach, describe, expect, it } from 'vitest';
import type { Link } from '../../mavlink/links/link';
import { createLink, openLink } from '../../mavlink/links/open-link';
import { collect, pattern, recordStatuses, sleep } from '../helpers/link-probe';

const opened: Link[] = [];

async function open(uri: string): Promise<Link> {
  const link = await openLink(uri);
  opened.push(link);
  return link;
}

function portOf(link: Link): number {
  const port = link.localPort;
  if (port === undefined || port === 0) throw new Error(`${link.uri}: no local port after open`);
  return port;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((link) => link.close()));
});

describe('udpin / udpout', () => {
  it('udpin binds port 0, tells its port, and drops (counts) writes until a peer speaks', async () => {
    const server = await open('udpin:127.0.0.1:0');
    expect(server.state).toBe('open');
    const port = portOf(server);
    server.write(Uint8Array.of(1, 2, 3));
    expect(server.counters).toEqual({ bytesIn: 0, bytesOut: 0, droppedWrites: 1, reconnects: 0 });

    const client = await open(`udpout:127.0.0.1:${port}`);
    const atServer = collect(server);
    const atClient = collect(client);
    client.write(Buffer.from('hello vehicle'));
    expect((await atServer.waitForBytes(13)).toString()).toBe('hello vehicle');

    server.write(Buffer.from('hello gcs'));
    expect((await atClient.waitForBytes(9)).toString()).toBe('hello gcs');
    // The dropped write before anyone spoke never arrived: the client got exactly the reply.
    await sleep(30);
    expect(atClient.length).toBe(9);
    expect(server.counters).toEqual({ bytesIn: 13, bytesOut: 9, droppedWrites: 1, reconnects: 0 });
    expect(client.counters).toEqual({ bytesIn: 9, bytesOut: 13, droppedWrites: 0, reconnects: 0 });
  });

  it('carries 200 MAVLink-sized datagrams each way, in order and intact', async () => {
    const server = await open('udpin:127.0.0.1:0');
    const client = await open(`udpout:127.0.0.1:${portOf(server)}`);
    const atServer = collect(server);
    const atClient = collect(client);
    const up = pattern(200 * 280, 1);
    const down = pattern(200 * 280, 2);
    for (let i = 0; i < 200; i++) {
      client.write(up.subarray(i * 280, (i + 1) * 280));
      if (i % 50 === 49) await sleep(5);
    }
    expect((await atServer.waitForBytes(up.length)).equals(up)).toBe(true);
    for (let i = 0; i < 200; i++) {
      server.write(down.subarray(i * 280, (i + 1) * 280));
      if (i % 50 === 49) await sleep(5);
    }
    expect((await atClient.waitForBytes(down.length)).equals(down)).toBe(true);
  });

  it('udpin replies to whoever sent last', async () => {
    const server = await open('udpin:127.0.0.1:0');
    const port = portOf(server);
    const first = await open(`udpout:127.0.0.1:${port}`);
    const second = await open(`udpout:127.0.0.1:${port}`);
    const atFirst = collect(first, 'first');
    const atSecond = collect(second, 'second');
    const atServer = collect(server);
    const statuses = recordStatuses(server);

    first.write(Buffer.from('A'));
    await atServer.waitForBytes(1);
    server.write(Buffer.from('to-first'));
    expect((await atFirst.waitForBytes(8)).toString()).toBe('to-first');

    second.write(Buffer.from('B'));
    await atServer.waitForBytes(2);
    server.write(Buffer.from('to-second'));
    expect((await atSecond.waitForBytes(9)).toString()).toBe('to-second');
    await sleep(30);
    expect(atFirst.bytes().toString()).toBe('to-first');

    first.write(Buffer.from('A'));
    await atServer.waitForBytes(3);
    server.write(Buffer.from('again'));
    expect((await atFirst.waitForBytes(13)).toString()).toBe('to-firstagain');
    expect(atSecond.bytes().toString()).toBe('to-second');
    expect(statuses.map((s) => s.detail)).toEqual([
      `replying to 127.0.0.1:${first.localPort}`,
      `replying to 127.0.0.1:${second.localPort}`,
      `replying to 127.0.0.1:${first.localPort}`,
    ]);
  });

  it('works over IPv6 [::1] and with localhost', async () => {
    const v6 = await open('udpin:[::1]:0');
    const v6client = await open(`udpout:[::1]:${portOf(v6)}`);
    const at6 = collect(v6);
    v6client.write(Buffer.from('six'));
    expect((await at6.waitForBytes(3)).toString()).toBe('six');

    const local = await open('udpin:localhost:0');
    const localClient = await open(`udpout:localhost:${portOf(local)}`);
    const atLocal = collect(local);
    localClient.write(Buffer.from('four'));
    expect((await atLocal.waitForBytes(4)).toString()).toBe('four');
  });

  it('udpin on a port already taken rejects with an Error naming the URI', async () => {
    const first = await open('udpin:127.0.0.1:0');
    const uri = `udpin:127.0.0.1:${portOf(first)}`;
    const second = createLink(uri);
    await expect(second.open()).rejects.toThrow(new RegExp(`^link "${uri}": cannot bind UDP 127\\.0\\.0\\.1:\\d+: EADDRINUSE`));
    expect(second.state).toBe('closed');
  });

  it('close is idempotent, unsubscribes nothing it should not, and refuses reopening', async () => {
    const server = await open('udpin:127.0.0.1:0');
    const client = await open(`udpout:127.0.0.1:${portOf(server)}`);
    const got: string[] = [];
    const unsubscribe = server.onData((chunk) => got.push(Buffer.from(chunk).toString()));
    const atServer = collect(server);
    client.write(Buffer.from('one'));
    await atServer.waitForBytes(3);
    unsubscribe();
    client.write(Buffer.from('two'));
    await atServer.waitForBytes(6);
    expect(got).toEqual(['one']);

    const statuses = recordStatuses(client);
    await Promise.all([client.close(), client.close()]);
    await client.close();
    expect(client.state).toBe('closed');
    expect(statuses).toEqual([{ state: 'closed', detail: 'closed by user' }]);
    client.write(Buffer.from('late'));
    expect(client.counters.droppedWrites).toBe(1);
    await expect(client.open()).rejects.toThrow(`link "udpout:127.0.0.1:${portOf(server)}": already closed`);
  });
});
