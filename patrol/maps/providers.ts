// The map base layers Watchpost knows (issue 12): OpenStreetMap; AMap/Gaode road and satellite, which draw in
// GCJ-02; Tianditu (China's national map service), which needs the user's key; and XYZ layers the user adds.
// Each says its datum, so the map converts WGS-84 on the way to and from a GCJ-02 layer. Pure TypeScript.

export type MapDatum = 'wgs84' | 'gcj02';

export interface BaseLayer {
  /** The cache's folder name and the settings' value: [a-z0-9_-]. */
  id: string;
  /** Shown in Settings (a provider's own name is not translated). */
  name: string;
  /** XYZ template: {z} {x} {y}, {s} a subdomain, {key} the user's key. */
  url: string;
  subdomains?: string[];
  attribution: string;
  /** The deepest zoom the provider serves; the map scales its tiles beyond. */
  max_zoom: number;
  datum: MapDatum;
  /** Tianditu's labels come as a second layer drawn over the first (cached as `<id>-labels`). */
  labels_url?: string;
  /** The layer cannot be used without the user's key (Tianditu's `tk`). */
  needs_key?: 'tianditu';
  /** A provider's rule for bulk download (offline areas); absent: no limit beyond politeness. */
  bulk?: { max_zoom: number; max_tiles: number; policy: string };
  /** Added by the user (Settings or the CLI). */
  custom?: boolean;
}

/** The plain background: no tiles at all. */
export const NO_LAYER = 'none';

const TIANDITU_SUBDOMAINS = ['0', '1', '2', '3', '4', '5', '6', '7'];
const tianditu = (layer: string): string =>
  `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}`;

export const BUILT_IN_LAYERS: readonly BaseLayer[] = [
  {
    id: 'osm',
    name: 'OpenStreetMap',
    url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    attribution: '© OpenStreetMap contributors',
    max_zoom: 19,
    datum: 'wgs84',
    // The OSM Foundation's tile usage policy forbids bulk downloads, "in particular … zoom levels 17 and higher for
    // offline or later usage": offline areas from its servers stop at 16 and stay small.
    bulk: { max_zoom: 16, max_tiles: 2000, policy: 'the OpenStreetMap tile usage policy (no bulk download, nothing offline at zoom 17 or higher)' },
  },
  {
    id: 'amap-road',
    name: 'AMap 高德 (road)',
    url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
    subdomains: ['1', '2', '3', '4'],
    attribution: '© AutoNavi 高德地图',
    max_zoom: 18,
    datum: 'gcj02',
  },
  {
    id: 'amap-satellite',
    name: 'AMap 高德 (satellite)',
    url: 'https://webst0{s}.is.autonavi.com/appmaptile?style=6&x={x}&y={y}&z={z}',
    subdomains: ['1', '2', '3', '4'],
    attribution: '© AutoNavi 高德地图',
    max_zoom: 18,
    datum: 'gcj02',
  },
  {
    // Tianditu draws in CGCS2000, which agrees with WGS-84 to centimetres: no conversion.
    id: 'tianditu-road',
    name: 'Tianditu 天地图 (road)',
    url: tianditu('vec'),
    labels_url: tianditu('cva'),
    subdomains: TIANDITU_SUBDOMAINS,
    attribution: '© 天地图 Tianditu',
    max_zoom: 18,
    datum: 'wgs84',
    needs_key: 'tianditu',
  },
  {
    id: 'tianditu-satellite',
    name: 'Tianditu 天地图 (satellite)',
    url: tianditu('img'),
    labels_url: tianditu('cia'),
    subdomains: TIANDITU_SUBDOMAINS,
    attribution: '© 天地图 Tianditu',
    max_zoom: 18,
    datum: 'wgs84',
    needs_key: 'tianditu',
  },
];

/** A layer the user added: an XYZ template with its credit, deepest zoom and datum. */
export interface CustomLayer {
  id: string;
  name: string;
  url: string;
  attribution: string;
  max_zoom: number;
  datum: MapDatum;
}

export const LAYER_ID = /^[a-z0-9_-]{1,64}$/;

/** An http(s) template with {z}, {x} and {y} (and nothing that reaches outside the web). */
export function isXyzTemplate(url: string): boolean {
  return /^https?:\/\/[^\s/]+[^\s]*$/.test(url) && url.includes('{z}') && url.includes('{x}') && (url.includes('{y}') || url.includes('{-y}'));
}

/** Every layer the settings offer: the built-in ones and the user's (a user's id never hides a built-in one). */
export function allLayers(custom: readonly CustomLayer[]): BaseLayer[] {
  const builtIn = new Set(BUILT_IN_LAYERS.map((l) => l.id));
  return [...BUILT_IN_LAYERS, ...custom.filter((c) => !builtIn.has(c.id) && c.id !== NO_LAYER).map((c) => ({ ...c, custom: true }))];
}

/** The layer by id (the labels layer of Tianditu too, as `<id>-labels`), or null. */
export function findLayer(id: string, custom: readonly CustomLayer[]): BaseLayer | null {
  const layers = allLayers(custom);
  const direct = layers.find((l) => l.id === id);
  if (direct) return direct;
  const base = id.endsWith('-labels') ? layers.find((l) => `${l.id}-labels` === id && l.labels_url) : undefined;
  return base ? { ...base, id, url: base.labels_url as string, labels_url: undefined } : null;
}

/** A new custom layer's id from its name: `custom-<slug>`, unique among `taken`. */
export function customLayerId(name: string, taken: readonly string[]): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'layer';
  let id = `custom-${slug}`;
  for (let n = 2; taken.includes(id); n++) id = `custom-${slug}-${n}`;
  return id;
}
