// Browser mode end to end: startBrowserServer + createAppServices on 127.0.0.1 port 0, the `ws` package as the page,
// real files in a fresh temp folder (settings.json, copies of the demo and of the OSM fixtures), and the real
// `watchpost ui` command.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../electron/api';
import { startBrowserServer } from '../../electron/browser/server';
import { createAppServices } from '../../electron/services/app-services';
import { startUi } from '../helpers/ui-server';
import { apiUrl, ASSETS, closeAll, connect, failure, INDEX_HTML, nextMessage, ok, page, refusal, serve, settingsOf, temp } from '../helpers/browser-api';

const DEMO = join(ASSETS, 'demo');
const GEO = join(process.cwd(), 'tests', 'fixtures', 'geo');

afterEach(closeAll);

describe('browser mode: the workspace at start and opening files', () => {
  it('first start on a fresh data folder: the demo site and patrol, and settings.json now exists', async () => {
    const dataDir = temp();
    const ws = await page(dataDir);
    const info = await ok(ws, 'appInfo');
    expect(info).toMatchObject({ mode: 'browser', version: '0.0.0-test', data_dir: dataDir, problems: [] });
    const w = await ok(ws, 'openStartup');
    expect(w).toMatchObject({ first_start: true, demo: true, problems: [] });
    expect(w.site.name).toBe('demo.site.geojson');
    expect(w.site.text).toBe(readFileSync(join(DEMO, 'demo.site.geojson'), 'utf8'));
    expect(w.patrol?.name).toBe('demo.patrol.json');
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(true);
    expect(settingsOf(dataDir)).toMatchObject({ version: 1, last_site_path: null, last_patrol_path: null });
    // A reload of the page in the same run: the same files, no longer the first start.
    expect(await ok(ws, 'openStartup')).toEqual({ ...w, first_start: false });
  });

  it('a second start on the same data folder: not the first start, the demo again (no file opened)', async () => {
    const dataDir = temp();
    await ok(await page(dataDir), 'openStartup');
    const w = await ok(await page(dataDir), 'openStartup');
    expect(w).toMatchObject({ first_start: false, demo: true, problems: [] });
    expect(w.site.name).toBe('demo.site.geojson');
  });

  it('a file opened on the first start before the startup call: the startup call reopens it, not the demo', async () => {
    const dataDir = temp();
    const site = join(temp(), 'feld_heilbronn_planned_buildings.geojson');
    copyFileSync(join(GEO, 'feld_heilbronn_planned_buildings.geojson'), site);
    const ws = await page(dataDir);
    await ok(ws, 'openFile', site);
    const w = await ok(ws, 'openStartup');
    expect(w).toMatchObject({ first_start: false, demo: false });
    expect(w.site.path).toBe(site);
  });

  it('openFile(a site) is remembered: the next start reopens it; when it is deleted, the demo with a problem and the path kept', async () => {
    const dataDir = temp();
    const site = join(temp(), 'feld_heilbronn_planned_buildings.geojson');
    copyFileSync(join(GEO, 'feld_heilbronn_planned_buildings.geojson'), site);
    const ws = await page(dataDir);
    await ok(ws, 'openStartup');
    const opened = await ok(ws, 'openFile', site);
    expect(opened).toMatchObject({ first_start: false, demo: false, patrol: null, problems: [] });
    expect(opened.site).toEqual({ path: site, name: 'feld_heilbronn_planned_buildings.geojson', text: readFileSync(site, 'utf8') });
    expect(settingsOf(dataDir)).toMatchObject({ last_site_path: site, last_patrol_path: null, recent_paths: [site] });

    const again = await ok(await page(dataDir), 'openStartup');
    expect(again).toMatchObject({ first_start: false, demo: false, patrol: null, problems: [] });
    expect(again.site.path).toBe(site);

    rmSync(site);
    const ws3 = await page(dataDir);
    const fallback = await ok(ws3, 'openStartup');
    expect(fallback).toMatchObject({ first_start: false, demo: true });
    expect(fallback.site.name).toBe('demo.site.geojson');
    expect(fallback.problems).toHaveLength(1);
    expect(fallback.problems[0]).toContain(site);
    expect(fallback.problems[0]).toMatch(/no such file/);
    expect(settingsOf(dataDir).last_site_path).toBe(site);
    // Saving another setting keeps the missing path too (the USB stick may come back).
    await ok(ws3, 'updateSettings', { language: 'en' });
    expect(settingsOf(dataDir)).toMatchObject({ language: 'en', last_site_path: site, recent_paths: [site] });
  });

  it('openFile(a site with a post of radius_m -5) → an error naming the file, the feature and radius_m; the last file is kept', async () => {
    const dataDir = temp();
    const dir = temp();
    const good = join(dir, 'knoxville.geojson');
    copyFileSync(join(GEO, 'giswqs_knoxville_osm_buildings.geojson'), good);
    const doc = JSON.parse(readFileSync(join(DEMO, 'demo.site.geojson'), 'utf8'));
    const index = doc.features.findIndex((f: { properties: { kind: string } }) => f.properties.kind === 'post');
    doc.features[index].properties.radius_m = -5;
    const bad = join(dir, 'bad.site.geojson');
    writeFileSync(bad, JSON.stringify(doc));

    const ws = await page(dataDir);
    await ok(ws, 'openFile', good);
    const error = await failure(ws, 'openFile', [bad]);
    expect(error).toContain('bad.site.geojson');
    expect(error).toContain(`features[${index}] (post "${doc.features[index].properties.name}")`);
    expect(error).toMatch(/radius_m: expected a number > 0, got -5/);
    expect(settingsOf(dataDir)).toMatchObject({ last_site_path: good, recent_paths: [good] });
  });

  it('openFile(a patrol that names its site by a relative path) → site and patrol, both remembered', async () => {
    const dataDir = temp();
    const dir = temp();
    for (const f of ['demo.site.geojson', 'demo.patrol.json']) copyFileSync(join(DEMO, f), join(dir, f));
    const ws = await page(dataDir);
    const w = await ok(ws, 'openFile', join(dir, 'demo.patrol.json'));
    expect(w).toMatchObject({ demo: false, first_start: false, problems: [] });
    expect(w.site.path).toBe(join(dir, 'demo.site.geojson'));
    expect(w.patrol?.path).toBe(join(dir, 'demo.patrol.json'));
    expect(settingsOf(dataDir)).toMatchObject({ last_site_path: join(dir, 'demo.site.geojson'), last_patrol_path: join(dir, 'demo.patrol.json') });
    const again = await ok(await page(dataDir), 'openStartup');
    expect([again.demo, again.site.path, again.patrol?.path]).toEqual([false, w.site.path, w.patrol?.path]);
  });

  it('openFile of a file that is not JSON (a password file) as a patrol or a .plan → file, line and column; its contents never echoed', async () => {
    const dataDir = temp();
    const dir = temp();
    const secret = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
    const ws = await page(dataDir);
    await ok(ws, 'openStartup');
    const patrol = join(dir, 'passwd.patrol.json');
    writeFileSync(patrol, secret);
    const p = await failure(ws, 'openFile', [patrol]);
    expect(p).toContain('passwd.patrol.json: line 1, column 1: not valid JSON: expected a JSON value');
    const plan = join(dir, 'passwd.plan');
    writeFileSync(plan, secret);
    const q = await failure(ws, 'openFile', [plan]);
    expect(q).toContain('passwd.plan: line 1, column 1: not valid JSON: expected a JSON value');
    // A syntax error deeper in: the place is named, the text around it is not.
    const broken = join(dir, 'broken.patrol.json');
    writeFileSync(broken, `{\n  "version": 1,\n  "site": "${secret.split('\n')[0]}"\n  "legs": []\n}\n`);
    const b = await failure(ws, 'openFile', [broken]);
    expect(b).toContain('broken.patrol.json: line 4, column 3: not valid JSON: expected a comma or }, got a double quote');
    for (const error of [p, q, b]) {
      expect(error).not.toContain('root:x');
      expect(error).not.toContain('daemon');
    }
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(true);
    expect(settingsOf(dataDir)).toMatchObject({ last_site_path: null, last_patrol_path: null });
  });

  it('a settings.json that is not JSON → a start-up problem naming line and column, never its contents', async () => {
    const dataDir = temp();
    writeFileSync(join(dataDir, 'settings.json'), '{"version": 1,\n root:x:0:0:root:/root:/bin/bash\n');
    const w = await ok(await page(dataDir), 'openStartup');
    expect(w.demo).toBe(true);
    expect(w.problems).toHaveLength(1);
    expect(w.problems[0]).toContain(`${join(dataDir, 'settings.json')}: not JSON (line 2, column 2: expected a property name in double quotes, got a letter)`);
    expect(w.problems[0]).not.toContain('root:x');
  });

  it('openFile of a missing path or a folder → an error naming the path; nothing remembered', async () => {
    const dataDir = temp();
    const ws = await page(dataDir);
    const missing = join(temp(), 'nowhere.site.geojson');
    expect(await failure(ws, 'openFile', [missing])).toMatch(new RegExp(`${missing.replace(/[.]/g, '\\.')}: no such file`));
    const folder = temp();
    expect(await failure(ws, 'openFile', [folder])).toContain(`${folder}: is a folder`);
    expect(await failure(ws, 'openFile', [''])).toMatch(/openFile: argument 0/);
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
  });
});

describe('browser mode: settings and calls', () => {
  it("updateSettings({language:'zh-CN'}) persists; a bad language, tile URL or key → an error naming the argument", async () => {
    const dataDir = temp();
    const ws = await page(dataDir);
    expect((await ok(ws, 'updateSettings', { language: 'zh-CN' })).language).toBe('zh-CN');
    expect(settingsOf(dataDir)).toMatchObject({ version: 1, language: 'zh-CN' });
    const saved = readFileSync(join(dataDir, 'settings.json'), 'utf8');

    expect(await failure(ws, 'updateSettings', [{ language: 'fr' }])).toMatch(/^updateSettings: argument 0\.language: /);
    expect(await failure(ws, 'updateSettings', [{ custom_layers: [{ id: 'custom-x', name: 'x', url: 'ftp://x/{z}/{x}/{y}', attribution: '', max_zoom: 19, datum: 'wgs84' }] }])).toMatch(/^updateSettings: argument 0\.custom_layers\.0\.url: .*\{z\}/);
    expect(await failure(ws, 'updateSettings', [{ tile_cache_mb: 1 }])).toMatch(/^updateSettings: argument 0\.tile_cache_mb: at least 10 MB/);
    expect(await failure(ws, 'updateSettings', [{ unknown: 1 }])).toMatch(/^updateSettings: argument 0.*"unknown"/);
    expect(await failure(ws, 'updateSettings', [])).toMatch(/^updateSettings: argument/);
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(saved);

    const info = await ok(await page(dataDir), 'appInfo');
    expect(info.settings.language).toBe('zh-CN');
  });

  it('an unknown call → an error listing the calls; chooseFile in browser mode → type a path instead', async () => {
    const ws = await page(temp());
    const error = await failure(ws, 'deleteEverything', []);
    expect(error).toMatch(/unknown call "deleteEverything"/);
    for (const m of API_METHODS) expect(error).toContain(m);
    expect(await failure(ws, 'chooseFile', ['site'])).toMatch(/browser mode: type the path/);
    expect(await failure(ws, 'chooseFile', ['movie'])).toMatch(/^chooseFile: argument 0/);
  });

  it('a message that is not JSON, without id, or with args not a list → an error reply, and the socket still works', async () => {
    const ws = await page(temp());
    const bad: [string, number | null, RegExp][] = [
      ['{"id": 1, "method": ', null, /not JSON/],
      [JSON.stringify({ method: 'appInfo', args: [] }), null, /\bid\b/],
      [JSON.stringify({ id: 7, method: 'appInfo', args: { 0: 1 } }), 7, /\bargs\b/],
      [JSON.stringify({ id: 8, method: 'appInfo' }), 8, /\bargs\b/],
      [JSON.stringify([1, 2]), null, /top level/],
    ];
    for (const [text, id, reason] of bad) {
      const answer = nextMessage(ws);
      ws.send(text);
      const reply = await answer;
      expect(reply, text).toMatchObject({ id, ok: false });
      if (!reply.ok) expect(reply.error).toMatch(reason);
    }
    const binary = nextMessage(ws);
    ws.send(Buffer.from(JSON.stringify({ id: 9, method: 'appInfo', args: [] })));
    expect(await binary).toMatchObject({ id: null, ok: false, error: expect.stringMatching(/binary frame/) });
    expect((await ok(ws, 'appInfo')).mode).toBe('browser');
  });

  it('a message over 1 MiB closes the socket with 1009; the server still serves a new connection', async () => {
    const server = await serve(temp());
    const ws = await connect(server.url);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined); // the close is what is checked
    ws.send(JSON.stringify({ id: 1, method: 'openFile', args: ['x'.repeat(1024 * 1024)] }));
    expect(await closed).toBe(1009);
    const ws2 = await connect(server.url);
    expect((await ok(ws2, 'appInfo')).mode).toBe('browser');
  });
});

describe('browser mode: who may connect, and the static files', () => {
  it('a foreign Origin or Host → 403, no Origin → 403, a wrong path → 404', async () => {
    const server = await serve(temp());
    const u = new URL(server.url);
    const api = apiUrl(server.url); // the right token: only Origin and Host are wrong below
    expect(await refusal(api, { origin: 'http://evil.example' })).toBe(403);
    expect(await refusal(api, {})).toBe(403);
    expect(await refusal(api, { origin: `http://evil.example:${u.port}`, headers: { host: `evil.example:${u.port}` } })).toBe(403);
    expect(await refusal(`ws://${u.host}/other${u.search}`, { origin: u.origin })).toBe(404);
    // The same page through localhost is the same server.
    const local = await connect(`http://localhost:${u.port}/${u.search}`);
    expect((await ok(local, 'appInfo')).mode).toBe('browser');
  });

  it('GET / serves index.html; ../ in any spelling does not leave the renderer folder', async () => {
    const server = await serve(temp());
    const u = new URL(server.url);
    const get = (path: string) =>
      new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = request({ host: u.hostname, port: Number(u.port), path, method: 'GET' }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? -1, type: String(res.headers['content-type']), body }));
        });
        req.on('error', reject);
        req.end();
      });
    const root = await get('/');
    expect(root).toMatchObject({ status: 200, body: INDEX_HTML });
    expect(root.type).toMatch(/^text\/html/);
    const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8').split('\n')[0] : 'root:';
    for (const path of ['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/../../../../etc/passwd', '/%2e%2e%5c%2e%2e%5cetc%5cpasswd']) {
      const r = await get(path);
      expect(r.body, path).not.toContain(passwd);
      expect([200, 400, 403, 404], path).toContain(r.status);
      if (r.status === 200) expect(r.body, path).toBe(INDEX_HTML);
    }
  });

  it('a renderer folder without index.html: startBrowserServer refuses, naming npm run build:ui', async () => {
    const { handlers } = await createAppServices({ dataDir: temp(), assetsDir: ASSETS, mode: 'browser', version: '0' });
    await expect(startBrowserServer({ handlers, rendererDir: temp() })).rejects.toThrow(/index\.html is missing.*npm run build:ui/);
  });
});

describe('watchpost ui', () => {
  it('ui --port 0 --tiles none --json: prints the url; appInfo is browser mode without tiles (not saved); SIGTERM → exit 0', async () => {
    expect(existsSync(join(process.cwd(), 'out', 'renderer', 'index.html')), 'run `npx vite build` first').toBe(true);
    const dataDir = temp();
    const ui = await startUi(dataDir);
    try {
      expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
      expect(ui.data_dir).toBe(dataDir);
      const ws = await connect(ui.url);
      const info = await ok(ws, 'appInfo');
      expect(info.mode).toBe('browser');
      expect(info.settings.base_layer).toBe('none');
      expect(info.data_dir).toBe(dataDir);
      expect((await ok(ws, 'openStartup')).first_start).toBe(true);
      const after = await ok(ws, 'updateSettings', { language: 'en' });
      expect(after.base_layer).toBe('none');
      expect(settingsOf(dataDir).base_layer).toBe('osm'); // --tiles is for this run only
      ws.close();
    } finally {
      expect(await ui.stop()).toBe(0);
    }
  });
});
