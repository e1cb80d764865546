// The library's files through the API: delete moves a flight (tlog and sidecar) into the library's trash and undo
// brings it back; nothing in the trash or the folder is ever replaced; a path outside the folder is refused; a
// .tlog from elsewhere is imported by copy.
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, connect, failure, ok, serve, temp } from '../helpers/browser-api';

afterEach(closeAll);
const FIX = 'tests/fixtures/mavometer_px4_test.tlog';

describe('library files over the API', () => {
  it('delete to the trash, undo, import; refusals name what is wrong', async () => {
    const flights = temp();
    const a = join(flights, 'a.tlog');
    copyFileSync(FIX, a);
    writeFileSync(join(flights, 'a.json'), '{"not": "checked here"}');
    const ws = await connect((await serve(temp(), { flightsDir: flights })).url);
    expect((await ok(ws, 'library')).map((f) => f.name)).toEqual(['a.tlog']);

    const trashed = await ok(ws, 'trashFlight', a);
    expect(trashed).toEqual({ path: a, trash_path: join(flights, '.trash', 'a.tlog') });
    expect(readdirSync(join(flights, '.trash')).sort()).toEqual(['a.json', 'a.tlog']);
    expect(await ok(ws, 'library')).toEqual([]);
    // The same name deleted again is kept beside the first, not over it.
    copyFileSync(FIX, a);
    expect((await ok(ws, 'trashFlight', a)).trash_path).toBe(join(flights, '.trash', 'a~2.tlog'));

    const back = await ok(ws, 'restoreFlight', trashed.trash_path, 'a.tlog');
    expect(back).toMatchObject({ name: 'a.tlog', path: a });
    expect(existsSync(join(flights, 'a.json'))).toBe(true);
    expect(await failure(ws, 'restoreFlight', [join(flights, '.trash', 'a~2.tlog'), 'a.tlog'])).toMatch(/a\.tlog exists: the flight in the trash is kept/);
    expect(await failure(ws, 'trashFlight', [FIX])).toMatch(/not a flight of the flights folder/);
    expect(await failure(ws, 'restoreFlight', [a, 'b.tlog'])).toMatch(/not in the library's trash/);

    const imported = await ok(ws, 'importFlight', join(process.cwd(), 'tests/fixtures/ardusub_log_tools_small.tlog'));
    expect(imported).toMatchObject({ name: 'ardusub_log_tools_small.tlog', vehicles: [{ sysid: 1, type: 'SUBMARINE' }] });
    expect(await failure(ws, 'importFlight', [join(process.cwd(), 'tests/fixtures/ardusub_log_tools_small.tlog')])).toMatch(/exists: a flight of that name is already in the library/);
    expect(await failure(ws, 'importFlight', [join(process.cwd(), 'README.md')])).toMatch(/not a \.tlog file/);
    expect((await ok(ws, 'library')).map((f) => f.name).sort()).toEqual(['a.tlog', 'ardusub_log_tools_small.tlog']);
  }, 30_000);
});
