// tcp <-> tcpin over real TCP sockets on loopback (ephemeral ports), including drops and reconnects.
import { spawn } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Link } from '../../mavlink/links/link';
import { createLink, openLink, type LinkOptions } from '../../mavlink/links/open-link';
import { TcpServerLink } from '../../mavlink/links/tcp';
import { collect, pattern, recordStatuses, sleep, waitForState, waitForStatus, waitUntil, writeInChunks } from '../helpers/link-probe';

const links: Link[] = [];
const servers: Server[] = [];
const rawSockets: Socket[] = [];

async function open(uri: string, opts?: LinkOptions): Promise<Link> {
  const link = createLink(uri, opts);
  links.push(link);
  await link.open();
  return link;
}

function portOf(link: Link): number {
  const port = link.localPort;
  if (port === undefined || port === 0) throw new Error(`${link.uri}: no local port after open`);
  return port;
}

/** A plain TCP server whose accepted sockets the test can destroy. */
async function rawServer(port = 0): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    rawSockets.push(socket);
    socket.on('data', (chunk) => socket.write(chunk)); // echo
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('raw server has no address');
  return { server, port: address.port, sockets };
}

afterEach(async () => {
  await Promise.all(links.splice(0).map((link) => link.close()));
  for (const socket of rawSockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe('tcp / tcpin', () => {
  it('carries 512 KiB each way at once, nothing lost or reordered', async () => {
    const server = await open('tcpin:127.0.0.1:0');
    const client = await open(`tcp:127.0.0.1:${portOf(server)}`);
    expect(client.state).toBe('open');
    const atServer = collect(server, 'server');
    const atClient = collect(client, 'client');
    // The server only writes once it has a client; wait for the accept to be seen.
    client.write(Buffer.from('!'));
    await atServer.waitForBytes(1);

    const up = pattern(512 * 1024, 11);
    const down = pattern(512 * 1024, 12);
    writeInChunks(client, up);
    writeInChunks(server, down);
    const gotUp = await atServer.waitForBytes(up.length + 1);
    const gotDown = await atClient.waitForBytes(down.length);
    expect(gotUp.subarray(1).equals(up)).toBe(true);
    expect(gotDown.equals(down)).toBe(true);
    expect(client.counters).toMatchObject({ bytesOut: up.length + 1, bytesIn: down.length, droppedWrites: 0 });
    expect(server.counters).toMatchObject({ bytesIn: up.length + 1, bytesOut: down.length, droppedWrites: 0 });
  });

  it('tcpin serves two clients: bytes from both arrive, writes go to both', async () => {
    const server = await open('tcpin:127.0.0.1:0');
    const statuses = recordStatuses(server);
    server.write(Buffer.from('nobody'));
    expect(server.counters.droppedWrites).toBe(1);
    const port = portOf(server);
    const one = await open(`tcp:127.0.0.1:${port}`);
    const two = await open(`tcp:localhost:${port}`);
    const atServer = collect(server, 'server');
    const atOne = collect(one, 'one');
    const atTwo = collect(two, 'two');
    one.write(Buffer.alloc(3000, 'a'));
    two.write(Buffer.alloc(2000, 'b'));
    const got = (await atServer.waitForBytes(5000)).toString();
    expect(got.split('').filter((c) => c === 'a').length).toBe(3000);
    expect(got.split('').filter((c) => c === 'b').length).toBe(2000);

    const down = pattern(64 * 1024, 3);
    writeInChunks(server, down);
    expect((await atOne.waitForBytes(down.length)).equals(down)).toBe(true);
    expect((await atTwo.waitForBytes(down.length)).equals(down)).toBe(true);
    expect(server.counters.bytesOut).toBe(2 * down.length);
    expect(statuses.slice(0, 2).map((s) => s.detail?.replace(/:\d+ /, ':P '))).toEqual([
      'client 127.0.0.1:P connected; 1 connected',
      'client 127.0.0.1:P connected; 2 connected',
    ]);

    const left = waitForStatus(server, (s) => s.detail?.includes(' left') === true, 'client left');
    await one.close();
    expect((await left).detail).toMatch(/^client 127\.0\.0\.1:\d+ left; 1 connected$/);
    expect((server as TcpServerLink).clientCount).toBe(1);
    server.write(Buffer.from('still here'));
    expect((await atTwo.waitForBytes(down.length + 10)).subarray(down.length).toString()).toBe('still here');
  });

  it('works over IPv6 [::1]', async () => {
    const server = await open('tcpin:[::1]:0');
    const client = await open(`tcp:[::1]:${portOf(server)}`);
    const atServer = collect(server);
    client.write(Buffer.from('six'));
    expect((await atServer.waitForBytes(3)).toString()).toBe('six');
  });

  it('open() to a closed port rejects with a message naming the URI', async () => {
    const { server, port } = await rawServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const uri = `tcp:127.0.0.1:${port}`;
    const link = createLink(uri);
    links.push(link);
    await expect(link.open()).rejects.toThrow(`link "${uri}": cannot connect to 127.0.0.1:${port}: ECONNREFUSED`);
    expect(link.state).toBe('closed');
    expect(link.counters.reconnects).toBe(0);
  });

  it('open() gives up after connectTimeout_ms when the server never answers', async () => {
    // A listener whose process is frozen (Atomics.wait) never accepts; once its backlog is full the
    // kernel drops further SYNs, so a connect neither succeeds nor is refused.
    const frozen = spawn(process.execPath, ['-e', `
      const server = require('node:net').createServer();
      server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
        process.stdout.write(server.address().port + '\\n');
        setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0), 50);
      });`], { stdio: ['ignore', 'pipe', 'inherit'] });
    const fillers: Socket[] = [];
    const fillerErrors: string[] = [];
    const exited = new Promise((resolve) => frozen.once('exit', resolve));
    try {
      const port = await new Promise<number>((resolve) => frozen.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
      await sleep(100);
      for (let i = 0; i < 4; i++) {
        const filler = connect(port, '127.0.0.1');
        // A filler whose SYN is dropped may time out later; that is expected and not this test's concern.
        filler.on('error', (err) => fillerErrors.push(err.message));
        fillers.push(filler);
      }
      await sleep(100);
      const uri = `tcp:127.0.0.1:${port}`;
      const link = createLink(uri, { connectTimeout_ms: 300 });
      links.push(link);
      const t0_ms = Date.now();
      await expect(link.open()).rejects.toThrow(`link "${uri}": cannot connect to 127.0.0.1:${port}: timed out after 300 ms`);
      expect(Date.now() - t0_ms).toBeGreaterThanOrEqual(290);

      // close() during that hanging connect cuts it short instead of waiting out the timeout.
      const patient = createLink(uri, { connectTimeout_ms: 10_000 });
      const opening = patient.open();
      expect(patient.state).toBe('opening');
      const t1_ms = Date.now();
      await patient.close();
      await expect(opening).rejects.toThrow(`link "${uri}": cannot connect to 127.0.0.1:${port}: link closed while connecting`);
      expect(Date.now() - t1_ms).toBeLessThan(1000);
      expect(patient.state).toBe('closed');
    } finally {
      for (const filler of fillers) filler.destroy();
      frozen.kill('SIGKILL');
      await exited;
    }
  });

  it('tcpin on a port already in use rejects naming the URI', async () => {
    const { port } = await rawServer();
    const uri = `tcpin:127.0.0.1:${port}`;
    const link = createLink(uri);
    links.push(link);
    await expect(link.open()).rejects.toThrow(`link "${uri}": cannot listen on TCP 127.0.0.1:${port}: EADDRINUSE`);
  });

  it('reconnects after the server drops the connection; writes meanwhile are dropped and counted', async () => {
    const raw = await rawServer();
    const client = await open(`tcp:127.0.0.1:${raw.port}`);
    const atClient = collect(client);
    const statuses = recordStatuses(client);
    client.write(Buffer.from('before'));
    expect((await atClient.waitForBytes(6)).toString()).toBe('before');

    const reconnecting = waitForState(client, 'reconnecting');
    raw.sockets[0].destroy();
    await reconnecting;
    client.write(Buffer.from('lost'));
    expect(client.counters.droppedWrites).toBe(1);

    await waitForState(client, 'open');
    expect(client.counters.reconnects).toBe(1);
    expect(raw.sockets.length).toBe(2);
    const big = pattern(128 * 1024, 7);
    writeInChunks(client, big);
    const echoed = await atClient.waitForBytes(6 + big.length);
    expect(echoed.subarray(6).equals(big)).toBe(true);
    expect(statuses.map((s) => s.state)).toEqual(['reconnecting', 'open']);
    expect(statuses[0].detail).toBe(`connection to 127.0.0.1:${raw.port} lost`);
    expect(statuses[1].detail).toBe(`reconnected to 127.0.0.1:${raw.port}`);
  });

  it('keeps retrying with backoff while the server is down, and reconnects when it is back on the same port', async () => {
    const server = await open('tcpin:127.0.0.1:0');
    const port = portOf(server);
    const client = await open(`tcp:127.0.0.1:${port}`, { reconnectMin_ms: 50, reconnectMax_ms: 200 });
    const statuses = recordStatuses(client);
    const reconnecting = waitForState(client, 'reconnecting');
    await server.close();
    await reconnecting;
    await sleep(500); // 50 + 100 + 200 + 200 ms of refused attempts
    const retries = statuses.filter((s) => s.detail?.startsWith(`reconnect to 127.0.0.1:${port} failed: ECONNREFUSED`));
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries.map((s) => s.detail?.match(/retrying in (\d+) ms/)?.[1])).toEqual(
      ['100', '200', '200', '200', '200'].slice(0, retries.length),
    );
    expect(client.state).toBe('reconnecting');

    const again = await open(`tcpin:127.0.0.1:${port}`);
    await waitForState(client, 'open', 2000);
    expect(client.counters.reconnects).toBe(1);
    const atAgain = collect(again);
    const atClient = collect(client);
    client.write(Buffer.from('up'));
    expect((await atAgain.waitForBytes(2)).toString()).toBe('up');
    again.write(Buffer.from('down'));
    expect((await atClient.waitForBytes(4)).toString()).toBe('down');
  });

  it('close() while reconnecting stops the retries for good', async () => {
    const server = await open('tcpin:127.0.0.1:0');
    const port = portOf(server);
    const client = await open(`tcp:127.0.0.1:${port}`, { reconnectMin_ms: 50, reconnectMax_ms: 50 });
    const reconnecting = waitForState(client, 'reconnecting');
    await server.close();
    await reconnecting;
    await client.close();
    expect(client.state).toBe('closed');
    const statuses = recordStatuses(client);

    const again = await open(`tcpin:127.0.0.1:${port}`);
    await sleep(300);
    expect(again).toBeInstanceOf(TcpServerLink);
    expect((again as TcpServerLink).clientCount).toBe(0);
    expect(statuses).toEqual([]);
    expect(client.counters.reconnects).toBe(0);
  });

  it('a peer that stops reading makes writes drop (counted) instead of queueing without bound', async () => {
    const raw = await rawServer();
    const client = await open(`tcp:127.0.0.1:${raw.port}`);
    await waitUntil(() => raw.sockets.length === 1, 'the server to accept');
    const peer = raw.sockets[0];
    peer.removeAllListeners('data');
    peer.pause();
    const chunk = pattern(64 * 1024, 5);
    for (let i = 0; i < 256; i++) client.write(chunk); // 16 MiB, far more than socket buffers hold
    expect(client.counters.droppedWrites).toBeGreaterThan(0);
    expect(client.counters.bytesOut + client.counters.droppedWrites * chunk.length).toBe(256 * chunk.length);

    let received = 0;
    peer.on('data', (data: Buffer) => {
      received += data.length;
    });
    peer.resume();
    await waitUntil(() => received >= client.counters.bytesOut, `${client.counters.bytesOut} bytes at the peer`);
    await sleep(20);
    expect(received).toBe(client.counters.bytesOut);
  });

  it('close() ends the connection, is idempotent, and later writes are dropped', async () => {
    const raw = await rawServer();
    const link = await openLink(`tcp:127.0.0.1:${raw.port}`);
    await link.close();
    await link.close();
    expect(link.state).toBe('closed');
    await sleep(20);
    expect(raw.sockets[0].destroyed || raw.sockets[0].readableEnded).toBe(true);
    link.write(Buffer.from('late'));
    expect(link.counters).toMatchObject({ bytesOut: 0, droppedWrites: 1 });
  });
});

describe('tcp client idle watchdog', () => {
  it('a connection that goes silent (a dead path the OS has not noticed) is replaced, even while we keep writing', async () => {
    // The raw server echoes: while we write, it answers; then it stops answering without closing anything.
    const { port, sockets } = await rawServer();
    const client = await open(`tcp:127.0.0.1:${port}`, { idleTimeout_ms: 300, reconnectMin_ms: 50 });
    const beat = setInterval(() => client.write(Uint8Array.of(1)), 50);
    try {
      await sleep(400);
      expect(client.state, 'echoes keep it alive').toBe('open');
      sockets[0].removeAllListeners('data'); // silence: no echo, no FIN, no RST
      const dropped = await waitForState(client, 'reconnecting', 2000);
      expect(dropped.detail).toMatch(/nothing received for 300 ms/);
      await waitForState(client, 'open', 2000);
      expect(client.counters.reconnects).toBe(1);
      expect(sockets).toHaveLength(2);
    } finally {
      clearInterval(beat);
    }
  });
});
