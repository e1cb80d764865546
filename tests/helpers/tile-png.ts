// A 256×256 PNG map tile of one solid colour chosen from its z/x/y, so a tile read back can be told from its
// neighbours by its bytes alone (the MBTiles, tile-folder and tile-server tests).
import { PNG } from 'pngjs';

export function makeTilePng(z: number, x: number, y: number): Buffer {
  // A cheap hash: neighbouring tiles get unrelated colours.
  const h = (Math.imul(z + 1, 0x9e3779b1) ^ Math.imul(x + 1, 0x85ebca6b) ^ Math.imul(y + 1, 0xc2b2ae35)) >>> 0;
  const png = new PNG({ width: 256, height: 256 });
  // Pale colours (a site drawn over them stays readable in screenshots) and a darker edge, so each tile shows.
  const pale = (v: number) => 170 + (v % 70);
  const rgb = [pale(h & 0xff), pale((h >>> 8) & 0xff), pale((h >>> 16) & 0xff)];
  for (let i = 0; i < png.data.length; i += 4) {
    const px = (i / 4) % 256;
    const py = Math.floor(i / 4 / 256);
    const edge = px === 0 || py === 0 ? 0.75 : 1;
    png.data[i] = Math.round(rgb[0] * edge);
    png.data[i + 1] = Math.round(rgb[1] * edge);
    png.data[i + 2] = Math.round(rgb[2] * edge);
    png.data[i + 3] = 0xff;
  }
  return PNG.sync.write(png);
}
