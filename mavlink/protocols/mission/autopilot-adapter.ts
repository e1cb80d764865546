// Autopilot differences in one place. ArduPilot keeps home at seq 0 of the mission (not of fence or rally):
// an upload must start with a home item and a download starts with the vehicle's current home. PX4 (and any
// other autopilot) stores exactly the items sent. The user's mission never shows the home item: for ArduPilot
// the adapter adds one before upload (the given home, else a 0,0,0 placeholder as QGroundControl sends; ArduPilot
// does not take home from it) and strips it after download, and every sequence number that points into the
// mission moves by one: DO_JUMP's target (param1) and the seq of set-current. A DO_JUMP to the vehicle's home
// (seq 0) comes back as a jump to user item 0. ArduPilot asks with MISSION_REQUEST rather than _INT: the client
// answers both with MISSION_ITEM_INT, so nothing here depends on it.
import { minimal } from 'node-mavlink';
import type { MissionItem, MissionType } from '../../../patrol/mission/mission-item';
import type { MavAddress } from '../env';
import type { MissionClient } from './mission-client';
import type { MissionOpOptions, MissionResult, UploadOptions } from './mission-types';

export const MAV_CMD_DO_JUMP = 177;
const MAV_CMD_NAV_WAYPOINT = 16;
const MAV_FRAME_GLOBAL = 0;

export type AutopilotFlavour = 'ardupilot' | 'px4' | 'other';

/** From HEARTBEAT.autopilot (MAV_AUTOPILOT). */
export function autopilotFlavour(mavAutopilot: number): AutopilotFlavour {
  if (mavAutopilot === minimal.MavAutopilot.ARDUPILOTMEGA) return 'ardupilot';
  if (mavAutopilot === minimal.MavAutopilot.PX4) return 'px4';
  return 'other';
}

export interface HomePosition {
  lat_deg: number;
  lon_deg: number;
  /** Above mean sea level. */
  alt_m: number;
}

function shiftJumps(items: readonly MissionItem[], by: number): MissionItem[] {
  return items.map((item) => (item.command === MAV_CMD_DO_JUMP ? { ...item, param1: Math.max(0, item.param1 + by) } : { ...item }));
}

export class MissionAdapter {
  readonly flavour: AutopilotFlavour;

  /** `autopilot`: HEARTBEAT.autopilot of the vehicle; `home`: what to send as ArduPilot's seq 0 (else 0,0,0). */
  constructor(readonly autopilot: number, readonly home?: HomePosition) {
    this.flavour = autopilotFlavour(autopilot);
  }

  /** Does the vehicle keep a home item at seq 0 of this mission type? */
  hasHomeItem(type: MissionType): boolean {
    return this.flavour === 'ardupilot' && type === 'mission';
  }

  private offset(type: MissionType): number {
    return this.hasHomeItem(type) ? 1 : 0;
  }

  homeItem(): MissionItem {
    const h = this.home ?? { lat_deg: 0, lon_deg: 0, alt_m: 0 };
    return {
      command: MAV_CMD_NAV_WAYPOINT, frame: MAV_FRAME_GLOBAL, param1: 0, param2: 0, param3: 0, param4: 0,
      x: h.lat_deg, y: h.lon_deg, z: h.alt_m, autocontinue: true,
    };
  }

  /** The user's items → the items as the vehicle stores them. The input is not modified. */
  toVehicle(type: MissionType, items: readonly MissionItem[]): MissionItem[] {
    if (!this.hasHomeItem(type)) return items.map((i) => ({ ...i }));
    return [this.homeItem(), ...shiftJumps(items, 1)];
  }

  /** The vehicle's items → the user's items, and the vehicle's home item when it has one. */
  fromVehicle(type: MissionType, items: readonly MissionItem[]): { items: MissionItem[]; home?: MissionItem } {
    if (!this.hasHomeItem(type)) return { items: items.map((i) => ({ ...i })) };
    if (items.length === 0) return { items: [] };
    return { items: shiftJumps(items.slice(1), -1), home: { ...items[0] } };
  }

  /** A user seq (e.g. for set-current) → the vehicle's seq. */
  seqToVehicle(type: MissionType, seq: number): number {
    return seq + this.offset(type);
  }

  /** A vehicle seq (MISSION_CURRENT, MISSION_ITEM_REACHED, a result's seq) → the user's seq; -1 for ArduPilot's home. */
  seqFromVehicle(type: MissionType, seq: number): number {
    return seq - this.offset(type);
  }

  /** Upload the user's items; the result's seq and items are the user's. */
  async upload(client: MissionClient, target: MavAddress, type: MissionType, items: readonly MissionItem[], opts: UploadOptions = {}): Promise<MissionResult> {
    const off = this.offset(type);
    const ignore = off > 0 ? [0, ...(opts.verify_ignore_seqs ?? []).map((s) => s + off)] : opts.verify_ignore_seqs;
    const storage = opts.storage ?? (this.flavour === 'ardupilot' ? 'ardupilot' : this.flavour === 'px4' ? 'px4' : 'verbatim');
    const r = await client.upload(target, type, this.toVehicle(type, items), { ...this.userProgress(type, opts), verify_ignore_seqs: ignore, storage, message_seq_offset: -off });
    return this.userResult(type, r);
  }

  /** Download the user's items (home stripped); `home` is the vehicle's home item when it keeps one. */
  async download(client: MissionClient, target: MavAddress, type: MissionType, opts: MissionOpOptions = {}): Promise<MissionResult & { home?: MissionItem }> {
    return this.userResult(type, await client.download(target, type, this.userProgress(type, opts)));
  }

  /** Make user item `seq` current (ArduPilot: vehicle seq + 1). */
  async setCurrent(client: MissionClient, target: MavAddress, seq: number, opts: MissionOpOptions = {}): Promise<MissionResult> {
    return this.userResult('mission', await client.setCurrent(target, this.seqToVehicle('mission', seq), opts));
  }

  /**
   * Per-autopilot options: progress in the user's numbering, and for anything but ArduPilot no items sent ahead
   * of their requests and one download request at a time (PX4 aborts a transfer on a request or item out of order).
   */
  private userProgress<T extends MissionOpOptions>(type: MissionType, opts: T): T {
    const off = this.offset(type);
    const cb = opts.onProgress;
    const timing = this.flavour === 'ardupilot' ? opts.timing : { speculate: false, download_window: 1, ...opts.timing };
    if (off === 0 || !cb) return { ...opts, timing };
    return { ...opts, timing, onProgress: (p) => cb({ ...p, done: Math.max(0, p.done - off), total: Math.max(0, p.total - off) }) };
  }

  private userResult(type: MissionType, r: MissionResult): MissionResult & { home?: MissionItem } {
    const off = this.offset(type);
    if (off === 0) return r;
    const out: MissionResult & { home?: MissionItem } = {
      ...r,
      done: Math.max(0, r.done - off),
      total: Math.max(0, r.total - off),
    };
    if (r.items) {
      const user = this.fromVehicle(type, r.items);
      out.items = user.items;
      if (user.home) out.home = user.home;
    }
    if (r.difference) out.difference = { ...r.difference, seq: r.difference.seq - off };
    if (r.seq !== undefined) {
      if (r.seq < off) {
        delete out.seq;
        out.detail = `${r.detail ?? r.result} (the home item)`;
      } else out.seq = r.seq - off;
    }
    return out;
  }
}
