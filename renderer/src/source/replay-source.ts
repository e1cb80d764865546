// The replay's FlightSource: a recorded flight (opened by the Node side) at the player's time. The whole track is
// the trail (drawn at once), events up to the cursor, vehicles and post states as they were then — the same
// interface the live source implements, so the Fly view's map, instruments and post list show it unchanged.
// Playing asks the Node side for the state at most 20 times a second, one request at a time (a slow answer makes
// the picture skip, never queue up).
import type { ReplayAt, ReplayInfo, WatchpostApi } from '../../../electron/api';
import type { FlightEvent, FlightSource, FlightState, Trail } from './flight-source';

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;
const TICK_MS = 50;

export interface ReplayPlayer extends FlightSource {
  readonly info: ReplayInfo;
  /** ms from the start. */
  readonly t_ms: number;
  readonly playing: boolean;
  readonly speed: number;
  /** The first state has arrived (the first frame can be drawn). */
  readonly ready: boolean;
  /** Every event of the flight (findings among them), in time order; t_ms since the epoch. */
  readonly allEvents: readonly FlightEvent[];
  seek(t_ms: number): void;
  /** The flight's outline, read further (the file is read on after the first frame): the state is asked again. */
  setInfo(info: ReplayInfo): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
}

function trailsOf(info: ReplayInfo): Record<string, Trail> {
  const trails: Record<string, Trail> = {};
  for (const tr of info.tracks) trails[`${info.id}/${tr.sysid}`] = tr.lat_deg.map((lat, i) => [lat, tr.lon_deg[i]]);
  return trails;
}

function eventsOf(info: ReplayInfo): FlightEvent[] {
  const allEvents: FlightEvent[] = info.events.map((e) => ({ t_ms: e.t_ms, flight_id: info.id, sysid: e.sysid, kind: e.kind === 'link' ? 'link' : e.kind, value: e.value, ...(e.severity !== undefined ? { severity: e.severity } : {}) }));
  const findingEvents: FlightEvent[] = info.findings.map((f) => ({ t_ms: Date.parse(f.t_utc), flight_id: info.id, sysid: f.sysid, kind: 'finding', value: `${f.post}|${f.kind}` }));
  return [...allEvents, ...findingEvents].sort((a, b) => a.t_ms - b.t_ms);
}

export function createReplaySource(api: WatchpostApi, first: ReplayInfo): ReplayPlayer {
  let info = first;
  let trails = trailsOf(info);
  let events = eventsOf(info);
  const listeners = new Set<() => void>();
  // From when the first vehicle is heard (the flight's very first record may come before it).
  let t_ms = info.first_ms;
  let wanted = info.first_ms;
  let playing = false;
  let speed = 1;
  let ready = false;
  let inFlight = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  let lastTick = 0;
  let state: FlightState = { t_ms: info.start_ms, vehicles: [], trails, missions: [], flights: [], events: [] };

  const apply = (at: ReplayAt): void => {
    t_ms = at.t_ms;
    ready = true;
    const now = info.start_ms + at.t_ms;
    const until = events.findIndex((e) => e.t_ms > now);
    state = {
      t_ms: now,
      vehicles: at.vehicles,
      trails,
      missions: [],
      flights: [{ id: info.id, label: info.name, sysids: info.vehicles.map((v) => v.sysid), posts: at.posts, posts_sysid: info.posts_sysid, findings: info.findings.filter((f) => Date.parse(f.t_utc) <= now) }],
      events: until < 0 ? events.slice(-300) : events.slice(Math.max(0, until - 300), until),
    };
    for (const l of listeners) l();
  };
  const fetchAt = (): void => {
    if (inFlight) return;
    inFlight = true;
    const asked = wanted;
    void api.replayAt(info.id, asked).then((r) => {
      inFlight = false;
      if (r.ok) apply(r.value);
      if (wanted !== asked) fetchAt(); // the cursor moved meanwhile: the latest wins
    });
  };
  const tick = (): void => {
    const now = performance.now();
    wanted = Math.min(info.duration_ms, wanted + (now - lastTick) * speed);
    lastTick = now;
    if (wanted >= info.duration_ms) player.pause();
    fetchAt();
  };
  const notify = () => listeners.forEach((l) => l());

  const player: ReplayPlayer = {
    kind: 'replay',
    get info() {
      return info;
    },
    get t_ms() {
      return t_ms;
    },
    get playing() {
      return playing;
    },
    get speed() {
      return speed;
    },
    get ready() {
      return ready;
    },
    get allEvents() {
      return events;
    },
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    seek(t) {
      wanted = Math.min(Math.max(0, t), info.duration_ms);
      fetchAt();
    },
    setInfo(next) {
      if (next === info || next.id !== info.id) return;
      info = next;
      trails = trailsOf(info);
      events = eventsOf(info);
      state = { ...state, trails };
      notify();
      fetchAt();
    },
    play() {
      if (playing) return;
      if (wanted >= info.duration_ms) wanted = 0;
      playing = true;
      lastTick = performance.now();
      timer = setInterval(tick, TICK_MS);
      state = { ...state };
      notify();
    },
    pause() {
      playing = false;
      if (timer) clearInterval(timer);
      timer = null;
      state = { ...state };
      notify();
    },
    setSpeed(s) {
      speed = s;
      state = { ...state };
      notify();
    },
    close() {
      player.pause();
      listeners.clear();
    },
  };
  // The first frame came with the outline: drawn at once, no round trip.
  apply(info.first);
  return player;
}
