// Link URIs in the spelling MAVProxy and pymavlink users know:
//   udpin:HOST:PORT   udpout:HOST:PORT   tcp:HOST:PORT   tcpin:HOST:PORT   serial:PATH[:BAUD]
// parseLinkUri validates without opening anything, so the CLI can reject a bad flag up front.
import { isIPv4, isIPv6 } from 'node:net';

export type NetLinkKind = 'udpin' | 'udpout' | 'tcp' | 'tcpin';

export interface NetLinkUri {
  kind: NetLinkKind;
  /** Host as written, without IPv6 brackets: "127.0.0.1", "localhost", "::1", "0.0.0.0", "sitl.lan". */
  host: string;
  /** 0..65535; 0 asks the system for an ephemeral port (then Link.localPort tells which). */
  port: number;
}

export interface SerialLinkUri {
  kind: 'serial';
  /** Device path, e.g. /dev/ttyUSB0 or COM3. */
  path: string;
  baudRate: number;
}

export type LinkUri = NetLinkUri | SerialLinkUri;

export const DEFAULT_SERIAL_BAUD = 57600;

const EXPECTED = 'udpin:HOST:PORT, udpout:HOST:PORT, tcp:HOST:PORT, tcpin:HOST:PORT or serial:PATH[:BAUD]';
const NET_KINDS: readonly string[] = ['udpin', 'udpout', 'tcp', 'tcpin'];
const HOSTNAME_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_BAUD = 20_000_000;

function fail(uri: string, why: string): never {
  throw new Error(`link "${uri}": ${why}`);
}

/** Parse and validate a link URI; throws an Error naming the URI and what was expected. */
export function parseLinkUri(uri: string): LinkUri {
  if (typeof uri !== 'string' || uri.trim() === '') fail(String(uri), `empty link; expected ${EXPECTED}`);
  const colon = uri.indexOf(':');
  if (colon < 0) fail(uri, `missing kind; expected ${EXPECTED}`);
  const kind = uri.slice(0, colon);
  const rest = uri.slice(colon + 1);
  if (kind === 'serial') return parseSerial(uri, rest);
  if (!NET_KINDS.includes(kind)) fail(uri, `unknown kind "${kind}"; expected ${EXPECTED}`);
  return parseNet(uri, kind as NetLinkKind, rest);
}

function parseNet(uri: string, kind: NetLinkKind, rest: string): NetLinkUri {
  const form = `${kind}:HOST:PORT`;
  let hostText: string;
  let portText: string;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) fail(uri, `unclosed "[" in IPv6 host; expected ${form}, e.g. ${kind}:[::1]:14550`);
    hostText = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (!after.startsWith(':')) fail(uri, `missing port after "[${hostText}]"; expected ${form}`);
    portText = after.slice(1);
    if (!isIPv6(hostText)) fail(uri, `"${hostText}" is not an IPv6 address; expected ${form}`);
  } else {
    const lastColon = rest.lastIndexOf(':');
    if (lastColon < 0) fail(uri, `missing port; expected ${form}`);
    hostText = rest.slice(0, lastColon);
    portText = rest.slice(lastColon + 1);
    if (hostText.includes(':')) fail(uri, `IPv6 host must be in brackets; expected ${kind}:[ADDRESS]:PORT`);
    if (!isValidHost(hostText)) {
      fail(uri, `bad host "${hostText}"; expected an IPv4 address, localhost, a host name or [IPv6] (${form})`);
    }
  }
  return { kind, host: hostText, port: parsePort(uri, portText, form) };
}

function isValidHost(host: string): boolean {
  if (host === '') return false;
  if (isIPv4(host)) return true;
  // Something made only of digits and dots that is not an IPv4 address ("1.2.3", "300.1.1.1") is a typo.
  if (/^[0-9.]+$/.test(host)) return false;
  if (host.length > 253) return false;
  return host.split('.').every((label) => HOSTNAME_LABEL.test(label));
}

function parsePort(uri: string, text: string, form: string): number {
  if (!/^[0-9]{1,5}$/.test(text)) fail(uri, `bad port "${text}"; expected a number 0..65535 (${form})`);
  const port = Number(text);
  if (port > 65535) fail(uri, `port ${port} out of range; expected 0..65535 (${form})`);
  return port;
}

function parseSerial(uri: string, rest: string): SerialLinkUri {
  const form = 'serial:PATH[:BAUD]';
  let path = rest;
  let baudRate = DEFAULT_SERIAL_BAUD;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon >= 0) {
    const tail = rest.slice(lastColon + 1);
    if (/^[0-9]+$/.test(tail)) {
      path = rest.slice(0, lastColon);
      baudRate = Number(tail);
      if (baudRate < 50 || baudRate > MAX_BAUD) fail(uri, `baud rate ${baudRate} out of range; expected 50..${MAX_BAUD} (${form})`);
    } else if (tail === '') {
      fail(uri, `empty baud rate after ":"; expected ${form}, e.g. serial:/dev/ttyUSB0:57600`);
    }
  }
  if (path === '') fail(uri, `missing device path; expected ${form}, e.g. serial:/dev/ttyUSB0:57600`);
  return { kind: 'serial', path, baudRate };
}

/** The canonical spelling of a parsed URI (IPv6 hosts in brackets, serial baud always written). */
export function formatLinkUri(parsed: LinkUri): string {
  if (parsed.kind === 'serial') return `serial:${parsed.path}:${parsed.baudRate}`;
  return `${parsed.kind}:${formatHostPort(parsed.host, parsed.port)}`;
}

/** "127.0.0.1:5760" or "[::1]:5760". */
export function formatHostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The address to hand to sockets: "localhost" means IPv4 loopback, as in MAVProxy and SITL. */
export function socketHost(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host;
}
