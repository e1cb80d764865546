// The reply peer of a `udpin` link (mavlink/links/udp.ts) gated by the link's signing (mavlink/link-signing.ts,
// gatePeerBySigning / LinkSigning.acceptsPeer), on real UDP sockets on 127.0.0.1: once a vehicle signing with the key
// has spoken, junk bytes, an unsigned frame, a frame signed with another key and a replay of the vehicle's own signed
// datagram, each from another port, do not redirect what we send; the vehicle moving to another port with fresh
// signed frames is followed. The gate only reads: the frames it looked at are still accepted by the connection.
// Without signing the gate asks for one CRC-valid MAVLink frame; without a gate the link answers whoever sent last.
import { createSocket, type Socket } from 'node:dgram';
import { minimal } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { MavConnection } from '../../mavlink/connection';
import { FrameEncoder } from '../../mavlink/encoder';
import { gatePeerBySigning, LinkSigning } from '../../mavlink/link-signing';
import type { Link } from '../../mavlink/links/link';
import { openLink } from '../../mavlink/links/open-link';
import type { UdpInLink } from '../../mavlink/links/udp';
import { signingKeyFromPassphrase, SigningSender, verifySignature } from '../../mavlink/signing';
import { sleep, waitUntil } from '../helpers/link-probe';

const KEY = signingKeyFromPassphrase('udp peer gate key');
const OTHER_KEY = signingKeyFromPassphrase('somebody else');

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function heartbeat(): minimal.Heartbeat {
  return Object.assign(new minimal.Heartbeat(), {
    type: minimal.MavType.QUADROTOR, autopilot: minimal.MavAutopilot.ARDUPILOTMEGA, baseMode: minimal.MavModeFlag.CUSTOM_MODE_ENABLED,
    customMode: 4, systemStatus: minimal.MavState.STANDBY, mavlinkVersion: 3,
  });
}

/** A UDP socket on 127.0.0.1 that keeps every datagram it receives. */
interface Peer {
  socket: Socket;
  port: number;
  got: Uint8Array[];
  send(bytes: Uint8Array): Promise<void>;
}

async function peer(to: number): Promise<Peer> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const got: Uint8Array[] = [];
  socket.on('message', (m) => got.push(new Uint8Array(m)));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return {
    socket, port: socket.address().port, got,
    send: (bytes) => new Promise<void>((resolve, reject) => socket.send(bytes, to, '127.0.0.1', (err) => (err ? reject(err) : resolve()))),
  };
}

/** Our side: udpin on a free port, a connection on it (signing optional), the gate wired as the connection will. */
async function gcs(signing?: LinkSigning): Promise<{ link: Link & UdpInLink; connection: MavConnection; port: number }> {
  const link = (await openLink('udpin:127.0.0.1:0')) as Link & UdpInLink;
  cleanups.push(() => link.close());
  const connection = new MavConnection({ link, signing });
  cleanups.push(() => connection.dispose());
  gatePeerBySigning(link, () => signing);
  return { link, connection, port: link.localPort ?? 0 };
}

/** Send a datagram from `from` and wait until our link has received it. */
async function deliver(link: Link, from: Peer, bytes: Uint8Array): Promise<void> {
  const before = link.counters.bytesIn;
  await from.send(bytes);
  await waitUntil(() => link.counters.bytesIn >= before + bytes.length, `${bytes.length} bytes from port ${from.port} received`);
}

/** Send one heartbeat from our side and wait until `to` has it (and a moment for any other socket to get it). */
async function sendAndExpectAt(connection: MavConnection, to: Peer, others: Peer[]): Promise<void> {
  const before = others.map((o) => o.got.length);
  const n = to.got.length;
  connection.send(heartbeat());
  await waitUntil(() => to.got.length > n, `our heartbeat at port ${to.port}`);
  await sleep(40);
  expect(others.map((o) => o.got.length)).toEqual(before);
}

describe('udpin reply peer gated by signing', () => {
  it('a signed vehicle keeps our traffic against junk, unsigned, wrongly signed and replayed datagrams from other ports, and is followed when it moves', async () => {
    const signing = await LinkSigning.open({ key: KEY, link_id: 0, require: true });
    const { link, connection, port } = await gcs(signing);
    const vehicle = await peer(port);
    const attacker = await peer(port);
    const vehicleSigner = new SigningSender(KEY, 1);
    const encoder = new FrameEncoder({ sysid: 1, compid: 1 });
    const signedHeartbeat = () => vehicleSigner.sign(encoder.encode(heartbeat()));

    // Before anyone signed, junk makes nobody the peer: our frame is not sent anywhere.
    await deliver(link, attacker, new Uint8Array([0x42]));
    await sleep(40);
    connection.send(heartbeat());
    await sleep(40);
    expect(attacker.got).toHaveLength(0);
    expect(link.lastPeer).toBeUndefined();

    const captured = signedHeartbeat();
    await deliver(link, vehicle, captured);
    await waitUntil(() => connection.stats().signing?.signed_ok === 1, 'the vehicle heard');
    await sendAndExpectAt(connection, vehicle, [attacker]);
    expect(verifySignature(vehicle.got[0], KEY)).toBe(true);

    // One junk byte.
    await deliver(link, attacker, new Uint8Array([0x00]));
    await sendAndExpectAt(connection, vehicle, [attacker]);
    // A whole, CRC-valid but unsigned frame.
    await deliver(link, attacker, new FrameEncoder({ sysid: 1, compid: 1 }).encode(heartbeat()));
    await sendAndExpectAt(connection, vehicle, [attacker]);
    // Signed with another key.
    await deliver(link, attacker, new SigningSender(OTHER_KEY, 1).sign(encoder.encode(heartbeat())));
    await sendAndExpectAt(connection, vehicle, [attacker]);
    // The vehicle's own signed datagram, captured and sent again from another port: a replay.
    await deliver(link, attacker, captured);
    await sendAndExpectAt(connection, vehicle, [attacker]);
    expect(link.lastPeer).toEqual({ address: '127.0.0.1', port: vehicle.port });
    // Every one of them reached the connection, whose signing dropped them.
    await waitUntil(() => {
      const s = connection.stats().signing;
      return s !== null && s.unsigned_dropped === 1 && s.bad_signature === 1 && s.replay === 1;
    }, 'the attacker frames judged by the connection');

    // The vehicle moves to another port (a radio bridge restarted) and goes on signing: it is followed.
    const moved = await peer(port);
    await deliver(link, moved, signedHeartbeat());
    await waitUntil(() => connection.stats().signing?.signed_ok === 2, 'the moved vehicle heard');
    await sendAndExpectAt(connection, moved, [vehicle, attacker]);
    expect(link.lastPeer).toEqual({ address: '127.0.0.1', port: moved.port });
    await signing.close();
  });

  it('the check reads only: a datagram it looked at is still accepted once, then is a replay', async () => {
    const signing = await LinkSigning.open({ key: KEY, link_id: 0, require: true });
    const frame = new SigningSender(KEY, 1).sign(new FrameEncoder({ sysid: 1, compid: 1 }).encode(heartbeat()));
    const junk = new Uint8Array([1, 2, 3, 0xfd, 9]);
    const datagram = new Uint8Array([...junk, ...frame]);
    expect(signing.acceptsPeer(datagram)).toBe(true);
    expect(signing.acceptsPeer(datagram)).toBe(true);
    expect(signing.acceptsPeer(junk)).toBe(false);
    expect(signing.stats()).toMatchObject({ signed_ok: 0, replay: 0 });

    const { link, connection, port } = await gcs(signing);
    const vehicle = await peer(port);
    await deliver(link, vehicle, datagram);
    await waitUntil(() => connection.stats().signing?.signed_ok === 1, 'the frame accepted');
    expect(signing.acceptsPeer(datagram)).toBe(false);
    expect(connection.stats().signing).toMatchObject({ signed_ok: 1, replay: 0 });
    await signing.close();
  });

  it('signing not required: a peer that does not sign still becomes the peer', async () => {
    const signing = await LinkSigning.open({ key: KEY, link_id: 0, require: false });
    const { link, connection, port } = await gcs(signing);
    const vehicle = await peer(port);
    await deliver(link, vehicle, new FrameEncoder({ sysid: 1, compid: 1 }).encode(heartbeat()));
    await waitUntil(() => connection.stats().signing?.unsigned_accepted === 1, 'the unsigned vehicle heard');
    await sendAndExpectAt(connection, vehicle, []);
    await signing.close();
  });

  it('without signing: junk from another port does not redirect, a CRC-valid MAVLink frame does', async () => {
    const { link, connection, port } = await gcs(undefined);
    const vehicle = await peer(port);
    const other = await peer(port);
    await deliver(link, vehicle, new FrameEncoder({ sysid: 1, compid: 1 }).encode(heartbeat()));
    await waitUntil(() => connection.stats().scan.frames === 1, 'the vehicle heard');
    await sendAndExpectAt(connection, vehicle, [other]);
    await deliver(link, other, new TextEncoder().encode('not mavlink at all'));
    await sendAndExpectAt(connection, vehicle, [other]);
    await deliver(link, other, new FrameEncoder({ sysid: 2, compid: 1 }).encode(heartbeat()));
    await sendAndExpectAt(connection, other, [vehicle]);
  });

  it("withoutSigning: 'any' leaves a link without signing as it was; with signing the gate still holds", async () => {
    const link = (await openLink('udpin:127.0.0.1:0')) as Link & UdpInLink;
    cleanups.push(() => link.close());
    let signing: LinkSigning | undefined = undefined; // none yet: set below
    gatePeerBySigning(link, () => signing, { withoutSigning: 'any' });
    const port = link.localPort ?? 0;
    const a = await peer(port);
    const b = await peer(port);
    await deliver(link, a, new Uint8Array([1]));
    expect(link.lastPeer?.port).toBe(a.port);
    signing = await LinkSigning.open({ key: KEY, link_id: 0, require: true });
    await deliver(link, b, new Uint8Array([2]));
    expect(link.lastPeer?.port).toBe(a.port);
    await deliver(link, b, new SigningSender(KEY, 1).sign(new FrameEncoder({ sysid: 1, compid: 1 }).encode(heartbeat())));
    expect(link.lastPeer?.port).toBe(b.port);
    await signing.close();
  });

  it('without a gate the link answers whoever sent last, as before', async () => {
    const link = (await openLink('udpin:127.0.0.1:0')) as Link & UdpInLink;
    cleanups.push(() => link.close());
    const port = link.localPort ?? 0;
    const a = await peer(port);
    const b = await peer(port);
    await deliver(link, a, new Uint8Array([1]));
    await waitUntil(() => link.lastPeer?.port === a.port, 'a is the peer');
    await deliver(link, b, new Uint8Array([2]));
    await waitUntil(() => link.lastPeer?.port === b.port, 'b is the peer');
    link.setPeerGate(() => false);
    await deliver(link, a, new Uint8Array([3]));
    await sleep(40);
    expect(link.lastPeer?.port).toBe(b.port);
    link.setPeerGate(undefined);
    await deliver(link, a, new Uint8Array([4]));
    await waitUntil(() => link.lastPeer?.port === a.port, 'a is the peer again');
  });
});
