// How a map tile is asked for and answered, the same in both shells: browser mode's HTTP route
// (/tiles/LAYER/Z/X/Y?token=…) and the desktop app's protocol (watchpost-tiles://tiles/LAYER/Z/X/Y).
import type { TileSourceResult } from './tiles/tile-source';

export interface TileRequest {
  layer: string;
  z: number;
  x: number;
  y: number;
}

/** A 1×1 transparent PNG. */
const EMPTY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const TILE_PATH = /^\/(?:tiles\/)?([a-z0-9_-]{1,64})\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})$/;

/** `/tiles/osm/17/35245/51622` (browser route) or `/osm/17/35245/51622` (the protocol's path under host "tiles"). */
export function parseTilePath(pathname: string): TileRequest | null {
  const m = TILE_PATH.exec(pathname);
  return m ? { layer: m[1], z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) } : null;
}

export interface TileAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** The answer to the map: the tile, or a short text saying why there is none (Leaflet then leaves it blank). */
export function tileAnswer(req: TileRequest, r: TileSourceResult): TileAnswer {
  if (r.ok) return { status: 200, headers: { 'content-type': r.type, 'cache-control': 'private, max-age=3600', 'x-watchpost-tile': r.from, 'x-content-type-options': 'nosniff' }, body: r.body };
  // The provider has no such tile (the sea, beyond its imagery): nothing to draw, but the map is not offline, so the
  // page gets a transparent tile rather than an error that would raise its "offline" note. Never cached.
  if (r.kind === 'missing') return { status: 200, headers: { 'content-type': 'image/png', 'cache-control': 'no-store', 'x-watchpost-tile': 'missing', 'x-content-type-options': 'nosniff' }, body: EMPTY_PNG };
  const status = r.kind === 'bad-request' ? 400 : r.kind === 'unknown-layer' ? 404 : 502;
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: `tile ${req.layer}/${req.z}/${req.x}/${req.y}: ${r.message}` };
}
