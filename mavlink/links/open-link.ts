// Links by URI: createLink builds the right Link for a URI (not yet open); openLink also opens it.
import type { Link } from './link';
import type { LinkOptions } from './link-base';
import { SerialLink } from './serial';
import { TcpClientLink, TcpServerLink } from './tcp';
import { UdpInLink, UdpOutLink } from './udp';
import { parseLinkUri } from './uri';

export type { LinkOptions } from './link-base';

/** Build the link a URI names, without opening it; throws on a bad URI (see parseLinkUri). */
export function createLink(uri: string, opts: LinkOptions = {}): Link {
  const parsed = parseLinkUri(uri);
  switch (parsed.kind) {
    case 'udpin':
      return new UdpInLink(uri, parsed);
    case 'udpout':
      return new UdpOutLink(uri, parsed);
    case 'tcp':
      return new TcpClientLink(uri, parsed, opts);
    case 'tcpin':
      return new TcpServerLink(uri, parsed);
    case 'serial':
      return new SerialLink(uri, parsed, opts);
  }
}

/** Build and open the link a URI names; rejects with an Error naming the URI. */
export async function openLink(uri: string, opts: LinkOptions = {}): Promise<Link> {
  const link = createLink(uri, opts);
  await link.open();
  return link;
}
