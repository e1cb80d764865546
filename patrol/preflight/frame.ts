// A local planar frame around home: metres east (x) and north (y), equirectangular (millimetres over a site).
import type { LonLat, PolygonRings } from '../site/site';

const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

/** A polygon in metres: rings as flat [x0, y0, x1, y1, …] arrays, each closed (first = last). */
export type RingsXY = Float64Array[];

export interface HomeFrame {
  lat_deg: number;
  lon_deg: number;
  at(lat_deg: number, lon_deg: number): { lat_deg: number; lon_deg: number; x_m: number; y_m: number };
  toLatLon(x_m: number, y_m: number): { lat_deg: number; lon_deg: number };
  rings(p: PolygonRings): RingsXY;
}

export function homeFrame(lat_deg: number, lon_deg: number): HomeFrame {
  const kx = EARTH_RADIUS_M * RAD * Math.cos(lat_deg * RAD);
  const ky = EARTH_RADIUS_M * RAD;
  return {
    lat_deg,
    lon_deg,
    at: (lat, lon) => ({ lat_deg: lat, lon_deg: lon, x_m: (lon - lon_deg) * kx, y_m: (lat - lat_deg) * ky }),
    toLatLon: (x, y) => ({ lat_deg: lat_deg + y / ky, lon_deg: lon_deg + x / kx }),
    rings: (p) =>
      p.map((ring: LonLat[]) => {
        const out = new Float64Array(ring.length * 2);
        ring.forEach(([lon, lat], i) => {
          out[2 * i] = (lon - lon_deg) * kx;
          out[2 * i + 1] = (lat - lat_deg) * ky;
        });
        return out;
      }),
  };
}
