// Vehicles on the map: a marker per vehicle rotated to its heading, labelled by sysid in its own colour, its trail
// and its home; the mission the selected vehicle holds (as read back from it), the current item highlighted and
// the leg it is flying now drawn; and follow-vehicle, which keeps the selected one in view.
import { useEffect } from 'react';
import { divIcon } from 'leaflet';
import { CircleMarker, Marker, Polyline, Tooltip, useMap } from 'react-leaflet';
import type { LiveVehicle, VehicleMission } from '../../../electron/api';
import { vehicleKey, type Trail } from '../source/flight-source';

const COLOURS = ['#d7263d', '#1b998b', '#f46036', '#5b3fa8', '#2b7bb9', '#8a6d00'];

/** A vehicle's colour, by sysid (stable while others come and go). */
export const vehicleColour = (sysid: number): string => COLOURS[(sysid - 1 + COLOURS.length) % COLOURS.length];

export interface VehicleLayerProps {
  vehicles: LiveVehicle[];
  trails: Record<string, Trail>;
  selected: string | null;
  onSelect: (key: string) => void;
}

export function VehicleLayer({ vehicles, trails, selected, onSelect }: VehicleLayerProps) {
  return (
    <>
      {vehicles.map((v) => {
        const key = vehicleKey(v);
        const trail = trails[key];
        return trail && trail.length > 1 ? (
          <Polyline key={`trail-${key}`} positions={trail} className="wp-trail" pathOptions={{ color: vehicleColour(v.sysid), weight: 2, opacity: 0.8 }} interactive={false} />
        ) : null;
      })}
      {vehicles.filter((v) => v.home).map((v) => (
        <CircleMarker key={`home-${vehicleKey(v)}`} center={[v.home?.lat as number, v.home?.lon as number]} radius={6} className="wp-vehicle-home" pathOptions={{ color: vehicleColour(v.sysid), fillColor: '#fff', fillOpacity: 1, weight: 3 }}>
          <Tooltip>H {v.sysid}</Tooltip>
        </CircleMarker>
      ))}
      {vehicles.filter((v) => v.lat !== null && v.lon !== null).map((v) => {
        const key = vehicleKey(v);
        const colour = vehicleColour(v.sysid);
        const icon = divIcon({
          className: '',
          html: `<div data-testid="vehicle-${v.sysid}" data-key="${key}" class="vehicle${key === selected ? ' selected' : ''}" style="color:${colour};transform:rotate(${v.heading_deg ?? 0}deg)">▲</div>`,
          iconSize: [28, 28],
          iconAnchor: [14, 14],
        });
        return (
          <Marker key={key} position={[v.lat as number, v.lon as number]} icon={icon} eventHandlers={{ click: () => onSelect(key) }}>
            <Tooltip permanent direction="right" offset={[12, 0]} className="vehicle-label">
              <span style={{ color: colour, fontWeight: 700 }}>{v.sysid}</span>
            </Tooltip>
          </Marker>
        );
      })}
    </>
  );
}

/** The mission a vehicle holds: its route, the current item ringed, the leg being flown drawn bold. */
export function MissionLayer({ mission, vehicle }: { mission: VehicleMission; vehicle: LiveVehicle | null }) {
  const placed = mission.items.filter((i) => i.lat_deg !== null && i.lon_deg !== null);
  const current = vehicle?.mission_seq ?? null;
  const idx = current === null ? -1 : placed.findIndex((i) => i.seq >= current);
  const colour = vehicleColour(mission.sysid);
  const pos = (i: (typeof placed)[number]): [number, number] => [i.lat_deg as number, i.lon_deg as number];
  const from = vehicle && vehicle.lat !== null && vehicle.lon !== null ? ([vehicle.lat, vehicle.lon] as [number, number]) : null;
  return (
    <>
      <Polyline positions={placed.map(pos)} className="wp-mission" pathOptions={{ color: colour, weight: 2, dashArray: '6 5', opacity: 0.9 }} interactive={false} />
      {placed.map((i) => (
        <CircleMarker key={i.seq} center={pos(i)} radius={i.seq === placed[idx]?.seq ? 7 : 3} className={i.seq === placed[idx]?.seq ? 'wp-mission-current' : 'wp-mission-item'}
          pathOptions={{ color: colour, fillColor: i.seq === placed[idx]?.seq ? '#ffeb3b' : colour, fillOpacity: 1, weight: i.seq === placed[idx]?.seq ? 3 : 1 }}>
          <Tooltip>{i.seq} · {i.command_name}{i.alt_m !== null ? ` · ${i.alt_m.toFixed(1)} m` : ''}</Tooltip>
        </CircleMarker>
      ))}
      {idx >= 0 && from && <Polyline positions={[from, pos(placed[idx])]} className="wp-next-leg" pathOptions={{ color: colour, weight: 4, opacity: 0.9 }} interactive={false} />}
    </>
  );
}

/** Keeps the followed vehicle in view (pans when it nears the edge, never fights the user's zoom). */
export function FollowVehicle({ vehicle, on }: { vehicle: LiveVehicle | null; on: boolean }) {
  const map = useMap();
  const lat = vehicle?.lat ?? null;
  const lon = vehicle?.lon ?? null;
  useEffect(() => {
    if (!on || lat === null || lon === null) return;
    const inner = map.getBounds().pad(-0.25);
    if (!inner.contains([lat, lon])) map.panTo([lat, lon], { animate: true, duration: 0.3 });
  }, [map, on, lat, lon]);
  return null;
}
