// watchpost status --link URI [--timeout S] [--json]: wait for a vehicle and print its state.
import type { Command } from 'commander';
import { GcsSession } from '../../../mavlink/gcs-session';
import { positiveSeconds } from '../args';
import { printFields, printJson } from '../output';
import type { CommandResult } from '../main';
import { linkOption } from './link-option';

interface StatusOptions {
  link: string;
  timeout: number;
  json?: boolean;
}

export function registerStatus(program: Command, result: CommandResult): void {
  program
    .command('status')
    .description('wait for a vehicle on the link and print its state (position, mode, battery, GPS, …)')
    .addOption(linkOption())
    .option('--timeout <s>', 'seconds to wait for a vehicle and its position', positiveSeconds, 10)
    .option('--json', 'print one JSON object')
    .action(async (opts: StatusOptions) => {
      result.code = await status(opts);
    });
}

async function status(opts: StatusOptions): Promise<number> {
  const deadline = Date.now() + opts.timeout * 1000;
  const session = await GcsSession.open({ uri: opts.link });
  try {
    const vehicle = await session.waitForVehicle(opts.timeout * 1000);
    if (!vehicle) {
      process.stderr.write(`watchpost: no vehicle heard on ${opts.link} within ${opts.timeout} s\n`);
      return 1;
    }
    // A vehicle was heard: give it the rest of the time to report a position (ArduPilot reports none until
    // its estimate is up), then print what is known.
    await session.waitForVehicle(Math.max(0, deadline - Date.now()), (v) => v === vehicle && v.snapshot().lat !== null);
    const snapshot = vehicle.snapshot();
    if (opts.json) printJson(snapshot);
    else printFields({ ...snapshot, statustext: snapshot.statustext.map((s) => s.text).join(' | ') });
    return 0;
  } finally {
    await session.close();
  }
}
