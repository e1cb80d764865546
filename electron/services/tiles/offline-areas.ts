// Offline areas: a box of map tiles at some zooms, downloaded into the tile cache in the background (politely: a few
// requests a second), pinned there so browsing never evicts them, kept in a state file so that a download under way
// when the app stopped carries on at the next start. Paused, resumed, retried and removed from the Settings page.
import { randomUUID } from 'node:crypto';
import { tileCount, tileRange, tilesOf, type TileRange, type TileXYZ } from '../../../patrol/maps/tile-math';
import { tileUrl } from '../../../patrol/maps/tile-url';
import type { TileKey } from './tile-cache';
import { fetchTile, type TileFetchResult } from './tile-fetch';
import { downloadTiles, Gate, type TileOutcome } from './offline-download';
import { areaProblem, estimateArea } from './offline-estimate';
import { MAX_FAILED_LISTED, MAX_MISSING_KEPT, readAreas, writeAreas, type AreaRecord, type AreaRequest, type AreaResult, type AreaStatus, type EstimateResult, type OfflineAreasOptions } from './offline-state';

export type { AreaRequest, AreaResult, AreaState, AreaStatus, EstimateResult, FailedTile, OfflineAreasOptions } from './offline-state';

const PROGRESS_EVERY_MS = 100;

interface Area {
  rec: AreaRecord;
  missing: Set<string>;
  ranges: Map<number, TileRange>;
  run: { stop: AbortController; kill: AbortController; done: Promise<void> } | null;
  lastEmit_ms: number;
  emitTimer: NodeJS.Timeout | null;
}

const tid = (t: TileXYZ) => `${t.z}/${t.x}/${t.y}`;

export class OfflineAreas {
  private readonly o: Required<Omit<OfflineAreasOptions, 'cache' | 'resolve'>> & Pick<OfflineAreasOptions, 'cache' | 'resolve'>;
  private readonly areas = new Map<string, Area>();
  private readonly listeners = new Set<(status: AreaStatus) => void>();
  private readonly gate: Gate;
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private writable = true;
  private closed = false;
  /** Problems saving the state file since start, for the Settings page. */
  readonly problems: string[] = [];

  constructor(opts: OfflineAreasOptions) {
    this.o = { rate_per_s: 4, concurrency: 2, retries: 4, backoff_ms: 1000, random: Math.random, timeout_ms: 15_000, maxTiles: 200_000, save_every_ms: 1000, stopGrace_ms: 2000, ...opts };
    this.gate = new Gate(this.o.concurrency, 1000 / this.o.rate_per_s);
    opts.cache.setPinned((key) => this.pinned(key));
  }

  /** Reads the state file; areas that were downloading when the app stopped carry on (unless `resume: false`). */
  async open(opts: { resume?: boolean } = {}): Promise<{ areas: number; resumed: number; problems: string[] }> {
    const read = await readAreas(this.o.file);
    this.writable = read.writable;
    let resumed = 0;
    for (const rec of read.areas) {
      const area = this.add(rec);
      // The CLI's import/export/list read the areas without starting their downloads (they stay `running` in the file).
      if (rec.state === 'running' && opts.resume !== false) {
        resumed++;
        this.launch(area);
      }
    }
    return { areas: read.areas.length, resumed, problems: read.problems };
  }

  /** The area's tile count, how many are cached, and its size on disk; an error above maxTiles. */
  estimate(req: Omit<AreaRequest, 'name'>): EstimateResult {
    const problem = areaProblem(req, this.o.maxTiles);
    return problem ? { ok: false, error: problem } : { ok: true, ...estimateArea(this.o.cache, req) };
  }

  start(req: AreaRequest): AreaResult {
    if (this.closed) return { ok: false, error: 'the offline areas are closed (the app is quitting)' };
    const problem = areaProblem(req, this.o.maxTiles) ?? (req.name.trim() === '' ? 'the area has no name' : null) ?? (this.o.resolve(req.layer) ? null : `no tile provider for layer "${req.layer}"`);
    if (problem) return { ok: false, error: problem };
    const now = new Date().toISOString();
    const area = this.add({
      id: randomUUID(), name: req.name.trim(), layer: req.layer, bbox: { ...req.bbox }, zoom_min: req.zoom_min, zoom_max: req.zoom_max,
      state: 'running', total: tileCount(req.bbox, req.zoom_min, req.zoom_max), done: 0, missing: 0, failed: [], failed_count: 0, bytes: 0,
      started_utc: now, updated_utc: now, missing_tiles: [],
    });
    this.launch(area);
    return { ok: true, area: status(area) };
  }

  /** Records tiles that came another way (an MBTiles file or a folder imported) as a complete area, so browsing never
   *  evicts them; tiles of the box the import did not hold count as missing. Nothing is downloaded. */
  async adopt(req: AreaRequest): Promise<AreaResult> {
    const problem = areaProblem(req, this.o.maxTiles);
    if (problem) return { ok: false, error: problem };
    let total = 0, done = 0, bytes = 0;
    for (const t of tilesOf(req.bbox, req.zoom_min, req.zoom_max)) {
      total++;
      const size = this.o.cache.sizeOf({ layer: req.layer, ...t });
      if (size !== null) {
        done++;
        bytes += size;
      }
    }
    const now = new Date().toISOString();
    const area = this.add({
      id: randomUUID(), name: req.name.trim(), layer: req.layer, bbox: { ...req.bbox }, zoom_min: req.zoom_min, zoom_max: req.zoom_max,
      state: 'complete', total, done: total, missing: total - done, failed: [], failed_count: 0, bytes, started_utc: now, updated_utc: now, missing_tiles: [],
    });
    this.o.cache.repin();
    await this.save();
    return { ok: true, area: status(area) };
  }

  /** Stops sending requests (those under way finish); resolves once the download has stopped. */
  async pause(id: string): Promise<AreaResult> {
    const area = this.areas.get(id);
    if (!area) return { ok: false, error: `no offline area ${id}` };
    if (area.rec.state !== 'running') return { ok: false, error: `"${area.rec.name}" is ${area.rec.state}, not downloading` };
    this.changed(area, 'paused');
    await this.stopRun(area);
    return { ok: true, area: status(area) };
  }

  /** Downloads what is not in the cache yet: a paused area, a failed one, or a complete one checked again. */
  async resume(id: string): Promise<AreaResult> {
    const area = this.areas.get(id);
    if (!area) return { ok: false, error: `no offline area ${id}` };
    // Running with a download under way: nothing to do. Running in the file but not here (opened with resume: false,
    // as the CLI does, then asked for again): its download starts now.
    if (area.rec.state === 'running' && area.run) return { ok: true, area: status(area) };
    if (this.closed) return { ok: false, error: 'the offline areas are closed (the app is quitting)' };
    await area.run?.done;
    // Two resumes at once: the first one launched the download.
    if (!area.run && this.areas.get(id) === area && !this.closed) this.launch(area);
    return { ok: true, area: status(area) };
  }

  async retryFailed(id: string): Promise<AreaResult> {
    const area = this.areas.get(id);
    if (area && area.rec.state !== 'failed') return { ok: false, error: `"${area.rec.name}" has no failed tiles to retry (it is ${area.rec.state})` };
    return this.resume(id);
  }

  /** Forgets the area; its tiles stay in the cache, no longer pinned. */
  async remove(id: string): Promise<{ ok: true } | { ok: false; error: string }> {
    const area = this.areas.get(id);
    if (!area) return { ok: false, error: `no offline area ${id}` };
    this.areas.delete(id);
    if (area.emitTimer) clearTimeout(area.emitTimer);
    await this.stopRun(area);
    this.o.cache.repin();
    await this.save();
    return { ok: true };
  }

  list(): AreaStatus[] {
    return [...this.areas.values()].map(status);
  }

  /** Status changes, at most 10 a second per area (the last one always arrives). */
  onProgress(listener: (status: AreaStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether a tile lies in an offline area (at most a few areas: a range check each). */
  pinned(key: TileKey): boolean {
    for (const a of this.areas.values()) {
      const r = a.rec.layer === key.layer ? a.ranges.get(key.z) : undefined;
      if (r && key.x >= r.x_min && key.x <= r.x_max && key.y >= r.y_min && key.y <= r.y_max) return true;
    }
    return false;
  }

  /** Stops the downloads (they stay `running` in the file, to carry on at the next start) and saves. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.areas.values()].map((a) => {
      if (a.emitTimer) clearTimeout(a.emitTimer);
      return this.stopRun(a);
    }));
    await this.save();
  }

  private add(rec: AreaRecord): Area {
    const ranges = new Map<number, TileRange>();
    for (let z = rec.zoom_min; z <= rec.zoom_max; z++) ranges.set(z, tileRange(rec.bbox, z));
    const area: Area = { rec, missing: new Set(rec.missing_tiles), ranges, run: null, lastEmit_ms: 0, emitTimer: null };
    this.areas.set(rec.id, area);
    return area;
  }

  /** Counts what is there already, then downloads the rest in the background. */
  private launch(area: Area): void {
    const { rec } = area;
    const todo: TileXYZ[] = [];
    Object.assign(rec, { done: 0, bytes: 0, failed: [], failed_count: 0, missing: area.missing.size });
    for (const t of tilesOf(rec.bbox, rec.zoom_min, rec.zoom_max)) {
      const size = this.o.cache.sizeOf({ layer: rec.layer, ...t });
      if (size !== null) rec.bytes += size;
      if (size !== null || area.missing.has(tid(t))) rec.done++;
      else todo.push(t);
    }
    this.changed(area, 'running');
    const stop = new AbortController();
    const kill = new AbortController();
    const done = downloadTiles({
      tiles: todo, gate: this.gate, workers: this.o.concurrency, retries: this.o.retries, backoff_ms: this.o.backoff_ms, random: this.o.random,
      stop: stop.signal, kill: kill.signal,
      fetch: (t, signal) => this.fetch(rec.layer, t, signal),
      cached: (t) => this.o.cache.has({ layer: rec.layer, ...t }),
      settle: (t, outcome) => this.settle(area, t, outcome),
    }).then((how) => {
      if (area.run?.stop === stop) area.run = null; // ended: a later resume starts a new download
      if (how === 'finished' && this.areas.get(rec.id) === area) this.changed(area, rec.failed_count > 0 ? 'failed' : 'complete');
    });
    area.run = { stop, kill, done };
  }

  private fetch(layer: string, t: TileXYZ, signal: AbortSignal): Promise<TileFetchResult> {
    const p = this.o.resolve(layer);
    if (!p) return Promise.resolve({ ok: false, kind: 'http', message: `no tile provider for layer "${layer}"` });
    return fetchTile(tileUrl(p.template, t, { subdomains: p.subdomains, key: p.key }), { userAgent: this.o.userAgent, timeout_ms: this.o.timeout_ms, signal });
  }

  private async settle(area: Area, t: TileXYZ, outcome: TileOutcome): Promise<void> {
    const { rec } = area;
    let failure = outcome.kind === 'failed' ? outcome.error : null;
    if (outcome.kind === 'fetched') {
      const put = await this.o.cache.put({ layer: rec.layer, ...t }, outcome.body, outcome.type);
      if (put.ok) rec.bytes += outcome.body.length;
      else failure = put.error;
    } else if (outcome.kind === 'skipped') rec.bytes += this.o.cache.sizeOf({ layer: rec.layer, ...t }) ?? 0;
    else if (outcome.kind === 'missing') {
      area.missing.add(tid(t));
      rec.missing = area.missing.size;
    }
    if (failure === null) rec.done++;
    else {
      rec.failed_count++;
      if (rec.failed.length < MAX_FAILED_LISTED) rec.failed.push({ ...t, error: failure });
    }
    this.changed(area);
  }

  private async stopRun(area: Area): Promise<void> {
    const run = area.run;
    if (!run) return;
    run.stop.abort();
    const grace = setTimeout(() => run.kill.abort(), this.o.stopGrace_ms);
    await run.done;
    clearTimeout(grace);
    if (area.run === run) area.run = null;
  }

  /** Records a change: listeners hear of it (throttled), the file is saved (at once when the state changed). */
  private changed(area: Area, state?: AreaStatus['state']): void {
    if (this.areas.get(area.rec.id) !== area) return; // removed meanwhile
    if (state) area.rec.state = state;
    area.rec.updated_utc = new Date().toISOString();
    if (state) void this.save();
    else if (!this.saveTimer && !this.closed) this.saveTimer = setTimeout(() => void this.save(), this.o.save_every_ms);
    if (this.closed || area.emitTimer) return;
    const wait_ms = area.lastEmit_ms + PROGRESS_EVERY_MS - performance.now();
    const emit = () => {
      area.emitTimer = null;
      area.lastEmit_ms = performance.now();
      const s = status(area);
      for (const l of this.listeners) l(s);
    };
    if (wait_ms <= 0) emit();
    else area.emitTimer = setTimeout(emit, wait_ms);
  }

  /** Saves run one after another, each writing the state as it is then. */
  private save(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.writable) return this.saving;
    this.saving = this.saving.then(() => writeAreas(this.o.file, [...this.areas.values()].map((a) => ({ ...a.rec, missing_tiles: [...a.missing].slice(0, MAX_MISSING_KEPT) })))).catch((err: Error) => {
      this.problems.push(`${this.o.file}: could not save the offline areas (${err.message})`);
    });
    return this.saving;
  }
}

function status(area: Area): AreaStatus {
  const { missing_tiles: _kept, ...s } = area.rec;
  return { ...s, bbox: { ...s.bbox }, failed: s.failed.map((f) => ({ ...f })) };
}
