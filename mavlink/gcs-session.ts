// A ground-station session on one link: the connection, the vehicles heard on it (with our heartbeat and
// telemetry requests), the command client, and optionally a tlog recording of every frame in and out.
// The CLI and the app's main process both drive vehicles through this.
import { MavConnection } from './connection';
import { LinkSigning, type LinkSigningConfig } from './link-signing';
import { openLink, type LinkOptions } from './links/open-link';
import type { Link } from './links/link';
import { CommandClient } from './protocols/command-client';
import { MissionAdapter, MissionClient, type HomePosition, type MissionTiming } from './protocols/mission';
import { realClock, type Clock, type MavAddress } from './protocols/env';
import { VehicleCommands } from './protocols/vehicle-commands';
import { TlogWriter, type TlogWriterStats } from './tlog/writer';
import { VehicleRegistry } from './vehicle/vehicle-registry';
import type { VehicleState } from './vehicle/vehicle-state';

export interface GcsSessionOptions {
  uri: string;
  gcs?: MavAddress;
  /** Append every frame received and sent to this .tlog (never truncated). */
  recordPath?: string;
  /** A write to the recording failed (the recording goes on with later frames). Default: console.error. */
  onRecordError?: (err: Error) => void;
  /** Send our heartbeat and ask vehicles for telemetry (default true). */
  active?: boolean;
  /** With `active`: ask for telemetry streams too (default true; false leaves the link to heartbeats and protocols). */
  requestTelemetry?: boolean;
  clock?: Clock;
  link?: LinkOptions;
  /** Mission protocol timing (defaults: the MAVLink mission service's, with adaptive resends). */
  missionTiming?: Partial<MissionTiming>;
  /** MAVLink 2 signing on this link: our frames signed, the vehicle's checked (and, when required, the rest dropped). */
  signing?: LinkSigningConfig;
  /** The signing timestamp file could not be read or written (signing goes on). Default: console.error. */
  onSigningError?: (err: Error) => void;
}

export class GcsSession {
  readonly vehicles: VehicleRegistry;
  readonly commands: CommandClient;
  readonly missions: MissionClient;

  private constructor(
    readonly link: Link,
    readonly connection: MavConnection,
    private readonly recorder: TlogWriter | undefined,
    private signing: LinkSigning | undefined,
    private readonly clock: Clock,
    gcs: MavAddress,
    active: boolean,
    missionTiming: Partial<MissionTiming> | undefined,
    requestTelemetry: boolean,
  ) {
    const send = (msg: Parameters<MavConnection['send']>[0]) => void connection.send(msg);
    this.vehicles = new VehicleRegistry({ clock, send, gcs, request_telemetry: active && requestTelemetry });
    this.commands = new CommandClient({ clock, send, gcs });
    this.missions = new MissionClient({ clock, send, gcs, timing: missionTiming });
    connection.onMessage((msg, frame) => {
      const from = { sysid: frame.sysid, compid: frame.compid, seq: frame.seq };
      this.vehicles.handle(msg, from);
      this.commands.handle(msg, from);
      this.missions.handle(msg, from);
    });
    if (active) this.vehicles.start();
  }

  /** Open the link (and the recording) and start talking. Rejects with an Error naming the URI or file. */
  static async open(opts: GcsSessionOptions): Promise<GcsSession> {
    const gcs = opts.gcs ?? { sysid: 255, compid: 190 };
    const onError = opts.onRecordError ?? ((err: Error) => console.error(`watchpost: recording ${opts.recordPath}: ${err.message}`));
    const signing = opts.signing ? await LinkSigning.open(opts.signing, { onError: opts.onSigningError }) : undefined;
    const recorder = opts.recordPath ? await TlogWriter.open(opts.recordPath, { onError }) : undefined;
    let link: Link;
    try {
      link = await openLink(opts.uri, opts.link);
    } catch (err) {
      await recorder?.close();
      await signing?.close();
      throw err;
    }
    const connection = new MavConnection({ link, sysid: gcs.sysid, compid: gcs.compid, recorder, signing });
    return new GcsSession(
      link, connection, recorder, signing, opts.clock ?? realClock, gcs, opts.active ?? true, opts.missionTiming, opts.requestTelemetry ?? true,
    );
  }

  /** Resolves with the first vehicle matching `accept` (default: any), or null after `timeout_ms`. */
  waitForVehicle(timeout_ms: number, accept: (v: VehicleState) => boolean = () => true): Promise<VehicleState | null> {
    const found = () => this.vehicles.list().find(accept) ?? null;
    const now = found();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (v: VehicleState | null) => {
        this.clock.clearTimeout(timer);
        unsubscribe();
        resolve(v);
      };
      // The session's clock (an injected fake one in tests), like every protocol timer.
      const timer = this.clock.setTimeout(() => done(found()), timeout_ms);
      const unsubscribe = this.vehicles.onChange(() => {
        const v = found();
        if (v) done(v);
      });
    });
  }

  /** High-level commands (arm, takeoff, goto…) addressed to one vehicle. */
  commandsFor(vehicle: VehicleState): VehicleCommands {
    return new VehicleCommands(this.commands, vehicle);
  }

  /**
   * The mission adapter for this vehicle's autopilot (ArduPilot keeps home at mission seq 0; PX4 does not), with
   * the vehicle's home (HOME_POSITION) for the home item ArduPilot expects, or `home` when given.
   */
  missionAdapterFor(vehicle: VehicleState, home?: HomePosition): MissionAdapter {
    const h = vehicle.snapshot().home;
    return new MissionAdapter(vehicle.autopilot, home ?? (h ? { lat_deg: h.lat, lon_deg: h.lon, alt_m: h.alt_amsl_m } : undefined));
  }

  /**
   * Sign (and check) with another key from now on, e.g. right after SETUP_SIGNING gave the vehicle this key. With the
   * same key (only `require` changed) the signing goes on as it was: its table of the streams heard is kept, so a
   * frame captured before cannot be replayed after. With another key, the previous signing is closed (its timestamp
   * saved) before the new one reads the timestamp file, and the new one never signs below the previous one's last
   * timestamp (the vehicle keeps its streams' timestamps across a key change). Rejects only on a bad config, and then
   * changes nothing.
   */
  async startSigning(config: LinkSigningConfig, onError?: (err: Error) => void): Promise<void> {
    LinkSigning.checkConfig(config);
    const previous = this.signing;
    let next: LinkSigning;
    if (previous?.sameSigningAs(config)) {
      next = await previous.withRequire(config.require);
    } else {
      await previous?.close();
      next = await LinkSigning.open(config, { onError });
      if (previous) next.advancePast(previous.lastTimestamp);
    }
    this.signing = next;
    this.connection.setSigning(next);
  }

  /** The link's signing time: the last timestamp we signed with (10 µs units since 2015), undefined without signing. */
  get signingTimestamp_10us(): number | undefined {
    return this.signing?.lastTimestamp;
  }

  /** Bytes of the recording on disk so far (0 when not recording). */
  get recordedBytes(): number {
    return this.recorder?.stats.bytesWritten ?? 0;
  }

  /** Stop talking, close the link, flush and fsync the recording, save the signing timestamp. */
  async close(): Promise<TlogWriterStats | undefined> {
    this.vehicles.stop();
    this.commands.close();
    this.missions.close();
    this.connection.dispose();
    await this.link.close();
    await this.signing?.close();
    return this.recorder?.close();
  }
}
