// Roof sweep: back-and-forth (boustrophedon) lines over the roof at roof + clearance_m, spacing_m apart, parallel
// to the footprint's longest outer edge, clipped to the footprint: a line that leaves the polygon (a concave notch,
// a courtyard, a gap between parts) is split there. At a slanted roof edge a line's end is stretched by up to
// spacing/2 so the band it sweeps reaches the edge (see widen). Worked in a local planar frame (metres), even-odd
// scanlines.
import type { Building, LonLat } from '../site/site';
import { checkBuilding, footprintOrigin, localFrame } from './geo';
import type { RouteLeg, RouteWaypoint } from './route';

export interface RoofOptions {
  /** Height above the roof. */
  clearance_m: number;
  /** Distance between sweep lines (at most; lines are spread evenly over the footprint). */
  spacing_m: number;
}

type XY = [number, number];

/** Direction (radians, in the local x-east / y-north frame) of the longest edge of the footprint's outer rings. */
function longestEdgeAngle(rings: XY[][]): number {
  let best = -1;
  let angle = 0;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const dx = ring[i + 1][0] - ring[i][0];
      const dy = ring[i + 1][1] - ring[i][1];
      const len = Math.hypot(dx, dy);
      if (len > best + 1e-9) {
        best = len;
        angle = Math.atan2(dy, dx);
      }
    }
  }
  return angle;
}

function rotate([x, y]: XY, a: number): XY {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [x * c - y * s, x * s + y * c];
}

/** The [x0, x1] intervals where the line y = c lies inside the rings (even-odd: holes and separate parts work). */
function scanline(rings: XY[][], c: number): [number, number][] {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[i + 1];
      if ((y1 <= c && c < y2) || (y2 <= c && c < y1)) xs.push(x1 + ((c - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  xs.sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < xs.length; i += 2) if (xs[i + 1] - xs[i] > 0.01) out.push([xs[i], xs[i + 1]]);
  return out;
}

/**
 * A line covers the band spacing/2 either side of it. Where a roof edge is slanted, the band reaches further than
 * the line's own span: stretch each span's ends to what the roof holds within the band (sampled at ±¼ and ±½
 * spacing), at most spacing/2 further, so the corners between lines are swept too.
 */
function widen(rings: XY[][], y: number, spacing: number, spans: [number, number][]): [number, number][] {
  const band = [-0.49, -0.25, 0.25, 0.49].flatMap((k) => scanline(rings, y + k * spacing));
  return spans.map(([a, b]) => {
    let lo = a;
    let hi = b;
    for (const [p, q] of band) {
      if (p < b && q > a) {
        lo = Math.min(lo, p);
        hi = Math.max(hi, q);
      }
    }
    return [Math.max(lo, a - spacing / 2), Math.min(hi, b + spacing / 2)];
  });
}

export function roof(b: Building, o: RoofOptions): RouteLeg {
  checkBuilding(b);
  if (!Number.isFinite(o.clearance_m) || o.clearance_m < 0) throw new Error(`roof of ${b.id}: clearance_m ${o.clearance_m} must be ≥ 0`);
  if (!Number.isFinite(o.spacing_m) || o.spacing_m <= 0) throw new Error(`roof of ${b.id}: spacing_m ${o.spacing_m} must be > 0`);
  const frame = localFrame(footprintOrigin(b));
  const outer = b.polygons.map((p) => p[0].map((q) => frame.toXY(q)));
  const angle = longestEdgeAngle(outer);
  // Rotate so the longest edge lies along x; sweep lines are then y = constant.
  const rings = b.polygons.flat().map((r) => r.map((q) => rotate(frame.toXY(q), -angle)));
  const ys = rings.flat().map((p) => p[1]);
  const y0 = Math.min(...ys);
  const height = Math.max(...ys) - y0;
  const n = Math.max(1, Math.ceil(height / o.spacing_m - 1e-9));
  if (n > 10000) throw new Error(`roof of ${b.id}: spacing_m ${o.spacing_m} gives ${n} sweep lines`);
  const alt_m = b.height_m + o.clearance_m;
  const at = (x: number, y: number): RouteWaypoint => {
    const [lon, lat]: LonLat = frame.toLonLat(rotate([x, y], angle));
    return { lon_deg: lon, lat_deg: lat, alt_m };
  };
  const waypoints: RouteWaypoint[] = [];
  let forward = true;
  for (let i = 0; i < n; i++) {
    const y = y0 + ((i + 0.5) * height) / n;
    const spans = widen(rings, y, height / n, scanline(rings, y));
    if (spans.length === 0) continue;
    const ordered = forward ? spans : spans.map(([a, c]): [number, number] => [c, a]).reverse();
    for (const [xa, xb] of ordered) waypoints.push(at(xa, y), at(xb, y));
    forward = !forward;
  }
  if (waypoints.length === 0) throw new Error(`roof of ${b.id}: the footprint is too small to sweep`);
  return { kind: 'roof', ref: b.id, waypoints };
}
