// MAVLink 2 signing keys per link URI, in `<data folder>/signing-keys.json`, readable by the owner only (0o600, from
// the moment the file is created). The keys are secrets: nothing here logs them, puts them in an error message or
// hands them out except as the LinkSigningConfig a link is opened with; what the UI lists is a fingerprint.
// A damaged file is never overwritten: it is kept as signing-keys.json.damaged-<time> on the next save, and reads
// report it (naming the file and the member, never quoting it).
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { signingKeyFromText, type LinkSigningConfig } from '../../mavlink/link-signing';
import { parseLinkUri } from '../../mavlink/links/uri';
import { SIGNING_KEY_LENGTH } from '../../mavlink/signing';
import { parseJsonText } from '../../patrol/formats/json-text';
import { writeFileAtomic } from '../../mavlink/atomic-write';
import { SIGNING_TIMESTAMP_FILE } from './data-dir';

export const SIGNING_KEYS_FILE = 'signing-keys.json';
const OWNER_ONLY = 0o600;

const entrySchema = z.object({
  key_hex: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
  /** Drop frames that are not signed with the key (else unsigned frames pass; a wrong signature never does). */
  require: z.boolean(),
  added_utc: z.string(),
});
const fileSchema = z.object({
  format: z.literal('watchpost-signing-keys'),
  version: z.literal(1),
  links: z.record(z.string(), entrySchema),
});
type KeysFile = z.infer<typeof fileSchema>;

/** What the UI may show of a stored key: never the key itself. */
export interface SigningKeyInfo {
  link_uri: string;
  /** First 8 hex digits of SHA-256(key): tells keys apart without revealing them. */
  fingerprint: string;
  require: boolean;
  added_utc: string;
}

export type SigningKeysRead = { ok: true; file: KeysFile } | { ok: false; problem: string };
/** The key a user typed in the app: as the command line reads --signing-key (link-signing.ts). */
export { signingKeyFromText };

export function keyFingerprint(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export class SigningKeyStore {
  readonly path: string;
  /** Saves run one at a time, each on the file as the one before left it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {
    this.path = join(dir, SIGNING_KEYS_FILE);
  }

  /** The stored keys, without the keys. */
  async list(): Promise<{ keys: SigningKeyInfo[]; problem: string | null }> {
    const r = await this.read();
    if (!r.ok) return { keys: [], problem: r.problem === MISSING ? null : r.problem };
    const keys = Object.entries(r.file.links).map(([link_uri, e]) => ({
      link_uri, fingerprint: keyFingerprint(hexBytes(e.key_hex)), require: e.require, added_utc: e.added_utc,
    }));
    return { keys, problem: null };
  }

  /** The signing config to open `uri` with: undefined when no key is stored for it (or the file is damaged: use
   *  {@link lookup} where a damaged file must not read as "no key"). */
  async signingFor(uri: string, link_id = 0): Promise<LinkSigningConfig | undefined> {
    return (await this.lookup(uri, link_id)).config;
  }

  /**
   * The signing config to open `uri` with and, from the same read of the file, what is wrong with it: `problem` is
   * non-null when the file exists but cannot be read or is damaged — then nothing is known of any link's key (a link
   * stored with `require` may be among them), and `config` is undefined.
   */
  async lookup(uri: string, link_id = 0): Promise<{ config: LinkSigningConfig | undefined; problem: string | null }> {
    const r = await this.read();
    if (!r.ok) return { config: undefined, problem: r.problem === MISSING ? null : r.problem };
    const e = r.file.links[uri];
    if (!e) return { config: undefined, problem: null };
    return { config: { key: hexBytes(e.key_hex), link_id, require: e.require, timestamp_file: join(this.dir, SIGNING_TIMESTAMP_FILE) }, problem: null };
  }

  /** Store (or replace) the key of a link. Rejects on a bad URI or key length, naming neither the key nor the file's text. */
  async set(uri: string, key: Uint8Array, require: boolean, now: Date = new Date()): Promise<SigningKeyInfo> {
    parseLinkUri(uri); // a bad URI throws its own message, which names the URI
    if (key.length !== SIGNING_KEY_LENGTH) throw new Error(`signing key for ${uri}: expected ${SIGNING_KEY_LENGTH} bytes, got ${key.length}`);
    return this.change((file) => {
      const added_utc = now.toISOString();
      file.links[uri] = { key_hex: Buffer.from(key).toString('hex'), require, added_utc };
      return { link_uri: uri, fingerprint: keyFingerprint(key), require, added_utc };
    });
  }

  /** Forget the key of a link; false when there was none. */
  remove(uri: string): Promise<boolean> {
    return this.change((file) => {
      if (!(uri in file.links)) return false;
      delete file.links[uri];
      return true;
    });
  }

  private change<T>(edit: (file: KeysFile) => T): Promise<T> {
    const run = this.queue.then(async () => {
      const r = await this.read();
      let file: KeysFile = { format: 'watchpost-signing-keys', version: 1, links: {} };
      if (r.ok) file = r.file;
      else if (r.problem !== MISSING) await this.setAside();
      const out = edit(file);
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, { mode: OWNER_ONLY });
      return out;
    });
    this.queue = run.catch(() => undefined); // the caller gets the error; the next change starts afresh
    return run;
  }

  /** The file now; a file others can read is made owner-only first (an older copy, a restore from a backup). */
  private async read(): Promise<SigningKeysRead> {
    let text: string;
    try {
      const st = await stat(this.path);
      if ((st.mode & 0o077) !== 0) await chmod(this.path, OWNER_ONLY);
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return { ok: false, problem: MISSING };
      return { ok: false, problem: `${this.path}: cannot read (${e.code ?? e.message})` };
    }
    const json = parseJsonText(text, this.path);
    if (!json.ok) return { ok: false, problem: `${this.path}: not JSON (line ${json.line}, column ${json.column}); kept as ${SIGNING_KEYS_FILE}.damaged-… on the next save` };
    const parsed = fileSchema.safeParse(json.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      // zod's message for a string names the pattern, never the value.
      return { ok: false, problem: `${this.path}: ${where}: ${issue.message}; kept as ${SIGNING_KEYS_FILE}.damaged-… on the next save` };
    }
    return { ok: true, file: parsed.data };
  }

  private async setAside(): Promise<void> {
    await rename(this.path, `${this.path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  }
}

const MISSING = 'missing';

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
