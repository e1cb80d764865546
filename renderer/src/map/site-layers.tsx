// The site on the map: buildings (shaded by height, key buildings outlined), duty posts with their radius, the
// fence and home. Classes on the SVG paths (wp-building, wp-post…) let the end-to-end tests count them.
import { memo } from 'react';
import { Circle, CircleMarker, Polygon, Polyline, Tooltip } from 'react-leaflet';
import { useTranslation } from 'react-i18next';
import type { LatLngTuple } from 'leaflet';
import type { PolygonRings, Site } from '../../../patrol/site/site';
import { localName } from './local-name';

export const toLatLng = ([lon, lat]: [number, number]): LatLngTuple => [lat, lon];
const rings = (p: PolygonRings): LatLngTuple[][] => p.map((r) => r.map(toLatLng));

/** Lighter for low buildings, darker for towers (up to 100 m). */
export function heightColour(height_m: number): string {
  const t = Math.max(0, Math.min(1, height_m / 100));
  const l = Math.round(82 - t * 45);
  return `hsl(215, 35%, ${l}%)`;
}

/** A live or replayed duty post's state → its colour on the map (the Plan view's posts are green). */
export const POST_STATE_COLOURS: Readonly<Record<string, string>> = { pending: '#607d8b', in_view: '#f9a825', checked: '#2e7d32', brief: '#ef6c00', missed: '#c62828' };

/**
 * Memoised: the Fly view renders 20 times a second as snapshots arrive; the site's shapes are drawn again only when
 * the site, the selection or the post states change (react-leaflet re-applies every shape it renders).
 */
type OnSelect = (kind: 'building' | 'post' | 'fence', id: string) => void;

export const SiteLayers = memo(function SiteLayers({ site, selectedPost, postStates, onSelect, selectedBuilding = null }: { site: Site; selectedPost: string | null; postStates?: Readonly<Record<string, string>>; onSelect?: OnSelect; selectedBuilding?: string | null }) {
  return (
    <>
      <SiteShapes site={site} onSelect={onSelect} selectedBuilding={selectedBuilding} />
      <SitePosts site={site} selectedPost={selectedPost} postStates={postStates} onSelect={onSelect} />
    </>
  );
});

/** The fence, the buildings and home: they change only with the site (and the language of their labels). */
const SiteShapes = memo(function SiteShapes({ site, onSelect, selectedBuilding }: { site: Site; onSelect?: OnSelect; selectedBuilding: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {site.fence && (
        <Polyline positions={site.fence.map((r) => r.map(toLatLng))} className={'wp-fence'} pathOptions={{ color: '#c62828', weight: 2, dashArray: '8 6' }}>
          <Tooltip sticky>{t('map.fence')}</Tooltip>
        </Polyline>
      )}
      {/* In the editor: a wide, unseen line along the fence to click it by (a dashed line is hit only on its dashes). */}
      {site.fence && onSelect && (
        <Polyline positions={site.fence.map((r) => r.map(toLatLng))} className="wp-fence-hit" eventHandlers={{ click: () => onSelect('fence', 'fence') }} pathOptions={{ color: '#c62828', weight: 14, opacity: 0 }} />
      )}
      {site.buildings.map((b) => (
        <Polygon
          key={b.id}
          positions={b.polygons.map(rings)}
          {...(onSelect ? { eventHandlers: { click: () => onSelect('building', b.id) } } : {})}
          className={`wp-building${b.key ? ' wp-building-key' : ''}${selectedBuilding === b.id ? ' wp-selected' : ''}`} pathOptions={{ color: selectedBuilding === b.id ? '#1565c0' : b.key ? '#e65100' : '#455a64',
            weight: selectedBuilding === b.id ? 3 : b.key ? 3 : 1,
            fillColor: heightColour(b.height_m),
            fillOpacity: 0.75,
            dashArray: b.height_assumed ? '4 4' : undefined,
          }}
        >
          <Tooltip sticky>
            <b>{localName(b, i18n.language)}</b> · {t('plan.roof', { height: b.height_m })}
            {b.key ? ` · ${t('map.key')}` : ''}
            {b.height_assumed ? ` · ${t('plan.assumed')}` : ''}
          </Tooltip>
        </Polygon>
      ))}
      {site.home && (
        <CircleMarker center={[site.home.lat_deg, site.home.lon_deg]} radius={8} className={'wp-home'} pathOptions={{ color: '#000', fillColor: '#ffeb3b', fillOpacity: 1, weight: 2 }}>
          <Tooltip permanent direction="right" offset={[8, 0]}>
            H · {t('map.home')}
          </Tooltip>
        </CircleMarker>
      )}
    </>
  );
});

const SitePosts = memo(function SitePosts({ site, selectedPost, postStates, onSelect }: { site: Site; selectedPost: string | null; postStates?: Readonly<Record<string, string>>; onSelect?: OnSelect }) {
  const { i18n } = useTranslation();
  return (
    <>
      {site.posts.map((p) => (
        <Circle
          key={postStates ? `${p.id}:${postStates[p.id] ?? 'pending'}` : p.id /* Leaflet sets a class only on creation */}
          center={[p.lat_deg, p.lon_deg]}
          radius={p.radius_m}
          {...(onSelect ? { eventHandlers: { click: () => onSelect('post', p.id) } } : {})}
          className={`wp-post${postStates ? ` wp-post-${postStates[p.id] ?? 'pending'}` : ''}`}
          pathOptions={{ color: selectedPost === p.id ? '#1565c0' : postStates ? POST_STATE_COLOURS[postStates[p.id] ?? 'pending'] : '#2e7d32', fillColor: postStates ? POST_STATE_COLOURS[postStates[p.id] ?? 'pending'] : undefined, weight: selectedPost === p.id ? 4 : 2, fillOpacity: 0.25 }}
        >
          <Tooltip permanent direction="top" offset={[0, -6]} className="wp-post-label">
            {p.id} {localName(p, i18n.language)}
          </Tooltip>
        </Circle>
      ))}
    </>
  );
});
