// `watchpost checks`: the command, its argument and options. The action lives in checks.ts and is loaded only
// when it runs (--help and usage errors never load it).
import type { Command } from 'commander';
import { intInRange } from '../args';
import type { CommandResult } from '../main';
import type { ChecksOptions } from './checks';

export function registerChecks(program: Command, result: CommandResult): void {
  program
    .command('checks')
    .description('which duty posts a recorded flight checked: visits, dwell, closest approach, photos, status')
    .argument('<flight.tlog>', 'a recorded flight')
    .requiredOption('--site <site.geojson>', 'the site (*.site.geojson, GeoJSON or KML) with the duty posts')
    .option('--utc-offset <min>', "the site's local time offset from UTC in minutes, for the posts' shifts", intInRange(-720, 840), 480)
    .option('--sysid <n>', 'the vehicle, when the recording holds several (default: the first heard)', intInRange(1, 255))
    .option('--json', 'print one JSON object')
    .action(async (tlog: string, opts: ChecksOptions) => (await import('./checks')).checksAction(tlog, opts, result));
}
