// The live flight source: the FlightSource interface over the API's events (vehicle snapshots ≤ 20/s, link
// summaries, duty-post states, missions read back). Trails and events are built here from the snapshots, with
// the same functions a snapshot-based replay uses. Nothing here knows about sockets: only the API.
import type { LinkPosts, LinkSummary, LiveVehicle, VehicleMission, WatchpostApi } from '../../../electron/api';
import { EMPTY_STATE, vehicleKey, type FlightEvent, type FlightSource, type FlightState, type SourceFlight } from './flight-source';
import { extendTrail, snapshotEvents } from './snapshot-events';

/** Events kept for the view (the recording keeps everything). */
const MAX_EVENTS = 300;

export function createLiveSource(api: WatchpostApi, now: () => number = Date.now): FlightSource {
  let state: FlightState = { ...EMPTY_STATE, t_ms: now() };
  let links: LinkSummary[] = [];
  let posts: LinkPosts[] = [];
  const listeners = new Set<() => void>();
  const prevVehicles = new Map<string, LiveVehicle>();

  const flightsOf = (): SourceFlight[] =>
    links.filter((l) => l.state !== 'closed').map((l) => {
      const p = posts.find((x) => x.link_id === l.id);
      return { id: l.id, label: l.uri, sysids: l.sysids, posts: p?.posts ?? null, posts_sysid: p?.sysid ?? null, findings: l.findings };
    });

  const update = (patch: Partial<FlightState>, events: FlightEvent[] = []): void => {
    const all = events.length > 0 ? [...state.events, ...events].slice(-MAX_EVENTS) : state.events;
    state = { ...state, ...patch, events: all, t_ms: now() };
    for (const l of listeners) l();
  };

  const onVehicles = (vehicles: LiveVehicle[]): void => {
    const t = now();
    const events: FlightEvent[] = [];
    const trails = { ...state.trails };
    for (const v of vehicles) {
      const key = vehicleKey(v);
      events.push(...snapshotEvents(prevVehicles.get(key) ?? null, v, t));
      prevVehicles.set(key, v);
      trails[key] = extendTrail(trails[key], v);
    }
    update({ vehicles, trails }, events);
  };

  const onLinks = (next: LinkSummary[]): void => {
    const t = now();
    const events: FlightEvent[] = [];
    for (const l of next) {
      const before = links.find((x) => x.id === l.id);
      if (!before || before.state !== l.state) events.push({ t_ms: t, flight_id: l.id, sysid: null, kind: 'link', value: l.state });
      for (const f of l.findings) {
        if (!before?.findings.some((x) => x.id === f.id)) events.push({ t_ms: Date.parse(f.t_utc), flight_id: l.id, sysid: f.sysid, kind: 'finding', value: `${f.post}|${f.kind}` });
      }
    }
    links = next;
    // A closed link's vehicles, trails and missions go with it.
    const open = new Set(next.filter((l) => l.state !== 'closed').map((l) => l.id));
    const trails = Object.fromEntries(Object.entries(state.trails).filter(([k]) => open.has(k.slice(0, k.lastIndexOf('/')))));
    update({ flights: flightsOf(), trails, missions: state.missions.filter((m) => open.has(m.link_id)) }, events);
  };

  const onPosts = (next: LinkPosts[]): void => {
    posts = next;
    update({ flights: flightsOf() });
  };

  const onMission = (m: VehicleMission): void => {
    update({ missions: [...state.missions.filter((x) => x.link_id !== m.link_id || x.sysid !== m.sysid), m] });
  };

  const offs = [api.on('vehicles', onVehicles), api.on('links', onLinks), api.on('posts', onPosts), api.on('mission', onMission)];
  // What is already open (a reload of the page while links run).
  void api.links().then((r) => r.ok && onLinks(r.value));
  void api.posts().then((r) => r.ok && onPosts(r.value));
  void api.missions().then((r) => r.ok && r.value.forEach(onMission));

  return {
    kind: 'live',
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      offs.forEach((off) => off());
      listeners.clear();
    },
  };
}
