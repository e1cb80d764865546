// The coordinate grid drawn when there are no tiles (the plain background, or offline beyond the cache): meridians
// and parallels at a round step for the view (decimal or d°m′s″, as the settings say), labelled at the map's top
// and left edges. With the scale bar it keeps a map without tiles readable, never a wall of broken images.
import { useEffect, useState } from 'react';
import { Pane, Polyline, useMap } from 'react-leaflet';
import type { PathOptions } from 'leaflet';
import type { CoordFormat } from '../../../patrol/maps/coord-format';
import { toDms } from '../../../patrol/maps/coord-format';

const DECIMAL_STEPS = [1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30];
const S = 1 / 3600;
const DMS_STEPS = [S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S, 60 * S, 120 * S, 300 * S, 600 * S, 900 * S, 1800 * S, 1, 2, 5, 10, 20, 30];

/** The round step that draws about `lines` lines across `span_deg`. */
export function gridStep(span_deg: number, format: CoordFormat, lines = 6): number {
  const steps = format === 'dms' ? DMS_STEPS : DECIMAL_STEPS;
  return steps.find((s) => span_deg / s <= lines) ?? steps[steps.length - 1];
}

function label(v: number, step: number, format: CoordFormat, pos: string, neg: string): string {
  const h = v >= 0 ? pos : neg;
  if (format === 'dms') return `${toDms(v)} ${h}`;
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return `${Math.abs(v).toFixed(decimals)}° ${h}`;
}

interface Grid {
  lats: number[];
  lons: number[];
  step_lat: number;
  step_lon: number;
  south: number;
  north: number;
  west: number;
  east: number;
}

export function CoordGrid({ format }: { format: CoordFormat }) {
  const map = useMap();
  const [grid, setGrid] = useState<Grid | null>(null);
  const [labels, setLabels] = useState<{ text: string; x: number; y: number; axis: 'lat' | 'lon' }[]>([]);
  useEffect(() => {
    const update = () => {
      if (!map.getContainer().isConnected) return;
      const b = map.getBounds();
      const south = Math.max(-85, b.getSouth());
      const north = Math.min(85, b.getNorth());
      const west = Math.max(-180, b.getWest());
      const east = Math.min(180, b.getEast());
      const step_lat = gridStep(north - south, format);
      const step_lon = gridStep(east - west, format);
      const lats: number[] = [];
      const lons: number[] = [];
      for (let v = Math.ceil(south / step_lat) * step_lat; v <= north && lats.length < 40; v += step_lat) lats.push(v);
      for (let v = Math.ceil(west / step_lon) * step_lon; v <= east && lons.length < 40; v += step_lon) lons.push(v);
      setGrid({ lats, lons, step_lat, step_lon, south, north, west, east });
      const size = map.getSize();
      setLabels([
        ...lats.map((v) => ({ text: label(v, step_lat, format, 'N', 'S'), x: 6, y: map.latLngToContainerPoint([v, west]).y, axis: 'lat' as const })),
        // Longitudes along the top; latitudes along the left edge, clear of the zoom buttons above and the scale bar
        // and notes below (the right side holds the Fly and Replay views' instruments).
        ...lons.map((v) => ({ text: label(v, step_lon, format, 'E', 'W'), x: map.latLngToContainerPoint([north, v]).x, y: 4, axis: 'lon' as const })),
      ].filter((l) => l.x >= 0 && l.x <= size.x && l.y >= 0 && l.y <= size.y && (l.axis === 'lon' ? l.x > 70 : l.y > 100 && l.y < size.y - 70)));
    };
    update();
    map.on('moveend zoomend resize', update);
    return () => {
      map.off('moveend zoomend resize', update);
    };
  }, [map, format]);
  if (!grid) return null;
  // Not a drawing's snap target, nor a layer geoman edits: a corner drawn near a grid line stays where it was clicked.
  const style = { color: '#8a9a8a', weight: 1, opacity: 0.55, interactive: false, pmIgnore: true, snapIgnore: true } as PathOptions;
  return (
    <>
      <Pane name="coord-grid" style={{ zIndex: 250 }}>
        {grid.lats.map((v) => <Polyline key={`lat${v}`} positions={[[v, grid.west], [v, grid.east]]} pathOptions={style} />)}
        {grid.lons.map((v) => <Polyline key={`lon${v}`} positions={[[grid.south, v], [grid.north, v]]} pathOptions={style} />)}
      </Pane>
      <div className="grid-labels" data-testid="map-grid" data-lines={grid.lats.length + grid.lons.length}>
        {labels.map((l) => (
          <span key={`${l.axis}${l.text}`} className={`grid-label ${l.axis}`} style={{ left: l.x, top: l.y }}>{l.text}</span>
        ))}
      </div>
    </>
  );
}
