// `watchpost sim`: the command and its options. The action lives in sim.ts and is loaded only when it runs
// (--help and usage errors never load it, nor the simulator).
import type { Command } from 'commander';
import { DEFAULT_VEHICLE_CONFIG, vehicleConfig, type VehicleConfig } from '../../../mavlink/sim/config';
import { home, intInRange, numberInRange, positiveSeconds, probability, UsageError } from '../args';
import type { CommandResult } from '../main';
import { keySourcesHook, linkOption, SIGNING_KEY_SOURCES, signingKeyFileOption, signingKeyOption } from './link-option';
import type { SimOptions } from './sim';

/** --param NAME=VALUE, repeatable: a vehicle parameter (names as in mavlink/sim/config.ts). */
function param(value: string, previous: Partial<VehicleConfig>): Partial<VehicleConfig> {
  const m = /^([a-z_]+)=(.+)$/.exec(value);
  const names = Object.keys(DEFAULT_VEHICLE_CONFIG);
  if (!m) throw new UsageError(`--param: expected NAME=VALUE, e.g. mission_capacity=50, got "${value}"`);
  if (!names.includes(m[1])) throw new UsageError(`--param: unknown parameter "${m[1]}"; known: ${names.join(', ')}`);
  const n = Number(m[2]);
  const next = { ...previous, [m[1]]: n };
  try {
    vehicleConfig(next);
  } catch (err) {
    throw new UsageError(`--param ${value}: ${(err as Error).message.replace(/^simulator vehicle config: /, '')}`);
  }
  return next;
}

export function registerSim(program: Command, result: CommandResult): void {
  program
    .command('sim')
    .description('run simulated ArduCopters (sysid 1..N) that speak MAVLink on a link, like ArduPilot SITL')
    .addOption(linkOption())
    .option('--home <lat,lon,alt_m>', 'home of vehicle 1 (WGS-84 degrees, metres AMSL); others 5 m east of each other', home)
    .option('--vehicles <n>', 'number of vehicles', intInRange(1, 250), 1)
    .option('--speedup <k>', 'simulated seconds per wall-clock second (0.01 to 10000)', numberInRange(0.01, 10_000), 1)
    .option('--loss <p>', 'probability each frame is lost, each way', probability, 0)
    .option('--duplicate <p>', 'probability each frame is delivered twice', probability, 0)
    .option('--reorder <p>', 'probability each frame is swapped with the next', probability, 0)
    .option('--latency <ms>', 'delay added to every frame', intInRange(0, 60_000), 0)
    .option('--seed <n>', 'seed of the fault-injection random numbers', intInRange(0, 2 ** 32 - 1), 1)
    .option('--duration <s>', 'stop after this many seconds (default: until Ctrl-C)', positiveSeconds)
    .option('--param <name=value>', 'vehicle parameter, repeatable: rtl_alt_m=40, mission_capacity=50, battery_start_pct=30, mission_not_ready_s=5 …', param, {})
    .addOption(signingKeyOption('every vehicle requires it, as ArduPilot with a key set (SETUP_SIGNING changes or clears it)'))
    .addOption(signingKeyFileOption())
    .hook('preAction', keySourcesHook(SIGNING_KEY_SOURCES))
    .option('--json', 'print one JSON object when ready (and nothing else on stdout)')
    .action(async (opts: SimOptions) => {
      result.code = await (await import('./sim')).sim(opts);
    });
}
