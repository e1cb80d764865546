// What every map of the app draws under the site (issue 12): the base layer the settings chose (its tiles come
// through the Node side's cache: an HTTP route in browser mode, a custom protocol in the desktop app), its datum,
// and how coordinates are written. Given by App to every view's map through one React context.
import { createContext, useContext } from 'react';
import type { AppInfo } from '../../../electron/api';
import { TILE_PROTOCOL, TILE_ROUTE } from '../../../electron/api';
import { findLayer, NO_LAYER, type BaseLayer } from '../../../patrol/maps/providers';
import type { CoordFormat } from '../../../patrol/maps/coord-format';

export interface MapConfig {
  /** null: the plain background (no tiles at all). */
  layer: BaseLayer | null;
  /** Tianditu's labels over its base. */
  labels: BaseLayer | null;
  /** The layer needs the user's key and has none: drawn plain, and Settings says why. */
  missingKey: boolean;
  /** The URL template the map asks for a layer's tiles with. */
  template(layerId: string): string;
  coordFormat: CoordFormat;
}

/** The tile URL a layer's tiles are asked for: the page's server (with the run's token) or the desktop protocol. */
export function tileTemplate(mode: AppInfo['mode'], layerId: string, search: string = location.search): string {
  if (mode === 'desktop') return `${TILE_PROTOCOL}://tiles/${layerId}/{z}/{x}/{y}`;
  const token = new URLSearchParams(search).get('token') ?? '';
  return `${TILE_ROUTE}/${layerId}/{z}/{x}/{y}?token=${encodeURIComponent(token)}`;
}

export function mapConfigOf(info: Pick<AppInfo, 'mode' | 'settings'>): MapConfig {
  const s = info.settings;
  const found = s.base_layer === NO_LAYER ? null : findLayer(s.base_layer, s.custom_layers);
  const missingKey = found?.needs_key === 'tianditu' && !s.tianditu_key;
  const layer = missingKey ? null : found;
  const labels = layer?.labels_url ? findLayer(`${layer.id}-labels`, s.custom_layers) : null;
  return { layer, labels, missingKey, template: (id) => tileTemplate(info.mode, id), coordFormat: s.coord_format };
}

const PLAIN: MapConfig = { layer: null, labels: null, missingKey: false, template: () => '', coordFormat: 'deg' };
export const MapConfigContext = createContext<MapConfig>(PLAIN);
export const useMapConfig = (): MapConfig => useContext(MapConfigContext);
