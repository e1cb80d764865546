// Which links may carry SETUP_SIGNING, whose key travels in clear (mavlink/signing-setup.ts, setupLinkCheck): serial
// (the flight controller's USB, a COM port) and loopback (127.0.0.0/8, ::1: the simulator, SITL) only; every other
// link is refused unless the user explicitly allows it, with a reason naming the kind of link.
import { describe, expect, it } from 'vitest';
import { setupLinkCheck } from '../../mavlink/signing-setup';

describe('setupLinkCheck', () => {
  it.each([
    ['serial:/dev/ttyACM0', 'serial port /dev/ttyACM0'],
    ['serial:/dev/ttyUSB0:57600', 'serial port /dev/ttyUSB0'],
    ['serial:COM3:115200', 'serial port COM3'],
    ['tcp:127.0.0.1:5760', 'TCP link to 127.0.0.1 (loopback)'],
    ['tcp:127.8.9.10:5760', 'TCP link to 127.8.9.10 (loopback)'],
    ['tcp:[::1]:5760', 'TCP link to ::1 (loopback)'],
    ['tcp:[::ffff:127.0.0.1]:5760', 'TCP link to ::ffff:127.0.0.1 (loopback)'],
    ['tcp:localhost:5760', 'TCP link to localhost (loopback)'],
    ['udpin:127.0.0.1:14550', 'UDP link listening on 127.0.0.1 (loopback)'],
    ['udpout:127.0.0.1:14550', 'UDP link to 127.0.0.1 (loopback)'],
  ])('%s is trusted: %s', (uri, kind) => {
    const c = setupLinkCheck(uri);
    expect(c).toMatchObject({ trusted: true, kind });
  });

  it.each([
    ['tcp:192.168.4.1:5760', 'TCP link to 192.168.4.1 (not loopback)'],
    ['tcp:10.0.0.7:5760', 'TCP link to 10.0.0.7 (not loopback)'],
    ['tcp:128.0.0.1:5760', 'TCP link to 128.0.0.1 (not loopback)'],
    ['tcp:[fd00::2]:5760', 'TCP link to fd00::2 (not loopback)'],
    ['tcp:[::2]:5760', 'TCP link to ::2 (not loopback)'],
    ['tcp:sitl.lan:5760', 'TCP link to sitl.lan (a host name, not a loopback address)'],
    ['tcp:localhost.example.com:5760', 'TCP link to localhost.example.com (a host name, not a loopback address)'],
    ['udpin:0.0.0.0:14550', 'UDP link listening on 0.0.0.0 (all addresses, not loopback)'],
    ['udpout:192.168.1.255:14550', 'UDP link to 192.168.1.255 (not loopback)'],
    ['tcpin:0.0.0.0:5760', 'TCP server listening on 0.0.0.0 (all addresses, not loopback)'],
    ['tcpin:[::]:5760', 'TCP server listening on :: (all addresses, not loopback)'],
  ])('%s is refused: %s', (uri, kind) => {
    const c = setupLinkCheck(uri);
    expect(c).toMatchObject({ trusted: false, kind });
    const reason = c.refusal('pass --insecure-link');
    expect(reason).toBe(`not sent: ${uri} is a ${kind}, not the flight controller's USB (serial) or this machine (loopback); SETUP_SIGNING carries the key in clear and anyone able to listen to that link would learn it. Send it over USB, or pass --insecure-link to send it over this insecure link anyway`);
  });

  it('a bad URI throws as parseLinkUri does', () => {
    expect(() => setupLinkCheck('radio:1')).toThrow(/unknown kind "radio"/);
  });
});
