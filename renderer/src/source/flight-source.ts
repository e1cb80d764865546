// What the Fly and Replay views (and the report) read: one interface, implemented from the wire by the live source
// (live-source.ts) and from a tlog's index by the replay (the log viewer). A view never knows which one it shows:
// vehicles, their trails, the missions they hold, events, duty-post states and findings all come from here.
// Connections and commands are not here: they exist only live, and the Fly view takes them from the API.
import type { FlightFinding, LivePost, LiveVehicle, VehicleMission } from '../../../electron/api';

/** Something that happened, for the event list (and the replay's event strip). */
export interface FlightEvent {
  /** When, ms since the epoch (live: when it was heard; replay: the tlog's time). */
  t_ms: number;
  /** The flight (live: the link) it happened on. */
  flight_id: string;
  sysid: number | null;
  kind: 'mode' | 'armed' | 'disarmed' | 'message' | 'item' | 'finding' | 'link';
  /** For 'mode': the new mode; 'message': the text; 'item': the new current item; 'link': the link's state;
   *  'finding': `post|kind`. */
  value: string;
  /** For 'message': MAV_SEVERITY (0 emergency … 7 debug). */
  severity?: number;
}

/** A flight shown: live, one per open link; in a replay, the tlog. */
export interface SourceFlight {
  id: string;
  /** What to call it (the link's URI, the file's name). */
  label: string;
  sysids: number[];
  /** The duty posts of the site as this flight checks them (null: no site open). */
  posts: LivePost[] | null;
  /** The vehicle whose track checks the posts. */
  posts_sysid: number | null;
  findings: FlightFinding[];
}

/** A vehicle's trail: where it has been, oldest first, as [lat, lon]. */
export type Trail = Array<[number, number]>;

export interface FlightState {
  /** The time the state is for (live: now; replay: the cursor), ms since the epoch. */
  t_ms: number;
  vehicles: LiveVehicle[];
  /** By `${flight_id}/${sysid}`. */
  trails: Record<string, Trail>;
  missions: VehicleMission[];
  flights: SourceFlight[];
  /** Oldest first, the last few hundred. */
  events: FlightEvent[];
}

export interface FlightSource {
  readonly kind: 'live' | 'replay';
  /** The state now (the same object until something changes: safe for useSyncExternalStore). */
  current(): FlightState;
  /** Told after each change (at most 20 times a second); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  close(): void;
}

export const vehicleKey = (v: { link_id: string; sysid: number }): string => `${v.link_id}/${v.sysid}`;

export const EMPTY_STATE: FlightState = Object.freeze({ t_ms: 0, vehicles: [], trails: {}, missions: [], flights: [], events: [] }) as FlightState;
