// UDP links.
//   udpin:HOST:PORT  — bind and listen; replies go to whoever sent last (QGroundControl on 14550), or, with a peer
//                      gate set, to whoever last sent a datagram the gate accepted (e.g. one signed with the key).
//   udpout:HOST:PORT — send to HOST:PORT from an ephemeral port; replies arrive on that socket.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP, isIPv6 } from 'node:net';
import type { LinkKind } from './link';
import { LinkBase, errorText } from './link-base';
import { formatHostPort, socketHost, type NetLinkUri } from './uri';

interface Peer {
  address: string;
  port: number;
}

function bindSocket(socket: Socket, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      socket.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      socket.off('error', onError);
      resolve();
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    socket.bind({ port, address, exclusive: true });
  });
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch (err) {
      // ERR_SOCKET_DGRAM_NOT_RUNNING: never bound or already closed; nothing left to release.
      if ((err as NodeJS.ErrnoException).code !== 'ERR_SOCKET_DGRAM_NOT_RUNNING') throw err;
      resolve();
    }
  });
}

abstract class UdpLinkBase extends LinkBase {
  protected socket: Socket | undefined;
  /** True between a successful bind and close (socket.address() throws outside that window). */
  private bound = false;

  constructor(
    uri: string,
    protected readonly target: NetLinkUri,
  ) {
    super(uri);
  }

  /** The local UDP port after open (useful when the URI asked for port 0). */
  get localPort(): number | undefined {
    return this.bound && this.socket ? this.socket.address().port : undefined;
  }

  protected async bindNew(address: string, port: number): Promise<Socket> {
    const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
    this.socket = socket;
    try {
      await bindSocket(socket, address, port);
    } catch (err) {
      this.socket = undefined;
      await closeSocket(socket);
      throw new Error(`cannot bind UDP ${formatHostPort(address, port)}: ${errorText(err)}`, { cause: err });
    }
    this.bound = true;
    // After binding, socket errors (e.g. EHOSTUNREACH on send) are reported, never thrown.
    socket.on('error', (err) => this.notify(`UDP error: ${errorText(err)}`));
    socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.receive(msg, rinfo));
    return socket;
  }

  protected send(bytes: Uint8Array, peer: Peer): void {
    const socket = this.socket;
    if (!socket || this.state !== 'open') {
      this.counters.droppedWrites += 1;
      return;
    }
    this.counters.bytesOut += bytes.length;
    socket.send(bytes, peer.port, peer.address, (err) => {
      if (err) this.notify(`UDP send to ${formatHostPort(peer.address, peer.port)} failed: ${errorText(err)}`);
    });
  }

  protected abstract receive(msg: Buffer, rinfo: RemoteInfo): void;

  protected async doClose(): Promise<void> {
    const socket = this.socket;
    this.bound = false;
    if (socket) await closeSocket(socket);
  }
}

/**
 * Decides whether a datagram from an address other than the current reply peer may make its sender the reply peer
 * (its bytes are delivered either way). Called with the datagram before it is delivered.
 */
export type PeerGate = (bytes: Uint8Array) => boolean;

/** udpin: listen on HOST:PORT and answer whoever sent last (with a peer gate: whoever last sent what it accepted). */
export class UdpInLink extends UdpLinkBase {
  readonly kind: LinkKind = 'udpin';
  private peer: Peer | undefined;
  private gate: PeerGate | undefined;

  /** Who replies go to, once someone has spoken. */
  get lastPeer(): Readonly<Peer> | undefined {
    return this.peer;
  }

  protected async doOpen(): Promise<void> {
    await this.bindNew(socketHost(this.target.host), this.target.port);
    this.setState('open', `listening on UDP ${formatHostPort(this.target.host, this.localPort ?? this.target.port)}`);
  }

  /**
   * While a gate is set, a datagram from a new address makes its sender the reply peer only when the gate accepts
   * its bytes (a link requiring MAVLink 2 signing: at least one frame signed with the key and not replayed), so a
   * stray or forged datagram from anywhere cannot redirect what we send. The bytes are delivered either way: the
   * connection judges them itself. `undefined` removes the gate (any sender becomes the peer, as without one).
   */
  setPeerGate(gate: PeerGate | undefined): void {
    this.gate = gate;
  }

  write(bytes: Uint8Array): void {
    if (!this.peer) {
      this.counters.droppedWrites += 1;
      return;
    }
    this.send(bytes, this.peer);
  }

  private gateAccepts(gate: PeerGate, bytes: Uint8Array): boolean {
    try {
      return gate(bytes);
    } catch (err) {
      this.notify(`peer gate failed: ${errorText(err)}`);
      return false;
    }
  }

  protected receive(msg: Buffer, rinfo: RemoteInfo): void {
    const peer = this.peer;
    if (!peer || peer.address !== rinfo.address || peer.port !== rinfo.port) {
      const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.length);
      if (!this.gate || this.gateAccepts(this.gate, bytes)) {
        this.peer = { address: rinfo.address, port: rinfo.port };
        this.notify(`replying to ${formatHostPort(rinfo.address, rinfo.port)}`);
      }
    }
    this.deliver(msg);
  }
}

/** IPv4 first (a vehicle or simulator on udpin:0.0.0.0 listens there; "localhost" may list ::1 first); a name
 *  with only IPv6 addresses still works. */
export function preferIpv4(addresses: readonly { address: string; family: number }[]): string {
  const a = addresses.find((x) => x.family === 4) ?? addresses[0];
  if (!a) throw new Error('no address');
  return a.address;
}

/** udpout: send to HOST:PORT from an ephemeral port and receive replies there. */
export class UdpOutLink extends UdpLinkBase {
  readonly kind: LinkKind = 'udpout';
  private destination: Peer | undefined;

  protected async doOpen(): Promise<void> {
    const host = socketHost(this.target.host);
    let address = host;
    if (isIP(host) === 0) {
      try {
        address = preferIpv4(await lookup(host, { all: true }));
      } catch (err) {
        throw new Error(`cannot resolve host "${host}": ${errorText(err)}`, { cause: err });
      }
    }
    if (this.target.port === 0) throw new Error('udpout needs a destination port 1..65535, not 0');
    this.destination = { address, port: this.target.port };
    await this.bindNew(isIPv6(address) ? '::' : '0.0.0.0', 0);
    this.setState('open', `sending to UDP ${formatHostPort(address, this.target.port)} from port ${this.localPort}`);
  }

  write(bytes: Uint8Array): void {
    if (!this.destination) {
      this.counters.droppedWrites += 1;
      return;
    }
    this.send(bytes, this.destination);
  }

  protected receive(msg: Buffer): void {
    this.deliver(msg);
  }
}
