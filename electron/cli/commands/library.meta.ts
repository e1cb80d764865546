// `watchpost library`: the command and its options. The action lives in library.ts and is loaded only when it runs.
import type { Command } from 'commander';
import type { CommandResult } from '../main';
import type { LibraryOptions } from './library';

export function registerLibrary(program: Command, result: CommandResult): void {
  program
    .command('library')
    .description('list the recorded flights: date, site, vehicles, duration, distance, highest altitude, posts checked, findings')
    .option('--dir <folder>', "the flights folder (default: the app's, as its settings say)")
    .option('--data-dir <folder>', "the app's data folder whose settings name the flights folder")
    .option('--json', 'print one JSON object')
    .action(async (opts: LibraryOptions) => (await import('./library')).libraryAction(opts, result));
}
