// The box an offline area of a site covers: every building, post, the fence and home, with a margin so the
// surroundings the aircraft flies over (an orbit outside the outermost facade, the way home) are on the map too.
import type { Site } from '../site/site';
import type { BBox } from './tile-math';

/** Roughly a facade orbit's reach beyond the site's outermost feature. */
export const SITE_MARGIN_M = 150;
const M_PER_DEG_LAT = 111_320;

export function siteBBox(site: Site, margin_m: number = SITE_MARGIN_M): BBox | null {
  let s = Infinity;
  let w = Infinity;
  let n = -Infinity;
  let e = -Infinity;
  const add = (lon: number, lat: number) => {
    s = Math.min(s, lat);
    n = Math.max(n, lat);
    w = Math.min(w, lon);
    e = Math.max(e, lon);
  };
  for (const b of site.buildings) for (const poly of b.polygons) for (const [lon, lat] of poly[0]) add(lon, lat);
  for (const p of site.posts) add(p.lon_deg, p.lat_deg);
  if (site.fence) for (const [lon, lat] of site.fence[0]) add(lon, lat);
  if (site.home) add(site.home.lon_deg, site.home.lat_deg);
  if (!Number.isFinite(s)) return null;
  const dLat = margin_m / M_PER_DEG_LAT;
  const dLon = margin_m / (M_PER_DEG_LAT * Math.max(0.01, Math.cos((((s + n) / 2) * Math.PI) / 180)));
  return { s_deg: Math.max(-85, s - dLat), w_deg: Math.max(-180, w - dLon), n_deg: Math.min(85, n + dLat), e_deg: Math.min(180, e + dLon) };
}
