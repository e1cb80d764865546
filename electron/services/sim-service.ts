// The built-in simulated copter, started from the app so a new user can fly the demo at once: ArduCopter's
// behaviour (mavlink/sim) on a TCP server on a free loopback port, at the open site's home, sped up as chosen.
// The app then opens `tcp:127.0.0.1:<port>` like any other link.
import type { SimScenario, SimulatorInfo, SimulatorStart } from '../api';
import type { VehicleConfig } from '../../mavlink/sim/config';
import { createLink } from '../../mavlink/links/open-link';
import { startSimulator, type SimulatorHandle } from '../../mavlink/sim/simulator';
import { signingKeyFromText } from '../../mavlink/link-signing';

/** A start the simulator refuses (a signing key that is not one): said to the user as it is, never quoting the key. */
export class SimStartError extends Error {}

/** What each training scenario changes in the copter's parameters. With 18 % at boot the simulator's battery
 *  failsafe (battery_failsafe_pct, 20 %) trips at once and arming is refused with its "PreArm: Battery 1 low"
 *  (mavlink/sim/arming.ts; ArduPilot's own AP_BattMonitor words it "Battery 1 below minimum arming capacity" or names
 *  the failsafe); without a position estimate arming is refused with "PreArm: Need 3D Fix". */
const SCENARIO_CONFIG: Readonly<Record<SimScenario, Partial<VehicleConfig>>> = {
  normal: {},
  low_battery: { battery_start_pct: 18 },
  no_gps: { ekf_ready_s: 1e9 },
  // ArduPilot answers MISSION_COUNT beyond its storage with MAV_MISSION_NO_SPACE (MissionItemProtocol::handle_mission_count).
  small_storage: { mission_capacity: 100 },
};

export class SimService {
  private readonly running = new Map<string, { handle: SimulatorHandle; info: SimulatorInfo }>();
  private next = 1;

  async start(opts: SimulatorStart): Promise<SimulatorInfo> {
    const speedup = opts.speedup ?? 1;
    // Its vehicles require signing from boot with this key (ArduPilot with a key stored), as `watchpost sim --signing-key`.
    let signing_key: Uint8Array | undefined;
    if (opts.signing_key !== undefined) {
      const k = signingKeyFromText(opts.signing_key);
      if (!k.ok) throw new SimStartError(`simulator: signing key: ${k.error}`);
      signing_key = k.key;
    }
    const link = createLink('tcpin:127.0.0.1:0');
    const handle = await startSimulator({
      link,
      home: { lat_deg: opts.lat_deg, lon_deg: opts.lon_deg, alt_m: opts.alt_m ?? 0 },
      speedup,
      vehicles: opts.vehicles ?? 1,
      vehicle: SCENARIO_CONFIG[opts.scenario ?? 'normal'],
      signing_key,
    });
    const port = (link as { localPort?: number }).localPort;
    if (!port) {
      await handle.stop();
      throw new Error('simulator: the TCP server has no port');
    }
    const info: SimulatorInfo = { id: `sim-${this.next++}`, uri: `tcp:127.0.0.1:${port}`, sysids: handle.vehicles.map((v) => v.sysid), speedup, signing: signing_key !== undefined };
    this.running.set(info.id, { handle, info });
    return info;
  }

  list(): SimulatorInfo[] {
    return [...this.running.values()].map((r) => r.info);
  }

  async stop(id: string): Promise<void> {
    const r = this.running.get(id);
    if (!r) throw new Error(`no simulator ${JSON.stringify(id)}; running: ${[...this.running.keys()].join(', ') || 'none'}`);
    this.running.delete(id);
    await r.handle.stop();
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.stop(id);
  }
}
