// `watchpost tlog info`: the command, its argument and options. The action lives in tlog.ts and is loaded only
// when it runs (--help and usage errors never load it).
import type { Command } from 'commander';
import type { CommandResult } from '../main';
import type { TlogInfoOptions } from './tlog';

export function registerTlog(program: Command, result: CommandResult): void {
  const tlog = program.command('tlog').description('inspect telemetry logs (.tlog)');
  tlog
    .command('info')
    .description('count records, frames and messages of a .tlog, and the systems and times in it')
    .argument('<file>', '.tlog file (QGroundControl, Mission Planner, MAVProxy or Watchpost)')
    .option('--json', 'print one JSON object')
    .action(async (file: string, opts: TlogInfoOptions) => (await import('./tlog')).tlogInfoAction(file, opts, result));
}
