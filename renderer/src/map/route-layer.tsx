// The patrol's flight path as the preflight checks walked it (takeoff, legs, return), coloured by altitude (blue low,
// red high, over the route's own range), and the findings that have a place, as red (error) or amber (warning) rings.
import { memo, useMemo } from 'react';
import { rampColour } from './altitude-ramp';
import { CircleMarker, Polyline, Tooltip } from 'react-leaflet';
import type { PathPoint } from '../../../patrol/preflight/path';
import type { Finding } from '../../../patrol/preflight/types';
import { findingText } from '../../../patrol/preflight/finding-text';
import { useTranslation } from 'react-i18next';

/** The path cut where its colour (by altitude, over the path's own range) changes: a few lines, not one per point. */
export function altitudeRuns(path: readonly PathPoint[]): Array<{ colour: string; points: Array<[number, number]> }> {
  if (path.length < 2) return [];
  const alts = path.map((p) => p.alt_m);
  const [lo, hi] = [Math.min(...alts), Math.max(...alts)];
  const runs: Array<{ colour: string; points: Array<[number, number]> }> = [];
  for (let i = 1; i < path.length; i++) {
    const c = rampColour((path[i - 1].alt_m + path[i].alt_m) / 2, lo, hi);
    const a: [number, number] = [path[i - 1].lat_deg, path[i - 1].lon_deg];
    const b: [number, number] = [path[i].lat_deg, path[i].lon_deg];
    const last = runs.at(-1);
    if (last && last.colour === c) last.points.push(b);
    else runs.push({ colour: c, points: [a, b] });
  }
  return runs;
}

const SEVERITY_COLOUR = { error: '#d50000', warning: '#ff8f00', info: '#0277bd' } as const;

export const RouteLayer = memo(function RouteLayer({ path, findings, selected }: { path: readonly PathPoint[]; findings: readonly Finding[]; selected: number | null }) {
  const { i18n } = useTranslation();
  const runs = useMemo(() => altitudeRuns(path), [path]);
  return (
    <>
      <Polyline positions={path.map((p) => [p.lat_deg, p.lon_deg])} className={'wp-route'} interactive={false} pathOptions={{ color: '#37474f', weight: 5, opacity: 0.35 }} />
      {runs.map((r, i) => <Polyline key={i} positions={r.points} className="wp-route-alt" interactive={false} pathOptions={{ color: r.colour, weight: 2.5, opacity: 0.95 }} />)}
      {findings.map((f, i) =>
        f.location && f.severity !== 'info' ? (
          <CircleMarker
            key={i}
            center={[f.location.lat_deg, f.location.lon_deg]}
            radius={selected === i ? 14 : 9}
            className={`wp-finding wp-finding-${f.severity}`} pathOptions={{ color: SEVERITY_COLOUR[f.severity], weight: 3, fillOpacity: 0.15 }}
          >
            <Tooltip>{findingText(f, i18n.language === 'zh-CN' ? 'zh-CN' : 'en')}</Tooltip>
          </CircleMarker>
        ) : null,
      )}
    </>
  );
});
