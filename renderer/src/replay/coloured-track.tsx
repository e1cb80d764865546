// The replayed track coloured by altitude, ground speed or flight mode: consecutive points of the same colour
// drawn as one line (a few dozen lines, not one per point). Hovering shows that moment; a click seeks there.
import { memo, useMemo, useState } from 'react';
import { CircleMarker, Polyline, Tooltip } from 'react-leaflet';
import type { LeafletMouseEvent } from 'leaflet';
import type { ReplaySeries } from '../../../electron/api';
import { elapsed } from '../fly/fly-format';
import { RAMP, rampColour } from '../map/altitude-ramp';

export type TrackColouring = 'altitude' | 'speed' | 'mode';
export const COLOURINGS: readonly TrackColouring[] = ['altitude', 'speed', 'mode'];

const MODE_COLOURS = ['#1b6ac9', '#2e7d32', '#ef6c00', '#6a1b9a', '#c62828', '#00838f', '#8d6e63', '#546e7a'];

interface Run { colour: string; points: Array<[number, number]>; from: number }

function runsOf(s: ReplaySeries, by: TrackColouring): { runs: Run[]; legend: Array<[string, string]> } {
  const values = by === 'altitude' ? s.alt_rel_m : s.speed_mps;
  const finite = values.filter((v): v is number => v !== null);
  const [lo, hi] = finite.length > 0 ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
  const modes = [...new Set(s.mode)];
  const colourAt = (i: number): string => {
    if (by === 'mode') return MODE_COLOURS[modes.indexOf(s.mode[i]) % MODE_COLOURS.length];
    const v = values[i];
    if (v === null) return '#9e9e9e';
    return rampColour(v, lo, hi);
  };
  const runs: Run[] = [];
  for (let i = 0; i < s.t_ms.length; i++) {
    const c = colourAt(i);
    const p: [number, number] = [s.lat_deg[i], s.lon_deg[i]];
    const last = runs.at(-1);
    if (last && last.colour === c) last.points.push(p);
    else runs.push({ colour: c, points: last ? [last.points[last.points.length - 1], p] : [p], from: i });
  }
  const legend: Array<[string, string]> = by === 'mode' ? modes.map((m, i) => [MODE_COLOURS[i % MODE_COLOURS.length], m])
    : [[RAMP[0], lo.toFixed(by === 'altitude' ? 0 : 1)], [RAMP[RAMP.length - 1], hi.toFixed(by === 'altitude' ? 0 : 1)]];
  return { runs, legend };
}

/** The nearest point of the series to a place on the map (by index over the run's points). */
function nearest(s: ReplaySeries, lat: number, lon: number): number {
  let best = 0;
  let bestD = Infinity;
  const k = Math.cos((lat * Math.PI) / 180);
  for (let i = 0; i < s.t_ms.length; i++) {
    const d = (s.lat_deg[i] - lat) ** 2 + ((s.lon_deg[i] - lon) * k) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export const ColouredTrack = memo(function ColouredTrack({ series, by, onSeek, unit }: { series: ReplaySeries; by: TrackColouring; onSeek: (t_ms: number) => void; unit: { m: string; mps: string } }) {
  const { runs } = useMemo(() => runsOf(series, by), [series, by]);
  const [hover, setHover] = useState<number | null>(null);
  const handlers = useMemo(() => ({
    click: (e: LeafletMouseEvent) => onSeek(series.t_ms[nearest(series, e.latlng.lat, e.latlng.lng)]),
    mousemove: (e: LeafletMouseEvent) => setHover(nearest(series, e.latlng.lat, e.latlng.lng)),
    mouseout: () => setHover(null),
  }), [series, onSeek]);
  return (
    <>
      {runs.map((r, i) => (
        <Polyline key={`${by}-${i}`} positions={r.points} className="wp-trail wp-track-coloured" pathOptions={{ color: r.colour, weight: 5, opacity: 0.9 }} eventHandlers={handlers} />
      ))}
      {hover !== null && (
        <CircleMarker center={[series.lat_deg[hover], series.lon_deg[hover]]} radius={6} className="wp-track-hover" pathOptions={{ color: '#000', fillColor: '#fff', fillOpacity: 1, weight: 2 }} interactive={false}>
          <Tooltip permanent direction="top" offset={[0, -8]} className="track-preview">
            {`${elapsed(series.t_ms[hover] / 1000)} · ${series.alt_rel_m[hover]?.toFixed(1) ?? '—'} ${unit.m} · ${series.speed_mps[hover]?.toFixed(1) ?? '—'} ${unit.mps} · ${series.mode[hover]}`}
          </Tooltip>
        </CircleMarker>
      )}
    </>
  );
});

export function trackLegend(series: ReplaySeries, by: TrackColouring): Array<[string, string]> {
  return runsOf(series, by).legend;
}
