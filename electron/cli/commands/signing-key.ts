// The value of --signing-key, read when a command runs (see signingKeyOption in link-option.ts), as
// signingKeyFromText reads it: 64 hex digits are the key itself, anything else a passphrase whose SHA-256 is the key
// (MAVProxy's `signing setup PASSPHRASE`, QGroundControl's signing key field). Errors never quote the value.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { signingKeyFromText, type LinkSigningConfig } from '../../../mavlink/link-signing';
import { defaultDataDir, SIGNING_TIMESTAMP_FILE } from '../../services/data-dir';
import { UsageError } from '../args';
import type { KeySourceSpec } from './link-option';

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

/**
 * The text of a key file: refused (naming the file, never its content) unless it is a regular file that neither group
 * nor others can read (mode & 0o077 == 0), as ssh refuses a private key others can read. The trailing newline is not
 * part of the key.
 */
export function readKeyFile(path: string, flag: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new UsageError(`${flag} ${path}: cannot open it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`${flag} ${path}: not a regular file`);
    if (st.mode & 0o077) {
      const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
      throw new UsageError(`${flag} ${path}: other users can read it (mode ${mode}); make it readable by its owner only: chmod 600 ${path}`);
    }
    return readFileSync(fd, 'utf8').replace(/(\r?\n)+$/, '');
  } finally {
    closeSync(fd);
  }
}

/**
 * Read one key of a command from its one source — the option itself (`--signing-key VALUE`, visible to other users:
 * a warning on stderr), its file option (`--signing-key-file PATH`) or its environment variable — check it, and leave
 * it in the option's value (as 64 hex digits) for the action. Two sources, or none for a required key, is a
 * UsageError; no error names the key.
 */
export function resolveKeySources(cmd: Command, spec: KeySourceSpec, env: NodeJS.ProcessEnv = process.env): void {
  const argv = cmd.getOptionValueSource(spec.attr) === 'cli' ? (cmd.getOptionValue(spec.attr) as string | undefined) : undefined;
  const file = cmd.getOptionValue(spec.fileAttr) as string | undefined;
  const fromEnv = env[spec.env] === '' ? undefined : env[spec.env];
  const given = [argv !== undefined && spec.flag, file !== undefined && spec.fileFlag, fromEnv !== undefined && spec.env].filter((x): x is string => Boolean(x));
  if (given.length > 1) {
    throw new UsageError(`give the key one way only: ${spec.fileFlag} PATH, ${spec.env} or ${spec.flag} (got ${given.join(' and ')})`);
  }
  if (given.length === 0) {
    if (spec.required) throw new UsageError(`${spec.flag}: required; give the key with ${spec.fileFlag} PATH, ${spec.env} or ${spec.flag}`);
    cmd.setOptionValueWithSource(spec.attr, undefined, 'default');
    return;
  }
  let text: string;
  let where: string;
  if (file !== undefined) {
    text = readKeyFile(file, spec.fileFlag);
    where = `${spec.fileFlag} ${file}`;
  } else if (fromEnv !== undefined) {
    text = fromEnv;
    where = spec.env;
  } else {
    text = argv as string;
    where = spec.flag;
  }
  const r = signingKeyFromText(text);
  if (!r.ok) throw new UsageError(`${where}: ${r.error}`);
  if (argv !== undefined) {
    process.stderr.write(`watchpost: warning: ${spec.flag} puts the key on the command line, where other users can see it (ps) and shell history keeps it; use ${spec.fileFlag} PATH or ${spec.env}\n`);
  }
  cmd.setOptionValueWithSource(spec.attr, Buffer.from(r.key).toString('hex'), argv !== undefined ? 'cli' : file !== undefined ? 'config' : 'env');
}
