// `watchpost record`: the command and its options. The action lives in record.ts and is loaded only when it runs
// (--help and usage errors never load it).
import type { Command } from 'commander';
import { positiveSeconds } from '../args';
import type { CommandResult } from '../main';
import { keySourcesHook, linkOption, SIGNING_KEY_SOURCES, signingKeyFileOption, signingKeyOption } from './link-option';
import type { RecordOptions } from './record';

export function registerRecord(program: Command, result: CommandResult): void {
  program
    .command('record')
    .description('record every frame received and sent on a link into a .tlog (appends; never truncates)')
    .addOption(linkOption())
    .addOption(signingKeyOption())
    .addOption(signingKeyFileOption())
    .hook('preAction', keySourcesHook(SIGNING_KEY_SOURCES))
    .requiredOption('--out <file.tlog>', 'tlog file to append to (created if missing)')
    .option('--duration <s>', 'stop after this many seconds (default: until Ctrl-C)', positiveSeconds)
    .option('--passive', 'only listen: no GCS heartbeat, no telemetry requests')
    .option('--json', 'print one JSON summary object at the end')
    .action(async (opts: RecordOptions) => {
      result.code = await (await import('./record')).record(opts);
    });
}
