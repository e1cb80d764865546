// Coordinates as people read them: decimal degrees (49.12345° N) or degrees, minutes and seconds (49°7′24.4″ N),
// a setting because crews differ (issue 12). Pure TypeScript.

export type CoordFormat = 'deg' | 'dms';

function hemisphere(v: number, pos: string, neg: string): string {
  return v >= 0 ? pos : neg;
}

/** One angle in d°m′s″ with tenths of a second (about 3 m), carrying 60″ into the next minute. */
export function toDms(value_deg: number): string {
  const a = Math.abs(value_deg);
  let d = Math.floor(a);
  let m = Math.floor((a - d) * 60);
  let s = Math.round(((a - d) * 60 - m) * 600) / 10;
  if (s >= 60) {
    s -= 60;
    m += 1;
  }
  if (m >= 60) {
    m -= 60;
    d += 1;
  }
  return `${d}°${m}′${s.toFixed(1)}″`;
}

/** "35.96312° N, 83.91870° W" or "35°57′47.2″ N, 83°55′7.3″ W". Five decimals are about a metre. */
export function formatLatLon(lat_deg: number, lon_deg: number, format: CoordFormat): string {
  const ns = hemisphere(lat_deg, 'N', 'S');
  const ew = hemisphere(lon_deg, 'E', 'W');
  if (format === 'dms') return `${toDms(lat_deg)} ${ns}, ${toDms(lon_deg)} ${ew}`;
  return `${Math.abs(lat_deg).toFixed(5)}° ${ns}, ${Math.abs(lon_deg).toFixed(5)}° ${ew}`;
}
