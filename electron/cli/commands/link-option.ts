// The --link URI option, validated before anything is opened.
import { InvalidArgumentError, Option, type Command } from 'commander';
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
  return new Option('--signing-key <passphrase|hex>', `MAVLink 2 signing: ${what}; a passphrase (its SHA-256, as MAVProxy and QGroundControl derive the key) or the key as 64 hex digits (visible to other users in \`ps\`: prefer --signing-key-file or ${SIGNING_KEY_ENV})`);
}

/** The environment variable that may hold the --signing-key value instead of the command line. */
export const SIGNING_KEY_ENV = 'WATCHPOST_SIGNING_KEY';
/** The environment variable that may hold `signing setup`'s new key (--key) instead of the command line. */
export const SIGNING_NEW_KEY_ENV = 'WATCHPOST_SIGNING_NEW_KEY';

/** Where a key may come from: one option with the value, one with a file holding it, one environment variable. */
export interface KeySourceSpec {
  /** The option with the value itself, e.g. '--signing-key', and its attribute name ('signingKey'). */
  flag: string;
  attr: string;
  /** The option naming a file that holds the value, e.g. '--signing-key-file', and its attribute name. */
  fileFlag: string;
  fileAttr: string;
  env: string;
  /** No source at all is an error (the new key of `signing setup`). */
  required?: boolean;
}

/** The key of the link (every command that talks to a vehicle). */
export const SIGNING_KEY_SOURCES: KeySourceSpec = {
  flag: '--signing-key', attr: 'signingKey', fileFlag: '--signing-key-file', fileAttr: 'signingKeyFile', env: SIGNING_KEY_ENV,
};
/** The new key `signing setup` gives the vehicle. */
export const NEW_KEY_SOURCES: KeySourceSpec = {
  flag: '--key', attr: 'key', fileFlag: '--key-file', fileAttr: 'keyFile', env: SIGNING_NEW_KEY_ENV, required: true,
};

/** --signing-key-file: the key (a passphrase or 64 hex digits) in a file only its owner can read. */
export function signingKeyFileOption(): Option {
  return new Option('--signing-key-file <path>', `the --signing-key value read from a file readable by its owner only (chmod 600; one line, the trailing newline ignored); or set ${SIGNING_KEY_ENV}`);
}

/** `signing setup --key-file`: the new key in a file only its owner can read. */
export function newKeyFileOption(): Option {
  return new Option('--key-file <path>', `the --key value read from a file readable by its owner only (chmod 600; one line, the trailing newline ignored); or set ${SIGNING_NEW_KEY_ENV}`);
}

/**
 * The preAction hook of a command with key options: reads each key from its one source (the option, the file or the
 * environment variable; two is an error), warns on stderr when it came from the command line, and leaves the value in
 * the option (`opts.signingKey`, `opts.key`) for the action to read as before. The work is in signing-key.ts, loaded
 * only when the command runs.
 */
export function keySourcesHook(...specs: KeySourceSpec[]): (thisCommand: Command, actionCommand: Command) => Promise<void> {
  return async (_thisCommand, actionCommand) => {
    const { resolveKeySources } = await import('./signing-key');
    for (const spec of specs) resolveKeySources(actionCommand, spec);
  };
}
