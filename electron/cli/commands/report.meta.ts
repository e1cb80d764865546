// `watchpost report`: the command and its options. The action lives in report.ts and is loaded only when it runs.
import { Option, type Command } from 'commander';
import { intInRange } from '../args';
import type { CommandResult } from '../main';
import type { ReportCliOptions } from './report';

export function registerReport(program: Command, result: CommandResult): void {
  program
    .command('report')
    .description('the patrol report of a recorded flight: HTML (self-contained), PDF (with Chromium) or CSV of the checks')
    .argument('<flight.tlog>', 'a recorded flight (its sidecar gives the site and the findings)')
    .option('--site <site.geojson>', "check the posts against this site (default: the sidecar's)")
    .option('--out <file>', 'FILE.html, FILE.pdf or FILE.csv (default: FLIGHT.report.html beside the flight); never replaced unless --force')
    .addOption(new Option('--lang <lang>', 'the language of the report').choices(['en', 'zh-CN']).default('en'))
    .option('--utc-offset <min>', "the site's local time offset from UTC in minutes", intInRange(-720, 840), 480)
    .option('--force', 'replace --out if it exists')
    .option('--json', 'print one JSON object')
    .action(async (tlog: string, opts: ReportCliOptions) => (await import('./report')).reportAction(tlog, opts, result));
}
