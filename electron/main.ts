// The desktop app's main process: one window, the preload as the only bridge (contextIsolation and the sandbox on,
// no Node in the page), and the same ApiHandlers as browser mode behind one IPC channel. The window never leaves
// the app's page (a link opens in the system browser), and only that page may call the API. Kept thin: everything
// it wires is tested through browser mode and the build test; Electron itself cannot run on the build machine.
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_CALL, IPC_EVENT, TILE_PROTOCOL } from './api';
import { createAppServices } from './services/app-services';
import { parseTilePath, tileAnswer } from './services/tile-route';

// The map's tiles come from the Node side's cache (issue 12) through a protocol of the app's own.
protocol.registerSchemesAsPrivileged([{ scheme: TILE_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const PAGE_URL = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href;
const isAppPage = (url: string): boolean => url.split(/[?#]/)[0] === PAGE_URL.split(/[?#]/)[0];

function keepOnAppPage(contents: WebContents): void {
  const refuse = (e: Electron.Event, url: string) => {
    if (isAppPage(url)) return;
    e.preventDefault();
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
  };
  contents.on('will-navigate', refuse);
  contents.on('will-frame-navigate', (e) => refuse(e, e.url));
  contents.on('will-redirect', refuse);
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

async function createWindow(): Promise<void> {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Watchpost',
    // Middle-click (auxclick) would open a link in a new window behind the navigation guards: off.
    webPreferences: { preload: join(__dirname, '../preload/index.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' },
  });
  const services = await createAppServices({
    dataDir: app.getPath('userData'),
    assetsDir: join(app.getAppPath(), 'assets'),
    mode: 'desktop',
    version: app.getVersion(),
    chooseFile: async () => {
      const r = await dialog.showOpenDialog(win, {
        properties: ['openFile'],
        filters: [
          { name: 'Sites and patrols (GeoJSON, KML, *.patrol.json)', extensions: ['geojson', 'json', 'kml'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
    },
    chooseSavePath: async (suggested) => {
      const r = await dialog.showSaveDialog(win, {
        defaultPath: suggested || undefined,
        filters: [
          { name: 'Sites, patrols and missions (*.site.geojson, *.patrol.json, .plan, .waypoints, .kml)', extensions: ['geojson', 'json', 'plan', 'waypoints', 'kml'] },
        ],
      });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  });
  protocol.handle(TILE_PROTOCOL, async (req) => {
    const url = new URL(req.url);
    const t = url.host === 'tiles' ? parseTilePath(url.pathname) : null;
    if (!t) return new Response('not a tile: watchpost-tiles://tiles/LAYER/Z/X/Y', { status: 404 });
    const a = tileAnswer(t, await services.maps.tile(t.layer, t.z, t.x, t.y));
    return new Response(typeof a.body === 'string' ? a.body : new Uint8Array(a.body), { status: a.status, headers: a.headers });
  });
  ipcMain.handle(IPC_CALL, (event, method: unknown, args: unknown) => {
    // Only our own page may call: not another frame, nor a page the window was somehow taken to.
    const frame = event.senderFrame;
    if (event.sender !== win.webContents || !frame || frame !== win.webContents.mainFrame || !isAppPage(frame.url)) {
      return { ok: false, error: 'api: call from a page that is not the app' };
    }
    return services.handlers.dispatch(method, args);
  });
  services.connectEvents((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, event, payload);
  });
  // Closing the window ends every link: recordings flushed and fsynced, sidecars given their end.
  win.on('closed', () => {
    void services.close().catch((err: Error) => console.error(`watchpost: closing links: ${err.message}`));
  });
  await win.loadURL(PAGE_URL);
}

// Every web contents, the window's own included (created before it loads anything), stays on the app page.
app.on('web-contents-created', (_e, contents) => keepOnAppPage(contents));
app
  .whenReady()
  .then(() => {
    // The app asks for no permission (camera, microphone, notifications, geolocation…): every request is denied.
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, answer) => answer(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  })
  .then(createWindow)
  .catch((err: Error) => {
    dialog.showErrorBox('Watchpost could not start', err.message);
    app.quit();
  });
app.on('window-all-closed', () => app.quit());
