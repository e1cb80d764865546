// `watchpost export`: the command and its options. The action lives in export.ts and is loaded only when it runs.
import { Option, type Command } from 'commander';
import { intInRange } from '../args';
import type { CommandResult } from '../main';
import type { ExportOptions } from './export';

export function registerExport(program: Command, result: CommandResult): void {
  program
    .command('export')
    .description("a recorded flight's track for other tools: GPX, KML (3D in Google Earth), GeoJSON or CSV (one row per position)")
    .argument('<flight.tlog>', 'a recorded flight')
    .addOption(new Option('--format <format>', 'gpx, kml, geojson or csv').choices(['gpx', 'kml', 'geojson', 'csv']).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write (never replaced unless --force)')
    .option('--sysid <n>', 'one vehicle (default: every vehicle)', intInRange(1, 255))
    .option('--force', 'replace --out if it exists')
    .option('--json', 'print one JSON object')
    .action(async (tlog: string, opts: ExportOptions) => (await import('./export')).exportAction(tlog, opts, result));
}
