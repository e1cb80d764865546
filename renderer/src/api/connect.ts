// The API for this page: the preload's bridge in the desktop app, else the browser-mode WebSocket.
import { apiOverTransport, BRIDGE_NAME, type ApiTransport, type WatchpostApi } from '../../../electron/api';
import { connectWebSocket } from './ws-transport';

export async function connectApi(): Promise<WatchpostApi> {
  const bridge = (window as unknown as Record<string, ApiTransport | undefined>)[BRIDGE_NAME];
  return apiOverTransport(bridge ?? (await connectWebSocket()));
}
