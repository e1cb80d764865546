// The app's data folder (settings, flights, tiles, signing keys), on its own so that the command line can find it
// without loading the app's services.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'watchpost';
/** The last MAVLink signing timestamp sent, in the data folder: shared by every link of the app and the command line. */
export const SIGNING_TIMESTAMP_FILE = 'signing-timestamp.json';

/** Where Electron keeps `userData` for this app, so that browser mode and the desktop app share settings. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_NAME);
}
