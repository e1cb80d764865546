// The pure map helpers of issue 12: coordinates as degrees or d°m′s″, the tile grid, the providers' table.
import { describe, expect, it } from 'vitest';
import { formatLatLon, toDms } from '../../patrol/maps/coord-format';
import { latToTileY, lonToTileX, parseBBox, parseZoomRange, tileBBox, tileCount, tileInBBox, tilesOf } from '../../patrol/maps/tile-math';
import { allLayers, BUILT_IN_LAYERS, customLayerId, findLayer, isXyzTemplate } from '../../patrol/maps/providers';

describe('coordinates as people read them', () => {
  it('decimal degrees with hemispheres, five decimals', () => {
    expect(formatLatLon(35.963123, -83.918702, 'deg')).toBe('35.96312° N, 83.91870° W');
    expect(formatLatLon(-33.8568, 151.2153, 'deg')).toBe('33.85680° S, 151.21530° E');
  });
  it("d°m′s″ with tenths of a second, carrying 60″ into the minute", () => {
    expect(toDms(35.963123)).toBe('35°57′47.2″');
    expect(toDms(10.999999)).toBe('11°0′0.0″');
    expect(formatLatLon(31.2304, 121.4737, 'dms')).toBe('31°13′49.4″ N, 121°28′25.3″ E');
  });
});

describe('the web-map tile grid', () => {
  it('OSM wiki pairs: lon/lat to tile x/y', () => {
    // Berlin's Fernsehturm area at z13 (the slippy-map wiki's worked example region).
    expect(lonToTileX(13.4, 13)).toBe(4400);
    expect(latToTileY(52.5, 13)).toBe(2687);
    expect(lonToTileX(-180, 0)).toBe(0);
    expect(latToTileY(85.05, 1)).toBe(0);
  });
  it('a tile bbox contains the point it was computed from; counts match the enumeration', () => {
    const z = 17;
    const t = { z, x: lonToTileX(-83.918702, z), y: latToTileY(35.963123, z) };
    const b = tileBBox(t);
    expect(b.s_deg).toBeLessThan(35.963123);
    expect(b.n_deg).toBeGreaterThan(35.963123);
    const area = { s_deg: 35.9606, w_deg: -83.9207, n_deg: 35.965, e_deg: -83.915 };
    const all = [...tilesOf(area, 15, 17)];
    expect(all.length).toBe(tileCount(area, 15, 17));
    expect(all.every((x) => tileInBBox(x, area))).toBe(true);
    expect(tileInBBox({ z: 17, x: all[0].x - 5, y: all[0].y }, area)).toBe(false);
  });
  it('parses S,W,N,E and zoom ranges, naming what is wrong', () => {
    expect(parseBBox('35.96,-83.92,35.97,-83.91')).toEqual({ ok: true, bbox: { s_deg: 35.96, w_deg: -83.92, n_deg: 35.97, e_deg: -83.91 } });
    expect(parseBBox('35.97,-83.92,35.96,-83.91')).toMatchObject({ ok: false, error: expect.stringMatching(/south is not below north/) });
    expect(parseBBox('1,2,3')).toMatchObject({ ok: false, error: expect.stringMatching(/S,W,N,E/) });
    expect(parseZoomRange('14-18')).toEqual({ ok: true, min: 14, max: 18 });
    expect(parseZoomRange('16')).toEqual({ ok: true, min: 16, max: 16 });
    expect(parseZoomRange('18-14')).toMatchObject({ ok: false });
    expect(parseZoomRange('14-30')).toMatchObject({ ok: false, error: expect.stringMatching(/beyond 22/) });
  });
});

describe('the providers', () => {
  it('every built-in layer is a template with its credit, deepest zoom and datum; AMap is GCJ-02, Tianditu needs a key', () => {
    for (const l of BUILT_IN_LAYERS) {
      expect(isXyzTemplate(l.url), l.id).toBe(true);
      expect(l.attribution.length, l.id).toBeGreaterThan(0);
    }
    expect(BUILT_IN_LAYERS.filter((l) => l.datum === 'gcj02').map((l) => l.id)).toEqual(['amap-road', 'amap-satellite']);
    expect(BUILT_IN_LAYERS.filter((l) => l.needs_key).map((l) => l.id)).toEqual(['tianditu-road', 'tianditu-satellite']);
  });
  it("custom layers join the list; Tianditu's labels are a layer of their own; ids are unique", () => {
    const custom = [{ id: 'custom-local', name: 'Local', url: 'http://127.0.0.1:8080/{z}/{x}/{y}.png', attribution: 'mine', max_zoom: 20, datum: 'wgs84' as const }];
    expect(allLayers(custom).map((l) => l.id)).toContain('custom-local');
    expect(findLayer('tianditu-road-labels', custom)?.url).toMatch(/cva_w/);
    expect(findLayer('nope', custom)).toBeNull();
    expect(customLayerId('Local', ['custom-local'])).toBe('custom-local-2');
    expect(isXyzTemplate('file:///etc/{z}/{x}/{y}')).toBe(false);
  });
});
