// The patrol report of one flight, as data (pure TypeScript): what the supervisor signs off — the site, the
// vehicle, when it took off and landed, how far and high it flew, the battery used, every duty post's result with
// the operator's finding, the legs flown and the events. Written as HTML (report-html.ts) and CSV (report-csv.ts).
import type { PostStatus } from '../checks/types';
import type { Site } from '../site/site';

export type ReportLanguage = 'en' | 'zh-CN';

export interface ReportPost {
  id: string;
  name: string;
  lat_deg: number;
  lon_deg: number;
  radius_m: number;
  dwell_s: number;
  status: PostStatus;
  /** When the post was first checked (the visit reached dwell_s), µs; null when never. */
  first_check_t_us: number | null;
  /** The first time within its radius, µs; null when never. */
  first_visit_t_us: number | null;
  longest_dwell_s: number;
  closest_m: number | null;
  photos: number;
  /** The operator's last finding there, and its note. */
  finding: 'staffed' | 'absent' | 'crowd' | 'other' | null;
  note: string | null;
  findings_count: number;
}

export interface ReportEvent {
  t_us: number;
  kind: 'mode' | 'armed' | 'disarmed' | 'failsafe' | 'warning' | 'item';
  text: string;
}

export interface PatrolReport {
  /** The tlog's file name. */
  flight: string;
  site: Site | null;
  site_file: string | null;
  vehicle: { sysid: number; type: string; autopilot: string } | null;
  start_t_us: number;
  end_t_us: number;
  takeoff_t_us: number | null;
  landing_t_us: number | null;
  distance_m: number;
  max_alt_rel_m: number | null;
  battery: { start_pct: number | null; end_pct: number | null; start_v: number | null; end_v: number | null };
  posts: ReportPost[];
  /** Mission items reached, in order (the legs flown). */
  items_reached: Array<{ t_us: number; seq: number }>;
  events: ReportEvent[];
  /** The track for the map (lat, lon), downsampled. */
  track: Array<[number, number]>;
  /** The site's local offset from UTC, minutes (times in the report are local). */
  utc_offset_min: number;
  /** Problems with the files (damage skipped, a missing site…). */
  problems: string[];
}
