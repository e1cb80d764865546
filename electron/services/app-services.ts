// What the desktop app and browser mode both start with: the settings (loaded once), the workspace service and the
// API handlers over them.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AppInfo, FileKind, Settings } from '../api';
import { ApiHandlers } from './api-handlers';
import { SettingsStore } from './settings-store';
import { WorkspaceService } from './workspace';

export const APP_NAME = 'watchpost';

/** Where Electron keeps `userData` for this app, so that browser mode and the desktop app share settings. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_NAME);
}

export interface AppServicesOptions {
  dataDir: string;
  assetsDir: string;
  mode: AppInfo['mode'];
  version: string;
  overrides?: Partial<Pick<Settings, 'tile_url'>>;
  chooseFile?: (kind: FileKind) => Promise<string | null>;
}

export async function createAppServices(opts: AppServicesOptions): Promise<{ handlers: ApiHandlers; store: SettingsStore }> {
  const store = new SettingsStore(opts.dataDir);
  const loaded = await store.load();
  const workspace = new WorkspaceService(store, opts.assetsDir);
  const handlers = new ApiHandlers({ version: opts.version, mode: opts.mode, store, workspace, loaded, overrides: opts.overrides, chooseFile: opts.chooseFile });
  return { handlers, store };
}
