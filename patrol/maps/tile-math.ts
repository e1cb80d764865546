// The web-map tile grid (the "slippy map" scheme of OpenStreetMap, Google and every XYZ provider): at zoom z the
// Web Mercator square is cut into 2^z × 2^z tiles, x from the antimeridian eastwards, y from the north downwards.
// Pure TypeScript: the offline-area estimate, the downloader, the MBTiles export and the CLI share it.

/** South, west, north, east in degrees (WGS-84, or the provider's datum when the caller converted it). */
export interface BBox {
  s_deg: number;
  w_deg: number;
  n_deg: number;
  e_deg: number;
}

export interface TileXYZ {
  z: number;
  x: number;
  y: number;
}

/** Web Mercator stops here: the square's edge. */
export const MAX_LAT_DEG = 85.0511287798066;
/** The deepest zoom any provider serves; deeper requests are refused before any arithmetic. */
export const MAX_TILE_ZOOM = 22;

export function lonToTileX(lon_deg: number, z: number): number {
  const n = 2 ** z;
  return Math.min(n - 1, Math.max(0, Math.floor(((lon_deg + 180) / 360) * n)));
}

export function latToTileY(lat_deg: number, z: number): number {
  const n = 2 ** z;
  const lat = (Math.max(-MAX_LAT_DEG, Math.min(MAX_LAT_DEG, lat_deg)) * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n;
  return Math.min(n - 1, Math.max(0, Math.floor(y)));
}

/** The north-west corner of a tile, in degrees. */
export function tileCorner(x: number, y: number, z: number): { lat_deg: number; lon_deg: number } {
  const n = 2 ** z;
  const lon_deg = (x / n) * 360 - 180;
  const lat_deg = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return { lat_deg, lon_deg };
}

/** A tile's bounds in degrees. */
export function tileBBox(t: TileXYZ): BBox {
  const nw = tileCorner(t.x, t.y, t.z);
  const se = tileCorner(t.x + 1, t.y + 1, t.z);
  return { s_deg: se.lat_deg, w_deg: nw.lon_deg, n_deg: nw.lat_deg, e_deg: se.lon_deg };
}

export interface TileRange {
  z: number;
  x_min: number;
  x_max: number;
  y_min: number;
  y_max: number;
}

/** The tiles that cover a box at one zoom (inclusive ranges). */
export function tileRange(b: BBox, z: number): TileRange {
  return { z, x_min: lonToTileX(b.w_deg, z), x_max: lonToTileX(b.e_deg, z), y_min: latToTileY(b.n_deg, z), y_max: latToTileY(b.s_deg, z) };
}

export function rangeCount(r: TileRange): number {
  return (r.x_max - r.x_min + 1) * (r.y_max - r.y_min + 1);
}

/** How many tiles cover the box at zooms zMin…zMax. */
export function tileCount(b: BBox, zMin: number, zMax: number): number {
  let n = 0;
  for (let z = zMin; z <= zMax; z++) n += rangeCount(tileRange(b, z));
  return n;
}

/** Every tile of the box, zoom by zoom, row by row (the order the downloader fetches them in). */
export function* tilesOf(b: BBox, zMin: number, zMax: number): Generator<TileXYZ> {
  for (let z = zMin; z <= zMax; z++) {
    const r = tileRange(b, z);
    for (let y = r.y_min; y <= r.y_max; y++) for (let x = r.x_min; x <= r.x_max; x++) yield { z, x, y };
  }
}

/** Whether a tile lies in the box's tiles at its zoom. */
export function tileInBBox(t: TileXYZ, b: BBox): boolean {
  const r = tileRange(b, t.z);
  return t.x >= r.x_min && t.x <= r.x_max && t.y >= r.y_min && t.y <= r.y_max;
}

/** A box is usable: numbers, south below north, inside the Mercator square (west may exceed east only never: no
 *  antimeridian crossing). Returns what is wrong, or null. */
export function bboxProblem(b: BBox): string | null {
  const v = [b.s_deg, b.w_deg, b.n_deg, b.e_deg];
  if (v.some((x) => !Number.isFinite(x))) return 'not four numbers';
  if (b.s_deg < -90 || b.n_deg > 90) return 'latitude outside −90…90';
  if (b.w_deg < -180 || b.e_deg > 180) return 'longitude outside −180…180';
  if (b.s_deg >= b.n_deg) return 'south is not below north';
  if (b.w_deg >= b.e_deg) return 'west is not left of east (a box across the antimeridian is not supported)';
  return null;
}

/** "S,W,N,E" as the CLI takes it. */
export function parseBBox(text: string): { ok: true; bbox: BBox } | { ok: false; error: string } {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 4 || parts.some((p) => p === '' || Number.isNaN(Number(p)))) return { ok: false, error: `"${text}" is not S,W,N,E (four numbers in degrees, comma-separated)` };
  const [s_deg, w_deg, n_deg, e_deg] = parts.map(Number);
  const bbox = { s_deg, w_deg, n_deg, e_deg };
  const problem = bboxProblem(bbox);
  return problem ? { ok: false, error: `"${text}": ${problem}` } : { ok: true, bbox };
}

/** "14-18" or "16" as the CLI takes it. */
export function parseZoomRange(text: string): { ok: true; min: number; max: number } | { ok: false; error: string } {
  const m = /^\s*(\d{1,2})\s*(?:[-–]\s*(\d{1,2}))?\s*$/.exec(text);
  if (!m) return { ok: false, error: `"${text}" is not a zoom or a range of zooms (e.g. 16 or 14-18)` };
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (min > max) return { ok: false, error: `"${text}": the first zoom is above the last` };
  if (max > MAX_TILE_ZOOM) return { ok: false, error: `"${text}": zoom ${max} is beyond ${MAX_TILE_ZOOM}, the deepest any provider serves` };
  return { ok: true, min, max };
}
