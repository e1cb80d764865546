// Writing a file so that it is never half written: a temporary file beside it, fsync, then a rename over the old one
// (the sidecar after each finding, a saved plan, the editor's recovery copy, the signing timestamp). In mavlink/ so that
// the wire layer can use it too; the app's services import it from here. `exclusive` refuses to replace a file;
// `mode` sets the new file's permissions from its creation on (0o600 for secrets: never readable by others, not
// even for a moment).
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(path: string, text: string, opts: { exclusive?: boolean; mode?: number } = {}): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await open(tmp, 'wx', opts.mode ?? 0o666);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    // Exclusive: a hard link fails when the name exists (no window in which another file could be replaced).
    if (opts.exclusive) {
      await link(tmp, path);
      await unlink(tmp);
    } else await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined); // the link's or rename's error is the one to report
    throw err;
  }
}
