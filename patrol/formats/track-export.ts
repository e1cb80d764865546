// A flown track written for other tools: GPX 1.1 (time and altitude above sea level, as GPS tools expect), KML
// (altitude relative to the ground, extruded, so Google Earth shows the flight in 3D), GeoJSON (RFC 7946: a
// LineString per vehicle, [lon, lat, AMSL], with the times) and CSV (one row per position). Pure TypeScript.

export interface TrackRow {
  sysid: number;
  t_ms: number;
  lat_deg: number;
  lon_deg: number;
  alt_rel_m: number;
  alt_amsl_m: number;
  groundspeed_mps: number | null;
  heading_deg: number | null;
  mode: string;
  armed: boolean;
  battery_v: number | null;
  battery_pct: number | null;
}

export type TrackFormat = 'gpx' | 'kml' | 'geojson' | 'csv';
export const TRACK_FORMATS: readonly TrackFormat[] = ['gpx', 'kml', 'geojson', 'csv'];

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (t_ms: number): string => new Date(t_ms).toISOString();
const num = (v: number, digits: number): string => String(Number(v.toFixed(digits)));

function byVehicle(rows: readonly TrackRow[]): Map<number, TrackRow[]> {
  const m = new Map<number, TrackRow[]>();
  for (const r of rows) {
    let list = m.get(r.sysid);
    if (!list) m.set(r.sysid, (list = []));
    list.push(r);
  }
  return m;
}

/** `name`: the flight, for the documents' titles. */
export function writeTrack(format: TrackFormat, rows: readonly TrackRow[], name: string): string {
  if (format === 'gpx') return gpx(rows, name);
  if (format === 'kml') return kml(rows, name);
  if (format === 'geojson') return geojson(rows, name);
  return csv(rows);
}

function gpx(rows: readonly TrackRow[], name: string): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<gpx version="1.1" creator="Watchpost" xmlns="http://www.topografix.com/GPX/1/1">', `  <metadata><name>${xml(name)}</name></metadata>`];
  for (const [sysid, list] of byVehicle(rows)) {
    out.push(`  <trk><name>${xml(`${name} — vehicle ${sysid}`)}</name><trkseg>`);
    for (const r of list) out.push(`    <trkpt lat="${num(r.lat_deg, 7)}" lon="${num(r.lon_deg, 7)}"><ele>${num(r.alt_amsl_m, 2)}</ele><time>${iso(r.t_ms)}</time></trkpt>`);
    out.push('  </trkseg></trk>');
  }
  out.push('</gpx>', '');
  return out.join('\n');
}

function kml(rows: readonly TrackRow[], name: string): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<kml xmlns="http://www.opengis.net/kml/2.2">', '<Document>', `  <name>${xml(name)}</name>`,
    '  <Style id="track"><LineStyle><color>ff3d26d7</color><width>3</width></LineStyle><PolyStyle><color>403d26d7</color></PolyStyle></Style>'];
  for (const [sysid, list] of byVehicle(rows)) {
    out.push('  <Placemark>', `    <name>${xml(`vehicle ${sysid}`)}</name>`, '    <styleUrl>#track</styleUrl>',
      `    <TimeSpan><begin>${iso(list[0].t_ms)}</begin><end>${iso(list[list.length - 1].t_ms)}</end></TimeSpan>`,
      '    <LineString><extrude>1</extrude><altitudeMode>relativeToGround</altitudeMode><coordinates>');
    for (const r of list) out.push(`      ${num(r.lon_deg, 7)},${num(r.lat_deg, 7)},${num(Math.max(0, r.alt_rel_m), 2)}`);
    out.push('    </coordinates></LineString>', '  </Placemark>');
  }
  out.push('</Document>', '</kml>', '');
  return out.join('\n');
}

function geojson(rows: readonly TrackRow[], name: string): string {
  const features = [...byVehicle(rows)].map(([sysid, list]) => ({
    type: 'Feature',
    properties: { name: `${name} — vehicle ${sysid}`, sysid, times: list.map((r) => iso(r.t_ms)), alt_rel_m: list.map((r) => Number(r.alt_rel_m.toFixed(2))) },
    geometry: { type: 'LineString', coordinates: list.map((r) => [Number(r.lon_deg.toFixed(7)), Number(r.lat_deg.toFixed(7)), Number(r.alt_amsl_m.toFixed(2))]) },
  }));
  return `${JSON.stringify({ type: 'FeatureCollection', features }, null, 1)}\n`;
}

export const CSV_HEADER = 'sysid,time_utc,lat_deg,lon_deg,alt_rel_m,alt_amsl_m,groundspeed_mps,heading_deg,mode,armed,battery_v,battery_pct';

function csv(rows: readonly TrackRow[]): string {
  const opt = (v: number | null, d: number): string => (v === null ? '' : num(v, d));
  const field = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = rows.map((r) => [r.sysid, iso(r.t_ms), num(r.lat_deg, 7), num(r.lon_deg, 7), num(r.alt_rel_m, 2), num(r.alt_amsl_m, 2), opt(r.groundspeed_mps, 2), opt(r.heading_deg, 1), field(r.mode), r.armed ? 1 : 0, opt(r.battery_v, 2), opt(r.battery_pct, 0)].join(','));
  return `${[CSV_HEADER, ...lines].join('\n')}\n`;
}
