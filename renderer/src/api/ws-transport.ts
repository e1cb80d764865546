// Browser mode's transport: electron/api.ts over the WebSocket the `watchpost ui` server opens at /api.
// Calls carry an id; answers come back with it. When the socket closes, every pending call answers an error.
import { WS_PATH, type ApiEvent, type ApiMethod, type ApiResult, type ApiTransport } from '../../../electron/api';

interface Pending {
  resolve: (r: ApiResult<unknown>) => void;
}

/** The page's own server, with the run's token from the page's URL (`watchpost ui` prints it). */
export function defaultSocketUrl(): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

export const CONNECT_TIMEOUT_MS = 10_000;

/** `onLost` is told once when an open connection closes (the server stopped or restarted). */
export function connectWebSocket(onLost: (reason: string) => void, url = defaultSocketUrl()): Promise<ApiTransport> {
  return new Promise((resolveTransport, reject) => {
    const ws = new WebSocket(url);
    let opened = false;
    const timer = setTimeout(() => {
      reject(new Error(`no answer from ${location.host} in ${CONNECT_TIMEOUT_MS / 1000} s`));
      ws.close();
    }, CONNECT_TIMEOUT_MS);
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
      clearTimeout(timer);
      if (opened) onLost(closedWith);
      else reject(new Error(e.code === 1006 ? 'refused: open the address `watchpost ui` printed (it carries the token)' : closedWith));
    });
    ws.addEventListener('open', () => {
      opened = true;
      clearTimeout(timer);
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
