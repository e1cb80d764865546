// GCJ-02, the datum Chinese map providers (AMap/Gaode, Tencent) draw in (issue 12): WGS-84 positions shifted by an
// obfuscating offset of a few hundred metres inside China. Watchpost keeps everything in WGS-84 (files, vehicles,
// checks) and converts only on the way to and from such a map. Forward: the published transform (the Krasovsky 1940
// ellipsoid and the offset polynomials, as the open coordtransform implementations give them); back: by iteration,
// to a millimetre. Outside China the datum is WGS-84 itself (the identity). Pure TypeScript.

const A = 6378245.0;
const EE = 0.006693421622965943; // the Krasovsky ellipsoid's e²
const PI = Math.PI;

/** The box the transform applies in (outside it GCJ-02 is WGS-84). */
export function outOfChina(lon_deg: number, lat_deg: number): boolean {
  return lon_deg < 72.004 || lon_deg > 137.8347 || lat_deg < 0.8293 || lat_deg > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y * PI) / 30)) * 2) / 3;
  return r;
}

function offsetLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3;
  return r;
}

/** WGS-84 → GCJ-02, [lon, lat] in degrees. */
export function wgs84ToGcj02(lon_deg: number, lat_deg: number): [number, number] {
  if (outOfChina(lon_deg, lat_deg)) return [lon_deg, lat_deg];
  const radLat = (lat_deg / 180) * PI;
  const s = Math.sin(radLat);
  const magic = 1 - EE * s * s;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(lon_deg - 105, lat_deg - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI);
  const dLon = (offsetLon(lon_deg - 105, lat_deg - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * PI);
  return [lon_deg + dLon, lat_deg + dLat];
}

/** GCJ-02 → WGS-84, [lon, lat] in degrees: the WGS-84 point whose GCJ-02 is the one given (iterated to ~1e-9°). */
export function gcj02ToWgs84(lon_deg: number, lat_deg: number): [number, number] {
  if (outOfChina(lon_deg, lat_deg)) return [lon_deg, lat_deg];
  let [lon, lat] = [lon_deg, lat_deg];
  for (let i = 0; i < 20; i++) {
    const [glon, glat] = wgs84ToGcj02(lon, lat);
    const [dlon, dlat] = [glon - lon_deg, glat - lat_deg];
    lon -= dlon;
    lat -= dlat;
    if (Math.abs(dlon) < 1e-10 && Math.abs(dlat) < 1e-10) break;
  }
  return [lon, lat];
}
