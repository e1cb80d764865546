// What every link (UDP, TCP, serial) offers: bytes in, bytes out, a state, counters.
// Links carry bytes only; framing, recording and statistics per system live in mavlink/connection.ts.

export type LinkKind = 'udpin' | 'udpout' | 'tcp' | 'tcpin' | 'serial';
export type LinkState = 'closed' | 'opening' | 'open' | 'reconnecting';

export interface LinkCounters {
  bytesIn: number;
  bytesOut: number;
  /** Writes dropped because there was no peer (udpin before anyone spoke, TCP/serial while reconnecting). */
  droppedWrites: number;
  /** Times the link came back after a drop (TCP client, serial). */
  reconnects: number;
}

export interface LinkStatus {
  state: LinkState;
  /** Human-readable reason of the last state change, e.g. "ECONNREFUSED 127.0.0.1:5760". */
  detail?: string;
}

export interface Link {
  readonly uri: string;
  readonly kind: LinkKind;
  readonly state: LinkState;
  readonly counters: LinkCounters;
  /** The bound / listening / local port after open (udpin, udpout, tcpin, tcp); tells which port 0 picked. */
  readonly localPort?: number;
  /** Resolves once the link can carry bytes (bound, listening, connected or port open); rejects with an Error naming the URI. */
  open(): Promise<void>;
  /** Queue bytes for sending; never throws (dropped writes are counted). */
  write(bytes: Uint8Array): void;
  /** Stop reconnecting, close sockets or ports; resolves when closed. */
  close(): Promise<void>;
  /**
   * Subscribe to received bytes; returns the unsubscribe function. `source` tells byte streams apart on a link
   * with several peers (each tcpin client has its own), so that a frame split across chunks is reassembled
   * from one peer's bytes only; 0 where there is one stream.
   */
  onData(cb: (chunk: Uint8Array, source?: number) => void): () => void;
  onStatus(cb: (status: LinkStatus) => void): () => void;
}
