// `watchpost plan` and `watchpost check-plan`: the commands, their arguments and options. The actions live in
// plan.ts and are loaded only when one runs (--help and usage errors never load them).
import { Option, type Command } from 'commander';
import type { Autopilot } from '../../../patrol/patrol/compile';
import { intInRange, latLon, numberInRange, UsageError } from '../args';
import type { CommandResult } from '../main';
import type { CheckPlanOptions, PlanOptions } from './plan';

const AUTOPILOTS = ['ardupilot', 'px4'] as const;

function autopilot(value: string): Autopilot {
  if (!(AUTOPILOTS as readonly string[]).includes(value)) throw new UsageError(`--autopilot: expected ardupilot or px4, got "${value}"`);
  return value as Autopilot;
}

export function registerPlan(program: Command, result: CommandResult): void {
  program
    .command('plan')
    .description('compile a patrol (*.patrol.json) — or, with --auto, a default patrol of a site — into a .plan or .waypoints, with its preflight findings')
    .argument('<file>', 'a *.patrol.json (or a .plan Watchpost wrote, with its patrol), or with --auto a site (*.site.geojson or KML)')
    .requiredOption('--out <file>', '.plan (the patrol embedded, reopens editable) or .waypoints')
    .option('--auto', 'plan a default patrol of the site: every post, facades and roofs of the key buildings')
    .option('--site <site.geojson>', "the site (default: the patrol's `site`, relative to the patrol file)")
    .option('--home <lat,lon>', "the launch place, for a site without a home point (an OSM export) or instead of its own", latLon)
    .option('--autopilot <name>', 'ardupilot or px4', autopilot, 'ardupilot' as Autopilot)
    .option('--force', 'replace --out if it exists')
    .option('--json', 'print one JSON object')
    .addOption(new Option('--lang <lang>', 'the language of the findings (the JSON keeps English in message, adds text)').choices(['en', 'zh-CN']).default('en'))
    .action(async (file: string, opts: PlanOptions) => (await import('./plan')).planAction(file, opts, result));

  program
    .command('check-plan')
    .description('preflight checks of a mission file against a site: buildings, ceiling, fence, link range, endurance, posts, item count')
    .argument('<file>', '.plan or .waypoints')
    .requiredOption('--site <site.geojson>', 'the site (*.site.geojson, GeoJSON or KML)')
    .option('--rtl-alt <m>', "the vehicle's RTL_ALT: an RTL climbs only to this before flying home (ArduCopter default 15)", intInRange(1, 1000), 15)
    .option('--rtl-cone-slope <k>', "the vehicle's RTL_CONE_SLOPE: near home an RTL climbs less (0 disables)", numberInRange(0, 10), 3)
    .option('--side-margin <m>', 'closest a path may pass beside a wall below roof + clearance', numberInRange(0, 100), 3)
    .option('--json', 'print one JSON object')
    .addOption(new Option('--lang <lang>', 'the language of the findings (the JSON keeps English in message, adds text)').choices(['en', 'zh-CN']).default('en'))
    .action(async (file: string, opts: CheckPlanOptions) => (await import('./plan')).checkPlanAction(file, opts, result));
}
