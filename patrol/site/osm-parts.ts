// OSM building parts (Simple 3D Buildings): a `building:part` is one volume of a building — a podium, a tower, an
// antenna, a bridge or an overhang with `min_height` — drawn inside the building's outline (`building=*`). 3D
// renderers draw only the parts where a building has them, and use the outline for its footprint. For the safety
// checks the conservative reading is the union of both:
// - each part is a volume of its own, [min_height, height];
// - the outline is a volume from the ground to the tallest of its own height and its parts' heights, so nothing
//   flies under a raised part inside an outline (a passage, an overhang) and the whole building's footprint is
//   as tall as its tallest part; a part of unknown height makes the outline's height unknown as well (unless
//   the outline's own height, which bounds its parts, is known and not topped);
// - a part belongs to the smallest outline containing the middle of its first ring's corners; a part in no
//   outline stands alone (it is then a building like any other, and may start above the ground).
// Parts inside an outline are not patrol targets (the outline is); their volumes still count in every check.
import { area, booleanPointInPolygon } from '@turf/turf';
import { point, polygon } from '@turf/helpers';
import type { Building, LonLat } from './site';

export interface ImportedBuilding {
  building: Building;
  /** Tagged `building:part`. */
  part: boolean;
  /** Its height came from a tag (not assumed). */
  known: boolean;
}

export interface PartsSummary {
  parts: number;
  /** Parts inside an outline. */
  attached: number;
  /** Outlines holding at least one part. */
  outlines: number;
}

interface Outline {
  read: ImportedBuilding;
  box: [number, number, number, number];
  area_m2?: number;
}

function boxOf(b: Building): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of b.polygons) {
    for (const [x, y] of rings[0]) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return [x0, y0, x1, y1];
}

/** The mean of the corners of the first ring (the closing position counted once). */
function middleOf(b: Building): LonLat {
  const ring = b.polygons[0][0];
  const corners = ring.slice(0, -1);
  return [corners.reduce((s, p) => s + p[0], 0) / corners.length, corners.reduce((s, p) => s + p[1], 0) / corners.length];
}

/** Sets `part_of` on the parts inside an outline and raises each such outline to its tallest part (see above). */
export function attachParts(reads: readonly ImportedBuilding[]): PartsSummary {
  const outlines: Outline[] = reads.filter((r) => !r.part).map((read) => ({ read, box: boxOf(read.building) }));
  const parts = reads.filter((r) => r.part);
  const members = new Map<Outline, ImportedBuilding[]>();
  const areaOf = (o: Outline): number => (o.area_m2 ??= o.read.building.polygons.reduce((s, rings) => s + area(polygon(rings)), 0));
  for (const part of parts) {
    const [x, y] = middleOf(part.building);
    const at = point([x, y]);
    let best: Outline | undefined;
    for (const o of outlines) {
      if (x < o.box[0] || x > o.box[2] || y < o.box[1] || y > o.box[3]) continue;
      if (!o.read.building.polygons.some((rings) => booleanPointInPolygon(at, polygon(rings)))) continue;
      if (best === undefined || areaOf(o) < areaOf(best)) best = o;
    }
    if (best === undefined) continue;
    part.building.part_of = best.read.building.id;
    members.set(best, [...(members.get(best) ?? []), part]);
  }
  for (const [o, inside] of members) raise(o.read, inside);
  return { parts: parts.length, attached: [...members.values()].reduce((s, m) => s + m.length, 0), outlines: members.size };
}

/** The outline's volume: from the ground to the tallest of its own (known) height and its parts' heights. Its
 *  height is unknown when a part's assumed height tops the known ones, or, for an outline without a height of its
 *  own (which would bound its parts, as OSM's Simple 3D Buildings has it), when any part's height is assumed. */
function raise(outline: ImportedBuilding, parts: readonly ImportedBuilding[]): void {
  const b = outline.building;
  const known = parts.filter((p) => p.known).map((p) => p.building.height_m);
  const assumed = parts.filter((p) => !p.known).map((p) => p.building.height_m);
  if (outline.known) known.push(b.height_m);
  // Without a height of its own the outline takes its parts' shape; its assumed default counts only when no part
  // has a known height either.
  else if (known.length === 0) assumed.push(b.height_m);
  const knownTop = Math.max(-Infinity, ...known);
  const assumedTop = Math.max(-Infinity, ...assumed);
  b.height_m = Math.max(knownTop, assumedTop);
  b.height_assumed = outline.known ? assumedTop > knownTop : assumed.length > 0;
  delete b.min_height_m;
}
