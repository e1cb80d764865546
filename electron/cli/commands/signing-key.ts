// The value of --signing-key, read when a command runs (see signingKeyOption in link-option.ts), as
// signingKeyFromText reads it: 64 hex digits are the key itself, anything else a passphrase whose SHA-256 is the key
// (MAVProxy's `signing setup PASSPHRASE`, QGroundControl's signing key field). Errors never quote the value.
import { join } from 'node:path';
import { signingKeyFromText, type LinkSigningConfig } from '../../../mavlink/link-signing';
import { defaultDataDir, SIGNING_TIMESTAMP_FILE } from '../../services/data-dir';
import { UsageError } from '../args';

/** The 32-byte key from --signing-key, or undefined without the option; a UsageError for an unusable value. */
export function signingKeyFrom(value: string | undefined, flag = '--signing-key'): Uint8Array | undefined {
  if (value === undefined) return undefined;
  const r = signingKeyFromText(value);
  if (!r.ok) throw new UsageError(`${flag}: ${r.error}`);
  return r.key;
}

/**
 * Where the command line keeps the last signing timestamp it sent, so that timestamps keep increasing across runs
 * even when the clock goes back: the app's data folder, shared with the app (one file; the highest value wins).
 */
export function signingTimestampFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), SIGNING_TIMESTAMP_FILE);
}

/** The signing config of a command that talks to a vehicle: required on the link whenever a key is given. */
export function cliSigning(value: string | undefined): LinkSigningConfig | undefined {
  const key = signingKeyFrom(value);
  return key ? { key, link_id: 0, require: true, timestamp_file: signingTimestampFile() } : undefined;
}
