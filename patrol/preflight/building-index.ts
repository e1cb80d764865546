// The site's building volumes (footprint × roof height + clearance) in metres around home, in a uniform grid of
// bounding boxes, and the exact first intrusion of a 3D segment into each volume it enters. A volume that starts
// above the ground (OSM min_height: a bridge, an overhang, an antenna on a mast) is the band from its base less the
// clearance to its roof plus the clearance: a path may pass under it, as far below it as it must stay above a
// roof. A base within the clearance of the ground is the ground. (Parts inside a building's outline never leave
// a way under: the outline is a volume from the ground, see site/osm-parts.ts.)
import type { Building } from '../site/site';
import type { HomeFrame, RingsXY } from './frame';
import { bandInterval, closestToRings, insideIntervals } from './geometry';

export interface Volume {
  building: Building;
  rings: RingsXY;
  /** Top of the volume: roof + clearance, metres above home. */
  top_m: number;
  /** Bottom of the volume: 0 (the ground), or its base − clearance when that is above the ground. */
  base_m: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Intrusion {
  building: Building;
  /** Where along the segment (0..1) it first enters the volume, and a point a little inside. */
  t_enter: number;
  t_inside: number;
}

/** A segment that stays outside a volume but passes closer to its walls than the sideways margin. */
export interface CloseApproach {
  building: Building;
  /** Horizontal distance to the nearest wall, between the volume's base and top. */
  distance_m: number;
  /** Where along the segment (0..1) it is closest. */
  t: number;
}

export interface Seg3 {
  ax: number;
  ay: number;
  az: number;
  bx: number;
  by: number;
  bz: number;
}

const CELL_M = 50;

/** How a building's volume reads in a finding: "roof 30 m + 5 m clearance", or for one above the ground
 *  "22 m − 5 m clearance up to its roof 26 m + 5 m". */
export function volumeText(b: Building, clearance_m: number): string {
  return b.min_height_m !== undefined && b.min_height_m > clearance_m
    ? `${b.min_height_m} m − ${clearance_m} m clearance up to its roof ${b.height_m} m + ${clearance_m} m`
    : `roof ${b.height_m} m + ${clearance_m} m clearance`;
}

export class BuildingIndex {
  readonly volumes: Volume[] = [];
  private readonly cells = new Map<number, number[]>();
  private readonly stamp: Int32Array;
  private query = 0;

  constructor(buildings: readonly Building[], frame: HomeFrame, clearance_m: number) {
    for (const b of buildings) {
      for (const p of b.polygons) {
        const rings = frame.rings(p);
        let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
        const outer = rings[0];
        for (let i = 0; i < outer.length; i += 2) {
          x0 = Math.min(x0, outer[i]);
          x1 = Math.max(x1, outer[i]);
          y0 = Math.min(y0, outer[i + 1]);
          y1 = Math.max(y1, outer[i + 1]);
        }
        const v = this.volumes.length;
        const base_m = Math.max(0, (b.min_height_m ?? 0) - clearance_m);
        this.volumes.push({ building: b, rings, top_m: b.height_m + clearance_m, base_m, x0, y0, x1, y1 });
        for (let cx = cell(x0); cx <= cell(x1); cx++) for (let cy = cell(y0); cy <= cell(y1); cy++) this.bucket(cx, cy).push(v);
      }
    }
    this.stamp = new Int32Array(this.volumes.length);
  }

  /** Every volume the segment enters, by where it first enters. */
  intrusions(s: Seg3): Intrusion[] {
    const out: Intrusion[] = [];
    const len_m = Math.hypot(s.bx - s.ax, s.by - s.ay, s.bz - s.az);
    this.near(s, 0, (vol, band) => {
      const hit = firstOverlap(insideIntervals(vol.rings, s.ax, s.ay, s.bx, s.by), band);
      if (!hit) return;
      const [t0, t1] = hit;
      const step = len_m > 0 ? 0.5 / len_m : 0;
      out.push({ building: vol.building, t_enter: t0, t_inside: Math.min(t0 + step, (t0 + t1) / 2) });
    });
    return out.sort((p, q2) => p.t_enter - q2.t_enter);
  }

  /** The volumes the segment does not enter but passes within margin_m of (horizontally, between their base and
   *  top). */
  closeApproaches(s: Seg3, margin_m: number): CloseApproach[] {
    const out: CloseApproach[] = [];
    if (!(margin_m > 0)) return out;
    this.near(s, margin_m, (vol, band) => {
      if (firstOverlap(insideIntervals(vol.rings, s.ax, s.ay, s.bx, s.by), band)) return; // an intrusion, reported as such
      const c = closestToRings(vol.rings, s.ax, s.ay, s.bx, s.by, band[0], band[1]);
      // Straight up or down, every height is as close: give the lowest (deepest below the roof).
      const vertical = s.ax === s.bx && s.ay === s.by;
      const t = vertical ? (s.az <= s.bz ? band[0] : band[1]) : c.t;
      if (c.d_m < margin_m) out.push({ building: vol.building, distance_m: c.d_m, t });
    });
    return out.sort((p, q2) => p.t - q2.t);
  }

  /** The buildings whose footprint meets the flat triangle (a, b, c) at altitude z_m, between their base and top:
   *  what the straight lines from every point of a→b to c sweep through. */
  triangleHits(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, z_m: number): Building[] {
    const out: Building[] = [];
    const x0 = Math.min(ax, bx, cx);
    const x1 = Math.max(ax, bx, cx);
    const y0 = Math.min(ay, by, cy);
    const y1 = Math.max(ay, by, cy);
    this.forBox(x0, y0, x1, y1, (vol) => {
      if (z_m >= vol.top_m || (vol.base_m > 0 && z_m <= vol.base_m)) return;
      const edges = [[ax, ay, bx, by], [bx, by, cx, cy], [cx, cy, ax, ay]];
      const crossed = edges.some(([px, py, qx, qy]) => insideIntervals(vol.rings, px, py, qx, qy).some(([t0, t1]) => t1 - t0 > 1e-9));
      // No edge inside the footprint: the footprint may still lie wholly inside the triangle.
      if (crossed || inTriangle(vol.rings[0][0], vol.rings[0][1], ax, ay, bx, by, cx, cy)) out.push(vol.building);
    });
    return out;
  }

  /** Calls `fn` once for each volume whose box, grown by grow_m, meets the segment's box while the segment is
   *  between the volume's base and top (with that part of the segment). */
  private near(s: Seg3, grow_m: number, fn: (vol: Volume, band: [number, number]) => void): void {
    const x0 = Math.min(s.ax, s.bx) - grow_m;
    const x1 = Math.max(s.ax, s.bx) + grow_m;
    const y0 = Math.min(s.ay, s.by) - grow_m;
    const y1 = Math.max(s.ay, s.by) + grow_m;
    this.forBox(x0, y0, x1, y1, (vol) => {
      const band = bandInterval(s.az, s.bz, vol.base_m, vol.top_m);
      if (band) fn(vol, band);
    });
  }

  /** Calls `fn` once for each volume whose box meets the box (x0, y0)–(x1, y1). */
  private forBox(x0: number, y0: number, x1: number, y1: number, fn: (vol: Volume) => void): void {
    const q = ++this.query;
    const visit = (v: number): void => {
      if (this.stamp[v] === q) return;
      this.stamp[v] = q;
      const vol = this.volumes[v];
      if (vol.x1 < x0 || vol.x0 > x1 || vol.y1 < y0 || vol.y0 > y1) return;
      fn(vol);
    };
    const [cx0, cx1, cy0, cy1] = [cell(x0), cell(x1), cell(y0), cell(y1)];
    // A box spanning more cells than hold buildings (a far-off item) looks at every volume instead.
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > this.cells.size) {
      for (let v = 0; v < this.volumes.length; v++) visit(v);
    } else {
      for (let cx = cx0; cx <= cx1; cx++) {
        for (let cy = cy0; cy <= cy1; cy++) for (const v of this.cells.get(key(cx, cy)) ?? []) visit(v);
      }
    }
  }

  private bucket(cx: number, cy: number): number[] {
    const k = key(cx, cy);
    let list = this.cells.get(k);
    if (!list) this.cells.set(k, (list = []));
    return list;
  }
}

function inTriangle(px: number, py: number, ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  const d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by);
  const d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy);
  const d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

function cell(v_m: number): number {
  return Math.floor(v_m / CELL_M);
}

/** Cells are ±1,000 km around home at most in practice; the key packs both indices into one number. */
function key(cx: number, cy: number): number {
  return (cx + 1_000_000) * 2_097_152 + (cy + 1_000_000);
}

/** The first overlap (of positive length) of inside pieces with the base-to-top band. */
function firstOverlap(pieces: [number, number][], band: [number, number]): [number, number] | null {
  for (const [a, b] of pieces) {
    const t0 = Math.max(a, band[0]);
    const t1 = Math.min(b, band[1]);
    if (t1 - t0 > 1e-9) return [t0, t1];
  }
  return null;
}
