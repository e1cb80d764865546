// The map part of electron/api.ts (issue 12): the tile cache's state, offline areas, MBTiles and folder imports,
// and how the page asks the Node side for tiles (an HTTP route in browser mode, a custom protocol in Electron).
import type { BBox } from '../patrol/maps/tile-math';
import type { CoordFormat } from '../patrol/maps/coord-format';

export type { CoordFormat };

/** The browser-mode route and the desktop protocol the map's tiles come through (cache first, then the provider). */
export const TILE_ROUTE = '/tiles';
export const TILE_PROTOCOL = 'watchpost-tiles';

export const COORD_FORMATS: readonly CoordFormat[] = ['deg', 'dms'];

export interface TileCacheStats {
  layer: string;
  tiles: number;
  bytes: number;
  limit_bytes: number;
  /** Tiles inside an offline area: never evicted by browsing. */
  pinned_tiles: number;
}

export interface OfflineAreaRequest {
  name: string;
  layer: string;
  bbox: BBox;
  zoom_min: number;
  zoom_max: number;
}

export interface OfflineEstimate {
  tiles: number;
  /** Of those, already in the cache. */
  cached: number;
  bytes_est: number;
}

export interface FailedTile {
  z: number;
  x: number;
  y: number;
  error: string;
}

export interface OfflineAreaStatus {
  id: string;
  name: string;
  layer: string;
  bbox: BBox;
  zoom_min: number;
  zoom_max: number;
  state: 'running' | 'paused' | 'complete' | 'failed';
  total: number;
  /** Tiles in the cache (or known missing upstream). */
  done: number;
  /** Tiles the provider does not have (404): the area is complete without them. */
  missing: number;
  /** The tiles that failed after every retry, with the last error (the first few hundred). */
  failed: FailedTile[];
  failed_count: number;
  bytes: number;
  started_utc: string;
  updated_utc: string;
}

export interface TileStatus {
  /** The last request to a provider: reached (true), failed (false), none yet (null). */
  online: boolean | null;
  caches: TileCacheStats[];
  areas: OfflineAreaStatus[];
}

export interface TileImportResult {
  layer: string;
  imported: number;
  skipped: number;
  problems: string[];
}

export interface TileExportResult {
  path: string;
  tiles: number;
  bytes: number;
}
