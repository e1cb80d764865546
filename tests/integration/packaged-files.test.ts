// The packaged app (issue 13, point 6). electron-builder itself packs the app as `npm run dist` does, offline, for
// the `dir` target of Linux and macOS, with stand-ins for Electron's own files (scripts/packaging/pack-offline.ts):
// the configuration in electron-builder.ts is the real one, so the file list read here from app.asar and
// app.asar.unpacked is the one the AppImage, deb, NSIS and dmg targets wrap. The package must hold everything the app
// loads (the build, the demo site, each runtime dependency the main process imports with its own dependencies, the
// serial port's native addon outside the archive, sql.js's wasm) and nothing of tests, benchmarks, sources, docs or
// development dependencies. The names (English and Chinese) and icons are checked where electron-builder puts them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractAll, extractFile, listPackage, statFile } from '@electron/asar';
import { PNG } from 'pngjs';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import config, { PRODUCT_NAME, PRODUCT_NAME_ZH_CN } from '../../electron-builder';
import { STAND_IN_LOCALES, type OfflinePack } from '../../scripts/packaging/pack-offline';
import { ICNS_TYPES, ICO_SIZES } from '../../scripts/packaging/render-icon';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

let work: string;
let pack: OfflinePack;
let packing: ReturnType<typeof spawnSync>;
let asarPath: string;
/** Every file in the package, as '/out/main/index.js', whether in app.asar or unpacked beside it. */
let files: string[];

const isFile = (p: string) => {
  const e = statFile(asarPath, p.slice(1)) as { files?: unknown; link?: unknown };
  return e.files === undefined && e.link === undefined;
};
const isUnpacked = (p: string) => (statFile(asarPath, p.slice(1)) as { unpacked?: boolean }).unpacked === true;

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'wp-packaged-'));
  packing = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/packaging/pack-offline.ts', work, '--mac'], { encoding: 'utf8', timeout: 150_000 });
  if (packing.status !== 0) return;
  pack = JSON.parse(readFileSync(join(work, 'pack.json'), 'utf8')) as OfflinePack;
  asarPath = join(pack.appDir, 'resources', 'app.asar');
  files = listPackage(asarPath, { isPack: false }).map((f) => f.split('\\').join('/')).filter(isFile);
}, 160_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder packs the app offline', () => {
  it('runs with the project configuration and a stand-in Electron, and writes the Linux app folder', () => {
    expect(packing.status, `${packing.stdout}\n${packing.stderr}`).toBe(0);
    // The stand-in's binary, renamed to the app's executable name; the app archive beside it.
    expect(pack.executableName).toBe('watchpost');
    expect(statSync(join(pack.appDir, 'watchpost')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(pack.appDir, 'electron'))).toBe(false);
    expect(existsSync(asarPath)).toBe(true);
    // electronLanguages keeps Chromium's English and Chinese (mainland) locales only.
    expect(STAND_IN_LOCALES).toEqual(expect.arrayContaining(['fr', 'zh-TW']));
    expect(readdirSync(join(pack.appDir, 'locales')).sort()).toEqual(['en-GB.pak', 'en-US.pak', 'zh-CN.pak']);
  });
});

describe("the package's file list", () => {
  it('holds the whole build: main process, preload and every file of the page', () => {
    const built = walk(pack.outDir).filter((f) => !f.endsWith('.map'));
    expect(built).toEqual(expect.arrayContaining(['main/index.js', 'preload/index.cjs', 'renderer/index.html']));
    expect(built.filter((f) => f.startsWith('renderer/assets/')).length).toBeGreaterThan(5);
    const missing = built.filter((f) => !files.includes(`/out/${f}`));
    expect(missing).toEqual([]);
    // Byte for byte what electron-vite wrote.
    for (const f of ['main/index.js', 'preload/index.cjs', 'renderer/index.html']) {
      expect(readFileSync(join(pack.outDir, f)).equals(extractFileFromPack(`out/${f}`)), f).toBe(true);
    }
  });

  it("package.json starts the main process from the build, with no scripts or development dependencies", () => {
    const pkg = JSON.parse(extractFileFromPack('package.json').toString('utf8')) as Record<string, unknown>;
    expect(pkg.main).toBe('out/main/index.js');
    expect(files).toContain(`/${pkg.main as string}`);
    expect(pkg.desktopName).toBe('watchpost.desktop');
    expect(pkg).not.toHaveProperty('devDependencies');
    expect(pkg).not.toHaveProperty('scripts');
  });

  it('holds the files the main process reads at run time: the preload and page it joins to its folder, the demo site', () => {
    const main = readFileSync(join(pack.outDir, 'main/index.js'), 'utf8');
    const joined = [...main.matchAll(/join\(__dirname, "([^"]+)"\)/g)].map((m) => m[1]);
    expect(joined).toEqual(expect.arrayContaining(['../preload/index.cjs', '../renderer/index.html']));
    for (const p of joined) expect(files, p).toContain(posix.join('/out/main', p));
    // WorkspaceService opens the demo patrol (and the site it names) from <app>/assets at first start.
    expect(main).toContain('demo/demo.patrol.json');
    const patrol = JSON.parse(extractFileFromPack('assets/demo/demo.patrol.json').toString('utf8')) as { site: string };
    expect(files).toContain(posix.join('/assets/demo', patrol.site));
    expect(files.filter((f) => f.startsWith('/assets/')).sort()).toEqual(['/assets/demo/demo.patrol.json', '/assets/demo/demo.site.geojson']);
  });

  it("keeps the serial port's native addon and sql.js's wasm outside the archive, where they can be loaded", () => {
    const natives = files.filter((f) => f.endsWith('.node'));
    expect(natives).toContain('/node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/@serialport+bindings-cpp.glibc.node');
    expect(natives.some((f) => f.includes('/prebuilds/win32-x64/'))).toBe(true);
    expect(natives.some((f) => f.includes('/prebuilds/darwin-x64+arm64/'))).toBe(true);
    for (const f of [...natives, '/node_modules/sql.js/dist/sql-wasm.wasm']) {
      expect(isUnpacked(f), f).toBe(true);
      expect(existsSync(join(pack.appDir, 'resources', 'app.asar.unpacked', f)), f).toBe(true);
    }
  });

  it('every package the main process imports loads from the packaged files alone, with its own dependencies', () => {
    const main = readFileSync(join(pack.outDir, 'main/index.js'), 'utf8');
    const specifiers = new Set([...main.matchAll(/^import (?:[^'"]*from )?"([^"]+)"|\bimport\("([^"]+)"\)/gm)].map((m) => m[1] ?? m[2]));
    const bare = [...specifiers].filter((s) => s !== 'electron' && !s.startsWith('node:') && !builtinModules.includes(s) && !s.startsWith('.'));
    expect(bare).toEqual(expect.arrayContaining(['serialport', 'node-mavlink', 'sql.js', 'zod', 'fast-xml-parser']));
    // Unpack the archive (unpacked files merged back) far from the project's node_modules, and import from its out/main.
    const app = join(work, 'extracted');
    extractAll(asarPath, app);
    const probe = join(app, 'out', 'main', 'probe.mjs');
    writeFileSync(
      probe,
      `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const loaded = {};
for (const s of ${JSON.stringify(bare)}) {
  const m = await import(s);
  loaded[s] = { at: import.meta.resolve(s), exports: Object.keys(m).length };
}
const initSqlJs = (await import('sql.js')).default;
const wasm = require.resolve('sql.js/dist/sql-wasm.wasm');
const SQL = await initSqlJs({ locateFile: () => wasm });
const answer = new SQL.Database().exec('SELECT 6 * 7')[0].values[0][0];
await import('@serialport/bindings-cpp');
const natives = process.report.getReport().sharedObjects.filter((s) => s.endsWith('.node'));
console.log(JSON.stringify({ loaded, wasm, answer, natives }));
`,
    );
    const run = spawnSync(process.execPath, [probe], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as { loaded: Record<string, { at: string; exports: number }>; wasm: string; answer: number; natives: string[] };
    const inside = pathToFileURL(app).href + '/';
    for (const s of bare) {
      expect(r.loaded[s].at.startsWith(inside), `${s} resolved to ${r.loaded[s].at}`).toBe(true);
      expect(r.loaded[s].exports, s).toBeGreaterThan(0);
    }
    expect(r.wasm.startsWith(app)).toBe(true);
    expect(r.answer).toBe(42);
    expect(r.natives.some((n) => n.startsWith(app) && n.endsWith('bindings-cpp.glibc.node'))).toBe(true);
  }, 60_000);

  it('holds nothing of tests, benchmarks, sources, docs, screenshots or development dependencies', () => {
    const top = new Set(files.map((f) => f.split('/')[1]));
    expect([...top].sort()).toEqual(['assets', 'node_modules', 'out', 'package.json']);
    expect(files.filter((f) => /^\/(tests|bench|electron|renderer|patrol|mavlink|scripts|bin|docs|dist|assets\/screenshots)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(ts|tsx|mts|cts|map)$/i.test(f))).toEqual([]);
    // Docs neither, but dependencies' licences stay.
    expect(files.filter((f) => /\.md$/i.test(f) && !/\/licen[cs]e[^/]*$/i.test(f))).toEqual([]);
    expect(files).toContain('/node_modules/serialport/LICENSE');
    expect(files.filter((f) => /\/(tests?|__tests__|fixtures|\.bin)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /^\/out\/(?!main\/|preload\/|renderer\/)/.test(f))).toEqual([]);
    // No package that npm installs only for development (the lockfile marks each "dev": true).
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = new Set(Object.entries(lock.packages).filter(([, p]) => p.dev).map(([k]) => `/${k}/`));
    expect(devOnly.size).toBeGreaterThan(100);
    expect(devOnly).toContain('/node_modules/electron-builder/');
    const packages = new Set(files.map((f) => /^(\/node_modules\/(?:@[^/]+\/)?[^/]+\/)/.exec(f)?.[1]).filter((p): p is string => !!p));
    expect(packages.size).toBeGreaterThan(20);
    expect([...packages].filter((p) => devOnly.has(p))).toEqual([]);
    // Nor the libraries the page's bundle already holds, nor the command line's tools.
    for (const lib of ['react', 'react-dom', 'leaflet', 'i18next', 'esbuild', 'tsx', 'typescript']) expect(packages).not.toContain(`/node_modules/${lib}/`);
  });
});

describe('the name and the icon', () => {
  it("the Linux desktop entry, as electron-builder writes it for AppImage and deb, names the app in English and Chinese", () => {
    const entry = Object.fromEntries(pack.desktopEntry.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(entry.Name).toBe(PRODUCT_NAME);
    // The Chinese name is the one the UI shows as its title.
    expect(PRODUCT_NAME_ZH_CN).toBe(zhCN.app.title);
    expect(entry['Name[zh_CN]']).toBe(PRODUCT_NAME_ZH_CN);
    expect(entry['Comment[zh_CN]']).toMatch(/[\u4e00-\u9fff]/);
    expect(entry.Icon).toBe('watchpost');
    expect(entry.Exec).toBe('/opt/Watchpost/watchpost %U');
    expect(entry.StartupWMClass).toBe('watchpost');
  });

  it('the icon electron-builder installs is the 1024×1024 app icon, drawn (not blank)', () => {
    expect(config.linux?.icon).toBe('assets/icon.png');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(pack.icons.map((i) => i.size)).toContain(1024);
    const biggest = pack.icons.find((i) => i.size === 1024)!;
    expect(readFileSync(biggest.file).equals(readFileSync('assets/icon.png'))).toBe(true);
    const png = PNG.sync.read(readFileSync('assets/icon.png'));
    expect([png.width, png.height]).toEqual([1024, 1024]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i) >>> 8);
    expect(colours.size).toBeGreaterThan(50);
    // Transparent corners (the rounded square), an opaque middle.
    expect(png.data[3]).toBe(0);
    expect(png.data[(512 * 1024 + 512) * 4 + 3]).toBe(255);
  });

  it('macOS: the packed Watchpost.app is named, identified and iconed as configured, and shows its Chinese name in Finder', () => {
    expect(pack.macApp).toMatch(/Watchpost\.app$/);
    const contents = join(pack.macApp!, 'Contents');
    const info = plistDict(readFileSync(join(contents, 'Info.plist'), 'utf8'));
    expect(info).toMatchObject({
      CFBundleName: PRODUCT_NAME,
      CFBundleDisplayName: PRODUCT_NAME,
      CFBundleExecutable: PRODUCT_NAME,
      CFBundleIdentifier: 'org.watchpost.gcs',
      CFBundleIconFile: 'icon.icns',
      LSHasLocalizedDisplayName: true,
      CFBundleLocalizations: ['en', 'zh_CN'],
    });
    expect(existsSync(join(contents, 'MacOS', PRODUCT_NAME))).toBe(true);
    expect(readFileSync(join(contents, 'Resources', 'icon.icns')).equals(readFileSync('assets/icon.icns'))).toBe(true);
    // Finder takes the display name from <language>.lproj/InfoPlist.strings; Chromium's other languages are dropped.
    const lprojs = readdirSync(join(contents, 'Resources')).filter((d) => d.endsWith('.lproj')).sort();
    expect(lprojs).toEqual(['en.lproj', 'en_GB.lproj', 'en_US.lproj', 'zh_CN.lproj']);
    const displayName = (lproj: string) => /^"CFBundleDisplayName" = "([^"]*)";$/m.exec(readFileSync(join(contents, 'Resources', lproj, 'InfoPlist.strings'), 'utf8'))?.[1];
    expect(displayName('en.lproj')).toBe(PRODUCT_NAME);
    expect(displayName('zh_CN.lproj')).toBe(PRODUCT_NAME_ZH_CN);
    // The same app inside: the file list of its app.asar is the Linux one.
    const macAsar = join(contents, 'Resources', 'app.asar');
    const macFiles = listPackage(macAsar, { isPack: false }).map((f) => f.split('\\').join('/'));
    expect(new Set(macFiles.filter((f) => files.includes(f)))).toEqual(new Set(files));
  });

  it('Windows: one NSIS installer in English and Chinese, with the icon drawn at each size from 16 to 256 px', () => {
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ multiLanguageInstaller: true, installerLanguages: ['en_US', 'zh_CN'] });
    expect(config.win?.icon).toBe('assets/icon.ico');
    const ico = readFileSync('assets/icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const e = 6 + 16 * i;
      const size = ico[e] || 256;
      const png = PNG.sync.read(ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8)));
      expect([png.width, png.height]).toEqual([size, size]);
      sizes.push(size);
    }
    expect(sizes).toEqual(ICO_SIZES);
  });

  it('the macOS icon family holds a PNG of each size up to 1024 px', () => {
    const icns = readFileSync('assets/icon.icns');
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: [string, number][] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      const png = PNG.sync.read(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)));
      expect(png.width).toBe(png.height);
      found.push([icns.subarray(at, at + 4).toString('ascii'), png.width]);
    }
    expect(found).toEqual(ICNS_TYPES);
  });
});

/** The top-level dict of an XML property list: strings, booleans, numbers and arrays of them. */
function plistDict(xml: string): Record<string, unknown> {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const children = (e: XmlElement): XmlElement[] => Array.from(e.childNodes).filter((n) => n.nodeType === 1) as XmlElement[];
  const value = (e: XmlElement): unknown => {
    if (e.tagName === 'true' || e.tagName === 'false') return e.tagName === 'true';
    if (e.tagName === 'integer') return Number(e.textContent);
    if (e.tagName === 'array') return children(e).map(value);
    if (e.tagName === 'dict') return plistDictOf(e);
    return e.textContent;
  };
  const plistDictOf = (dict: XmlElement): Record<string, unknown> => {
    const items = children(dict);
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < items.length; i += 2) out[items[i].textContent ?? ''] = value(items[i + 1]);
    return out;
  };
  return plistDictOf(doc.getElementsByTagName('dict')[0]);
}

function extractFileFromPack(path: string): Buffer {
  return isUnpacked(`/${path}`) ? readFileSync(join(pack.appDir, 'resources', 'app.asar.unpacked', path)) : extractFile(asarPath, path);
}
