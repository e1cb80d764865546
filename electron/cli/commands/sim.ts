// watchpost sim --link URI [--home LAT,LON,ALT_M] [--vehicles N] [--speedup K] [--loss P] [--duplicate P]
//               [--reorder P] [--latency MS] [--seed N] [--duration S] [--param NAME=VALUE]… [--signing-key KEY] [--json]
// Serves simulated ArduCopters on any link kind, as SITL does: tcpin:0.0.0.0:5760 for QGroundControl's TCP
// link or MAVProxy's --master=tcp:…, udpout:127.0.0.1:14550 to reach a QGroundControl listening on its default.
import { createLink } from '../../../mavlink/links/open-link';
import { DEFAULT_HOME, startSimulator } from '../../../mavlink/sim/simulator';
import type { VehicleConfig } from '../../../mavlink/sim/config';
import type { HomeArg } from '../args';
import { printJson, untilStopped } from '../output';
import { signingKeyFrom } from './signing-key';

export interface SimOptions {
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
  signingKey?: string;
  json?: boolean;
}

/** The action of `sim` (registered in sim.meta.ts): the exit code. */
export async function sim(opts: SimOptions): Promise<number> {
  const signing_key = signingKeyFrom(opts.signingKey);
  const link = createLink(opts.link);
  const handle = await startSimulator({
    link,
    vehicles: opts.vehicles,
    home: opts.home ?? DEFAULT_HOME,
    speedup: opts.speedup,
    vehicle: opts.param,
    faults: { loss: opts.loss, duplicate: opts.duplicate, reorder: opts.reorder, latency_ms: opts.latency, seed: opts.seed },
    signing_key,
  });
  const ready = {
    link: opts.link,
    local_port: link.localPort ?? null,
    vehicles: handle.vehicles.map((v) => v.sysid),
    home: opts.home ?? DEFAULT_HOME,
    speedup: opts.speedup,
    params: opts.param,
    signing: signing_key !== undefined,
  };
  if (opts.json) printJson(ready);
  else process.stdout.write(`simulating ${opts.vehicles} ArduCopter${opts.vehicles > 1 ? 's' : ''} on ${opts.link}${link.localPort ? ` (port ${link.localPort})` : ''}; Ctrl-C stops\n`);
  await untilStopped(opts.duration);
  await handle.stop();
  // What signing refused, on stderr (stdout holds only the ready object): which frames a wrong-key peer sent in vain.
  for (const v of handle.vehicles) {
    const s = v.signing.stats();
    if (!s.enabled && s.key_changes === 0) continue;
    process.stderr.write(`vehicle ${v.sysid} signing: ${s.enabled ? 'on' : 'off'}, ${s.signed_ok} signed ok, ${s.unsigned_dropped} unsigned dropped, `
      + `${s.bad_signature} bad signature, ${s.replay} replayed, ${s.out_of_window} out of window, ${s.unsigned_accepted} unsigned accepted, `
      + `${s.key_changes} key change${s.key_changes === 1 ? '' : 's'}\n`);
  }
  return 0;
}
