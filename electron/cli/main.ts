// The `watchpost` command line. Each command has --help; --json prints one machine-readable object on stdout.
// Exit codes: 0 done, 1 the operation failed (e.g. no vehicle before the timeout), 2 bad arguments.
import { Command, CommanderError } from 'commander';
// Only the commands' definitions are imported here (commands/*.meta.ts: names, arguments, options and their
// checks); each action's module, and what it needs (node-mavlink, serialport, the simulator…), is imported
// when that action runs. So --version, --help and usage errors load none of it.
import { registerSim } from './commands/sim.meta';
import { registerStatus } from './commands/status.meta';
import { registerRecord } from './commands/record.meta';
import { registerTlog } from './commands/tlog.meta';
import { registerMission } from './commands/mission.meta';
import { registerFly } from './commands/fly.meta';
import { registerChecks } from './commands/checks.meta';
import { registerPlan } from './commands/plan.meta';
import { registerUi } from './commands/ui.meta';
import { registerLibrary } from './commands/library.meta';
import { registerExport } from './commands/export.meta';
import { registerReport } from './commands/report.meta';
import { registerTiles } from './commands/tiles.meta';
import { registerSigning } from './commands/signing.meta';
import { UsageError } from './args';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Set by a command's action: the exit code it wants. */
export interface CommandResult {
  code: number;
}

export function buildProgram(result: CommandResult): Command {
  const program = new Command('watchpost')
    .description('Watchpost: ground control station for patrol drones (MAVLink)')
    .version('0.1.0')
    .showHelpAfterError(false)
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined })
    .exitOverride();
  for (const register of [registerSim, registerStatus, registerRecord, registerTlog, registerMission, registerFly, registerChecks, registerPlan, registerUi, registerLibrary, registerExport, registerReport, registerTiles, registerSigning]) register(program, result);
  for (const cmd of allCommands(program)) cmd.exitOverride().configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

export async function main(argv: string[]): Promise<number> {
  const result: CommandResult = { code: EXIT_OK };
  const program = buildProgram(result);
  if (argv.length === 0) {
    process.stdout.write(program.helpInformation());
    return EXIT_OK;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
      process.stderr.write(`watchpost: ${oneLine(err.message.replace(/^error: /, ''))}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`watchpost: ${oneLine(err.message)}\n`);
      return EXIT_USAGE;
    }
    // Anything else, e.g. a NoVehicleError (no vehicle heard before the timeout): the operation failed.
    process.stderr.write(`watchpost: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    return EXIT_FAILED;
  }
}

function oneLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}
