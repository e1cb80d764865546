// The base layer's tiles (and Tianditu's labels over them), asked from the Node side's cache, and whether they
// arrive: a tile that cannot be had (no network and not cached) is left out — Leaflet hides an image that failed —
// and the map says it is offline and draws its grid, so the site and the track stay readable on the plain ground.
import { useEffect, useRef } from 'react';
import { TileLayer, useMap } from 'react-leaflet';
import type { TileLayer as LeafletTileLayer } from 'leaflet';
import type { MapConfig } from './map-config';

export type TileHealth = 'ok' | 'offline';

/** A transparent pixel for tiles that fail: never the browser's broken-image icon. */
const EMPTY_TILE = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';

export function BaseTiles({ config, onHealth }: { config: MapConfig; onHealth: (h: TileHealth) => void }) {
  const map = useMap();
  const layerRef = useRef<LeafletTileLayer | null>(null);
  const layer = config.layer;
  useEffect(() => {
    const tiles = layerRef.current;
    if (!tiles) return;
    // Counted per view: a pan into a cached area after an offline one clears the note.
    let failed = 0;
    const onLoading = () => {
      failed = 0;
    };
    const onError = () => {
      failed += 1;
      onHealth('offline');
    };
    const onLoad = () => {
      if (failed === 0) onHealth('ok');
    };
    tiles.on('loading', onLoading);
    tiles.on('tileerror', onError);
    tiles.on('load', onLoad);
    return () => {
      tiles.off('loading', onLoading);
      tiles.off('tileerror', onError);
      tiles.off('load', onLoad);
    };
  }, [map, layer, onHealth]);
  if (!layer) return null;
  return (
    <>
      <TileLayer ref={layerRef} key={layer.id} url={config.template(layer.id)} maxZoom={21} maxNativeZoom={layer.max_zoom} attribution={layer.attribution} errorTileUrl={EMPTY_TILE} />
      {config.labels && <TileLayer key={config.labels.id} url={config.template(config.labels.id)} maxZoom={21} maxNativeZoom={config.labels.max_zoom} errorTileUrl={EMPTY_TILE} />}
    </>
  );
}
