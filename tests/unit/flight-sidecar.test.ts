// The flight sidecar: written atomically and validated on read, with errors that name the file and the place.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flightBaseName, readSidecar, SidecarError, writeSidecar, type FlightSidecar } from '../../electron/services/flight-sidecar';

const dir = () => mkdtempSync(join(tmpdir(), 'wp-sidecar-'));
const sample = (): FlightSidecar => ({
  format: 'watchpost-flight', version: 1, tlog: 'f.tlog', link_uri: 'udpin:0.0.0.0:14550', site_path: '/s/demo.site.geojson', patrol_path: null,
  started_utc: '2026-12-03T13:59:10.000Z', ended_utc: null, vehicles: [{ sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA' }],
  findings: [{ id: 'f1', t_utc: '2026-12-03T14:01:00.000Z', post: 'P01', kind: 'staffed', lat_deg: 34.75, lon_deg: 113.75, sysid: 1 }],
});

describe('flight sidecar', () => {
  it('names flights by UTC start and a file-safe label', () => {
    expect(flightBaseName(new Date('2026-12-03T13:59:10.123Z'), 'udpin:0.0.0.0:14550')).toBe('2026-12-03T13-59-10Z_udpin-0.0.0.0-14550');
    expect(flightBaseName(new Date('2026-12-03T13:59:10Z'), 'serial:/dev/ttyUSB0:57600')).toBe('2026-12-03T13-59-10Z_serial-dev-ttyUSB0-57600');
  });

  it('round-trips, leaves no temporary file, and refuses what is not a sidecar naming the place', async () => {
    const d = dir();
    const path = join(d, 'f.json');
    await writeSidecar(path, sample());
    expect(await readSidecar(path)).toEqual(sample());
    expect(readdirSync(d)).toEqual(['f.json']);
    await expect(writeSidecar(path, { ...sample(), findings: [{ ...sample().findings[0], kind: 'other2' as 'other' }] })).rejects.toThrow();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(sample()); // the bad write changed nothing
    writeFileSync(join(d, 'bad.json'), JSON.stringify({ ...sample(), version: 7 }));
    await expect(readSidecar(join(d, 'bad.json'))).rejects.toThrow(new SidecarError(`${join(d, 'bad.json')}: version: Invalid input: expected 1`));
    writeFileSync(join(d, 'junk.json'), 'root:x:0:0:root');
    await expect(readSidecar(join(d, 'junk.json'))).rejects.toThrow(/junk\.json: line 1, column 1/);
    await expect(readSidecar(join(d, 'junk.json'))).rejects.not.toThrow(/root:x/);
  });
});
