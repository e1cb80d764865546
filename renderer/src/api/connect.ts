// The API for this page: the preload's bridge in the desktop app, else the browser-mode WebSocket.
import { apiOverTransport, BRIDGE_NAME, type ApiTransport, type WatchpostApi } from '../../../electron/api';
import { connectWebSocket } from './ws-transport';

/** `onLost` is told when browser mode's connection drops (the desktop app's IPC does not). */
export async function connectApi(onLost: (reason: string) => void): Promise<WatchpostApi> {
  const bridge = (window as unknown as Record<string, ApiTransport | undefined>)[BRIDGE_NAME];
  return apiOverTransport(bridge ?? (await connectWebSocket(onLost)));
}
