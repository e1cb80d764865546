// `watchpost export`: a real recording's track written as GPX, KML, GeoJSON and CSV, then read back by an
// independent reader (@tmcw/togeojson over @xmldom/xmldom for GPX and KML) and compared with the recording's own
// positions; an existing file is never replaced without --force.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpx, kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { FlightReplay, type TrackPoint } from '../../mavlink/replay/flight-replay';
import { CSV_HEADER } from '../../patrol/formats/track-export';
import { run } from '../helpers/cli';

const FLIGHT = 'tests/fixtures/dronekit_flight_replay_flight.tlog';
let dir: string;
let track: readonly TrackPoint[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wp-export-'));
  track = (await FlightReplay.load(FLIGHT)).track(1).points();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Line = { geometry: { type: string; coordinates: number[][] }; properties: Record<string, unknown> };
const xmlDoc = (path: string) => new DOMParser().parseFromString(readFileSync(path, 'utf8'), 'text/xml') as unknown as Document;

describe('watchpost export', () => {
  it('GPX, KML, GeoJSON and CSV carry every position of the recording; GPX and KML read back by togeojson', async () => {
    for (const format of ['gpx', 'kml', 'geojson', 'csv']) {
      const r = await run(['export', FLIGHT, '--format', format, '--out', join(dir, `flight.${format}`), '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ out: join(dir, `flight.${format}`), format, points: track.length, vehicles: [1] });
    }
    const lonLat = track.map((p) => [p.lon_deg, p.lat_deg]);
    const close = (got: number[][]) => {
      expect(got).toHaveLength(lonLat.length);
      for (const [i, c] of got.entries()) {
        expect(c[0]).toBeCloseTo(lonLat[i][0], 6);
        expect(c[1]).toBeCloseTo(lonLat[i][1], 6);
      }
    };
    const fromGpx = gpx(xmlDoc(join(dir, 'flight.gpx'))).features as unknown as Line[];
    expect(fromGpx).toHaveLength(1);
    close(fromGpx[0].geometry.coordinates);
    const times = (fromGpx[0].properties.coordinateProperties as { times: string[] }).times;
    expect(Date.parse(times[0])).toBe(Math.floor(track[0].t_us / 1000)); // ISO 8601 to the millisecond
    const fromKml = kml(xmlDoc(join(dir, 'flight.kml'))).features as unknown as Line[];
    expect(fromKml[0].geometry.type).toBe('LineString');
    close(fromKml[0].geometry.coordinates);
    // KML altitudes are above the ground (relativeToGround), as the recording's relative altitude.
    expect(readFileSync(join(dir, 'flight.kml'), 'utf8')).toContain('<altitudeMode>relativeToGround</altitudeMode>');
    for (const [i, c] of fromKml[0].geometry.coordinates.entries()) expect(c[2]).toBeCloseTo(Math.max(0, track[i].alt_rel_m), 2);
    const geo = JSON.parse(readFileSync(join(dir, 'flight.geojson'), 'utf8')) as { features: Line[] };
    close(geo.features[0].geometry.coordinates);
    expect(geo.features[0].properties.sysid).toBe(1);

    const csv = readFileSync(join(dir, 'flight.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(CSV_HEADER);
    expect(csv).toHaveLength(track.length + 1);
    const first = csv[1].split(',');
    expect(first.slice(0, 4)).toEqual(['1', new Date(track[0].t_us / 1000).toISOString(), String(Number(track[0].lat_deg.toFixed(7))), String(Number(track[0].lon_deg.toFixed(7)))]);
    expect(new Set(csv.slice(1).map((l) => l.split(',')[8]))).toEqual(new Set(['STABILIZE', 'LOITER', 'RTL'])); // the mode at each position
  }, 60_000);

  it('never replaces a file unless --force; a vehicle with no positions is an error', async () => {
    const out = join(dir, 'kept.gpx');
    writeFileSync(out, 'mine');
    const r = await run(['export', FLIGHT, '--format', 'gpx', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*kept\.gpx exists; pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('mine');
    expect((await run(['export', FLIGHT, '--format', 'gpx', '--out', out, '--force'])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml/);
    const none = await run(['export', FLIGHT, '--format', 'csv', '--out', join(dir, 'none.csv'), '--sysid', '9']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no vehicle positions .* for sysid 9/);
  }, 60_000);
});
