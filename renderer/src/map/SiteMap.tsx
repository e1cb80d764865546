// Every view's map: the base layer the settings chose (through the tile cache; converted to GCJ-02 on AMap's
// layers), the site and the patrol's path, a scale bar, and a coordinate grid when there are no tiles. Fits the site
// on open and flies to a finding or post the side panel selects.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { AttributionControl, MapContainer, ScaleControl, useMap, ZoomControl } from 'react-leaflet';
import { CRS, latLngBounds, type LatLngBounds, type LatLngBoundsExpression, type LatLngTuple } from 'leaflet';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../../patrol/site/site';
import type { PlanModel } from '../plan/plan-model';
import { RouteLayer } from './route-layer';
import { SiteLayers, toLatLng } from './site-layers';
import { useMapConfig } from './map-config';
import { BaseTiles, type TileHealth } from './base-tiles';
import { CoordGrid } from './coord-grid';
import { CursorCoords } from './cursor-coords';
import { CRS_GCJ02 } from './gcj02-crs';

export function siteBounds(site: Site): LatLngBoundsExpression {
  const pts: LatLngTuple[] = [];
  for (const b of site.buildings) for (const poly of b.polygons) for (const c of poly[0]) pts.push(toLatLng(c));
  for (const p of site.posts) pts.push([p.lat_deg, p.lon_deg]);
  if (site.fence) for (const c of site.fence[0]) pts.push(toLatLng(c));
  if (site.home) pts.push([site.home.lat_deg, site.home.lon_deg]);
  return latLngBounds(pts.length > 0 ? pts : [[0, 0]]);
}

/** Fits the site (or `fit`) when it opens: when `fitKey` changes, else when the site does. An empty site (a new one
 *  being drawn) leaves the map where it is. */
function FitSite({ site, fit, fitKey }: { site: Site; fit: LatLngBounds | null; fitKey?: string }) {
  const map = useMap();
  const latest = useRef(site);
  latest.current = site;
  const key = fitKey ?? site;
  useEffect(() => {
    const s = latest.current;
    if (!fit && s.buildings.length + s.posts.length === 0 && !s.home && !s.fence) return;
    map.fitBounds(fit ?? siteBounds(s), { padding: [24, 24], animate: false }); // not animated: the view may be left (and the map removed) before a zoom animation ends
  }, [map, key, fit]);
  return null;
}

/** Leaflet measures its container once: tell it when the container changes size (a banner closes, the window
 *  is resized), or the map is drawn for the old size. */
function FollowSize() {
  const map = useMap();
  useEffect(() => {
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(map.getContainer());
    return () => observer.disconnect();
  }, [map]);
  return null;
}

/** The map's view on its container (`data-zoom`, `data-center-lat`, `data-center-lon`), for tests that place clicks
 *  at coordinates (Web Mercator, 256-pixel tiles). */
function ViewAttributes() {
  const map = useMap();
  useEffect(() => {
    const write = () => {
      const el = map.getContainer();
      // An animation may end after the map was taken away (the view left): it has no position then.
      if (!el.isConnected || !(map as unknown as { _mapPane?: HTMLElement })._mapPane) return;
      const c = map.getCenter();
      el.dataset.zoom = String(map.getZoom());
      el.dataset.centerLat = String(c.lat);
      el.dataset.centerLon = String(c.lng);
    };
    write();
    map.on('moveend zoomend resize', write);
    return () => {
      map.off('moveend zoomend resize', write);
    };
  }, [map]);
  return null;
}

function FlyTo({ target }: { target: LatLngTuple | null }) {
  const map = useMap();
  useEffect(() => {
    if (target) map.flyTo(target, Math.max(map.getZoom(), 18), { duration: 0.5 });
  }, [map, target]);
  return null;
}

export interface SiteMapProps {
  model: PlanModel;
  selectedFinding: number | null;
  selectedPost: string | null;
  focus: LatLngTuple | null;
  /** Live or replayed duty-post states by post id (colours the posts); absent in the Plan view. */
  postStates?: Readonly<Record<string, string>>;
  /** Draw the planned route (the Plan view); the Fly view draws what the vehicle holds instead. */
  showRoute?: boolean;
  /** Show these bounds (with the site's) rather than the site's alone (a replayed track). */
  fit?: LatLngBounds | null;
  /** More layers (the Fly view's vehicles). */
  children?: ReactNode;
  /** Refit only when this changes (the editor: the file opened), not at every change of the site. */
  fitKey?: string;
  /** A building or post clicked (the editor selects it). */
  onSelectFeature?: (kind: 'building' | 'post' | 'fence', id: string) => void;
  selectedBuilding?: string | null;
}

export function SiteMap({ model, selectedFinding, selectedPost, focus, postStates, showRoute = true, fit = null, children, fitKey, onSelectFeature, selectedBuilding = null }: SiteMapProps) {
  const { t } = useTranslation();
  const config = useMapConfig();
  const [health, setHealth] = useState<TileHealth>('ok');
  const onHealth = useCallback((h: TileHealth) => setHealth(h), []);
  const datum = config.layer?.datum ?? 'wgs84';
  const plain = config.layer === null;
  const bounds = useMemo(() => {
    if (!fit) return null;
    const b = latLngBounds(fit.getSouthWest(), fit.getNorthEast());
    if (model.site.buildings.length + model.site.posts.length > 0 || model.site.home) b.extend(siteBounds(model.site) as LatLngBounds);
    return b;
  }, [fit, model.site]);
  return (
    <div className="map-wrap" data-testid="map" data-layer={config.layer?.id ?? 'none'} data-datum={datum} data-tiles={plain ? 'none' : health}>
      {/* A new map for a new datum: Leaflet cannot change a map's projection in place. */}
      <MapContainer key={datum} className={`map${plain || health === 'offline' ? ' plain' : ''}`} crs={datum === 'gcj02' ? CRS_GCJ02 : CRS.EPSG3857} bounds={bounds ?? siteBounds(model.site)} zoomSnap={0.25} maxZoom={21} preferCanvas={false} zoomControl={false} attributionControl={false}>
        <ZoomControl key={t('map.zoomIn')} position="topleft" zoomInTitle={t('map.zoomIn')} zoomOutTitle={t('map.zoomOut')} />
        {/* No "Leaflet" link: in the desktop window a link must not lead away from the app. */}
        <AttributionControl position="bottomright" prefix={false} />
        <ScaleControl position="bottomleft" imperial={false} />
        <BaseTiles key={config.layer?.id ?? 'none'} config={config} onHealth={onHealth} />
        {(plain || health === 'offline') && <CoordGrid format={config.coordFormat} />}
        <CursorCoords format={config.coordFormat} />
        <SiteLayers key={model.site.name} site={model.site} selectedPost={selectedPost} postStates={postStates} onSelect={onSelectFeature} selectedBuilding={selectedBuilding} />
        {showRoute && model.report && <RouteLayer path={model.report.path} findings={model.report.findings} selected={selectedFinding} />}
        <FitSite site={model.site} fit={bounds} fitKey={fitKey} />
        <FollowSize />
        <ViewAttributes />
        <FlyTo target={focus} />
        {children}
      </MapContainer>
      {(plain || health === 'offline') && (
        <div className="map-note" data-testid="map-note" data-state={plain ? 'plain' : 'offline'}>
          {plain ? (config.missingKey ? t('map.needsKey') : t('map.noBasemap')) : t('map.offline')}
        </div>
      )}
    </div>
  );
}
