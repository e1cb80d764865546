// One open link as the link service keeps it, and its summary for the Connections panel (state, bytes, loss, last
// heard, the recording): a link whose socket is open but has heard nothing for SILENCE_LOST_MS shows as lost.
import type { GcsSession } from '../../mavlink/gcs-session';
import type { LinkState } from '../../mavlink/links/link';
import { SIGNING_OFF, type LinkSigningSummary, type LinkSummary } from '../api';
import type { FlightSidecar } from './flight-sidecar';
import type { LiveChecks } from './live-checks';

export interface OpenLink {
  id: string;
  session: GcsSession;
  tlogPath: string;
  sidecarPath: string;
  sidecar: FlightSidecar;
  lostSince: Date | null;
  detail: string | null;
  lastHeard: Date | null;
  closed: boolean;
  checks: LiveChecks | null;
  /** Aborted when the link closes: long actions (the start sequence) end with it. */
  closing: AbortController;
  /** A start sequence running, by sysid: any other action on that vehicle (RTL, land, pause…) cancels it first. */
  starts: Map<number, AbortController>;
  /** The key this link signs with now (from the key store, by its URI), null when none. */
  signingKey: { fingerprint: string; require: boolean } | null;
  /** Signed frames the scanner had counted when the link last went without a key (they were checked then). */
  signedBefore: number;
  /** Why the key store could not say (a damaged key file): the link runs without a key. */
  signingProblem: string | null;
}

/** Nothing heard for this long on an open link (UDP, a radio out of range): the link shows as lost. ArduPilot
 *  sends HEARTBEAT at 1 Hz; QGroundControl calls a vehicle lost after 3.5 s without one. */
export const SILENCE_LOST_MS = 3500;

const STATE_OF: Readonly<Record<LinkState, LinkSummary['state']>> = { opening: 'connecting', open: 'connected', reconnecting: 'lost', closed: 'closed' };

/** What the Connections panel shows of a link: its state (an open socket gone silent is lost too), traffic, loss, the recording. */
export function linkSummary(l: OpenLink, now_ms: number): LinkSummary {
  const st = l.session.connection.stats();
  let received = 0;
  let lost = 0;
  for (const s of st.systems ?? []) {
    received += s.frames;
    lost += s.lost;
  }
  // An open socket that has gone silent (UDP, a radio out of range) is a lost link too.
  const silent_ms = l.lastHeard ? now_ms - l.lastHeard.getTime() : 0;
  const silent = !l.closed && l.session.link.state === 'open' && silent_ms > SILENCE_LOST_MS;
  return {
    id: l.id,
    uri: l.session.link.uri,
    state: l.closed ? 'closed' : silent ? 'lost' : STATE_OF[l.session.link.state],
    detail: silent ? `nothing heard for ${Math.floor(silent_ms / 1000)} s` : l.detail,
    lost_since_utc: silent ? (l.lastHeard as Date).toISOString() : (l.lostSince?.toISOString() ?? null),
    bytes_in: l.session.link.counters.bytesIn,
    bytes_out: l.session.link.counters.bytesOut,
    loss_pct: received + lost > 0 ? (100 * lost) / (received + lost) : null,
    last_heard_utc: l.lastHeard?.toISOString() ?? null,
    tlog_path: l.tlogPath,
    tlog_bytes: l.session.recordedBytes,
    sysids: [...new Set(l.session.vehicles.snapshot().map((v) => v.sysid))].sort((a, b) => a - b),
    findings: l.sidecar.findings.map((f) => ({ ...f })),
    signing: signingSummary(l),
  };
}

/** The link's signing now: the key's fingerprint and what was done with the frames received since it was set. */
export function signingSummary(l: Pick<OpenLink, 'session' | 'signingKey' | 'signedBefore' | 'signingProblem'>): LinkSigningSummary {
  const st = l.session.connection.stats();
  const s = st.signing;
  if (!l.signingKey || !s) return { ...SIGNING_OFF, signed_unchecked: Math.max(0, st.scan.signed - l.signedBefore), problem: l.signingProblem };
  return {
    state: l.signingKey.require ? 'required' : 'signing',
    fingerprint: l.signingKey.fingerprint,
    signed_ok: s.signed_ok,
    unsigned_accepted: s.unsigned_accepted,
    unsigned_dropped: s.unsigned_dropped,
    bad_signature: s.bad_signature,
    replayed: s.replay,
    out_of_window: s.out_of_window,
    signed_out: s.signed_out,
    signed_unchecked: 0,
    problem: null,
  };
}