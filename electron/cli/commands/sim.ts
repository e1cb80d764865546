// watchpost sim --link URI [--home LAT,LON,ALT_M] [--vehicles N] [--speedup K] [--loss P] [--duplicate P]
//               [--reorder P] [--latency MS] [--seed N] [--duration S] [--param NAME=VALUE]… [--json]
// Serves simulated ArduCopters on any link kind, as SITL does: tcpin:0.0.0.0:5760 for QGroundControl's TCP
// link or MAVProxy's --master=tcp:…, udpout:127.0.0.1:14550 to reach a QGroundControl listening on its default.
import type { Command } from 'commander';
import { createLink } from '../../../mavlink/links/open-link';
import { DEFAULT_HOME, startSimulator } from '../../../mavlink/sim/simulator';
import { DEFAULT_VEHICLE_CONFIG, vehicleConfig, type VehicleConfig } from '../../../mavlink/sim/config';
import { home, intInRange, numberInRange, positiveSeconds, probability, UsageError, type HomeArg } from '../args';
import { printJson, untilStopped } from '../output';
import type { CommandResult } from '../main';
import { linkOption } from './link-option';

interface SimOptions {
  link: string;
  home?: HomeArg;
  vehicles: number;
  speedup: number;
  loss: number;
  duplicate: number;
  reorder: number;
  latency: number;
  seed: number;
  duration?: number;
  param: Partial<VehicleConfig>;
  json?: boolean;
}

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
    .option('--json', 'print one JSON object when ready (and nothing else on stdout)')
    .action(async (opts: SimOptions) => {
      result.code = await sim(opts);
    });
}

async function sim(opts: SimOptions): Promise<number> {
  const link = createLink(opts.link);
  const handle = await startSimulator({
    link,
    vehicles: opts.vehicles,
    home: opts.home ?? DEFAULT_HOME,
    speedup: opts.speedup,
    vehicle: opts.param,
    faults: { loss: opts.loss, duplicate: opts.duplicate, reorder: opts.reorder, latency_ms: opts.latency, seed: opts.seed },
  });
  const ready = {
    link: opts.link,
    local_port: link.localPort ?? null,
    vehicles: handle.vehicles.map((v) => v.sysid),
    home: opts.home ?? DEFAULT_HOME,
    speedup: opts.speedup,
    params: opts.param,
  };
  if (opts.json) printJson(ready);
  else process.stdout.write(`simulating ${opts.vehicles} ArduCopter${opts.vehicles > 1 ? 's' : ''} on ${opts.link}${link.localPort ? ` (port ${link.localPort})` : ''}; Ctrl-C stops\n`);
  await untilStopped(opts.duration);
  await handle.stop();
  return 0;
}
