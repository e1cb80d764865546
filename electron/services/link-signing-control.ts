// MAVLink 2 signing of the app's links (issue 13, point 1), for LinkService: which signing link id each link has,
// what it signs with now (the key stored for its URI, none, or — the key file unreadable — a key nobody has, so that
// every frame is dropped: fail closed), applying a changed key to an open link, "Send key to vehicle", and the
// signing part of a link's summary. The keys themselves stay in SigningKeyStore and LinkSigning: nothing here logs
// them or puts them in a message.
import { randomBytes } from 'node:crypto';
import type { LinkSigningConfig } from '../../mavlink/link-signing';
import { setupLinkCheck, setupVehicleSigning } from '../../mavlink/signing-setup';
import type { VehicleState } from '../../mavlink/vehicle/vehicle-state';
import { SIGNING_OFF, type LinkSigningSummary, type SigningSendOutcome } from '../api';
import type { OpenLink } from './link-summary';
import { keyFingerprint, type SigningKeyStore } from './signing-keys';

/** The link ids the app's links sign with: each open link has its own (the lowest free one), since the vehicle tells
 *  streams apart by (sysid, compid, link id) and two links sharing one stream would have the slower one's frames
 *  dropped as replays. 0 is left to the command line (`--signing-key`, `signing setup`), so a CLI run beside the app
 *  does not share a stream with one of its links. */
const FIRST_APP_LINK_ID = 1;
const LAST_APP_LINK_ID = 255;
/** How long "Send key to vehicle" waits for the vehicle's first frame signed with the key. */
const SIGNING_SEND_TIMEOUT_MS = 5000;
/** The vehicle's armed state is trusted for "Send key to vehicle" only when its last HEARTBEAT is this recent
 *  (ArduPilot sends one a second): an older one may be from before the link began dropping its frames. */
const SIGNING_SEND_HEARD_MS = 3000;

/** What the UI may know of a link's key: its fingerprint and whether it is required. */
export function signingKeyOf(config: LinkSigningConfig | undefined): OpenLink['signingKey'] {
  return config ? { fingerprint: keyFingerprint(config.key), require: config.require } : null;
}

/** What a link signs with now, from one read of the key store: `problem` (the key file is damaged or unreadable)
 *  means nothing is known of the link's key, and `config` is then a key nobody has, required: every frame dropped. */
export interface SigningNow {
  config: LinkSigningConfig | undefined;
  problem: string | null;
}

/** Fail closed: a key nobody holds (random, never stored, no timestamp file), required, so that every frame received
 *  is dropped (unsigned, or signed with another key) before it is recorded or acted on, as on a link that requires
 *  signing with no valid key. */
function blockingConfig(link_id: number): LinkSigningConfig {
  return { key: new Uint8Array(randomBytes(32)), link_id, require: true };
}

export class LinkSigningControl {
  /** Signing link id of each opening or open link, by the link's id. */
  private readonly linkIds = new Map<string, number>();

  constructor(
    private readonly store: SigningKeyStore | undefined,
    /** A problem to report (the flight goes on). */
    private readonly fail: (err: Error) => void,
  ) {}

  /** Gives the link `id` the lowest app link id no other opening or open link signs with. */
  claimLinkId(id: string, uri: string): number {
    const used = new Set(this.linkIds.values());
    for (let i = FIRST_APP_LINK_ID; i <= LAST_APP_LINK_ID; i++) {
      if (!used.has(i)) {
        this.linkIds.set(id, i);
        return i;
      }
    }
    throw new Error(`${uri}: ${LAST_APP_LINK_ID - FIRST_APP_LINK_ID + 1} links are open already, each signing with its own link id: close one first`);
  }

  releaseLinkId(id: string): void {
    this.linkIds.delete(id);
  }

  /** The signing link id of the link `id`, or null (none: closed). */
  linkIdOf(id: string): number | null {
    return this.linkIds.get(id) ?? null;
  }

  private requireLinkId(l: OpenLink): number {
    const id = this.linkIds.get(l.id);
    if (id === undefined) throw new Error(`link ${l.id}: no signing link id (closed)`);
    return id;
  }

  /** The key stored for `uri` now, signing with `link_id`; a key file that cannot be read gives a key nobody has,
   *  required (every frame dropped), and the reason: a damaged file must not look like "no key". */
  async now(uri: string, link_id: number): Promise<SigningNow> {
    if (!this.store) return { config: undefined, problem: null };
    const r = await this.store.lookup(uri, link_id);
    if (r.problem !== null) return { config: blockingConfig(link_id), problem: r.problem };
    return r;
  }

  reportProblem(problem: string | null, uri: string): void {
    if (problem) this.fail(new Error(`signing keys: ${problem}; ${uri} drops every frame until the key file is fixed (save the link's key again)`));
  }

  /** Sign with the key stored for the link's URI now (none: stop signing; the key file unreadable: drop everything). */
  async applyTo(l: OpenLink, now?: SigningNow): Promise<void> {
    now ??= await this.now(l.session.link.uri, this.requireLinkId(l));
    const blockedBefore = l.signingProblem !== null;
    if (now.problem !== null && blockedBefore) {
      // Still blocked: the same unknown key goes on dropping everything (its counters kept); only the reason may change.
      l.signingProblem = now.problem;
      return;
    }
    this.reportProblem(now.problem, l.session.link.uri);
    const signingBefore = l.signingKey !== null || blockedBefore;
    if (now.config) {
      await l.session.startSigning(now.config, (err) => this.fail(err));
    } else if (signingBefore) {
      l.session.connection.setSigning(undefined);
      l.signedBefore = l.session.connection.stats().scan.signed;
    }
    // The link's loss figures start again with the key (MavConnection.setSigning), and so do its vehicles': frames
    // dropped under the old key left sequence gaps that say nothing about the wire.
    if (now.config || signingBefore) for (const v of l.session.vehicles.list()) v.link.reset();
    l.signingKey = now.problem ? null : signingKeyOf(now.config);
    l.signingProblem = now.problem;
  }

  /** "Send key to vehicle" (LinkService.sendSigningKey) to the vehicle `vehicleOf` finds (asked once the key is known
   *  to be there); `changed` is called when the link's signing changed. */
  async sendKey(l: OpenLink, vehicleOf: () => VehicleState, insecure_link: boolean, changed: () => void): Promise<SigningSendOutcome> {
    const uri = l.session.link.uri;
    const now = await this.now(uri, this.requireLinkId(l));
    if (now.problem) throw new Error(`signing keys: ${now.problem}: save the link's key again first`);
    const config = now.config;
    if (!config) throw new Error(`no signing key stored for ${uri}: save one for the link first`);
    const vehicle = vehicleOf();
    const fingerprint = keyFingerprint(config.key);
    // SETUP_SIGNING carries the key in clear: refused over anything but USB (serial) or this machine (loopback) before
    // anything else is done, unless the user confirmed sending over this insecure link.
    const where = setupLinkCheck(uri);
    if (!where.trusted && !insecure_link) {
      return {
        ok: false, result: 'insecure_link', link_id: l.id, sysid: vehicle.sysid, compid: vehicle.compid, fingerprint, initial_timestamp_10us: 0,
        signed_frames_verified: 0, command_result: null, reason: where.refusal('confirm "send over this insecure link"'),
      };
    }
    // The link signs with the stored key (as it does from the moment it was saved): what the checks verify against.
    if (l.signingKey?.fingerprint !== fingerprint || l.signingKey.require !== config.require) {
      await this.applyTo(l, { config, problem: null });
      changed();
    }
    const age_ms = Date.now() - vehicle.last_heartbeat_ms; // the session's clock (the real one: see LinkService.open)
    if (age_ms > SIGNING_SEND_HEARD_MS) {
      const s = l.session.connection.stats().signing;
      const why = s && s.unsigned_dropped > 0 && config.require
        ? ': this link requires signing and drops its unsigned frames; untick "require signing", save, and send the key again'
        : '';
      throw new Error(`vehicle ${vehicle.sysid} not heard on ${uri} for ${Math.round(age_ms / 1000)} s, so whether it is armed is not known: nothing sent${why}`);
    }
    const out = await setupVehicleSigning(l.session, vehicle, { key: config.key, timeout_ms: SIGNING_SEND_TIMEOUT_MS, insecure_link });
    changed();
    return { ...out, link_id: l.id, fingerprint };
  }

  /** The link's signing with its link id; a link dropping everything because the key file cannot be read shows as
   *  required with no key, its drop counters, and why. */
  summaryOf(l: OpenLink, base: LinkSigningSummary): LinkSigningSummary {
    const link_id = l.closed ? null : this.linkIdOf(l.id);
    if (l.signingProblem === null) return { ...base, link_id: base.state === 'off' ? null : link_id };
    const st = l.session.connection.stats().signing;
    return {
      ...SIGNING_OFF, state: 'required', fingerprint: null, link_id, problem: l.signingProblem,
      unsigned_dropped: st?.unsigned_dropped ?? 0, bad_signature: st?.bad_signature ?? 0, replayed: st?.replay ?? 0, out_of_window: st?.out_of_window ?? 0,
    };
  }

  /** The signing part of the summary of a link still opening (its key as read when it began to open). */
  openingSummary(o: { id: string; signingKey: OpenLink['signingKey']; problem: string | null }): LinkSigningSummary {
    return {
      ...SIGNING_OFF, state: o.problem || o.signingKey?.require ? 'required' : o.signingKey ? 'signing' : 'off', fingerprint: o.signingKey?.fingerprint ?? null,
      problem: o.problem, link_id: o.signingKey || o.problem ? this.linkIdOf(o.id) : null,
    };
  }
}
