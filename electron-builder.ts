// The packaged desktop app (`npm run dist`): electron-builder packs what `electron-vite build` wrote to out/ with the
// runtime dependencies the main process imports, for Windows (NSIS installer), macOS (dmg) and Linux (AppImage, deb).
// The English name is "Watchpost"; the Chinese one is the UI's own title (renderer/src/i18n/zh-CN.ts), used where a
// target lets the name be localised. tests/integration/packaged-files.test.ts packs Linux and macOS offline with
// stand-ins for Electron (scripts/packaging/pack-offline.ts) and checks what is packed. WATCHPOST_OUT_DIR (as in
// electron.vite.config.ts) packs a build that was written elsewhere than out/.
import type { Configuration } from 'electron-builder';

export const PRODUCT_NAME = 'Watchpost';
export const PRODUCT_NAME_ZH_CN = 'Watchpost 巡逻地面站';

const built = process.env.WATCHPOST_OUT_DIR || 'out';
// Code signing happens only with a certificate of the project's (CSC_LINK and CSC_KEY_PASSWORD, or CSC_NAME for a
// macOS keychain identity). Without one, the macOS app is signed ad hoc — Apple silicon runs nothing unsigned — and
// is not notarized; the Windows installer and the Linux packages are not signed.
const macCertificate = Boolean(process.env.CSC_LINK || process.env.CSC_NAME);

// Packages that npm installs as runtime dependencies but the main process never loads: the renderer's libraries
// (bundled into out/renderer by Vite) with theirs, the command line's tools, and the code generator (TypeScript,
// ts-node) that mavlink-mappings declares but needs only to regenerate its tables. The test loads every import of
// the built main process from the packaged files alone, so dropping one the app needs fails it.
const notForTheApp = [
  // the renderer's
  'react',
  'react-dom',
  'scheduler',
  'react-leaflet',
  '@react-leaflet',
  'react-i18next',
  'i18next',
  '@babel',
  'html-parse-stringify',
  'use-sync-external-store',
  'leaflet',
  '@geoman-io',
  'uplot',
  // the command line's
  'commander',
  'tsx',
  'esbuild',
  '@esbuild',
  'ws',
  // mavlink-mappings-gen's compiler
  'typescript',
  'ts-node',
  '@cspotcode',
  '@jridgewell',
  '@tsconfig',
  'acorn',
  'acorn-walk',
  'arg',
  'create-require',
  'diff',
  'make-error',
  'v8-compile-cache-lib',
  'yn',
  // type declarations
  '@types',
];

const config: Configuration = {
  appId: 'org.watchpost.gcs',
  productName: PRODUCT_NAME,
  copyright: 'Copyright © Watchpost contributors (MIT)',
  directories: { output: 'dist' },
  files: [
    'package.json',
    { from: built, to: 'out', filter: ['main/**', 'preload/**', 'renderer/**', '!**/*.map'] },
    // The demo site and patrol the app opens at first start (electron/services/workspace.ts reads them from the app).
    'assets/demo/demo.site.geojson',
    'assets/demo/demo.patrol.json',
    ...notForTheApp.map((name) => `!node_modules/${name}{,/**/*}`),
    // sql.js ships a dozen builds; Node's is dist/sql-wasm.js with its wasm beside it.
    '!node_modules/sql.js/dist/!(sql-wasm.js|sql-wasm.wasm)',
    // Sources, type declarations, source maps and docs of dependencies: nothing the app runs (their licences stay).
    '!node_modules/**/*.{ts,mts,cts,map,markdown,gyp,gypi}',
    '!node_modules/**/!(LICEN[CS]E*|licen[cs]e*).md',
    '!node_modules/**/{test,tests,__tests__,docs,example,examples,benchmark}/**',
    '!node_modules/@serialport/bindings-cpp/prebuilds/android-*/**',
  ],
  // The serial port's native addon (a Node-API prebuild, so no rebuild for Electron) cannot be loaded from inside an
  // archive; sql.js's wasm can, but is unpacked so it is read as a plain file.
  asarUnpack: ['node_modules/@serialport/bindings-cpp/prebuilds/**', 'node_modules/sql.js/dist/sql-wasm.wasm'],
  npmRebuild: false,
  nodeGypRebuild: false,
  // The UI speaks English and Chinese: Chromium's other locales are dropped.
  electronLanguages: ['en', 'zh-CN'],
  publish: null,
  // Electron takes the Linux window class (app_id) from desktopName, so windows match the desktop entry.
  extraMetadata: { desktopName: 'watchpost.desktop', author: { name: 'Watchpost contributors' } },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'assets/icon.png',
    executableName: 'watchpost',
    syncDesktopName: true,
    category: 'Utility',
    maintainer: 'Watchpost contributors',
    synopsis: 'Ground control station for patrol drones',
    desktop: {
      entry: {
        'Name[zh_CN]': PRODUCT_NAME_ZH_CN,
        'Comment[zh_CN]': '巡逻无人机地面站：规划、飞行、记录、回放与报告',
        Keywords: 'drone;MAVLink;patrol;ground station;',
        'Keywords[zh_CN]': '无人机;巡逻;地面站;',
      },
    },
  },
  deb: { artifactName: 'watchpost_${version}_${arch}.${ext}' },
  appImage: { artifactName: 'Watchpost-${version}-${arch}.${ext}' },
  win: {
    target: ['nsis'],
    icon: 'assets/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    // One installer, in English or Chinese after the system's language.
    multiLanguageInstaller: true,
    installerLanguages: ['en_US', 'zh_CN'],
    displayLanguageSelector: false,
    shortcutName: PRODUCT_NAME,
    artifactName: 'Watchpost-Setup-${version}.${ext}',
  },
  mac: {
    target: ['dmg'],
    icon: 'assets/icon.icns',
    category: 'public.app-category.utilities',
    identity: macCertificate ? undefined : '-',
    // The hardened runtime is for notarization, which needs a Developer ID; an ad hoc signature goes without it.
    hardenedRuntime: macCertificate,
    // Finder shows CFBundleDisplayName from <language>.lproj/InfoPlist.strings when the app says it has one.
    extendInfo: { LSHasLocalizedDisplayName: true, CFBundleDevelopmentRegion: 'en', CFBundleLocalizations: ['en', 'zh_CN'] },
    extraResources: [
      { from: 'scripts/packaging/mac/en.lproj', to: 'en.lproj' },
      { from: 'scripts/packaging/mac/zh_CN.lproj', to: 'zh_CN.lproj' },
    ],
  },
  dmg: { artifactName: 'Watchpost-${version}-${arch}.${ext}' },
};

export default config;
