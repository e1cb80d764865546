// Settings → Offline areas: a small map to draw the box to make available offline (leaflet-geoman's rectangle), over
// the base map, with the open site's outline and the box chosen now. Positions stay WGS-84 (the map converts on a
// GCJ-02 layer, like every map of the app).
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MapContainer, Rectangle, useMap } from 'react-leaflet';
import { CRS, type LatLngBoundsExpression, type Layer, type Rectangle as LeafletRectangle } from 'leaflet';
import type { BBox } from '../../../patrol/maps/tile-math';
import { useMapConfig } from '../map/map-config';
import { BaseTiles } from '../map/base-tiles';
import { CRS_GCJ02 } from '../map/gcj02-crs';

const toBounds = (b: BBox): LatLngBoundsExpression => [[b.s_deg, b.w_deg], [b.n_deg, b.e_deg]];

function DrawBox({ drawing, onBox }: { drawing: boolean; onBox: (b: BBox) => void }) {
  const map = useMap();
  useEffect(() => {
    if (!drawing) return;
    map.pm.enableDraw('Rectangle', { snappable: false });
    const created = (e: { layer: Layer }) => {
      const b = (e.layer as LeafletRectangle).getBounds();
      map.removeLayer(e.layer); // the chosen box is drawn from state, not geoman's layer
      onBox({ s_deg: b.getSouth(), w_deg: b.getWest(), n_deg: b.getNorth(), e_deg: b.getEast() });
    };
    map.on('pm:create', created);
    return () => {
      map.off('pm:create', created);
      map.pm.disableDraw();
    };
  }, [map, drawing, onBox]);
  return null;
}

export function AreaBoxMap({ site, box, onBox }: { site: BBox | null; box: BBox | null; onBox: (b: BBox) => void }) {
  const { t } = useTranslation();
  const config = useMapConfig();
  const [drawing, setDrawing] = useState(false);
  const datum = config.layer?.datum ?? 'wgs84';
  const start = box ?? site;
  return (
    <div className="area-box">
      <div className="row">
        <button data-testid="offline-draw" aria-pressed={drawing} className={drawing ? 'active' : ''} onClick={() => setDrawing((d) => !d)}>{t('settings.drawBox')}</button>
        <span className="hint">{drawing ? t('settings.drawHint') : ''}</span>
      </div>
      <div className="area-box-map" data-testid="offline-map">
        <MapContainer key={datum} className="map" crs={datum === 'gcj02' ? CRS_GCJ02 : CRS.EPSG3857} bounds={start ? toBounds(start) : [[-60, -170], [75, 170]]} zoomSnap={0.25} maxZoom={21} attributionControl={false}>
          <BaseTiles config={config} onHealth={() => undefined} />
          {site && <Rectangle bounds={toBounds(site)} pathOptions={{ color: '#455a64', weight: 1, dashArray: '4 4', fill: false }} />}
          {box && <Rectangle bounds={toBounds(box)} pathOptions={{ color: '#1565c0', weight: 2, fillOpacity: 0.1 }} />}
          <DrawBox drawing={drawing} onBox={(b) => {
            setDrawing(false);
            onBox(b);
          }} />
        </MapContainer>
      </div>
    </div>
  );
}
