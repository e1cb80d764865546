// The preload: the only bridge between the page and the Node side. It exposes one small transport (call and on)
// under window.watchpostBridge; renderer/ wraps it into the typed WatchpostApi (electron/api.ts).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, BRIDGE_NAME, IPC_CALL, IPC_EVENT, type ApiEvent, type ApiMethod, type ApiResult, type ApiTransport } from './api';

const transport: ApiTransport = {
  call(method: ApiMethod, args: unknown[]): Promise<ApiResult<unknown>> {
    if (!API_METHODS.includes(method)) return Promise.resolve({ ok: false, error: `unknown call ${String(method)}` });
    return ipcRenderer.invoke(IPC_CALL, method, args) as Promise<ApiResult<unknown>>;
  },
  on(event: ApiEvent, cb: (payload: unknown) => void): () => void {
    const listener = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) cb(payload);
    };
    ipcRenderer.on(IPC_EVENT, listener);
    return () => ipcRenderer.off(IPC_EVENT, listener);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_NAME, transport);
