// The one typed interface between the UI (renderer/) and the Node side. The desktop app's preload implements the
// transport over IPC; browser mode implements it over a WebSocket. Plain objects only cross it: no bigint, no class
// instances. Every call answers an ApiResult (errors are values naming what and where, never exceptions).
// This file is pure TypeScript (no Node, no DOM): the renderer imports it.
import type { SerialPortInfo, SerialPortList } from '../mavlink/links/serial-list';
import type { VehicleSnapshot } from '../mavlink/vehicle/vehicle-state';
import type { CustomLayer } from '../patrol/maps/providers';
import type { CoordFormat, OfflineAreaRequest, OfflineAreaStatus, OfflineEstimate, TileCacheStats, TileExportResult, TileImportResult, TileStatus } from './api-maps';
import type { LinkSigningSummary, SigningKeyEntry, SigningKeyInput, SigningKeyList, SigningSendOutcome } from './api-signing';

export * from './api-maps';
export * from './api-signing';

/** One vehicle's state as `watchpost status --json` prints it (unknown values are null). */
export type { VehicleSnapshot, SerialPortInfo, SerialPortList };

/** A vehicle heard on one of the app's links (two links may each carry a sysid 1). */
export type LiveVehicle = VehicleSnapshot & { link_id: string };

/** One open link, as the Connections panel shows it. */
export interface LinkSummary {
  id: string;
  uri: string;
  /** 'connecting' until bytes can flow, 'connected', 'lost' while the link reconnects, 'closed' after close. */
  state: 'connecting' | 'connected' | 'lost' | 'closed';
  /** Why the state last changed (e.g. "ECONNREFUSED 127.0.0.1:5760"), when the link said. */
  detail: string | null;
  /** Since when the link is lost (ISO 8601 UTC), null otherwise. */
  lost_since_utc: string | null;
  bytes_in: number;
  bytes_out: number;
  /** Frames lost on the way in, from MAVLink sequence gaps, in percent (null before any frame). */
  loss_pct: number | null;
  /** When a frame last arrived (ISO 8601 UTC), null before any. */
  last_heard_utc: string | null;
  /** The recording: the .tlog path and its size. */
  tlog_path: string;
  tlog_bytes: number;
  sysids: number[];
  /** The findings recorded on this link's flight so far (saved in its sidecar). */
  findings: FlightFinding[];
  /** MAVLink 2 signing on this link (the key stored for its URI): its state, key fingerprint and counters. */
  signing: LinkSigningSummary;
}

/** A duty post's state on a live link: pending until reached, in_view while within its radius, then checked
 *  (a visit of at least dwell_s), brief (visited, never that long); missed once the flight ended unvisited. */
export type LivePostState = 'pending' | 'in_view' | 'checked' | 'brief' | 'missed';

export interface LivePost {
  post_id: string;
  state: LivePostState;
  /** The visit going on (in_view), seconds; else 0. */
  in_view_s: number;
  /** The longest visit so far, seconds (what `checked` compares with the post's dwell_s). */
  dwell_s: number;
  closest_m: number | null;
  photos: number;
}

/** The duty posts of the open site as one link's vehicle checks them (the checker of `watchpost checks`). */
export interface LinkPosts {
  link_id: string;
  /** The vehicle followed (the first autopilot heard), null before one. */
  sysid: number | null;
  /** The site checked (its file), null when none was open. */
  site_path: string | null;
  posts: LivePost[];
}

/** What the operator found at a duty post, saved with the flight (its sidecar). */
export interface FlightFinding {
  id: string;
  /** When it was marked, ISO 8601 UTC. */
  t_utc: string;
  post: string;
  kind: 'staffed' | 'absent' | 'crowd' | 'other';
  note?: string;
  /** The aircraft's position when it was marked (null: not known). */
  lat_deg: number | null;
  lon_deg: number | null;
  sysid: number | null;
}

export interface FindingInput {
  post: string;
  kind: FlightFinding['kind'];
  note?: string;
  /** The vehicle over the post (default: the first heard on the link). */
  sysid?: number;
}

/** A patrol upload's progress (mission items acknowledged by the vehicle, of the total). */
export interface UploadProgress {
  link_id: string;
  sysid: number;
  done: number;
  total: number;
}

/** How an upload of the open patrol ended: the typed result and, on failure, why and what the vehicle holds. */
export interface UploadOutcome {
  ok: boolean;
  sysid: number;
  items: number;
  /** 'ok', 'timeout', 'denied', 'no_space', 'invalid', 'verify_failed', … (the mission client's outcome). */
  result: string;
  detail: string | null;
  /** What the vehicle holds now: 'uploaded', 'cleared' (a failed upload to ArduPilot), 'unchanged', 'unknown'. */
  mission_state: 'uploaded' | 'cleared' | 'unknown' | 'unchanged';
  /** Preflight errors of the patrol compiled for this vehicle (the UI asks a second confirmation when any). */
  preflight_errors: number;
}

/** What a vehicle action asks: start the patrol (GUIDED, arm, takeoff, AUTO), hold position, go on, come home,
 *  land, a flight mode by the autopilot's own name, or cancel a start still running (arming, climbing). Any
 *  action on a vehicle ends its running start first. */
export type VehicleAction = 'start' | 'pause' | 'resume' | 'rtl' | 'land' | 'mode' | 'cancel';

export interface ActionOutcome {
  ok: boolean;
  action: VehicleAction;
  sysid: number;
  /** The command's result ('accepted', 'denied', 'timeout', …), or the step of the start sequence that failed. */
  result: string;
  /** Why it failed (e.g. the last PreArm reason), null when ok. */
  detail: string | null;
}

/** What a start of the patrol is doing now (the Fly view shows "arming — PreArm: …" while it waits). */
export interface ActionProgress {
  link_id: string;
  sysid: number;
  action: VehicleAction;
  /** The step of the start sequence: 'guided', 'arm', 'takeoff', 'climb', 'mission'; 'done' when it ended. */
  step: string;
  /** What the vehicle said about it (the last PreArm reason while arming), null when nothing. */
  note: string | null;
}

/** One mission item as the vehicle holds it, for the map: positions only for items with a place. */
export interface MissionPoint {
  /** The item's number on the vehicle (what MISSION_CURRENT names; ArduPilot's home is 0). */
  seq: number;
  command: number;
  command_name: string;
  /** null for items without a place (DO_*, CONDITION_*, RTL, or at 0,0). */
  lat_deg: number | null;
  lon_deg: number | null;
  alt_m: number | null;
  /** MAV_FRAME of alt_m (3: relative to home, 0: AMSL, 10: above terrain). */
  frame: number;
}

/** The mission a vehicle holds, as read back from it (after an upload's verify, or a download). */
export interface VehicleMission {
  link_id: string;
  sysid: number;
  items: MissionPoint[];
  /** 'upload': the verify read-back of our upload; 'download': read from the vehicle. */
  source: 'upload' | 'download';
  read_utc: string;
}

/** Training situations for the simulated copter: a battery too low to arm, a GPS that never gets a fix, a flight
 *  controller with room for only 100 mission items (older boards). */
export type SimScenario = 'normal' | 'low_battery' | 'no_gps' | 'small_storage';
export const SIM_SCENARIOS: readonly SimScenario[] = ['normal', 'low_battery', 'no_gps', 'small_storage'];

/** Where and how to start the built-in simulated copter. */
export interface SimulatorStart {
  lat_deg: number;
  lon_deg: number;
  /** Home altitude above mean sea level (default 0). */
  alt_m?: number;
  /** Sim time per wall time, 1..20 (default 1). */
  speedup?: number;
  /** Copters, sysid 1..N (default 1). */
  vehicles?: number;
  /** Default 'normal'. */
  scenario?: SimScenario;
  /** Require MAVLink 2 signing with this key (a passphrase or 64 hex digits), as `watchpost sim --signing-key`. */
  signing_key?: string;
}

export interface SimulatorInfo {
  id: string;
  /** What to open to talk to it (a TCP client URI on loopback). */
  uri: string;
  sysids: number[];
  speedup: number;
  /** Its vehicles require MAVLink 2 signing (the key is never answered). */
  signing: boolean;
}

/** A recorded flight in the library (issue 10), described from its files. */
export interface LibraryFlight {
  /** The .tlog (absolute). */
  path: string;
  name: string;
  size_bytes: number;
  /** From the sidecar, else the tlog's first and last records (ISO 8601 UTC); null for an empty file. */
  started_utc: string | null;
  ended_utc: string | null;
  duration_s: number;
  /** The site flown (from the sidecar), null when unknown. */
  site_path: string | null;
  site_name: string | null;
  vehicles: Array<{ sysid: number; compid: number; type: string; autopilot: string }>;
  /** Along the ground, all vehicles, metres. */
  distance_m: number;
  max_alt_rel_m: number | null;
  /** Duty posts checked of all the site's (null: no site known, or it could not be read). */
  posts_checked: number | null;
  posts_total: number | null;
  findings: number;
  /** True when a valid sidecar was read (a Watchpost flight), false for a tlog from another ground station. */
  watchpost: boolean;
  /** What is wrong with the files (a damaged sidecar, skipped bytes, a site that is gone…), null when nothing. */
  problems: string[];
}

/** One vehicle's whole track for the replay map, downsampled for the screen (ms from the flight's start). */
export interface ReplayTrack {
  sysid: number;
  t_ms: number[];
  lat_deg: number[];
  lon_deg: number[];
  alt_rel_m: number[];
}

/** A vehicle's values over the flight for the replay's charts (ms from the start; null where not known). */
export interface ReplaySeries {
  sysid: number;
  t_ms: number[];
  lat_deg: number[];
  lon_deg: number[];
  alt_rel_m: Array<number | null>;
  speed_mps: Array<number | null>;
  battery_pct: Array<number | null>;
  /** MAV_MODE name at each point (for colouring the track by mode). */
  mode: string[];
}

/** Something that happened in a recorded flight (t_ms since the epoch). */
export interface ReplayEventInfo {
  t_ms: number;
  sysid: number | null;
  kind: 'mode' | 'armed' | 'disarmed' | 'message' | 'item' | 'link';
  value: string;
  severity?: number;
}

/** A flight opened for replay: what the page draws once. */
export interface ReplayInfo {
  id: string;
  path: string;
  name: string;
  /** The first record's time, ms since the epoch. */
  start_ms: number;
  duration_ms: number;
  vehicles: Array<{ sysid: number; compid: number }>;
  tracks: ReplayTrack[];
  /** Altitude, speed, battery and mode over time, per vehicle (downsampled for the screen). */
  series: ReplaySeries[];
  /** Records per second through the recording (second i from the start): the link's health. */
  records_per_s: number[];
  events: ReplayEventInfo[];
  /** The site its duty posts are checked against (the sidecar's, or the one chosen), null when none. */
  site: TextFile | null;
  /** The vehicle whose track checks the posts. */
  posts_sysid: number | null;
  findings: FlightFinding[];
  /** What was wrong with the files (damage skipped, a site that is gone…). */
  problems: string[];
  /** The whole file has been read (before that: tracks, events and posts so far; the duration from the file's tail). */
  complete: boolean;
  /** How far the file is read, ms from the start (the duration once complete). */
  loaded_ms: number;
  /** When the first vehicle was heard, ms from the start (0: none yet): where the player starts. */
  first_ms: number;
  /** The flight at `first_ms` (the first frame, drawn without asking `replayAt`). */
  first: ReplayAt;
}

/** A replayed flight at one moment. */
export interface ReplayAt {
  id: string;
  /** ms from the flight's start. */
  t_ms: number;
  /** Each vehicle as it was then (`link_id` is the replay's id). */
  vehicles: LiveVehicle[];
  /** The duty posts as they stood then (null: no site). */
  posts: LivePost[] | null;
}

export type Language = 'en' | 'zh-CN';
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

/** What updateSettings may change. */
export type SettingsPatch = Partial<Pick<Settings, 'language' | 'base_layer' | 'custom_layers' | 'tianditu_key' | 'tile_cache_mb' | 'coord_format' | 'flights_dir'>>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** What the user chose, kept in settings.json in the app's data folder. */
export interface Settings {
  /** null: follow the system language. */
  language: Language | null;
  /** The map's base layer: a built-in provider's id (patrol/maps/providers.ts), a custom layer's, or 'none'. */
  base_layer: string;
  /** XYZ layers the user added (satellite imagery, a local tile server). */
  custom_layers: CustomLayer[];
  /** The user's Tianditu key (its layers need one); null: none given. */
  tianditu_key: string | null;
  /** The tile cache's limit for each provider, in MB (least recently used tiles go first; offline areas stay). */
  tile_cache_mb: number;
  /** Coordinates shown as decimal degrees or degrees, minutes and seconds. */
  coord_format: CoordFormat;
  /** The site and patrol open when the app last closed (absolute paths). */
  last_site_path: string | null;
  last_patrol_path: string | null;
  /** Most recent first, at most 10. */
  recent_paths: string[];
  /** Link URIs opened, most recent first, at most 10. */
  recent_links: string[];
  /** Where every link's flight is recorded (an absolute folder); null: `flights/` in the app's data folder. */
  flights_dir: string | null;
}

export interface AppInfo {
  version: string;
  mode: 'desktop' | 'browser';
  /** Folder holding settings.json. */
  data_dir: string;
  /** Where flights are recorded now (the setting, else `flights/` in the data folder). */
  flights_dir: string;
  /** Settings for this run (after command-line overrides such as --tiles). */
  settings: Settings;
  /** Problems met reading the settings (a damaged settings.json is set aside, never overwritten). */
  problems: string[];
}

/** A file read from disk, text and all: the renderer parses it with patrol/ (the same code as the CLI). */
export interface TextFile {
  /** Absolute path. */
  path: string;
  /** The file name, for display and error messages. */
  name: string;
  text: string;
}

/** What the Plan view opens: a site, and the patrol planned on it when there is one. */
export interface Workspace {
  site: TextFile;
  patrol: TextFile | null;
  /** True when this is the app's first start and the demo site was opened. */
  first_start: boolean;
  /** True when the files are the bundled demo. */
  demo: boolean;
  /** What went wrong on the way (e.g. the last site is gone and the demo opened instead). */
  problems: string[];
}

export type FileKind = 'site' | 'patrol';

/** The calls, each with its argument list and answer. */
export interface ApiCalls {
  appInfo: { args: []; value: AppInfo };
  /** The workspace to show at start: the last one, or the demo site and patrol on the first start. */
  openStartup: { args: []; value: Workspace };
  /** Open a site (*.site.geojson, GeoJSON, KML) or a patrol (*.patrol.json, with its site) and remember it. */
  openFile: { args: [path: string]; value: Workspace };
  /** The bundled demo site and patrol. */
  openDemo: { args: []; value: Workspace };
  /** Desktop: the system's file picker (null when cancelled). Browser mode answers an error: type a path instead. */
  chooseFile: { args: [kind: FileKind]; value: string | null };
  /** Desktop: the system's save dialog, starting at `suggested` (null when cancelled). Browser mode answers an error: type a path instead. */
  chooseSavePath: { args: [suggested: string]; value: string | null };
  updateSettings: { args: [patch: SettingsPatch]; value: Settings };
  /** Serial ports to offer (an empty list and the problem when listing fails: the path can still be typed). */
  serialPorts: { args: []; value: SerialPortList };
  /** Open a link by URI as the CLI spells it (recorded into the flights folder; remembered among recent links). */
  openLink: { args: [uri: string]; value: LinkSummary };
  closeLink: { args: [id: string]; value: LinkSummary };
  links: { args: []; value: LinkSummary[] };
  /** Start the built-in simulated copter on a loopback TCP port; open its `uri` to talk to it. */
  startSimulator: { args: [start: SimulatorStart]; value: SimulatorInfo };
  stopSimulator: { args: [id: string]; value: SimulatorInfo[] };
  /** The MAVLink 2 signing keys stored per link URI: fingerprints, never the keys. */
  signingKeys: { args: []; value: SigningKeyList };
  /** Store (or replace) a link URI's key; an open link of that URI signs with it at once. */
  setSigningKey: { args: [uri: string, input: SigningKeyInput]; value: SigningKeyEntry };
  /** Forget a link URI's key (false: there was none); an open link of that URI stops signing at once. */
  removeSigningKey: { args: [uri: string]; value: { removed: boolean } };
  /** Send an open link's stored key to its vehicle `sysid` with SETUP_SIGNING, refused before sending (result
   *  `insecure_link`) over a link that is neither serial (USB) nor loopback unless `insecure_link: true` (the user
   *  confirmed sending the key in clear over it), and while the vehicle is armed; then checked both ways; never
   *  recorded, never answered. */
  sendSigningKey: { args: [linkId: string, opts: { sysid: number; insecure_link?: boolean }]; value: SigningSendOutcome };
  /** Record a finding on an open link's flight (time and the aircraft's position added); saved before it answers. */
  addFinding: { args: [linkId: string, finding: FindingInput]; value: FlightFinding };
  updateFinding: { args: [linkId: string, findingId: string, patch: Partial<Pick<FindingInput, 'kind' | 'note'>>]; value: FlightFinding };
  removeFinding: { args: [linkId: string, findingId: string]; value: FlightFinding[] };
  /** Compile the open patrol for a vehicle's autopilot and upload it (progress as `upload` events; verified). */
  uploadPatrol: { args: [linkId: string, opts: { sysid?: number }]; value: UploadOutcome };
  /** Start the uploaded patrol, pause, resume, RTL, land, or change mode (the UI confirms first). */
  vehicleAction: { args: [linkId: string, opts: { sysid?: number; action: VehicleAction; mode?: string }]; value: ActionOutcome };
  /** Every link's duty-post states now (closed links keep their final states until listed once). */
  posts: { args: []; value: LinkPosts[] };
  /** Read the mission a vehicle holds (as `watchpost mission download`); also sent as a `mission` event. */
  readMission: { args: [linkId: string, opts: { sysid?: number }]; value: VehicleMission };
  /** The missions read back so far, one per vehicle of each open link. */
  missions: { args: []; value: VehicleMission[] };
  /** Save a file the Plan editor wrote (site, patrol, .plan, .waypoints, KML); never over a file unless `overwrite`. */
  savePlanFile: { args: [path: string, text: string, opts: { overwrite: boolean }]; value: { path: string; bytes: number } };
  /** The Plan editor's recovery copy of unsaved edits: written as the user edits, read after a crash, cleared on save. */
  writeRecovery: { args: [text: string]; value: null };
  readRecovery: { args: []; value: { text: string; saved_utc: string } | null };
  clearRecovery: { args: []; value: null };
  /** The flights folder's flights, newest first (damaged ones with their problems). */
  library: { args: []; value: LibraryFlight[] };
  /**
   * Open a .tlog for replay (its sidecar's site, or `site_path`). Answers with the first part read (`complete`
   * false) and goes on reading: progress as `replayProgress` events, the last with `done`; then `replayInfo`.
   */
  openFlight: { args: [path: string, opts: { site_path?: string }]; value: ReplayInfo };
  /** The flight opened for replay as far as it is read (all of it once `complete`). */
  replayInfo: { args: [id: string]; value: ReplayInfo };
  /** The flight at `t_ms` from its start (never re-reads the file). */
  replayAt: { args: [id: string, t_ms: number]; value: ReplayAt };
  /** Move a flight of the library (tlog and sidecar) into its trash; the answer undoes it with restoreFlight. */
  trashFlight: { args: [path: string]; value: { path: string; trash_path: string } };
  /** Undo a delete: the flight from the trash back under `name` (its old file name). */
  restoreFlight: { args: [trashPath: string, name: string]; value: LibraryFlight };
  /** Copy a .tlog from elsewhere into the library (never over a flight already there). */
  importFlight: { args: [path: string]; value: LibraryFlight };
  /** The patrol report of a flight as one self-contained HTML document (as `watchpost report` writes it). */
  flightReport: { args: [path: string, opts: { lang: Language; utc_offset_min?: number }]; value: { html: string; checked: number; posts: number } };
  /** Whether providers answer, each layer's cache, and the offline areas. */
  tileStatus: { args: []; value: TileStatus };
  /** Empty one layer's cache (or all of them); offline areas' tiles go too. */
  clearTileCache: { args: [layer: string | null]; value: TileCacheStats[] };
  /** How many tiles an area needs at those zooms, how many are cached, and about how many bytes. */
  estimateOfflineArea: { args: [req: OfflineAreaRequest]; value: OfflineEstimate };
  /** Start downloading an area (progress as `offlineProgress` events; resumes after a restart). */
  startOfflineArea: { args: [req: OfflineAreaRequest]; value: OfflineAreaStatus };
  /** pause, resume, retry the failed tiles, or remove (the tiles stay cached, unpinned). */
  offlineAreaAction: { args: [id: string, action: 'pause' | 'resume' | 'retry' | 'remove']; value: OfflineAreaStatus[] };
  /** Write an area's cached tiles as MBTiles (never over an existing file unless `overwrite`). */
  exportOfflineArea: { args: [id: string, path: string, opts: { overwrite: boolean }]; value: TileExportResult };
  /** Import a folder of z/x/y tiles or an MBTiles file into a layer's cache. */
  importTiles: { args: [path: string, layer: string]; value: TileImportResult };
}

export type ApiMethod = keyof ApiCalls;
export const API_METHODS: readonly ApiMethod[] = [
  'appInfo', 'openStartup', 'openFile', 'openDemo', 'chooseFile', 'chooseSavePath', 'updateSettings',
  'serialPorts', 'openLink', 'closeLink', 'links', 'startSimulator', 'stopSimulator',
  'signingKeys', 'setSigningKey', 'removeSigningKey', 'sendSigningKey',
  'addFinding', 'updateFinding', 'removeFinding', 'posts', 'uploadPatrol', 'vehicleAction', 'readMission', 'missions',
  'savePlanFile', 'writeRecovery', 'readRecovery', 'clearRecovery', 'library', 'openFlight', 'replayInfo', 'replayAt', 'flightReport', 'trashFlight', 'restoreFlight', 'importFlight',
  'tileStatus', 'clearTileCache', 'estimateOfflineArea', 'startOfflineArea', 'offlineAreaAction', 'exportOfflineArea', 'importTiles',
];

export interface ApiEvents {
  /** Vehicle snapshots, at most 20 a second. */
  vehicles: LiveVehicle[];
  /** The open links (state, bytes, loss, recording), at most 4 a second. */
  links: LinkSummary[];
  /** Each link's duty-post states, at most 4 a second. */
  posts: LinkPosts[];
  /** A patrol upload's progress, as the vehicle acknowledges items. */
  upload: UploadProgress;
  /** A running action's step (the start sequence: arming, PreArm reasons, takeoff…). */
  action: ActionProgress;
  /** A vehicle's mission as read back from it. */
  mission: VehicleMission;
  /** A flight being loaded for replay: bytes read of the file's size; `done` once all of it is in (id: its replay). */
  replayProgress: { path: string; id: string | null; bytes: number; total: number; done: boolean };
  /** An offline area's download, at most 10 times a second. */
  offlineProgress: OfflineAreaStatus;
}
export type ApiEvent = keyof ApiEvents;

/** What the preload (IPC) and the browser-mode client (WebSocket) each provide. */
export interface ApiTransport {
  call(method: ApiMethod, args: unknown[]): Promise<ApiResult<unknown>>;
  /** Returns the unsubscribe function. */
  on(event: ApiEvent, cb: (payload: unknown) => void): () => void;
}

export type WatchpostApi = {
  [M in ApiMethod]: (...args: ApiCalls[M]['args']) => Promise<ApiResult<ApiCalls[M]['value']>>;
} & {
  on<E extends ApiEvent>(event: E, cb: (payload: ApiEvents[E]) => void): () => void;
};

/** The typed API over a transport. Answers are typed by the Node side's validation of its own replies. */
export function apiOverTransport(t: ApiTransport): WatchpostApi {
  const api: Record<string, unknown> = {};
  for (const m of API_METHODS) api[m] = (...args: unknown[]) => t.call(m, args);
  api.on = (event: ApiEvent, cb: (payload: unknown) => void) => t.on(event, cb);
  return api as WatchpostApi;
}

/** The name the preload exposes the transport under (window.watchpostBridge). */
export const BRIDGE_NAME = 'watchpostBridge';
/** The IPC channels the preload uses. */
export const IPC_CALL = 'watchpost:call';
export const IPC_EVENT = 'watchpost:event';
/** The browser-mode WebSocket path. */
export const WS_PATH = '/api';
