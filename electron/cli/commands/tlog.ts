// watchpost tlog info FILE [--json]
import { stat } from 'node:fs/promises';
import { tlogInfo } from '../../../mavlink/tlog/info';
import { UsageError } from '../args';
import { printFields, printJson } from '../output';
import type { CommandResult } from '../main';

export interface TlogInfoOptions {
  json?: boolean;
}

/** The action of `tlog info` (registered in tlog.meta.ts). */
export async function tlogInfoAction(file: string, opts: TlogInfoOptions, result: CommandResult): Promise<void> {
  const st = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`tlog info: cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!st.isFile()) throw new UsageError(`tlog info: ${file} is not a regular file`);
  const info = await tlogInfo(file);
  if (opts.json) printJson(info);
  else {
    const { messages, systems, ...rest } = info;
    printFields(rest);
    process.stdout.write('messages:\n');
    for (const [name, n] of Object.entries(messages).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${name.padEnd(32)} ${n}\n`);
    process.stdout.write('systems:\n');
    for (const s of systems) process.stdout.write(`  sysid ${s.sysid} compid ${s.compid}  ${s.type ?? '-'} ${s.autopilot ?? '-'}  ${s.frames} frames\n`);
  }
  result.code = 0;
}
