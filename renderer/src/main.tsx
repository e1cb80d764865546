// Entry: connect to the Node side (preload or WebSocket), pick the language, render.
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { connectApi } from './api/connect';
import { initI18n, pickLanguage } from './i18n';
import { App } from './app/App';
import { startReplays } from './replay/open-flight';

// A file dropped on the window must not replace the app with the file's contents.
for (const type of ['dragover', 'drop'] as const) window.addEventListener(type, (e) => e.preventDefault());

/** The connection dropped after start: App shows it (set before App subscribes, so nothing is missed). */
const lost = { reason: null as string | null, listeners: new Set<(reason: string) => void>() };
export function onConnectionLost(cb: (reason: string) => void): () => void {
  if (lost.reason !== null) cb(lost.reason);
  lost.listeners.add(cb);
  return () => lost.listeners.delete(cb);
}

async function start(root: HTMLElement): Promise<void> {
  const api = await connectApi((reason) => {
    lost.reason = reason;
    for (const cb of lost.listeners) cb(reason);
  });
  // A flight named by the URL starts loading now, while the page starts.
  startReplays(api, location.hash);
  const info = await api.appInfo();
  if (!info.ok) throw new Error(info.error);
  const i18n = await initI18n(pickLanguage(info.value.settings.language, navigator.languages));
  createRoot(root).render(
    <I18nextProvider i18n={i18n}>
      <App api={api} info={info.value} onConnectionLost={onConnectionLost} />
    </I18nextProvider>,
  );
}

const root = document.getElementById('root') as HTMLElement;
start(root).catch((err: Error) => {
  // Before i18n is up: both languages.
  root.textContent = `Watchpost: no connection to the Watchpost process (${err.message}). 无法连接 Watchpost 进程。`;
  root.className = 'fatal';
});
