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
