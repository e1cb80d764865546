// The app's links (issue 9, first step: the Node side of the Connections panel). Each link is a GcsSession opened
// from a URI as the CLI spells it, recording every frame into its own flight — `<flights>/<UTC start>_<label>.tlog`
// plus the sidecar (flight-sidecar.ts) — and reconnecting by itself as the CLI's links do. Several at once. What
// crosses to the UI: link summaries (state, bytes, loss, last heard, the recording) and vehicle snapshots, each at
// most 20 a second; nothing per packet. Also here: listing serial ports (a machine where listing fails, e.g. no
// udevadm, still connects by typed path) and starting the built-in simulated copter on a free loopback port.
import { mkdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { GcsSession } from '../../mavlink/gcs-session';
import { parseLinkUri } from '../../mavlink/links/uri';
import { realClock, type Clock } from '../../mavlink/protocols/env';
import { SnapshotThrottle } from '../../mavlink/vehicle/snapshot-throttle';
import type { ActionOutcome, ActionProgress, LiveVehicle, FindingInput, LinkPosts, LinkSummary, SigningSendOutcome, UploadOutcome, UploadProgress, VehicleAction, VehicleMission } from '../api';
import { missionPoints, VehicleMissions } from './vehicle-missions';
import { MissionAdapter } from '../../mavlink/protocols/mission/autopilot-adapter';
import { startPatrolSequence } from '../../mavlink/protocols/start-sequence';
import type { VehicleState } from '../../mavlink/vehicle/vehicle-state';
import { commandAction, uploadPatrolTo } from './vehicle-commands';
import type { Patrol } from '../../patrol/patrol/patrol';
import { TRACK_MESSAGE_IDS } from '../../mavlink/track/track-builder';
import { LiveChecks } from './live-checks';
import { linkSummary, type OpenLink } from './link-summary';
import type { Site } from '../../patrol/site/site';
import { flightBaseName, writeSidecar, type Finding, type FlightSidecar } from './flight-sidecar';
import type { SigningKeyStore } from './signing-keys';
import { LinkSigningControl, signingKeyOf } from './link-signing-control';


export interface LinkServiceOptions {
  /** Where each new link records its flight (read when the link opens). */
  flightsDir: string | (() => string);
  /** The open site and patrol, for the sidecar. */
  workspace?: () => { site_path: string | null; patrol_path: string | null };
  clock?: Clock;
  onLinks?: (links: LinkSummary[]) => void;
  onVehicles?: (vehicles: LiveVehicle[]) => void;
  /** The open site, whose duty posts each link checks live, and its patrol (null: none open). */
  site?: () => { site: Site; path: string; patrol: Patrol } | null;
  onUpload?: (p: UploadProgress) => void;
  onPosts?: (posts: LinkPosts[]) => void;
  /** A running action's step (the start sequence's arming, with the PreArm reason it waits on). */
  onAction?: (p: ActionProgress) => void;
  /** A vehicle's mission, read back from it. */
  onMission?: (m: VehicleMission) => void;
  /** A recording or sidecar write failed (the flight goes on). */
  onError?: (err: Error) => void;
  /** MAVLink 2 signing keys by link URI: each link opens with its URI's key (none: signing off). */
  signingKeys?: SigningKeyStore;
}

export class LinkService {
  private readonly links = new Map<string, OpenLink>();
  private readonly clock: Clock;
  private readonly linkThrottle: SnapshotThrottle<LinkSummary[]>;
  private readonly vehicleThrottle: SnapshotThrottle<LiveVehicle[]>;
  private readonly postsThrottle: SnapshotThrottle<LinkPosts[]>;
  /** Final post states of links closed since the last posts() call. */
  private readonly ended: LinkPosts[] = [];
  private next = 1;
  /** Links being opened (shown as 'connecting' until they open or fail). */
  private readonly opening = new Map<string, { id: string; uri: string; tlogPath: string; signingKey: OpenLink['signingKey']; problem: string | null }>();
  /** Signing of the links: link ids, keys applied, Send key to vehicle (link-signing-control.ts). */
  private readonly signing: LinkSigningControl;
  /** Rechecks silent links once a second. */
  private readonly silenceTimer: ReturnType<typeof setInterval>;
  /** What each vehicle holds, as read back from it. */
  readonly missions: VehicleMissions;

  constructor(private readonly opts: LinkServiceOptions) {
    this.clock = opts.clock ?? realClock;
    this.signing = new LinkSigningControl(opts.signingKeys, (err) => this.fail(err));
    this.missions = new VehicleMissions(opts.onMission);
    this.linkThrottle = new SnapshotThrottle(this.clock, () => this.list(), (l) => opts.onLinks?.(l), 4);
    this.vehicleThrottle = new SnapshotThrottle(this.clock, () => this.vehicles(), (v) => {
      // A vehicle new to a flight goes into its sidecar (checked here, at most 20 times a second, not per message).
      for (const l of this.links.values()) this.noteVehicles(l);
      opts.onVehicles?.(v);
    }, 20);
    this.postsThrottle = new SnapshotThrottle(this.clock, () => this.postsNow(), (p) => opts.onPosts?.(p), 4);
    // A silent link sends no frames, so nothing else would tell the page: once a second, its link summary (lost
    // after SILENCE_LOST_MS) and its vehicles (no heartbeat after their timeout) go out again.
    this.silenceTimer = setInterval(() => {
      const now = this.clock.now_ms();
      if ([...this.links.values()].some((l) => !l.closed && l.lastHeard && now - l.lastHeard.getTime() > 1000)) {
        this.linkThrottle.notify();
        this.vehicleThrottle.notify();
      }
    }, 1000);
    this.silenceTimer.unref?.();
  }

  /** The folder the next link records into. */
  get flightsDir(): string {
    return typeof this.opts.flightsDir === 'function' ? this.opts.flightsDir() : this.opts.flightsDir;
  }

  /** Open a link by URI and start recording it. Rejects with an Error naming the URI (bad URI, busy port…). */
  async open(uri: string): Promise<LinkSummary> {
    parseLinkUri(uri); // a bad URI says what is wrong before anything is created
    for (const l of this.links.values()) if (!l.closed && l.session.link.uri === uri) throw new Error(`${uri}: already open`);
    const dir = this.flightsDir;
    await mkdir(dir, { recursive: true });
    const started = new Date(this.clock.now_ms());
    const base = flightBaseName(started, uri);
    const tlogPath = join(dir, `${base}.tlog`);
    const sidecarPath = join(dir, `${base}.json`);
    const id = `link-${this.next++}`;
    const linkId = this.signing.claimLinkId(id, uri);
    // The key stored for this URI: frames sent are signed, frames received checked (and, when required, the rest
    // dropped before they are recorded or acted on). A key file that cannot be read: every frame dropped.
    const first = await this.signing.now(uri, linkId);
    this.signing.reportProblem(first.problem, uri);
    const firstKey = first.problem ? null : signingKeyOf(first.config);
    this.opening.set(id, { id, uri, tlogPath, signingKey: firstKey, problem: first.problem });
    this.linkThrottle.notify();
    let session: GcsSession;
    try {
      session = await GcsSession.open({ uri, recordPath: tlogPath, onRecordError: (err) => this.fail(err), signing: first.config, onSigningError: (err) => this.fail(err) });
    } catch (err) {
      this.signing.releaseLinkId(id);
      // Nothing was recorded: no empty flight is left for the library to list.
      await unlink(tlogPath).catch((e: NodeJS.ErrnoException) => e.code === 'ENOENT' || this.fail(e));
      throw err;
    } finally {
      this.opening.delete(id);
      this.linkThrottle.notify();
    }
    const ws = this.opts.workspace?.() ?? { site_path: null, patrol_path: null };
    const sidecar: FlightSidecar = {
      format: 'watchpost-flight', version: 1, tlog: `${base}.tlog`, link_uri: uri, site_path: ws.site_path, patrol_path: ws.patrol_path,
      started_utc: started.toISOString(), ended_utc: null, vehicles: [], findings: [],
    };
    const open = this.opts.site?.() ?? null;
    const checks = open ? new LiveChecks(open.site, open.path) : null;
    const l: OpenLink = { id, session, tlogPath, sidecarPath, sidecar, lostSince: null, detail: null, lastHeard: null, closed: false, checks, closing: new AbortController(), starts: new Map(), signingKey: firstKey, signedBefore: 0, signingProblem: first.problem };
    this.links.set(id, l);
    // A key saved or removed (or the key file damaged or set aside) while the link was opening: the link takes it now.
    const now = await this.signing.now(uri, linkId);
    const want = signingKeyOf(now.config);
    const changed = (now.problem !== null) !== (l.signingProblem !== null)
      || (now.problem === null && (want?.fingerprint !== l.signingKey?.fingerprint || want?.require !== l.signingKey?.require));
    if (changed) await this.signing.applyTo(l, now);
    await this.save(l);
    session.link.onStatus((s) => {
      l.detail = s.detail ?? null;
      l.lostSince = s.state === 'reconnecting' ? (l.lostSince ?? new Date(this.clock.now_ms())) : null;
      this.linkThrottle.notify();
    });
    session.connection.onFrame(() => {
      l.lastHeard = new Date(this.clock.now_ms());
      this.linkThrottle.notify();
    });
    // Bytes whose frames signing drops reach no frame listener: the summary (bytes in, the drop counters) still
    // goes out, at most 4 times a second, so the panel shows why nothing is heard.
    session.link.onData(() => {
      if (l.signingKey || l.signingProblem) this.linkThrottle.notify();
    });
    if (checks) {
      session.connection.onMessage((msg, frame) => {
        if (!TRACK_MESSAGE_IDS.has(frame.msgid)) return;
        checks.builder.feed(Math.round(this.clock.now_ms() * 1000), frame.sysid, frame.compid, msg);
        this.postsThrottle.notify();
      });
    }
    session.vehicles.onChange(() => this.vehicleThrottle.notify());
    this.linkThrottle.notify();
    return this.summary(l);
  }

  /** Close a link: stop talking, flush and fsync the recording, write the sidecar's end. */
  async close(id: string): Promise<LinkSummary> {
    const l = this.links.get(id);
    if (!l) throw new Error(`no link ${JSON.stringify(id)}; open links: ${[...this.links.keys()].join(', ') || 'none'}`);
    if (!l.closed) {
      l.closed = true;
      l.closing.abort();
      await l.session.close();
      l.sidecar.ended_utc = new Date(this.clock.now_ms()).toISOString();
      await this.save(l);
      if (l.checks) this.ended.push(this.postsOf(l, true));
      this.missions.forgetLink(id);
      this.signing.releaseLinkId(id);
    }
    const s = await this.summaryWithSize(l);
    this.links.delete(id);
    this.linkThrottle.notify();
    this.vehicleThrottle.notify();
    return s;
  }

  /**
   * The key stored for `uri` changed (set, replaced or removed): every open link of that URI signs with the new key
   * from its next frame on (same link, same recording; the counters start again), or stops signing. Links of other
   * URIs that drop everything because the key file could not be read look again too: a save sets a damaged file
   * aside, after which they take their own key (or none).
   */
  async applySigning(uri: string): Promise<void> {
    for (const l of this.links.values()) {
      if (!l.closed && (l.session.link.uri === uri || l.signingProblem !== null)) await this.signing.applyTo(l);
    }
    this.linkThrottle.notify();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.silenceTimer);
    for (const id of [...this.links.keys()]) await this.close(id);
    this.linkThrottle.close();
    this.vehicleThrottle.close();
    this.postsThrottle.close();
  }

  /** Every open link's post states, and the final states of links closed since the last call. */
  posts(): LinkPosts[] {
    return [...this.ended.splice(0), ...this.postsNow()];
  }

  private postsNow(): LinkPosts[] {
    return [...this.links.values()].filter((l) => l.checks && !l.closed).map((l) => this.postsOf(l, false));
  }

  /**
   * The posts as the link's vehicle checked them. The flight is over when the link closed, or when the vehicle
   * followed has flown and is now disarmed (landed): then a post never reached is `missed`, as `watchpost checks`
   * says at the end of the recording. Armed again, it goes on.
   */
  private postsOf(l: OpenLink, closed: boolean): LinkPosts {
    const c = l.checks as LiveChecks;
    const v = c.builder.vehicle !== null ? l.session.vehicles.get(c.builder.vehicle) : undefined;
    const landed = v !== undefined && !v.armed && c.checker.lastTime() !== null;
    return { link_id: l.id, sysid: c.builder.vehicle, site_path: c.path, posts: c.states(closed || landed) };
  }

  list(): LinkSummary[] {
    const opening = [...this.opening.values()].map((o): LinkSummary => ({
      id: o.id, uri: o.uri, state: 'connecting', detail: null, lost_since_utc: null, bytes_in: 0, bytes_out: 0, loss_pct: null,
      last_heard_utc: null, tlog_path: o.tlogPath, tlog_bytes: 0, sysids: [], findings: [],
      signing: this.signing.openingSummary(o),
    }));
    return [...opening, ...[...this.links.values()].map((l) => this.summary(l))];
  }

  /** The same, with each recording's size read from disk. */
  async listWithSizes(): Promise<LinkSummary[]> {
    return Promise.all([...this.links.values()].map((l) => this.summaryWithSize(l)));
  }

  vehicles(): LiveVehicle[] {
    return [...this.links.values()].filter((l) => !l.closed).flatMap((l) => l.session.vehicles.snapshot().map((v) => ({ ...v, link_id: l.id })));
  }

  /**
   * Record a finding at a duty post on an open link's flight, with the time and the aircraft's position (the vehicle
   * `sysid`, else the first one heard); saved at once (atomic rewrite of the sidecar) before this resolves.
   */
  async addFinding(id: string, f: FindingInput): Promise<Finding> {
    return this.editFindings(id, (l, where) => {
      const vehicles = l.session.vehicles.snapshot();
      const v = f.sysid !== undefined ? vehicles.find((x) => x.sysid === f.sysid) : vehicles[0];
      if (f.sysid !== undefined && !v) throw new Error(`no vehicle ${f.sysid} on ${where}`);
      const now = this.clock.now_ms();
      const finding: Finding = {
        id: `f${l.sidecar.findings.length + 1}-${now.toString(36)}`, t_utc: new Date(now).toISOString(), post: f.post, kind: f.kind,
        ...(f.note !== undefined && f.note !== '' ? { note: f.note } : {}), lat_deg: v?.lat ?? null, lon_deg: v?.lon ?? null, sysid: v?.sysid ?? null,
      };
      l.sidecar.findings.push(finding);
      return finding;
    });
  }

  /** Change a finding's kind or note; saved at once. */
  async updateFinding(id: string, findingId: string, patch: Partial<Pick<FindingInput, 'kind' | 'note'>>): Promise<Finding> {
    return this.editFindings(id, (l, where) => {
      const f = l.sidecar.findings.find((x) => x.id === findingId);
      if (!f) throw new Error(`no finding ${JSON.stringify(findingId)} on ${where}`);
      if (patch.kind !== undefined) f.kind = patch.kind;
      if (patch.note === '') delete f.note;
      else if (patch.note !== undefined) f.note = patch.note;
      return { ...f };
    });
  }

  /** Remove a finding; saved at once. The findings left. */
  async removeFinding(id: string, findingId: string): Promise<Finding[]> {
    return this.editFindings(id, (l, where) => {
      const i = l.sidecar.findings.findIndex((x) => x.id === findingId);
      if (i < 0) throw new Error(`no finding ${JSON.stringify(findingId)} on ${where}`);
      l.sidecar.findings.splice(i, 1);
      return l.sidecar.findings.map((x) => ({ ...x }));
    });
  }

  /** An edit of a link's findings, saved (atomically) before it answers — a failed save is the caller's error — and told to the page. */
  private async editFindings<T>(id: string, edit: (l: OpenLink, where: string) => T): Promise<T> {
    const l = this.openLink(id);
    const out = edit(l, l.session.link.uri);
    await this.saveOrThrow(l);
    this.linkThrottle.notify();
    return out;
  }

  /**
   * Compile the open patrol for the vehicle's autopilot (`sysid`, else the first heard) and upload it with verify,
   * as `watchpost mission upload --verify` does (nothing sent when an item would surely be refused; a failed upload
   * to ArduPilot is cleared). Progress goes out as `onUpload`.
   */
  async uploadPatrol(id: string, sysid?: number): Promise<UploadOutcome> {
    const l = this.openLink(id);
    const vehicle = this.vehicleOf(l, sysid);
    const open = this.opts.site?.();
    if (!open) throw new Error('no site open: open a site or a patrol first');
    const { outcome, items } = await uploadPatrolTo(l.session, vehicle, open, (done, total) => this.opts.onUpload?.({ link_id: id, sysid: vehicle.sysid, done, total }));
    if (items) this.noteMission(id, vehicle.sysid, items, vehicle.autopilot, 'upload');
    // After a failure the map must not go on drawing a mission the vehicle no longer holds.
    else if (outcome.mission_state === 'cleared') this.noteMission(id, vehicle.sysid, [], vehicle.autopilot, 'upload');
    else if (outcome.mission_state === 'unknown') this.missions.forget(id, vehicle.sysid);
    return outcome;
  }

  /**
   * An action on a vehicle (`sysid`, else the first heard). `start` runs the `fly` sequence (GUIDED, arm with
   * PreArm reasons, takeoff to the open patrol's takeoff altitude, mission start) and answers once the mission
   * runs; `pause` holds position (LOITER; PX4 AUTO.LOITER), `resume` goes on with the mission (AUTO; PX4
   * AUTO.MISSION), `rtl`, `land`, and `mode`
   * sets a flight mode by the autopilot's own name. Each answers with the command's typed result.
   */
  async vehicleAction(id: string, a: { sysid?: number; action: VehicleAction; mode?: string }): Promise<ActionOutcome> {
    const l = this.openLink(id);
    const vehicle = this.vehicleOf(l, a.sysid);
    const out = (ok: boolean, result: string, detail: string | null): ActionOutcome => ({ ok, action: a.action, sysid: vehicle.sysid, result, detail });
    // Any action on a vehicle whose start is running ends that start first (an RTL during the climb must not be
    // followed by the start's MISSION_START); 'cancel' only does that.
    const running = l.starts.get(vehicle.sysid);
    running?.abort();
    if (a.action === 'cancel') return running ? out(true, 'cancelled', null) : out(false, 'nothing_running', 'no start is running on this vehicle');
    if (a.action === 'start') {
      const takeoff_m = this.opts.site?.()?.patrol.takeoff_alt_m ?? 10;
      const step = (s: string, note: string | null) => this.opts.onAction?.({ link_id: id, sysid: vehicle.sysid, action: 'start', step: s, note });
      const stop = new AbortController();
      l.starts.set(vehicle.sysid, stop);
      const signal = AbortSignal.any([l.closing.signal, stop.signal]);
      const r = await startPatrolSequence(l.session, vehicle, takeoff_m, Date.now() + 60_000, step, signal).finally(() => {
        if (l.starts.get(vehicle.sysid) === stop) l.starts.delete(vehicle.sysid);
      });
      step('done', r.reason);
      return r.ok ? out(true, 'accepted', null) : out(false, r.failed ?? 'failed', r.reason);
    }
    return commandAction(l.session, vehicle, a.action, a.mode);
  }

  /**
   * Give the vehicle `sysid` the key stored for the link's URI with SETUP_SIGNING, as `watchpost signing setup` does
   * (mavlink/signing-setup.ts): refused before sending while it is armed, then checked both ways — its frames verify
   * with the key and a signed command is answered. The link goes on signing with that key as it did; SETUP_SIGNING
   * (which carries the key in clear) is not recorded. Over a link that is neither serial (USB) nor loopback it is
   * refused before anything is done (`insecure_link`, naming the kind of link) unless `insecure_link` (the user ticked
   * "send over this insecure link" in the confirmation). Throws (a clear reason, never the key) when no key is stored
   * (or the key file cannot be read), no such vehicle is heard, or it has not been heard lately enough to know whether
   * it is armed.
   */
  async sendSigningKey(id: string, sysid: number, insecure_link = false): Promise<SigningSendOutcome> {
    const l = this.openLink(id);
    return this.signing.sendKey(l, () => this.vehicleOf(l, sysid), insecure_link, () => this.linkThrottle.notify());
  }

  /** Read the mission a vehicle (`sysid`, else the first heard) holds, as `watchpost mission download` does. */
  async readMission(id: string, sysid?: number): Promise<VehicleMission> {
    const l = this.openLink(id);
    const vehicle = this.vehicleOf(l, sysid);
    const r = await l.session.missionAdapterFor(vehicle).download(l.session.missions, vehicle, 'mission');
    if (r.result !== 'ok' || !r.items) throw new Error(`reading the mission of vehicle ${vehicle.sysid}: ${r.result}${r.detail ? `: ${r.detail}` : ''}`);
    return this.noteMission(id, vehicle.sysid, r.items, vehicle.autopilot, 'download');
  }

  private noteMission(link_id: string, sysid: number, items: Parameters<typeof missionPoints>[0], autopilot: number, source: VehicleMission['source']): VehicleMission {
    const offset = new MissionAdapter(autopilot).hasHomeItem('mission') ? 1 : 0; // ArduPilot keeps home at seq 0
    return this.missions.set({ link_id, sysid, items: missionPoints(items, offset), source, read_utc: new Date(this.clock.now_ms()).toISOString() });
  }

  /** The vehicle `sysid` on the link, else the first heard. */
  private vehicleOf(l: OpenLink, sysid?: number): VehicleState {
    const vehicle = sysid !== undefined ? l.session.vehicles.get(sysid) : l.session.vehicles.list()[0];
    if (!vehicle) throw new Error(sysid !== undefined ? `no vehicle ${sysid} on ${l.session.link.uri}` : `no vehicle heard on ${l.session.link.uri} yet`);
    return vehicle;
  }

  private openLink(id: string): OpenLink {
    const l = this.links.get(id);
    if (!l || l.closed) throw new Error(`no open link ${JSON.stringify(id)}; open links: ${[...this.links.keys()].join(', ') || 'none'}`);
    return l;
  }

  /** A finding must not be lost silently: its save's failure is the caller's error. */
  private async saveOrThrow(l: OpenLink): Promise<void> {
    const snapshot = structuredClone(l.sidecar);
    const done = this.saving.then(() => writeSidecar(l.sidecarPath, snapshot));
    this.saving = done.catch((err: Error) => this.fail(err));
    await done;
  }

  private summary(l: OpenLink): LinkSummary {
    const s = linkSummary(l, this.clock.now_ms());
    return { ...s, signing: this.signing.summaryOf(l, s.signing) };
  }

  private async summaryWithSize(l: OpenLink): Promise<LinkSummary> {
    const size = await stat(l.tlogPath).then((s) => s.size, () => 0);
    return { ...this.summary(l), tlog_bytes: size };
  }

  /** A vehicle not yet in the sidecar: add it and rewrite the sidecar. */
  private noteVehicles(l: OpenLink): void {
    let changed = false;
    for (const v of l.session.vehicles.snapshot()) {
      const known = l.sidecar.vehicles.find((x) => x.sysid === v.sysid && x.compid === v.compid);
      if (known && known.type === v.type && known.autopilot === v.autopilot) continue;
      if (known) Object.assign(known, { type: v.type, autopilot: v.autopilot });
      else l.sidecar.vehicles.push({ sysid: v.sysid, compid: v.compid, type: v.type, autopilot: v.autopilot });
      changed = true;
    }
    if (changed && !l.closed) void this.save(l);
  }

  private saving = Promise.resolve();

  /** Sidecar writes one at a time, each atomic. */
  private save(l: OpenLink): Promise<void> {
    const snapshot = structuredClone(l.sidecar);
    this.saving = this.saving.then(() => writeSidecar(l.sidecarPath, snapshot)).catch((err: Error) => this.fail(err));
    return this.saving;
  }

  private fail(err: Error): void {
    if (this.opts.onError) this.opts.onError(err);
    else console.error(`watchpost: ${err.message}`);
  }
}
