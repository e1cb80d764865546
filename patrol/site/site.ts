// The site model: what a `*.site.geojson` (DESIGN.md "Words") holds once read and validated. Shared by the site
// reader, the route generators, the preflight checks and the duty-post checks. WGS-84 degrees, metres.

/** [lon, lat] as GeoJSON orders them. */
export type LonLat = [number, number];

/** A polygon as GeoJSON rings: the first is the outer ring, the rest are holes; each ring closed (first = last). */
export type PolygonRings = LonLat[][];

export interface Building {
  /** The Feature `id` (or the OSM id in its properties), else its `name`, else `building-<index>`. An imported
   *  feature repeating an earlier feature's id is `<id>#<n>` (the n-th feature with that id). */
  id: string;
  name?: string;
  /** The name in Chinese (OSM's `name:zh`), shown in the Chinese UI. */
  name_zh?: string;
  /** One entry per polygon (a MultiPolygon gives several). */
  polygons: PolygonRings[];
  /** Roof height above ground. */
  height_m: number;
  /** Base of the volume above ground when it starts above it (OSM `min_height`, `building:min_level`): a bridge,
   *  an overhang, a tower's upper part. Absent: from the ground. */
  min_height_m?: number;
  /** An OSM `building:part` inside another building's outline: that building's id. The outline stands for the
   *  whole building (its volume as tall as its tallest part); the part is its own volume too. */
  part_of?: string;
  /** True when no height was given (OSM without height tags): `height_m` is the default. */
  height_assumed: boolean;
  /** Priority building. */
  key: boolean;
}

export interface Shift {
  /** "HH:MM", local time of the site. */
  from: string;
  to: string;
}

export interface Post {
  id: string;
  name: string;
  /** The name in Chinese (OSM's `name:zh`), shown in the Chinese UI. */
  name_zh?: string;
  lat_deg: number;
  lon_deg: number;
  /** How close counts as checked. */
  radius_m: number;
  /** How long it must be watched. */
  dwell_s: number;
  shifts: Shift[];
}

export interface Site {
  name: string;
  /** Highest altitude allowed above home (site-wide `max_alt_m`, else 120 m). */
  max_alt_m: number;
  buildings: Building[];
  posts: Post[];
  /** The polygon the aircraft must stay inside, when the site has one. */
  fence?: PolygonRings;
  home?: { lat_deg: number; lon_deg: number };
}

/** The legal ceiling where no site value says otherwise. */
export const DEFAULT_MAX_ALT_M = 120;
/** Height given to a building with no height information (marked as assumed). */
export const DEFAULT_BUILDING_HEIGHT_M = 10;
