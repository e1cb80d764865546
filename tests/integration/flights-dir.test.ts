// The flights folder is a setting: `flights/` in the data folder until chosen, an absolute folder once chosen (a
// relative path is refused, naming the argument), the next link opened records there, and the app says where.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, connect, failure, ok, serve, settingsOf, temp } from '../helpers/browser-api';

const DEMO_HOME = { lat_deg: 34.7505859, lon_deg: 113.7492901 };
afterEach(closeAll);

describe('the flights folder setting', () => {
  it('defaults to flights/ in the data folder; a chosen folder takes the next link; relative paths are refused', async () => {
    const dataDir = temp();
    const ws = await connect((await serve(dataDir)).url);
    expect((await ok(ws, 'appInfo')).flights_dir).toBe(join(dataDir, 'flights'));
    expect(await failure(ws, 'updateSettings', [{ flights_dir: 'flights' }])).toMatch(/updateSettings: argument 0\.flights_dir: an absolute folder path/);

    const elsewhere = join(temp(), 'patrol logs');
    expect((await ok(ws, 'updateSettings', { flights_dir: elsewhere })).flights_dir).toBe(elsewhere);
    expect(settingsOf(dataDir).flights_dir).toBe(elsewhere);
    expect((await ok(ws, 'appInfo')).flights_dir).toBe(elsewhere);
    const sim = await ok(ws, 'startSimulator', DEMO_HOME);
    const link = await ok(ws, 'openLink', sim.uri);
    expect(link.tlog_path.startsWith(join(elsewhere, ''))).toBe(true);
    await ok(ws, 'closeLink', link.id);
    expect(readdirSync(elsewhere).sort().map((n) => n.replace(/^.*\./, ''))).toEqual(['json', 'tlog']);
    expect(existsSync(join(dataDir, 'flights'))).toBe(false);

    await ok(ws, 'updateSettings', { flights_dir: null });
    expect((await ok(ws, 'appInfo')).flights_dir).toBe(join(dataDir, 'flights'));
  }, 30_000);
});
