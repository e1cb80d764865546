// Generates assets/demo/demo.site.geojson: a fictional residential community around 34.75 N, 113.75 E with four
// blocks of 6- to 30-storey buildings (3 m a storey), two key buildings, ten duty posts at gates and checkpoints,
// a fence and a home point in the central plaza. Deterministic: run `node --import tsx assets/demo/make-demo-site.ts`
// and the file comes out byte for byte the same. Plan coordinates are metres east (x) and north (y) of the origin.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ORIGIN_LAT_DEG = 34.75;
const ORIGIN_LON_DEG = 113.75;
const METRES_PER_STOREY = 3;

type Xy = [number, number];
type Ring = Xy[];

const PHI = (ORIGIN_LAT_DEG * Math.PI) / 180;
const M_PER_DEG_LAT = 111132.92 - 559.82 * Math.cos(2 * PHI) + 1.175 * Math.cos(4 * PHI);
const M_PER_DEG_LON = 111412.84 * Math.cos(PHI) - 93.5 * Math.cos(3 * PHI);

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;
const toLonLat = ([x, y]: Xy): [number, number] => [round7(ORIGIN_LON_DEG + x / M_PER_DEG_LON), round7(ORIGIN_LAT_DEG + y / M_PER_DEG_LAT)];
const close = (ring: Ring): Ring => [...ring, ring[0]];

/** Axis-aligned rectangle centred at (cx, cy), counter-clockwise. */
function rect(cx: number, cy: number, w: number, h: number): Ring {
  const [x0, x1, y0, y1] = [cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2];
  return close([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]);
}

/** An L: the rectangle with a `nw` × `nh` notch cut from one corner ("ne", "nw", "se", "sw"), counter-clockwise. */
function lShape(cx: number, cy: number, w: number, h: number, nw: number, nh: number, corner: 'ne' | 'nw' | 'se' | 'sw'): Ring {
  const [x0, x1, y0, y1] = [cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2];
  const rings: Record<typeof corner, Ring> = {
    ne: [[x0, y0], [x1, y0], [x1, y1 - nh], [x1 - nw, y1 - nh], [x1 - nw, y1], [x0, y1]],
    nw: [[x0, y0], [x1, y0], [x1, y1], [x0 + nw, y1], [x0 + nw, y1 - nh], [x0, y1 - nh]],
    se: [[x0, y0], [x1 - nw, y0], [x1 - nw, y0 + nh], [x1, y0 + nh], [x1, y1], [x0, y1]],
    sw: [[x0 + nw, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0 + nh], [x0 + nw, y0 + nh]],
  };
  return close(rings[corner]);
}

/** The ring turned by `deg` degrees counter-clockwise about (cx, cy). */
function rotate(ring: Ring, cx: number, cy: number, deg: number): Ring {
  const [c, s] = [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
  return ring.map(([x, y]) => [cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c]);
}

interface BuildingPlan {
  id: string;
  name: string;
  /** The Chinese name (OSM's `name:zh`), shown in the Chinese UI. */
  name_zh: string;
  rings: Ring[];
  storeys: number;
  key?: boolean;
}

const BUILDINGS: BuildingPlan[] = [
  // Block 1 (north-west)
  { id: 'B01', name: 'Block 1 Building 1', name_zh: '一区1号楼', rings: [rect(-210, 160, 50, 16)], storeys: 18 },
  { id: 'B02', name: 'Block 1 Building 2', name_zh: '一区2号楼', rings: [rect(-140, 160, 50, 16)], storeys: 18 },
  { id: 'B03', name: 'Block 1 Building 3', name_zh: '一区3号楼', rings: [lShape(-200, 90, 40, 40, 22, 22, 'ne')], storeys: 11 },
  { id: 'B04', name: 'Block 1 Tower', name_zh: '一区塔楼', rings: [rect(-140, 90, 26, 26)], storeys: 30, key: true },
  // Block 2 (north-east)
  { id: 'B05', name: 'Block 2 Building 1', name_zh: '二区1号楼', rings: [rect(60, 165, 55, 15)], storeys: 26 },
  { id: 'B06', name: 'Block 2 Building 2', name_zh: '二区2号楼', rings: [rect(140, 165, 55, 15)], storeys: 26 },
  { id: 'B07', name: 'Block 2 Building 3', name_zh: '二区3号楼', rings: [lShape(218, 150, 40, 45, 20, 25, 'sw')], storeys: 15 },
  { id: 'B08', name: 'Block 2 Courtyard House', name_zh: '二区合院', rings: [rect(100, 80, 60, 50), [...rect(100, 80, 32, 22)].reverse()], storeys: 7 },
  { id: 'B09', name: 'Block 2 Building 5', name_zh: '二区5号楼', rings: [rotate(rect(200, 70, 30, 45), 200, 70, 20)], storeys: 20 },
  // Block 3 (south-west)
  { id: 'B10', name: 'Block 3 Building 1', name_zh: '三区1号楼', rings: [rect(-200, -60, 48, 18)], storeys: 12 },
  { id: 'B11', name: 'Block 3 Building 2', name_zh: '三区2号楼', rings: [rect(-200, -120, 48, 18)], storeys: 12 },
  { id: 'B12', name: 'Block 3 Building 3', name_zh: '三区3号楼', rings: [rect(-200, -175, 48, 16)], storeys: 9 },
  { id: 'B13', name: 'Block 3 Building 4', name_zh: '三区4号楼', rings: [lShape(-110, -80, 45, 50, 25, 28, 'sw')], storeys: 24 },
  { id: 'B14', name: 'Block 3 Tower', name_zh: '三区塔楼', rings: [rect(-90, -160, 30, 30)], storeys: 30 },
  // Block 4 (south-east)
  { id: 'B15', name: 'Block 4 Building 1', name_zh: '四区1号楼', rings: [rect(70, -60, 60, 16)], storeys: 16 },
  { id: 'B16', name: 'Block 4 Building 2', name_zh: '四区2号楼', rings: [rect(70, -120, 60, 16)], storeys: 16 },
  { id: 'B17', name: 'Block 4 Kindergarten', name_zh: '四区幼儿园', rings: [rect(170, -70, 40, 30)], storeys: 6 },
  { id: 'B18', name: 'Block 4 Management Centre', name_zh: '四区物业中心', rings: [lShape(180, -150, 50, 40, 20, 20, 'nw')], storeys: 8, key: true },
];

interface PostPlan {
  id: string;
  name: string;
  name_zh: string;
  at: Xy;
  radius_m: number;
  dwell_s: number;
  shifts?: { from: string; to: string }[];
}

const POSTS: PostPlan[] = [
  { id: 'P01', name: 'North gate', name_zh: '北门', at: [0, 188], radius_m: 15, dwell_s: 20, shifts: [{ from: '06:00', to: '22:00' }] },
  { id: 'P02', name: 'South gate', name_zh: '南门', at: [0, -188], radius_m: 15, dwell_s: 20 },
  { id: 'P03', name: 'East gate', name_zh: '东门', at: [248, 0], radius_m: 12, dwell_s: 15 },
  { id: 'P04', name: 'West gate', name_zh: '西门', at: [-248, 0], radius_m: 12, dwell_s: 15, shifts: [{ from: '22:00', to: '06:00' }] },
  { id: 'P05', name: 'Central crossroads', name_zh: '中心路口', at: [0, 0], radius_m: 20, dwell_s: 10 },
  { id: 'P06', name: 'Car park entrance', name_zh: '停车场入口', at: [45, 20], radius_m: 10, dwell_s: 30 },
  { id: 'P07', name: 'Playground', name_zh: '儿童游乐场', at: [-60, 105], radius_m: 15, dwell_s: 20 },
  { id: 'P08', name: 'Substation', name_zh: '变电站', at: [235, -180], radius_m: 10, dwell_s: 30 },
  { id: 'P09', name: 'Courtyard checkpoint', name_zh: '庭院检查点', at: [100, 80], radius_m: 10, dwell_s: 25 },
  { id: 'P10', name: 'Waste collection point', name_zh: '垃圾收集点', at: [-150, -30], radius_m: 10, dwell_s: 10 },
];

/** The fence: the community's boundary wall, its north-east corner cut where the street bends. */
const FENCE: Ring = close([[-260, -200], [260, -200], [260, 150], [230, 200], [-260, 200]]);
/** Home: the open plaza in block 1, clear of buildings and trees. */
const HOME: Xy = [-65, 65];

export function makeDemoSite(): object {
  const features: object[] = [
    ...BUILDINGS.map((b) => ({
      type: 'Feature',
      id: b.id,
      properties: { kind: 'building', name: b.name, 'name:zh': b.name_zh, height_m: b.storeys * METRES_PER_STOREY, storeys: b.storeys, ...(b.key === true ? { key: true } : {}) },
      geometry: { type: 'Polygon', coordinates: b.rings.map((ring) => ring.map(toLonLat)) },
    })),
    ...POSTS.map((p) => ({
      type: 'Feature',
      id: p.id,
      properties: { kind: 'post', name: p.name, 'name:zh': p.name_zh, radius_m: p.radius_m, dwell_s: p.dwell_s, ...(p.shifts === undefined ? {} : { shifts: p.shifts }) },
      geometry: { type: 'Point', coordinates: toLonLat(p.at) },
    })),
    { type: 'Feature', id: 'fence', properties: { kind: 'fence', name: 'Community wall', 'name:zh': '小区围墙' }, geometry: { type: 'Polygon', coordinates: [FENCE.map(toLonLat)] } },
    { type: 'Feature', id: 'home', properties: { kind: 'home', name: 'Plaza launch pad', 'name:zh': '广场起降点' }, geometry: { type: 'Point', coordinates: toLonLat(HOME) } },
  ];
  return { type: 'FeatureCollection', site: { name: 'Demo community', max_alt_m: 120 }, features };
}

/** The file's text: two-space JSON with each [lon, lat] on one line. */
export function demoSiteText(): string {
  const text = JSON.stringify(makeDemoSite(), null, 2);
  return `${text.replace(/\[\s+(-?[\d.]+),\s+(-?[\d.]+)\s+\]/g, '[$1, $2]')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = new URL('./demo.site.geojson', import.meta.url);
  writeFileSync(out, demoSiteText());
  console.log(`wrote ${fileURLToPath(out)}`);
}
