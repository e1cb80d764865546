import { describe, expect, it } from 'vitest';
import { createLink, openLink } from '../../mavlink/links/open-link';
import { formatLinkUri, parseLinkUri } from '../../mavlink/links/uri';

const EXPECTED = 'expected udpin:HOST:PORT, udpout:HOST:PORT, tcp:HOST:PORT, tcpin:HOST:PORT or serial:PATH[:BAUD]';

describe('parseLinkUri', () => {
  it('parses every kind in the MAVProxy spelling', () => {
    expect(parseLinkUri('udpin:0.0.0.0:14550')).toEqual({ kind: 'udpin', host: '0.0.0.0', port: 14550 });
    expect(parseLinkUri('udpout:127.0.0.1:14550')).toEqual({ kind: 'udpout', host: '127.0.0.1', port: 14550 });
    expect(parseLinkUri('tcp:localhost:5760')).toEqual({ kind: 'tcp', host: 'localhost', port: 5760 });
    expect(parseLinkUri('tcpin:[::1]:0')).toEqual({ kind: 'tcpin', host: '::1', port: 0 });
    expect(parseLinkUri('tcp:sitl.example.org:5762')).toEqual({ kind: 'tcp', host: 'sitl.example.org', port: 5762 });
    expect(parseLinkUri('udpout:[fe80::1]:65535')).toEqual({ kind: 'udpout', host: 'fe80::1', port: 65535 });
  });

  it('defaults serial to 57600 baud and keeps colons inside the path', () => {
    expect(parseLinkUri('serial:/dev/ttyUSB0')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 57600 });
    expect(parseLinkUri('serial:/dev/ttyACM0:115200')).toEqual({ kind: 'serial', path: '/dev/ttyACM0', baudRate: 115200 });
    expect(parseLinkUri('serial:COM3')).toEqual({ kind: 'serial', path: 'COM3', baudRate: 57600 });
    const byPath = '/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0';
    expect(parseLinkUri(`serial:${byPath}`)).toEqual({ kind: 'serial', path: byPath, baudRate: 57600 });
    expect(parseLinkUri(`serial:${byPath}:921600`)).toEqual({ kind: 'serial', path: byPath, baudRate: 921600 });
  });

  it('formats back to a canonical URI', () => {
    expect(formatLinkUri(parseLinkUri('tcpin:[::1]:5760'))).toBe('tcpin:[::1]:5760');
    expect(formatLinkUri(parseLinkUri('serial:/dev/ttyUSB0'))).toBe('serial:/dev/ttyUSB0:57600');
  });

  const bad: Array<[string, string]> = [
    ['udp:1.2.3.4', `link "udp:1.2.3.4": unknown kind "udp"; ${EXPECTED}`],
    ['', `link "": empty link; ${EXPECTED}`],
    ['/dev/ttyUSB0', `link "/dev/ttyUSB0": missing kind; ${EXPECTED}`],
    ['tcp:127.0.0.1', 'link "tcp:127.0.0.1": missing port; expected tcp:HOST:PORT'],
    ['udpin:127.0.0.1:', 'link "udpin:127.0.0.1:": bad port ""; expected a number 0..65535 (udpin:HOST:PORT)'],
    ['udpin:127.0.0.1:70000', 'link "udpin:127.0.0.1:70000": port 70000 out of range; expected 0..65535 (udpin:HOST:PORT)'],
    ['tcp:127.0.0.1:-1', 'link "tcp:127.0.0.1:-1": bad port "-1"; expected a number 0..65535 (tcp:HOST:PORT)'],
    ['tcp:127.0.0.1:57x', 'link "tcp:127.0.0.1:57x": bad port "57x"'],
    ['tcp::5760', 'link "tcp::5760": bad host ""'],
    ['tcp:300.1.1.1:5760', 'link "tcp:300.1.1.1:5760": bad host "300.1.1.1"'],
    ['tcp:1.2.3:5760', 'link "tcp:1.2.3:5760": bad host "1.2.3"'],
    ['tcp:bad_host!:5760', 'link "tcp:bad_host!:5760": bad host "bad_host!"'],
    ['tcp:::1:5760', 'link "tcp:::1:5760": IPv6 host must be in brackets; expected tcp:[ADDRESS]:PORT'],
    ['tcpin:[::1:5760', 'link "tcpin:[::1:5760": unclosed "[" in IPv6 host'],
    ['tcpin:[::1]5760', 'link "tcpin:[::1]5760": missing port after "[::1]"'],
    ['tcpin:[zz]:5760', 'link "tcpin:[zz]:5760": "zz" is not an IPv6 address'],
    ['serial:', 'link "serial:": missing device path; expected serial:PATH[:BAUD]'],
    ['serial::57600', 'link "serial::57600": missing device path'],
    ['serial:/dev/ttyUSB0:', 'link "serial:/dev/ttyUSB0:": empty baud rate after ":"'],
    ['serial:/dev/ttyUSB0:0', 'link "serial:/dev/ttyUSB0:0": baud rate 0 out of range'],
  ];

  it.each(bad)('rejects %j with a one-line message naming it', (uri, message) => {
    let thrown: unknown;
    try {
      parseLinkUri(uri);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    const text = (thrown as Error).message;
    expect(text.startsWith(message)).toBe(true);
    expect(text).not.toContain('\n');
  });

  it('createLink and openLink validate before opening anything', async () => {
    expect(() => createLink('udp:1.2.3.4')).toThrow(`link "udp:1.2.3.4": unknown kind "udp"; ${EXPECTED}`);
    await expect(openLink('tcp:127.0.0.1')).rejects.toThrow('link "tcp:127.0.0.1": missing port');
  });

  it('createLink picks the link kind from the URI and leaves it closed', () => {
    for (const uri of ['udpin:127.0.0.1:0', 'udpout:127.0.0.1:14550', 'tcp:127.0.0.1:5760', 'tcpin:127.0.0.1:0', 'serial:/dev/null']) {
      const link = createLink(uri);
      expect(link.kind).toBe(uri.slice(0, uri.indexOf(':')));
      expect(link.uri).toBe(uri);
      expect(link.state).toBe('closed');
      expect(link.counters).toEqual({ bytesIn: 0, bytesOut: 0, droppedWrites: 0, reconnects: 0 });
    }
  });
});
