// The desktop app's build (`electron-vite build`, what `npm start` runs) into a temporary folder. Electron itself
// cannot run here, so what it would load is checked: the main process finds its preload and page; it imports only
// Electron, Node built-ins and runtime dependencies; the preload — sandboxed, so it may require only `electron` —
// runs against a stand-in for Electron's contextBridge and ipcRenderer (the one thing mocked) and exposes the
// transport the renderer expects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { BRIDGE_NAME, IPC_CALL, IPC_EVENT, type ApiTransport } from '../../electron/api';

let out: string;
let build: ReturnType<typeof spawnSync>;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'wp-electron-build-'));
  build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], {
    env: { ...process.env, WATCHPOST_OUT_DIR: out },
    encoding: 'utf8',
    timeout: 120_000,
  });
}, 130_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('electron-vite build', () => {
  it('builds the main process, the preload and the page', () => {
    expect(build.status, String(build.stderr)).toBe(0);
    for (const f of ['main/index.js', 'preload/index.cjs', 'renderer/index.html']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('the main process loads the preload and the page from where the build put them, sandboxed', () => {
    const main = readFileSync(join(out, 'main/index.js'), 'utf8');
    const paths = [...main.matchAll(/join\(__dirname, "([^"]+)"\)/g)].map((m) => m[1]);
    expect(paths).toEqual(expect.arrayContaining(['../preload/index.cjs', '../renderer/index.html']));
    for (const p of paths) expect(existsSync(resolve(join(out, 'main'), p)), p).toBe(true);
    expect(main).toMatch(/contextIsolation: true/);
    expect(main).toMatch(/sandbox: true/);
    expect(main).toMatch(/nodeIntegration: false/);
  });

  it('the main process imports only electron, Node built-ins and runtime dependencies', () => {
    const main = readFileSync(join(out, 'main/index.js'), 'utf8');
    const deps = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    const specifiers = [...main.matchAll(/^import [^'"]*from "([^"]+)"|^import "([^"]+)"/gm)].map((m) => m[1] ?? m[2]);
    expect(specifiers.length).toBeGreaterThan(3);
    const pkg = (s: string) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);
    const bad = specifiers.filter((s) => s !== 'electron' && !s.startsWith('node:') && !builtinModules.includes(s) && !deps.includes(pkg(s)));
    expect(bad).toEqual([]);
  });

  it('the preload requires only electron and exposes the call/on transport over the two IPC channels', async () => {
    const code = readFileSync(join(out, 'preload/index.cjs'), 'utf8');
    const required: string[] = [];
    const exposed: Record<string, ApiTransport> = {};
    const invoked: unknown[][] = [];
    const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: ApiTransport) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: async (...a: unknown[]) => {
          invoked.push(a);
          return { ok: true, value: 'answer' };
        },
        on: (ch: string, fn: (...a: unknown[]) => void) => listeners.set(ch, [...(listeners.get(ch) ?? []), fn]),
        off: (ch: string, fn: (...a: unknown[]) => void) => listeners.set(ch, (listeners.get(ch) ?? []).filter((f) => f !== fn)),
      },
    };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} }, { filename: 'preload/index.cjs' });
    expect(required).toEqual(['electron']);
    const t = exposed[BRIDGE_NAME];
    expect(Object.keys(exposed)).toEqual([BRIDGE_NAME]);

    await expect(t.call('openFile', ['/x.site.geojson'])).resolves.toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([[IPC_CALL, 'openFile', ['/x.site.geojson']]]);
    // A name that is not a call never reaches the main process.
    await expect(t.call('rm -rf' as never, [])).resolves.toMatchObject({ ok: false });
    expect(invoked).toHaveLength(1);

    const got: unknown[] = [];
    const off = t.on('vehicles', (p) => got.push(p));
    const emit = (...a: unknown[]) => (listeners.get(IPC_EVENT) ?? []).forEach((f) => f({}, ...a));
    emit('vehicles', [{ sysid: 1 }]);
    emit('other', 'ignored');
    off();
    emit('vehicles', 'after unsubscribe');
    expect(got).toEqual([[{ sysid: 1 }]]);
    expect(listeners.get(IPC_EVENT)).toEqual([]);
  });
});

