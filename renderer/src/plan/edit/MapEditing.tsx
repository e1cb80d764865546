// Drawing and reshaping on the Plan map with leaflet-geoman (issue 11): outlines of buildings and the fence, and
// courtyards (holes) in the selected building, are drawn with its polygon tool (click the corners, then the first
// one again); the selected building is reshaped or
// moved with its edit mode (drag a corner or the middle of a side, drag the whole shape); a duty post, home and a
// waypoint are placed with a click, and the selected post moves by dragging. What is drawn goes to the editor as
// coordinates: the map shows the plan, never geoman's own layers.
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import { useEffect, useRef } from 'react';
import { useMap, useMapEvents } from 'react-leaflet';
import L, { type LatLng } from 'leaflet';
import type { LonLat, PolygonRings, Site } from '../../../../patrol/site/site';

export type Tool = 'select' | 'building' | 'courtyard' | 'post' | 'fence' | 'home' | 'waypoint';
export type Selection = { kind: 'building' | 'post' | 'fence'; id: string } | null;

const toLonLat = (ll: LatLng): LonLat => [ll.lng, ll.lat];

/** A Leaflet polygon's rings (outer ring first, then holes) as GeoJSON rings, closed. */
function ringsOf(layer: L.Polygon): PolygonRings[] {
  const raw = layer.getLatLngs() as LatLng[][] | LatLng[][][];
  const polys = (Array.isArray(raw[0]) && Array.isArray((raw[0] as unknown[])[0]) ? raw : [raw]) as LatLng[][][];
  return polys.map((poly) => poly.map((ring) => {
    const r = ring.map(toLonLat);
    return r.length > 0 ? [...r, r[0]] : r;
  }));
}

export interface MapEditingProps {
  site: Site;
  tool: Tool;
  selected: Selection;
  /** An outline drawn with the building, courtyard or fence tool (outer ring, not closed). */
  onDrawn: (tool: 'building' | 'courtyard' | 'fence', rings: LonLat[][]) => void;
  /** A click with the post, home or waypoint tool. */
  onPlace: (tool: 'post' | 'home' | 'waypoint', lat_deg: number, lon_deg: number) => void;
  onShape: (id: string, polygons: PolygonRings[]) => void;
  /** The fence reshaped or moved: its ring. */
  onFence: (ring: LonLat[]) => void;
  onMovePost: (id: string, lat_deg: number, lon_deg: number) => void;
}

export function MapEditing({ site, tool, selected, onDrawn, onPlace, onShape, onFence, onMovePost }: MapEditingProps) {
  const map = useMap();
  // The latest callbacks, for the Leaflet handlers set up once per tool or selection.
  const handlers = useRef({ onDrawn, onPlace, onShape, onFence, onMovePost });
  handlers.current = { onDrawn, onPlace, onShape, onFence, onMovePost };

  useEffect(() => {
    map.pm.setGlobalOptions({ allowSelfIntersection: false, snappable: true, snapDistance: 12 });
    const drawing = tool === 'building' || tool === 'fence' || tool === 'courtyard';
    if (drawing) {
      map.pm.enableDraw('Polygon', {
        allowSelfIntersection: false,
        templineStyle: { color: tool === 'fence' ? '#c62828' : '#1565c0' },
        pathOptions: { color: tool === 'fence' ? '#c62828' : '#1565c0' },
      });
    } else map.pm.disableDraw();
    const created = (e: { layer: L.Layer }) => {
      const rings = ringsOf(e.layer as L.Polygon)[0].map((r) => r.slice(0, -1));
      map.removeLayer(e.layer);
      if (tool === 'building' || tool === 'fence' || tool === 'courtyard') handlers.current.onDrawn(tool, rings);
    };
    map.on('pm:create', created);
    map.getContainer().classList.toggle('wp-placing', tool === 'post' || tool === 'home' || tool === 'waypoint');
    return () => {
      map.off('pm:create', created);
      map.pm.disableDraw();
    };
  }, [map, tool]);

  useMapEvents({
    click: (e) => {
      if (tool === 'post' || tool === 'home' || tool === 'waypoint') handlers.current.onPlace(tool, e.latlng.lat, e.latlng.lng);
    },
  });

  // The selected building, editable: a geoman layer over it, replaced when the plan changes.
  const building = selected?.kind === 'building' ? site.buildings.find((b) => b.id === selected.id) : undefined;
  const post = selected?.kind === 'post' ? site.posts.find((p) => p.id === selected.id) : undefined;
  useEffect(() => {
    if (!building || tool !== 'select') return;
    const layer = L.polygon(building.polygons.map((poly) => poly.map((ring) => ring.slice(0, -1).map(([lon, lat]) => [lat, lon] as [number, number]))), {
      color: '#1565c0', weight: 2, fillOpacity: 0.05, className: 'wp-editing',
    });
    layer.addTo(map);
    layer.pm.enable({ allowSelfIntersection: false, draggable: true, snappable: false });
    layer.on('pm:edit', () => handlers.current.onShape(building.id, ringsOf(layer)));
    return () => {
      layer.pm.disable();
      map.removeLayer(layer);
    };
  }, [map, building, tool]);

  // The fence, selected: reshaped or moved the same way.
  const fence = selected?.kind === 'fence' ? site.fence : undefined;
  useEffect(() => {
    if (!fence || tool !== 'select') return;
    const layer = L.polygon(fence[0].slice(0, -1).map(([lon, lat]) => [lat, lon] as [number, number]), { color: '#c62828', weight: 2, fillOpacity: 0.03, className: 'wp-editing' });
    layer.addTo(map);
    layer.pm.enable({ allowSelfIntersection: false, draggable: true, snappable: false });
    layer.on('pm:edit', () => handlers.current.onFence(ringsOf(layer)[0][0]));
    return () => {
      layer.pm.disable();
      map.removeLayer(layer);
    };
  }, [map, fence, tool]);

  useEffect(() => {
    if (!post || tool !== 'select') return;
    const marker = L.marker([post.lat_deg, post.lon_deg], { draggable: true, pmIgnore: true, title: post.id, icon: L.divIcon({ className: 'wp-post-handle', iconSize: [16, 16] }) });
    marker.on('dragend', () => {
      const ll = marker.getLatLng();
      handlers.current.onMovePost(post.id, ll.lat, ll.lng);
    });
    marker.addTo(map);
    return () => {
      map.removeLayer(marker);
    };
  }, [map, post, tool]);
  return null;
}
