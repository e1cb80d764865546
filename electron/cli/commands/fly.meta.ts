// `watchpost fly`: the command, its argument and options. The action lives in fly.ts and is loaded only when it
// runs (--help and usage errors never load it).
import type { Command } from 'commander';
import { intInRange, positiveSeconds } from '../args';
import type { CommandResult } from '../main';
import type { FlyOptions } from './fly';
import { keySourcesHook, linkOption, SIGNING_KEY_SOURCES, signingKeyFileOption, signingKeyOption } from './link-option';

export function registerFly(program: Command, result: CommandResult): void {
  program
    .command('fly')
    .description('fly a mission: upload, GUIDED, arm, take off, AUTO, follow until landed and disarmed')
    .argument('<file>', '.plan, .waypoints, .txt or .mission file')
    .addOption(linkOption())
    .addOption(signingKeyOption())
    .addOption(signingKeyFileOption())
    .hook('preAction', keySourcesHook(SIGNING_KEY_SOURCES))
    .option('--out <flight.tlog>', 'record every frame into this tlog (appends; never truncates)')
    .option('--sysid <n>', 'the vehicle, when several share the link', intInRange(1, 255))
    .option('--timeout <s>', 'give up if not landed and disarmed after this many seconds', positiveSeconds, 900)
    .option('--json', 'print one JSON object')
    .action(async (file: string, opts: FlyOptions) => (await import('./fly')).flyAction(file, opts, result));
}
