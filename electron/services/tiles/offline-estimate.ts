// Checking an offline area before it is downloaded: a usable box, zooms and layer, not too many tiles; and what it
// would take: how many tiles, how many the cache has already, and its size on disk.
import { bboxProblem, MAX_TILE_ZOOM, tileCount, tilesOf } from '../../../patrol/maps/tile-math';
import { LAYER_ID, type TileCache } from './tile-cache';
import type { AreaRequest } from './offline-state';

/** A tile's size when the layer has none cached yet to average (a typical street-map PNG). */
export const GUESS_TILE_BYTES = 15 * 1024;

/** What is wrong with the request, or null. */
export function areaProblem(req: Omit<AreaRequest, 'name'>, maxTiles: number): string | null {
  if (!LAYER_ID.test(req.layer)) return `layer "${req.layer}" is not a layer id`;
  const box = bboxProblem(req.bbox);
  if (box) return `the box: ${box}`;
  const zoomOk = (z: number) => Number.isInteger(z) && z >= 0 && z <= MAX_TILE_ZOOM;
  if (!zoomOk(req.zoom_min) || !zoomOk(req.zoom_max) || req.zoom_min > req.zoom_max) return `zooms ${req.zoom_min}–${req.zoom_max}: not a range within 0–${MAX_TILE_ZOOM}`;
  const n = tileCount(req.bbox, req.zoom_min, req.zoom_max);
  if (n > maxTiles) return `${n} tiles is more than ${maxTiles}: choose a smaller box or fewer zooms`;
  return null;
}

/** For a request areaProblem() passed. */
export function estimateArea(cache: TileCache, req: Omit<AreaRequest, 'name'>): { tiles: number; cached: number; bytes_est: number } {
  const layer = cache.stats().find((s) => s.layer === req.layer);
  const average = layer && layer.tiles > 0 ? layer.bytes / layer.tiles : GUESS_TILE_BYTES;
  let tiles = 0, cached = 0, bytes = 0;
  for (const t of tilesOf(req.bbox, req.zoom_min, req.zoom_max)) {
    tiles++;
    const size = cache.sizeOf({ layer: req.layer, ...t });
    if (size !== null) cached++;
    bytes += size ?? average;
  }
  return { tiles, cached, bytes_est: Math.round(bytes) };
}
