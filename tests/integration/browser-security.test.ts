// Browser mode's defences, on real sockets: the API needs the run's token; a malformed request is answered 400
// and the server lives on; only loopback addresses; headers against framing; no device or pipe read as a file;
// a relative path is refused rather than resolved against the server's folder.
import { connect as netConnect } from 'node:net';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli';
import { startBrowserServer } from '../../electron/browser/server';
import { createAppServices } from '../../electron/services/app-services';
import { apiUrl, ASSETS, closeAll, connect, failure, ok, page, refusal, serve, settingsOf, temp } from '../helpers/browser-api';

afterEach(closeAll);

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = netConnect(port, '127.0.0.1', () => sock.write(text));
    let got = '';
    sock.on('data', (d) => (got += d));
    sock.on('end', () => resolve(got));
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
  });
}

describe('browser mode: defences', () => {
  it('the API needs the run token: none or another → 403; the printed URL carries it', async () => {
    const server = await serve(temp());
    const u = new URL(server.url);
    expect(u.searchParams.get('token')).toMatch(/^[0-9a-f]{32}$/);
    expect(await refusal(`ws://${u.host}/api`, { origin: u.origin })).toBe(403);
    expect(await refusal(`ws://${u.host}/api?token=${'0'.repeat(32)}`, { origin: u.origin })).toBe(403);
    expect(await refusal(`ws://${u.host}/api?token=short`, { origin: u.origin })).toBe(403);
    // Another server has another token.
    const other = await serve(temp());
    expect(new URL(other.url).searchParams.get('token')).not.toBe(u.searchParams.get('token'));
    expect(await refusal(apiUrl(other.url).replace(new URL(other.url).host, u.host), { origin: u.origin })).toBe(403);
    expect((await ok(await connect(server.url), 'appInfo')).mode).toBe('browser');
  });

  it('a malformed upgrade request is answered 400 and the server goes on serving', async () => {
    const server = await serve(temp());
    const port = Number(new URL(server.url).port);
    const answer = await rawRequest(port, 'GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect((await ok(await connect(server.url), 'appInfo')).mode).toBe('browser');
  });

  it('listens on loopback only: another --host is refused before listening', async () => {
    const { handlers } = await createAppServices({ dataDir: temp(), assetsDir: ASSETS, mode: 'browser', version: '0' });
    await expect(startBrowserServer({ handlers, rendererDir: ASSETS, host: '0.0.0.0' })).rejects.toThrow(/--host 0\.0\.0\.0: only a loopback address/);
  });

  it('pages come with headers that forbid framing and sniffing', async () => {
    const server = await serve(temp());
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request(server.url, (res) => {
        res.resume();
        resolve(res.headers);
      })
        .on('error', reject)
        .end();
    });
    expect(headers['x-frame-options']).toBe('DENY');
    expect(String(headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('a device, a relative path: refused with the reason, nothing remembered', async () => {
    const dataDir = temp();
    const ws = await page(dataDir);
    await ok(ws, 'openStartup');
    expect(await failure(ws, 'openFile', ['/dev/zero'])).toMatch(/\/dev\/zero: is not a regular file/);
    expect(await failure(ws, 'openFile', ['assets/demo/demo.site.geojson'])).toMatch(/give the whole path/);
    expect(settingsOf(dataDir)).toMatchObject({ last_site_path: null, last_patrol_path: null });
  });

  it('a reload after opening a file reopens that file; "Demo site" is remembered as the demo', async () => {
    const dataDir = temp();
    const ws = await page(dataDir);
    expect((await ok(ws, 'openStartup')).first_start).toBe(true);
    const site = `${ASSETS}/demo/demo.site.geojson`;
    await ok(ws, 'openFile', site);
    expect(await ok(ws, 'openStartup')).toMatchObject({ first_start: false, demo: false, patrol: null, site: { path: site } });
    await ok(ws, 'openDemo');
    expect(settingsOf(dataDir)).toMatchObject({ last_site_path: null, last_patrol_path: null, recent_paths: [site] });
    expect(await ok(ws, 'openStartup')).toMatchObject({ demo: true, first_start: false });
  });

  it('a .plan Watchpost wrote opens as its patrol (with its site); a QGroundControl .plan is refused, saying why', async () => {
    const dir = temp();
    const out = join(dir, 'demo.plan');
    expect((await run(['plan', join(ASSETS, 'demo', 'demo.patrol.json'), '--out', out])).code).toBe(0);
    const ws = await page(temp());
    const w = await ok(ws, 'openFile', out);
    expect(w.site.path).toBe(join(ASSETS, 'demo', 'demo.site.geojson'));
    expect(w.patrol?.path).toBe(out);
    expect(JSON.parse(w.patrol?.text ?? '{}').legs).toHaveLength(7);
    const qgc = join(process.cwd(), 'tests/fixtures/plan/mavsdk_qgroundcontrol_sample.plan');
    expect(await failure(ws, 'openFile', [qgc])).toMatch(/a mission plan without a Watchpost patrol in it/);
  });
});
