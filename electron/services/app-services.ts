// What the desktop app and browser mode both start with: the settings (loaded once), the workspace service and the
// API handlers over them.
import { join } from 'node:path';
import type { ApiEvent, AppInfo, FileKind, Workspace } from '../api';
import { readSite } from '../../patrol/site/read-site';
import type { Site } from '../../patrol/site/site';
import { autoPatrol } from '../../patrol/patrol/auto';
import type { Patrol } from '../../patrol/patrol/patrol';
import { readPatrol } from '../../patrol/patrol/read-patrol';
import type { SerialPortList } from '../../mavlink/links/serial-list';
import { LinkService } from './link-service';
import { SimService } from './sim-service';
import { ReplayService } from './replay-service';
import { ApiHandlers, settingsWith, type MapOverrides } from './api-handlers';
import { MapService, type MapServiceOptions } from './map-service';
import { SettingsStore } from './settings-store';
import { SigningKeyStore } from './signing-keys';
import { WorkspaceService } from './workspace';

export { APP_NAME, defaultDataDir } from './data-dir';

export interface AppServicesOptions {
  dataDir: string;
  assetsDir: string;
  mode: AppInfo['mode'];
  version: string;
  overrides?: MapOverrides;
  /** Offline downloads' pace (tests make them quick). */
  tileDownload?: MapServiceOptions['download'];
  chooseFile?: (kind: FileKind) => Promise<string | null>;
  /** The desktop save dialog (absent in browser mode). */
  chooseSavePath?: (suggested: string) => Promise<string | null>;
  /** Where flights are recorded (default: flights/ in the data folder). */
  flightsDir?: string;
  listSerialPorts?: () => Promise<SerialPortList>;
}

export interface AppServices {
  handlers: ApiHandlers;
  store: SettingsStore;
  maps: MapService;
  links: LinkService;
  sims: SimService;
  /** MAVLink 2 signing keys per link URI (signing-keys.json in the data folder, owner-only). */
  signingKeys: SigningKeyStore;
  /** Where the app's events (vehicle snapshots, link summaries) go: the browser server's or the window's. */
  connectEvents(emit: (event: ApiEvent, payload: unknown) => void): void;
  /** Close every link (recordings flushed, sidecars ended) and stop the simulators. */
  close(): Promise<void>;
}

export async function createAppServices(opts: AppServicesOptions): Promise<AppServices> {
  const store = new SettingsStore(opts.dataDir);
  const loaded = await store.load();
  const workspace = new WorkspaceService(store, opts.assetsDir);
  let emit: (event: ApiEvent, payload: unknown) => void = () => undefined; // nowhere to send until connected
  // The site open in the app, whose duty posts each new link checks live.
  let site: { site: Site; path: string; patrol: Patrol } | null = null;
  // The files open now (the demo's too), for each new flight's sidecar.
  let paths: { site_path: string | null; patrol_path: string | null } = { site_path: null, patrol_path: null };
  const onWorkspace = (w: Workspace): void => {
    paths = { site_path: w.site.path, patrol_path: w.patrol?.path ?? null };
    try {
      const s = readSite(w.site.text, w.site.name).site;
      // The patrol open with it, or (a site alone) the default patrol the Plan view shows.
      const patrol = w.patrol ? readPatrol(w.patrol.text, w.patrol.name, s) : autoPatrol(s);
      site = { site: s, path: w.site.path, patrol };
    } catch (err) {
      site = null; // the workspace service checked it already; a site that no longer reads has no posts to check
      console.error(`watchpost: live checks: ${(err as Error).message}`);
    }
  };
  const signingKeys = new SigningKeyStore(opts.dataDir);
  const links = new LinkService({
    signingKeys,
    site: () => site,
    onPosts: (p) => emit('posts', p),
    onUpload: (p) => emit('upload', p),
    onAction: (p) => emit('action', p),
    onMission: (m) => emit('mission', m),
    // The folder chosen now: a change of the setting applies to the next link opened.
    flightsDir: () => opts.flightsDir ?? store.settings.flights_dir ?? join(opts.dataDir, 'flights'),
    workspace: () => paths,
    onLinks: (l) => emit('links', l),
    onVehicles: (v) => emit('vehicles', v),
  });
  const sims = new SimService();
  const replays = new ReplayService((p) => emit('replayProgress', p));
  const overrides: MapOverrides | undefined = opts.overrides ? { ...opts.overrides } : undefined;
  const maps = new MapService({ dataDir: opts.dataDir, version: opts.version, settings: () => settingsWith(store.settings, overrides), download: opts.tileDownload });
  await maps.open();
  loaded.problems.push(...maps.problems);
  maps.areas.onProgress((a) => emit('offlineProgress', a));
  const handlers = new ApiHandlers({ version: opts.version, mode: opts.mode, store, workspace, loaded, overrides, maps, chooseFile: opts.chooseFile, chooseSavePath: opts.chooseSavePath, links, sims, signingKeys, replays, listSerialPorts: opts.listSerialPorts, onWorkspace });
  return {
    handlers, store, links, sims, maps, signingKeys,
    connectEvents(fn) {
      emit = fn;
    },
    async close() {
      await links.closeAll();
      await sims.stopAll();
      await maps.close();
    },
  };
}
