// Saving what the Plan editor wrote, and its recovery copy, over the app's API (browser mode, real WebSocket, real
// files): a save never replaces a file unless asked, never writes outside the plan file kinds, names what is wrong;
// the recovery copy is written, read back after a restart of the Node side, and cleared.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, connect, failure, ok, serve, temp } from '../helpers/browser-api';

afterEach(closeAll);

describe('the Plan editor’s files over the API', () => {
  it('savePlanFile: written whole, replaced only when asked; refusals name the file', async () => {
    const dir = temp();
    const ws = await connect((await serve(temp())).url);
    const site = join(dir, 'yard.site.geojson');
    expect(await ok(ws, 'savePlanFile', site, '{"type":"FeatureCollection","features":[]}\n', { overwrite: false })).toEqual({ path: site, bytes: 43 });
    expect(readFileSync(site, 'utf8')).toBe('{"type":"FeatureCollection","features":[]}\n');
    // Not over it unless asked; then replaced.
    expect(await failure(ws, 'savePlanFile', [site, 'other', { overwrite: false }])).toMatch(/yard\.site\.geojson: a file of that name exists; save again to replace it/);
    expect(readFileSync(site, 'utf8')).toBe('{"type":"FeatureCollection","features":[]}\n');
    await ok(ws, 'savePlanFile', site, '{"type":"FeatureCollection","features":[],"site":{"name":"Yard"}}\n', { overwrite: true });
    expect(JSON.parse(readFileSync(site, 'utf8')).site.name).toBe('Yard');
    // Only plan files, whole paths, folders that exist.
    expect(await failure(ws, 'savePlanFile', [join(dir, '.bashrc'), 'x', { overwrite: true }])).toMatch(/\.bashrc: a plan is saved as \.site\.geojson, \.geojson, \.patrol\.json, \.plan, \.waypoints, \.kml/);
    expect(await failure(ws, 'savePlanFile', ['yard.plan', 'x', { overwrite: false }])).toMatch(/yard\.plan: give the whole path/);
    expect(await failure(ws, 'savePlanFile', [join(dir, 'nope', 'a.plan'), 'x', { overwrite: false }])).toMatch(/nope: no such folder/);
    mkdirSync(join(dir, 'b.plan'));
    expect(await failure(ws, 'savePlanFile', [join(dir, 'b.plan'), 'x', { overwrite: true }])).toMatch(/b\.plan: is a folder/);
    expect(await failure(ws, 'savePlanFile', [site, 42, { overwrite: true }])).toMatch(/savePlanFile: argument 1/);
    // The system's save dialog is the desktop app's: browser mode says to type the path.
    expect(await failure(ws, 'chooseSavePath', [site])).toMatch(/no save dialog in browser mode: type the path of the file/);
    // No temporary files left behind.
    expect(readFileSync(site, 'utf8')).toContain('Yard');
    expect(existsSync(join(dir, '.yard.site.geojson.tmp'))).toBe(false);
  });

  it('the recovery copy: written, read back by a new Node side on the same data folder, cleared', async () => {
    // Not temp(): closeAll would remove it with the first Node side.
    const data = mkdtempSync(join(tmpdir(), 'watchpost-recovery-'));
    const ws = await connect((await serve(data)).url);
    expect(await ok(ws, 'readRecovery')).toBeNull();
    await ok(ws, 'writeRecovery', '{"site":"edited"}');
    await ok(ws, 'writeRecovery', '{"site":"edited more"}');
    await closeAll();
    // As after a crash: another process on the same data folder.
    const again = await connect((await serve(data)).url);
    const r = await ok(again, 'readRecovery');
    expect(r?.text).toBe('{"site":"edited more"}');
    expect(Date.now() - Date.parse(r?.saved_utc ?? '')).toBeLessThan(60_000);
    await ok(again, 'clearRecovery');
    expect(await ok(again, 'readRecovery')).toBeNull();
    // A damaged copy is dropped, not a crash.
    writeFileSync(join(data, 'recovery.plan-edit.json'), '{"text": 3');
    expect(await ok(again, 'readRecovery')).toBeNull();
    expect(existsSync(join(data, 'recovery.plan-edit.json'))).toBe(false);
    rmSync(data, { recursive: true, force: true });
  });
});

describe('file errors in the UI’s language', () => {
  it('Open… of a broken site says it in Chinese when the UI is in Chinese, in English otherwise', async () => {
    const data = temp();
    const broken = JSON.parse(readFileSync('assets/demo/demo.site.geojson', 'utf8')) as { features: Array<{ properties: Record<string, unknown> }> };
    broken.features.find((f) => f.properties.kind === 'post')!.properties.radius_m = -5;
    const file = join(temp(), 'broken.site.geojson');
    writeFileSync(file, JSON.stringify(broken));
    writeFileSync(join(data, 'settings.json'), JSON.stringify({ version: 1, language: 'zh-CN' }));
    const ws = await connect((await serve(data)).url);
    expect(await failure(ws, 'openFile', [file])).toMatch(/broken\.site\.geojson：第 \d+ 个要素（岗位 "North gate"）：radius_m：应为大于 0 的数，实际为 -5/);
    await ok(ws, 'updateSettings', { language: 'en' });
    expect(await failure(ws, 'openFile', [file])).toMatch(/broken\.site\.geojson: features\[\d+\] \(post "North gate"\): radius_m: expected a number > 0, got -5/);
  });
});
