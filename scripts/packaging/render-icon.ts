// Draws the app's icons from assets/icon.svg with Chromium, at each size rather than scaled down from one picture:
//   assets/icon.png   1024×1024, the Linux packages' icon (and the source of the others' look)
//   assets/icon.ico   16…256 px, PNG-compressed entries, for Windows (the executable and the NSIS installer)
//   assets/icon.icns  16…1024 px, PNG entries, for macOS
// electron-builder uses the .ico and .icns as they are (it would otherwise download a converter). Run after changing
// the SVG:
//   node --import tsx scripts/packaging/render-icon.ts [path to chromium]
// The browser is the system's Chromium (or the path given, or CHROMIUM_PATH); playwright-core drives it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** The ICNS element types that hold a PNG of each size (Apple's icns format; 'ic10' is 512@2x, i.e. 1024). */
export const ICNS_TYPES: [string, number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
];

/** The SVG drawn at each size, as PNG files' bytes. */
export async function renderPngs(svg: string, sizes: number[], executablePath: string): Promise<Map<number, Buffer>> {
  const profile = mkdtempSync(join(tmpdir(), 'watchpost-icon-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
    viewport: { width: 1024, height: 1024 },
    deviceScaleFactor: 1,
  });
  const out = new Map<number, Buffer>();
  try {
    const page = await context.newPage();
    for (const size of sizes) {
      const sized = svg.replace(/<svg([^>]*?) width="\d+" height="\d+"/, `<svg$1 width="${size}" height="${size}"`);
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
      out.set(size, await page.locator('svg').screenshot({ omitBackground: true, type: 'png' }));
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return out;
}

/** A Windows icon: a directory of entries, each a whole PNG file (width and height 0 mean 256). */
export function icoOf(pngs: Map<number, Buffer>): Buffer {
  const sizes = [...pngs.keys()].sort((a, b) => a - b);
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * sizes.length;
  for (const size of sizes) {
    const png = pngs.get(size)!;
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2); // no palette
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...sizes.map((s) => pngs.get(s)!)]);
}

/** A macOS icon family: 'icns', the file's length, then elements (4-byte type, length with its 8-byte header, PNG). */
export function icnsOf(pngs: Map<number, Buffer>): Buffer {
  const elements = ICNS_TYPES.filter(([, size]) => pngs.has(size)).map(([type, size]) => {
    const png = pngs.get(size)!;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + elements.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const executable = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const svg = readFileSync(here('../../assets/icon.svg'), 'utf8');
  const sizes = [...new Set([...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])];
  const pngs = await renderPngs(svg, sizes, executable);
  writeFileSync(here('../../assets/icon.png'), pngs.get(1024)!);
  writeFileSync(here('../../assets/icon.ico'), icoOf(new Map(ICO_SIZES.map((s) => [s, pngs.get(s)!]))));
  writeFileSync(here('../../assets/icon.icns'), icnsOf(pngs));
  console.log('assets/icon.png, assets/icon.ico and assets/icon.icns written');
}
