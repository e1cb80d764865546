// Feature ids in a site. A patrol names buildings and posts by id, so the site's own features (with `kind`) must
// have unique ids: two of them with one id is an error. Imported OSM features are taken as they come: real exports
// repeat ids (a building split into parts, or across tiles, keeps its way id; two overlapping downloads merged
// repeat whole features), so the first feature keeps the id and the n-th feature carrying it becomes `<id>#<n>`
// (`way/123#2` for the second; the next free n if that is taken). Stable: the same file gives the same ids.
// The site's own ids are reserved before any feature is read, so an imported feature never takes one of them
// whatever the order of the features.

export interface Repeat {
  /** Where the repeat is, e.g. "features[204]". */
  where: string;
  id: string;
  /** The id it is referred to by. */
  as: string;
}

export class SiteIds {
  /** id → where the feature holding it is. */
  private readonly holder = new Map<string, string>();
  /** id → how many imported features carried it. */
  private readonly carried = new Map<string, number>();
  readonly repeats: Repeat[] = [];

  constructor(private readonly reserved: ReadonlySet<string>) {}

  /** Where the feature holding `id` is, or undefined when no feature holds it yet. */
  holderOf(id: string): string | undefined {
    return this.holder.get(id);
  }

  isFree(id: string): boolean {
    return !this.holder.has(id) && !this.reserved.has(id);
  }

  /** A site feature's id (the caller has checked it is not held). */
  claim(id: string, where: string): string {
    this.holder.set(id, where);
    return id;
  }

  /** An imported feature's id: `id` itself when free, else the derived `<id>#<n>`. */
  imported(id: string, where: string): string {
    const n = (this.carried.get(id) ?? 0) + 1;
    this.carried.set(id, n);
    if (this.isFree(id)) return this.claim(id, where);
    let k = Math.max(n, 2);
    while (!this.isFree(`${id}#${k}`)) k++;
    const as = this.claim(`${id}#${k}`, where);
    this.repeats.push({ where, id, as });
    return as;
  }
}

/** The ids the site's own features (kind "building" or "post") will claim: their Feature id, else their name. */
export function ownIds(features: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const raw of features) {
    if (raw === null || typeof raw !== 'object') continue;
    const { id, properties } = raw as { id?: unknown; properties?: unknown };
    const props = properties !== null && typeof properties === 'object' ? (properties as Record<string, unknown>) : {};
    if (props.kind !== 'building' && props.kind !== 'post') continue;
    if (typeof id === 'string' || typeof id === 'number') ids.add(String(id));
    else if (typeof props.name === 'string' && props.name.trim() !== '') ids.add(props.name.trim());
  }
  return ids;
}

const OSM_TYPES: Record<string, string> = { node: 'node', way: 'way', relation: 'relation', n: 'node', w: 'way', r: 'relation' };
const idValue = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v)) ? String(v).trim() : undefined;

/** The OSM identifier in a feature's properties, as exports write it: overpass-turbo `@id` ("way/123"), osmnx
 *  `element_type` + `osmid`, osmtogeojson `type` + `id`, QuickOSM `full_id` ("w123"), `osm_type` + `osm_id`,
 *  ogr2ogr `osm_way_id`, a bare `osm_id`/`osmid`. */
export function osmIdOf(props: Record<string, unknown>): string | undefined {
  const at = idValue(props['@id']);
  if (at !== undefined) return at;
  const typed = (type: unknown, id: unknown): string | undefined => {
    const t = typeof type === 'string' ? OSM_TYPES[type.trim().toLowerCase()] : undefined;
    const v = idValue(id);
    return t !== undefined && v !== undefined ? `${t}/${v}` : undefined;
  };
  const full = typeof props.full_id === 'string' ? /^([nwr])(-?\d+)$/.exec(props.full_id.trim()) : null;
  const osmWay = idValue(props.osm_way_id);
  const pathLike = typeof props.id === 'string' && /^(node|way|relation)\/-?\d+$/.test(props.id) ? props.id : undefined;
  return (
    typed(props.element_type, props.osmid) ??
    typed(props.type, props.id) ??
    (full ? typed(full[1], full[2]) : undefined) ??
    typed(props.osm_type, props.osm_id) ??
    pathLike ??
    (osmWay === undefined ? undefined : `way/${osmWay}`) ??
    idValue(props.osm_id) ??
    idValue(props.osmid)
  );
}
