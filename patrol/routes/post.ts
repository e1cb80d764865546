// Duty-post visit: arrive above the post with the camera on its ground point, hover dwell_s, take the evidence
// photo and run the optional loudspeaker/light action on arrival, then stop pointing the camera. Three waypoints at
// the same spot, so that each group of commands runs at the right moment (see route.ts): A (arrive, ROI on),
// B (hover; photo and action run as A is reached), C (ROI off once the hover is over).
import type { Post } from '../site/site';
import type { RouteAction, RouteLeg, RouteWaypoint } from './route';

export interface PostOptions {
  /** Hover altitude above home. */
  alt_m: number;
  /** How long to hover (default: the post's dwell_s). */
  dwell_s?: number;
  /** Evidence photo: IMAGE_START_CAPTURE ('image'), DO_DIGICAM_CONTROL ('digicam') or none (default). */
  photo?: 'image' | 'digicam' | false;
  /** A loudspeaker or light: DO_SET_RELAY or DO_SET_SERVO. */
  action?: { relay: number; state: 0 | 1 } | { servo: number; pwm: number };
}

export function post(p: Post, o: PostOptions): RouteLeg {
  if (!Number.isFinite(p.lat_deg) || !Number.isFinite(p.lon_deg)) throw new Error(`post ${p.id}: position is not a number`);
  if (!Number.isFinite(o.alt_m) || o.alt_m <= 0) throw new Error(`post ${p.id}: alt_m ${o.alt_m} must be > 0`);
  const dwell_s = o.dwell_s ?? p.dwell_s;
  if (!Number.isFinite(dwell_s) || dwell_s < 0) throw new Error(`post ${p.id}: dwell_s ${dwell_s} must be ≥ 0`);
  if (o.photo !== undefined && o.photo !== false && o.photo !== 'image' && o.photo !== 'digicam') {
    throw new Error(`post ${p.id}: photo must be 'image', 'digicam' or false`);
  }
  const at = (): RouteWaypoint => ({ lat_deg: p.lat_deg, lon_deg: p.lon_deg, alt_m: o.alt_m });
  const actions: RouteAction[] = [];
  if (o.photo) actions.push({ photo: o.photo });
  if (o.action) actions.push(o.action);
  const arrive: RouteWaypoint = { ...at(), roi: { lat_deg: p.lat_deg, lon_deg: p.lon_deg, alt_m: 0 } };
  const hover: RouteWaypoint = { ...at(), hold_s: dwell_s };
  if (actions.length > 0) hover.actions = actions;
  const leave: RouteWaypoint = { ...at(), roi: 'none' };
  return { kind: 'post', ref: p.id, waypoints: [arrive, hover, leave] };
}
