// `watchpost mission upload | download | clear`: the commands, their arguments and options. The actions live in
// mission.ts and are loaded only when one runs (--help and usage errors never load them).
import type { Command } from 'commander';
import type { MissionType } from '../../../patrol/mission/mission-item';
import { intInRange, positiveSeconds, UsageError } from '../args';
import type { CommandResult } from '../main';
import { keySourcesHook, linkOption, SIGNING_KEY_SOURCES, signingKeyFileOption, signingKeyOption } from './link-option';
import type { ClearOptions, DownloadOptions, UploadOptions } from './mission';

const TYPES: readonly MissionType[] = ['mission', 'fence', 'rally'];

function commonOptions(cmd: Command): Command {
  return cmd
    .addOption(linkOption())
    .addOption(signingKeyOption())
    .addOption(signingKeyFileOption())
    .hook('preAction', keySourcesHook(SIGNING_KEY_SOURCES))
    .option('--sysid <n>', 'the vehicle, when several share the link (default: the first heard)', intInRange(1, 255))
    .option('--timeout <s>', 'seconds to wait for the vehicle', positiveSeconds, 15)
    .option('--json', 'print one JSON object');
}

export function registerMission(program: Command, result: CommandResult): void {
  const mission = program.command('mission').description('upload, download and clear the mission, fence and rally points of a vehicle');

  commonOptions(
    mission
      .command('upload')
      .description('upload a QGroundControl .plan (mission, fence, rally) or a QGC WPL 110 waypoint file (mission)')
      .argument('<file>', '.plan, .waypoints, .txt or .mission file')
      .option('--verify', 'read each list back after uploading and compare it'),
  ).action(async (file: string, opts: UploadOptions) => (await import('./mission')).missionUpload(file, opts, result));

  commonOptions(
    mission
      .command('download')
      .description('download mission, fence and rally points into a file (format by extension)')
      .requiredOption('--out <file>', '.plan (mission, fence, rally) or .waypoints / .txt (mission)')
      .option('--force', 'replace --out if it exists'),
  ).action(async (opts: DownloadOptions) => (await import('./mission')).missionDownload(opts, result));

  commonOptions(
    mission
      .command('clear')
      .description('clear the mission (and fence, rally) on the vehicle')
      .option('--type <type>', 'mission, fence, rally or all', (v: string) => {
        if (v !== 'all' && !TYPES.includes(v as MissionType)) throw new UsageError(`--type: expected mission, fence, rally or all, got "${v}"`);
        return v;
      }, 'all'),
  ).action(async (opts: ClearOptions) => (await import('./mission')).missionClear(opts, result));
}
