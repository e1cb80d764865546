// The report's map, drawn from the data as SVG (no tiles, no network): buildings, the fence, the track and the
// duty posts coloured by result, home. Local equirectangular projection around the middle (a site is a few hundred
// metres across: the error is far below a pixel).
import type { PatrolReport } from './report-data';

export const RESULT_COLOURS = { checked: '#2e7d32', brief: '#ef6c00', missed: '#c62828' } as const;
const W = 760;
const H = 520;
const PAD = 24;

export function reportMapSvg(r: PatrolReport, label: string): string {
  const pts: Array<[number, number]> = [...r.track];
  for (const p of r.posts) pts.push([p.lat_deg, p.lon_deg]);
  for (const b of r.site?.buildings ?? []) for (const poly of b.polygons) for (const [lon, lat] of poly[0]) pts.push([lat, lon]);
  if (r.site?.home) pts.push([r.site.home.lat_deg, r.site.home.lon_deg]);
  if (pts.length === 0) return '';
  const lat0 = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const xs = pts.map((p) => p[1] * k);
  const ys = pts.map((p) => p[0]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 2 * PAD) / Math.max(maxX - minX, 1e-9), (H - 2 * PAD) / Math.max(maxY - minY, 1e-9));
  const x = (lon: number) => PAD + (lon * k - minX) * scale + ((W - 2 * PAD) - (maxX - minX) * scale) / 2;
  const y = (lat: number) => H - PAD - (lat - minY) * scale - ((H - 2 * PAD) - (maxY - minY) * scale) / 2;
  const metresPerPx = 111_320 / scale;
  const f = (v: number) => v.toFixed(1);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" style="width:100%;height:auto" role="img" aria-label="${esc(label)}" class="report-map">`,
    `<rect width="${W}" height="${H}" fill="#eef1ea"/>`];
  if (r.site?.fence) parts.push(`<path d="${ring(r.site.fence[0], x, y)}" fill="none" stroke="#c62828" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  for (const b of r.site?.buildings ?? []) {
    for (const poly of b.polygons) parts.push(`<path d="${poly.map((rg) => ring(rg, x, y)).join(' ')}" fill-rule="evenodd" fill="#9fb1c4" stroke="#455a64" stroke-width="${b.key ? 2 : 0.8}"/>`);
  }
  if (r.track.length > 1) parts.push(`<polyline points="${r.track.map(([la, lo]) => `${f(x(lo))},${f(y(la))}`).join(' ')}" fill="none" stroke="#5b3fa8" stroke-width="2" stroke-linejoin="round" opacity="0.85"/>`);
  for (const p of r.posts) {
    const colour = RESULT_COLOURS[p.status];
    const rad = Math.max(4, p.radius_m / metresPerPx);
    parts.push(`<circle cx="${f(x(p.lon_deg))}" cy="${f(y(p.lat_deg))}" r="${f(rad)}" fill="${colour}" fill-opacity="0.25" stroke="${colour}" stroke-width="2" data-post="${esc(p.id)}" data-status="${p.status}"/>`,
      `<text x="${f(x(p.lon_deg) + rad + 3)}" y="${f(y(p.lat_deg) + 4)}" font-size="12" fill="#1b2733">${esc(p.id)}</text>`);
  }
  if (r.site?.home) parts.push(`<circle cx="${f(x(r.site.home.lon_deg))}" cy="${f(y(r.site.home.lat_deg))}" r="6" fill="#ffeb3b" stroke="#000" stroke-width="1.5"/>`);
  // A scale bar: a round number of metres near a sixth of the width.
  const target = (W / 6) * metresPerPx;
  const bar_m = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].reduce((best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best), 1);
  const bar_px = bar_m / metresPerPx;
  parts.push(`<g font-size="11" fill="#1b2733"><rect x="${PAD}" y="${H - 16}" width="${f(bar_px)}" height="4" fill="#1b2733"/><text x="${f(PAD + bar_px + 6)}" y="${H - 11}">${bar_m} m</text></g>`, '</svg>');
  return parts.join('');
}

function ring(rg: ReadonlyArray<readonly [number, number]>, x: (lon: number) => number, y: (lat: number) => number): string {
  return `${rg.map(([lon, lat], i) => `${i === 0 ? 'M' : 'L'}${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join('')}Z`;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
