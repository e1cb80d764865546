// Browser mode's transport: electron/api.ts over the WebSocket the `watchpost ui` server opens at /api.
// Calls carry an id; answers come back with it. When the socket closes, every pending call answers an error.
import { WS_PATH, type ApiEvent, type ApiMethod, type ApiResult, type ApiTransport } from '../../../electron/api';

interface Pending {
  resolve: (r: ApiResult<unknown>) => void;
}

export function connectWebSocket(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`): Promise<ApiTransport> {
  return new Promise((resolveTransport, reject) => {
    const ws = new WebSocket(url);
    const pending = new Map<number, Pending>();
    const listeners = new Map<ApiEvent, Set<(payload: unknown) => void>>();
    let nextId = 1;
    let closedWith: string | null = null;

    ws.addEventListener('message', (e) => {
      let msg: { id?: number | null; ok?: boolean; value?: unknown; error?: string; event?: ApiEvent; payload?: unknown };
      try {
        msg = JSON.parse(String(e.data));
      } catch (err) {
        console.warn(`api: a message that is not JSON (${(err as Error).message})`);
        return;
      }
      if (msg.event) {
        for (const cb of listeners.get(msg.event) ?? []) cb(msg.payload);
        return;
      }
      const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
      if (!p) return;
      pending.delete(msg.id as number);
      p.resolve(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error ?? 'api: error without a message' });
    });
    ws.addEventListener('close', (e) => {
      closedWith = `the connection to Watchpost closed (${e.code}${e.reason ? `: ${e.reason}` : ''})`;
      for (const p of pending.values()) p.resolve({ ok: false, error: closedWith });
      pending.clear();
      reject(new Error(closedWith));
    });
    ws.addEventListener('open', () => {
      resolveTransport({
        call(method: ApiMethod, args: unknown[]) {
          if (closedWith) return Promise.resolve({ ok: false, error: closedWith });
          const id = nextId++;
          return new Promise((resolve) => {
            pending.set(id, { resolve });
            ws.send(JSON.stringify({ id, method, args }));
          });
        },
        on(event: ApiEvent, cb: (payload: unknown) => void) {
          const set = listeners.get(event) ?? new Set();
          set.add(cb);
          listeners.set(event, set);
          return () => set.delete(cb);
        },
      });
    });
  });
}
