// The desktop app's main process: one window, the preload as the only bridge (contextIsolation and the sandbox on,
// no Node in the page), and the same ApiHandlers as browser mode behind one IPC channel. Kept thin: everything it
// wires is tested through browser mode; Electron itself cannot run on the build machine.
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { join } from 'node:path';
import { IPC_CALL, type FileKind } from './api';
import { createAppServices } from './services/app-services';

const FILTERS: Record<FileKind, Electron.FileFilter[]> = {
  site: [{ name: 'Sites (GeoJSON, KML)', extensions: ['geojson', 'json', 'kml'] }],
  patrol: [{ name: 'Patrols', extensions: ['json'] }],
};

async function createWindow(): Promise<void> {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Watchpost',
    webPreferences: { preload: join(__dirname, '../preload/index.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  const { handlers } = await createAppServices({
    dataDir: app.getPath('userData'),
    assetsDir: join(app.getAppPath(), 'assets'),
    mode: 'desktop',
    version: app.getVersion(),
    chooseFile: async (kind) => {
      const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: FILTERS[kind] });
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
    },
  });
  ipcMain.handle(IPC_CALL, (event, method: unknown, args: unknown) => {
    // Only our own page may call: not a frame or window it navigated to.
    if (event.sender !== win.webContents || event.senderFrame !== win.webContents.mainFrame) {
      return { ok: false, error: 'api: call from a frame that is not the app' };
    }
    return handlers.dispatch(method, args);
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (process.env.ELECTRON_RENDERER_URL) await win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else await win.loadFile(join(__dirname, '../renderer/index.html'));
}

app.whenReady().then(createWindow, (err: Error) => {
  dialog.showErrorBox('Watchpost', err.message);
  app.quit();
});
app.on('window-all-closed', () => app.quit());
