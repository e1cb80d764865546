// The offline areas' types and their state file (offline-areas.json in the app's data folder): each area, its
// progress and the tiles the provider does not have. Read at start; a damaged file is renamed aside
// (…json.damaged-<time>) and reported, never overwritten; written atomically (temp file, fsync, rename).
import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { parseJsonText } from '../../../patrol/formats/json-text';
import type { BBox } from '../../../patrol/maps/tile-math';
import { writeFileAtomic } from '../../../mavlink/atomic-write';
import type { TileCache } from './tile-cache';
import type { ResolveLayer } from './tile-source';

export interface OfflineAreasOptions {
  /** The state file, e.g. <dataDir>/offline-areas.json. */
  file: string;
  /** The areas' tiles are pinned in it (never evicted by browsing): the constructor sets the cache's `pinned`. */
  cache: TileCache;
  resolve: ResolveLayer;
  userAgent: string;
  rate_per_s?: number;
  concurrency?: number;
  retries?: number;
  /** The first retry's wait; doubling for each further one, times a jitter of 0.5…1.5. */
  backoff_ms?: number;
  random?: () => number;
  timeout_ms?: number;
  maxTiles?: number;
  save_every_ms?: number;
  /** After pause or close, how long requests under way may take to finish before they are abandoned. */
  stopGrace_ms?: number;
}

export type AreaState = 'running' | 'paused' | 'complete' | 'failed';

export interface FailedTile {
  z: number;
  x: number;
  y: number;
  error: string;
}

export interface AreaStatus {
  id: string;
  name: string;
  layer: string;
  bbox: BBox;
  zoom_min: number;
  zoom_max: number;
  state: AreaState;
  /** Tiles in the area. */
  total: number;
  /** Tiles dealt with: in the cache, or missing upstream (so done === total when complete). */
  done: number;
  /** Tiles the provider answered it does not have (404): part of `done`, never retried. */
  missing: number;
  /** Tiles that failed after all retries in the last run, with the last error (at most MAX_FAILED_LISTED). */
  failed: FailedTile[];
  failed_count: number;
  /** Bytes of the area's tiles in the cache. */
  bytes: number;
  started_utc: string;
  updated_utc: string;
}

export interface AreaRequest {
  name: string;
  layer: string;
  bbox: BBox;
  zoom_min: number;
  zoom_max: number;
}

export type AreaResult = { ok: true; area: AreaStatus } | { ok: false; error: string };
/** `bytes_est`: the whole area on disk, cached tiles at their size and the others at the layer's average. */
export type EstimateResult = { ok: true; tiles: number; cached: number; bytes_est: number } | { ok: false; error: string };

/** What the file holds for an area: its status and the tiles known missing ("z/x/y"), so a resume skips them. */
export interface AreaRecord extends AreaStatus {
  missing_tiles: string[];
}

export const MAX_FAILED_LISTED = 500;
/** Missing tiles remembered across restarts; beyond this many, a resume asks the provider again. */
export const MAX_MISSING_KEPT = 10_000;

const n = z.number().int().nonnegative();
const areaSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  layer: z.string().regex(/^[a-z0-9_-]{1,64}$/),
  bbox: z.object({ s_deg: z.number(), w_deg: z.number(), n_deg: z.number(), e_deg: z.number() }),
  zoom_min: n.max(22),
  zoom_max: n.max(22),
  state: z.enum(['running', 'paused', 'complete', 'failed']),
  total: n,
  done: n,
  missing: n,
  failed: z.array(z.object({ z: n, x: n, y: n, error: z.string() })),
  failed_count: n,
  bytes: n,
  started_utc: z.string(),
  updated_utc: z.string(),
  missing_tiles: z.array(z.string().regex(/^\d+\/\d+\/\d+$/)).default([]),
});
const fileSchema = z.object({ version: z.literal(1), areas: z.array(areaSchema) });

/** `writable` is false when a damaged file could not be set aside: then nothing is saved over it this session. */
export async function readAreas(file: string): Promise<{ areas: AreaRecord[]; problems: string[]; writable: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return { areas: [], problems: [], writable: true };
    return setAside(file, `cannot read (${e.code ?? e.message})`);
  }
  // The message names the place, never quotes the file.
  const json = parseJsonText(text, file);
  if (!json.ok) return setAside(file, `not JSON (line ${json.line}, column ${json.column}: expected ${json.expected}, got ${json.got})`);
  const parsed = fileSchema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return setAside(file, `${where}: ${issue.message}`);
  }
  return { areas: parsed.data.areas, problems: [], writable: true };
}

export function writeAreas(file: string, areas: AreaRecord[]): Promise<void> {
  return writeFileAtomic(file, JSON.stringify({ version: 1, areas }, null, 1) + '\n');
}

/** Renames the damaged file aside (so a save cannot overwrite it) and says so. */
async function setAside(file: string, why: string): Promise<{ areas: AreaRecord[]; problems: string[]; writable: boolean }> {
  const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, aside);
    return { areas: [], problems: [`${file}: ${why}; the offline areas start empty, the file is kept as ${aside}`], writable: true };
  } catch (err) {
    return { areas: [], problems: [`${file}: ${why}; it could not be set aside (${(err as Error).message}), so changes to offline areas are not saved until the app restarts`], writable: false };
  }
}
