// Where the pointer is on the map, written as the settings say (decimal degrees or d°m′s″), in WGS-84 whatever
// the base layer's datum: the position a file or the vehicle would use.
import { useEffect, useState } from 'react';
import { useMap } from 'react-leaflet';
import { formatLatLon, type CoordFormat } from '../../../patrol/maps/coord-format';

export function CursorCoords({ format }: { format: CoordFormat }) {
  const map = useMap();
  const [at, setAt] = useState<{ lat: number; lng: number } | null>(null);
  useEffect(() => {
    const move = (e: { latlng: { lat: number; lng: number } }) => setAt(e.latlng);
    const out = () => setAt(null);
    map.on('mousemove', move);
    map.on('mouseout', out);
    return () => {
      map.off('mousemove', move);
      map.off('mouseout', out);
    };
  }, [map]);
  if (!at) return null;
  return <div className="cursor-coords" data-testid="map-cursor" data-lat={at.lat.toFixed(7)} data-lon={at.lng.toFixed(7)}>{formatLatLon(at.lat, at.lng, format)}</div>;
}
