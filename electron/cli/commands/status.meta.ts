// `watchpost status`: the command and its options. The action lives in status.ts and is loaded only when it runs
// (--help and usage errors never load it).
import type { Command } from 'commander';
import { intInRange, positiveSeconds } from '../args';
import type { CommandResult } from '../main';
import { keySourcesHook, linkOption, SIGNING_KEY_SOURCES, signingKeyFileOption, signingKeyOption } from './link-option';
import type { StatusOptions } from './status';

export function registerStatus(program: Command, result: CommandResult): void {
  program
    .command('status')
    .description('wait for a vehicle on the link and print its state (position, mode, battery, GPS, …)')
    .addOption(linkOption())
    .option('--timeout <s>', 'seconds to wait for a vehicle and its position', positiveSeconds, 10)
    .option('--sysid <n>', 'the vehicle to report when several share the link (default: the first heard)', intInRange(1, 255))
    .addOption(signingKeyOption())
    .addOption(signingKeyFileOption())
    .hook('preAction', keySourcesHook(SIGNING_KEY_SOURCES))
    .option('--json', 'print one JSON object')
    .action(async (opts: StatusOptions) => {
      result.code = await (await import('./status')).status(opts);
    });
}
