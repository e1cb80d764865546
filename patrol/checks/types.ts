// Duty-post checks (DESIGN.md "Check"): what a flown track shows about each duty post. Shared by the batch
// `checkPosts`, the live `PostChecker`, replay and the `checks` command. Times are microseconds since the epoch
// (UTC, as in a .tlog), positions WGS-84 degrees, altitudes metres above home.

/** One position of the aircraft (GLOBAL_POSITION_INT or a replay column). */
export interface TrackSample {
  t_us: number;
  lat_deg: number;
  lon_deg: number;
  alt_rel_m: number;
}

/** One photo, from CAMERA_IMAGE_CAPTURED (its own lat/lon, not the aircraft's). */
export interface Photo {
  t_us: number;
  lat_deg: number;
  lon_deg: number;
  image_index: number;
}

/** One continuous stay within `radius_m` of a post. Enter and exit are interpolated at the radius crossing. */
export interface Visit {
  enter_t_us: number;
  /** For a visit still going on at the last sample, the time of that sample. */
  exit_t_us: number;
  duration_s: number;
  /** Whether the visit overlaps one of the post's shifts; null when the post has no shifts. */
  in_shift: boolean | null;
}

export interface PhotoAtPost {
  image_index: number;
  t_us: number;
}

export type PostStatus = 'checked' | 'brief' | 'missed';

export interface PostCheck {
  post_id: string;
  name: string;
  visits: Visit[];
  /** The longest continuous visit, seconds (0 when never within the radius). `checked` compares this with the post's dwell_s. */
  dwell_s: number;
  /** All visits added up, seconds. */
  total_s: number;
  /** Closest horizontal approach over the whole track (along each segment, not only at samples); Infinity with no track. */
  closest_m: number;
  /** When the closest approach happened; null with no track. */
  closest_t_us: number | null;
  /** Altitude above home there; null with no track. */
  alt_rel_m_at_closest: number | null;
  /** Photos whose position lies within radius_m of the post, by time. */
  photos: PhotoAtPost[];
  /** checked: one visit of at least dwell_s; brief: visited, never that long; missed: never within radius_m. */
  status: PostStatus;
  /**
   * Whether the check fell in one of the post's shifts: for a checked post, a visit long enough to check it
   * overlaps a shift; for a brief one, any visit does. Null when the post has no shifts or was never visited.
   */
  in_shift: boolean | null;
}

export interface CheckOptions {
  /** Site local time minus UTC, minutes (shifts are local "HH:MM"). Default +480 (China). */
  utc_offset_min?: number;
  /** A gap between samples longer than this ends a visit: no data, no proof. Default 5 s. */
  max_gap_s?: number;
}

export const DEFAULT_UTC_OFFSET_MIN = 480;
export const DEFAULT_MAX_GAP_S = 5;
