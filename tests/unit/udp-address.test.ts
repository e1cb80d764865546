// udpout's choice among a name's addresses: IPv4 when there is one, else the first (an IPv6-only name).
import { describe, expect, it } from 'vitest';
import { preferIpv4 } from '../../mavlink/links/udp';

describe('udpout address choice', () => {
  it('IPv4 first, IPv6 when that is all there is', () => {
    expect(preferIpv4([{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }])).toBe('127.0.0.1');
    expect(preferIpv4([{ address: 'fd00::5', family: 6 }, { address: 'fd00::6', family: 6 }])).toBe('fd00::5');
    expect(() => preferIpv4([])).toThrow(/no address/);
  });
});
