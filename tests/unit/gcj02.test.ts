// GCJ-02 (patrol/maps/gcj02.ts), against published coordinate pairs (the coordtransform test vectors, which other
// implementations reproduce) in both directions; a round trip within 0.5 m across China; the identity outside it.
import { describe, expect, it } from 'vitest';
import { distance } from '@turf/turf';
import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from '../../patrol/maps/gcj02';

describe('GCJ-02', () => {
  it('published pairs, WGS-84 → GCJ-02', () => {
    // [WGS-84, GCJ-02, decimals that agree]: coordtransform's vector exactly; other implementations round their
    // constants otherwise and agree within a centimetre (1e-7° is about 1 cm).
    const pairs: Array<[[number, number], [number, number], number]> = [
      [[116.404, 39.915], [116.41024449916938, 39.91640428150164], 10], // Beijing (coordtransform, hutool, coordtransform-rs)
      [[121.0917077, 30.6107779], [121.09626935575027, 30.608604331756705], 6], // near Shanghai (geotool)
      [[116.0, 40.0], [116.006141221789, 40.001213650174], 6], // a Python library's
    ];
    for (const [wgs, gcj, digits] of pairs) {
      const [lon, lat] = wgs84ToGcj02(...wgs);
      expect(lon).toBeCloseTo(gcj[0], digits);
      expect(lat).toBeCloseTo(gcj[1], digits);
    }
  });

  it('published pairs, GCJ-02 → WGS-84 (iterated: within a centimetre of the point that maps there)', () => {
    const [lon, lat] = gcj02ToWgs84(116.41024449916938, 39.91640428150164);
    expect(distance([lon, lat], [116.404, 39.915], { units: 'meters' })).toBeLessThan(0.01);
    // gcoord's vector: GCJ-02 (123, 45) is WGS-84 (122.99395597, 44.99804071).
    const [lon2, lat2] = gcj02ToWgs84(123, 45);
    expect(lon2).toBeCloseTo(122.99395597, 5);
    expect(lat2).toBeCloseTo(44.99804071, 5);
  });

  it('a round trip within 0.5 m anywhere in China; the identity outside', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let worst = 0;
    for (let i = 0; i < 2000; i++) {
      const p: [number, number] = [73 + rand() * 62, 18 + rand() * 35];
      const back = gcj02ToWgs84(...wgs84ToGcj02(...p));
      worst = Math.max(worst, distance(p, back, { units: 'meters' }));
      // The shift itself is tens to hundreds of metres.
      expect(distance(p, wgs84ToGcj02(...p), { units: 'meters' })).toBeGreaterThan(1);
    }
    expect(worst).toBeLessThan(0.5);
    for (const p of [[13.405, 52.52], [-83.92, 35.96], [9.22, 49.14], [139.7, 35.68]] as Array<[number, number]>) {
      expect(outOfChina(...p)).toBe(true);
      expect(wgs84ToGcj02(...p)).toEqual(p);
      expect(gcj02ToWgs84(...p)).toEqual(p);
    }
  });
});
