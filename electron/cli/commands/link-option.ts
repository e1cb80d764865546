// The --link URI option, validated before anything is opened.
import { InvalidArgumentError, Option } from 'commander';
import { parseLinkUri } from '../../../mavlink/links/uri';

export function linkUri(value: string): string {
  try {
    parseLinkUri(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return value;
}

export function linkOption(): Option {
  return new Option('--link <uri>', 'udpin:HOST:PORT, udpout:HOST:PORT, tcp:HOST:PORT, tcpin:HOST:PORT or serial:PATH[:BAUD]')
    .argParser(linkUri)
    .makeOptionMandatory();
}

/**
 * --signing-key: MAVLink 2 signing on the link. No argument parser here on purpose: commander quotes a value its
 * parser refuses in the error message, and a key must never be printed. The value is read (and a mistake reported
 * without it) by signingKeyFrom in signing-key.ts when the command runs.
 */
export function signingKeyOption(what = 'sign every frame sent and drop every frame received that is not signed with this key'): Option {
  return new Option('--signing-key <passphrase|hex>', `MAVLink 2 signing: ${what}; a passphrase (its SHA-256, as MAVProxy and QGroundControl derive the key) or the key as 64 hex digits`);
}
