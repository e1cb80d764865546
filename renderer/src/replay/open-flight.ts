// Opening a flight for replay as early as the page can: when the page starts on `#/replay?path=…`, the Node side is
// asked before React has mounted (main.tsx), so reading the file overlaps the page's own start. The replay view then
// takes that answer. Which flights are all read (`replayProgress` with done) is kept from the start too, so a view
// that subscribes late still learns it.
import type { ApiResult, ReplayInfo, WatchpostApi } from '../../../electron/api';

const read = new Set<string>();
const waiting = new Map<string, Array<() => void>>();
let early: { path: string; result: Promise<ApiResult<ReplayInfo>> } | null = null;

/** Call once, when the API is connected: follows the flights being read, and opens the one the URL names. */
export function startReplays(api: WatchpostApi, hash: string): void {
  api.on('replayProgress', (p) => {
    if (!p.done || !p.id) return;
    read.add(p.id);
    for (const cb of waiting.get(p.id) ?? []) cb();
    waiting.delete(p.id);
  });
  const [route, query] = hash.split('?');
  const path = route === '#/replay' ? new URLSearchParams(query ?? '').get('path') : null;
  if (path) {
    early = { path, result: api.openFlight(path, {}) };
    // The view's code too, while the page starts (App loads it lazily; this warms the same module).
    void import('./ReplayView');
  }
}

/** Open a flight (the early answer when it is the one the page started on). */
export function openFlight(api: WatchpostApi, path: string, sitePath: string | null): Promise<ApiResult<ReplayInfo>> {
  if (!sitePath && early?.path === path) {
    const { result } = early;
    early = null;
    return result;
  }
  return api.openFlight(path, sitePath ? { site_path: sitePath } : {});
}

/** Call `cb` once the flight `id` is all read (at once if it is already). Returns a function that cancels. */
export function whenRead(id: string, cb: () => void): () => void {
  if (read.has(id)) {
    cb();
    return () => {};
  }
  const list = waiting.get(id) ?? [];
  list.push(cb);
  waiting.set(id, list);
  return () => waiting.set(id, (waiting.get(id) ?? []).filter((x) => x !== cb));
}
