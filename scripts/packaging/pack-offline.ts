// Packs the desktop app as `npm run dist` would, but offline: electron-vite builds into WORK/out, then electron-builder
// (electron-builder.ts, unchanged but for where things go) packs the `dir` target — the app folder that the AppImage,
// deb and dmg targets wrap — for Linux and, with --mac, for macOS, each with a stand-in for Electron's own files, so
// nothing is downloaded. What comes out is the real app archive (app.asar and the unpacked native files) beside fake
// Electron binaries; for Linux, the desktop entry and icon set that the AppImage and deb targets would install are
// written too, by electron-builder's own code; for macOS, the Watchpost.app bundle with its Info.plist and resources.
// (Windows is not packed: electron-builder edits the .exe's resources there, which needs Wine on Linux.) Used by the
// packaging and security tests; by hand:
//   node --import tsx scripts/packaging/pack-offline.ts WORK [--mac]
// then look in WORK/dist/linux-unpacked, WORK/dist/mac*/Watchpost.app, WORK/watchpost.desktop, WORK/icons and
// WORK/pack.json.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, Platform, type AfterPackContext, type LinuxPackager } from 'electron-builder';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** Chromium's locale files the stand-in ships: electronLanguages keeps some and drops the others. */
export const STAND_IN_LOCALES = ['en-US', 'en-GB', 'zh-CN', 'zh-TW', 'fr', 'de'];

export interface OfflinePack {
  /** The electron-vite build that was packed. */
  outDir: string;
  /** The packed app: WORK/dist/linux-unpacked (resources/app.asar, resources/app.asar.unpacked, the executable). */
  appDir: string;
  executableName: string;
  /** The .desktop file the AppImage and deb targets would install, as electron-builder writes it. */
  desktopEntry: string;
  /** The Linux icon set electron-builder makes from the configured icon, copied to WORK/icons. */
  icons: { file: string; size: number }[];
  /** With --mac: the packed WORK/dist/mac…/Watchpost.app. */
  macApp: string | null;
}

const plist = (o: Record<string, string>) =>
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
  `<plist version="1.0"><dict>${Object.entries(o).map(([k, v]) => `<key>${k}</key><string>${v}</string>`).join('')}</dict></plist>\n`;

/** A stand-in Electron.app: the Info.plists, helpers, executables and .lproj folders electron-builder rewrites, renames or filters. */
export function makeStandInElectronApp(dir: string): void {
  const contents = join(dir, 'Electron.app', 'Contents');
  const exe = (path: string) => {
    writeFileSync(path, '#!/bin/sh\necho "a stand-in for Electron: the app was packed offline"\n');
    chmodSync(path, 0o755);
  };
  mkdirSync(join(contents, 'MacOS'), { recursive: true });
  exe(join(contents, 'MacOS', 'Electron'));
  writeFileSync(join(contents, 'Info.plist'), plist({ CFBundleExecutable: 'Electron', CFBundleIdentifier: 'com.github.Electron', CFBundleName: 'Electron', CFBundleDisplayName: 'Electron', CFBundleIconFile: 'electron.icns' }));
  const framework = join(contents, 'Frameworks', 'Electron Framework.framework', 'Versions', 'A', 'Resources');
  for (const l of STAND_IN_LOCALES.map((x) => x.replace('-', '_')).concat('en')) {
    for (const at of [join(contents, 'Resources'), framework]) {
      mkdirSync(join(at, `${l}.lproj`), { recursive: true });
      writeFileSync(join(at, `${l}.lproj`, 'locale.pak'), `${l}\n`);
    }
  }
  for (const h of ['', ' (Renderer)', ' (GPU)', ' (Plugin)']) {
    const c = join(contents, 'Frameworks', `Electron Helper${h}.app`, 'Contents');
    mkdirSync(join(c, 'MacOS'), { recursive: true });
    exe(join(c, 'MacOS', `Electron Helper${h}`));
    writeFileSync(join(c, 'Info.plist'), plist({ CFBundleExecutable: `Electron Helper${h}`, CFBundleIdentifier: 'com.github.Electron.helper', CFBundleName: `Electron Helper${h}` }));
  }
}

/** An "unpacked Electron" with the files electron-builder moves, renames or filters; the binary only prints. */
export function makeStandInElectron(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "a stand-in for Electron: the app was packed offline"\n');
  chmodSync(join(dir, 'electron'), 0o755);
  for (const l of STAND_IN_LOCALES) writeFileSync(join(dir, 'locales', `${l}.pak`), `${l}\n`);
  writeFileSync(join(dir, 'LICENSE'), 'Electron stand-in\n');
}

export async function packOffline(work: string, { mac = false } = {}): Promise<OfflinePack> {
  work = resolve(work);
  const outDir = join(work, 'out');
  const vite = spawnSync(process.execPath, [join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: repo,
    env: { ...process.env, WATCHPOST_OUT_DIR: outDir },
    encoding: 'utf8',
  });
  if (vite.status !== 0) throw new Error(`electron-vite build failed:\n${vite.stderr}`);

  const electronDist = join(work, 'electron-dist');
  makeStandInElectron(electronDist);
  const electronMacDist = join(work, 'electron-dist-mac');
  if (mac) makeStandInElectronApp(electronMacDist);
  const targets = Platform.LINUX.createTarget('dir');
  if (mac) for (const [platform, archs] of Platform.MAC.createTarget('dir')) targets.set(platform, archs);
  // electron-builder.ts reads it when electron-builder loads the configuration.
  process.env.WATCHPOST_OUT_DIR = outDir;
  let desktopEntry = '';
  const icons: OfflinePack['icons'] = [];
  let executableName = '';
  await build({
    projectDir: repo,
    targets,
    publish: 'never',
    config: {
      electronDist: (opts: { platformName: string }) => (opts.platformName === 'darwin' ? electronMacDist : electronDist),
      directories: { output: join(work, 'dist') },
      afterPack: async (ctx: AfterPackContext) => {
        if (ctx.electronPlatformName !== 'linux') return;
        const packager = ctx.packager as LinuxPackager;
        executableName = packager.executableName;
        const helper = new LinuxTargetHelper(packager);
        desktopEntry = await helper.computeDesktopEntry(packager.platformSpecificBuildOptions);
        mkdirSync(join(work, 'icons'), { recursive: true });
        for (const icon of await helper.icons) {
          const file = join(work, 'icons', `${icon.size}-${basename(icon.file)}`);
          copyFileSync(icon.file, file);
          icons.push({ file, size: icon.size });
        }
      },
    },
  });
  writeFileSync(join(work, `${executableName}.desktop`), desktopEntry);
  const macDir = mac ? readdirSync(join(work, 'dist')).find((d) => d === 'mac' || d.startsWith('mac-')) : undefined;
  const macApp = macDir ? join(work, 'dist', macDir, 'Watchpost.app') : null;
  return { outDir, appDir: join(work, 'dist', 'linux-unpacked'), executableName, desktopEntry, icons, macApp };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const work = process.argv[2];
  if (!work || work.startsWith('-')) {
    console.error('usage: node --import tsx scripts/packaging/pack-offline.ts WORK_FOLDER [--mac]');
    process.exit(2);
  }
  const pack = await packOffline(work, { mac: process.argv.includes('--mac') });
  writeFileSync(join(resolve(work), 'pack.json'), JSON.stringify(pack, null, 2));
  console.log(`packed into ${pack.appDir}`);
}
