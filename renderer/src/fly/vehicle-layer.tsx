// Vehicles on the map: a marker per vehicle rotated to its heading, labelled by sysid in its own colour, its trail
// and its home; the mission the selected vehicle holds (as read back from it), the current item highlighted and
// the leg it is flying now drawn; and follow-vehicle, which keeps the selected one in view.
import { memo, useEffect, useMemo } from 'react';
import { divIcon } from 'leaflet';
import { useTranslation } from 'react-i18next';
import { CircleMarker, Marker, Polyline, Tooltip, useMap } from 'react-leaflet';
import type { LiveVehicle, MissionPoint, VehicleMission } from '../../../electron/api';
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

/**
 * Vehicles change 20 times a second; every part is memoised so that a snapshot touches only what moved (a marker's
 * position, a trail that grew): react-leaflet re-applies whatever it renders.
 */
export function VehicleLayer({ vehicles, trails, selected, onSelect }: VehicleLayerProps) {
  return (
    <>
      {Object.entries(trails).map(([key, trail]) => <TrailLine key={`trail-${key}`} trail={trail} sysid={Number(key.slice(key.lastIndexOf('/') + 1))} />)}
      {vehicles.map((v) => (v.home ? <VehicleHome key={`home-${vehicleKey(v)}`} lat={v.home.lat} lon={v.home.lon} sysid={v.sysid} /> : null))}
      {vehicles.map((v) =>
        v.lat !== null && v.lon !== null ? (
          <VehicleMarker key={vehicleKey(v)} id={vehicleKey(v)} sysid={v.sysid} lat={v.lat} lon={v.lon} heading={Math.round(v.heading_deg ?? 0)} selected={vehicleKey(v) === selected} onSelect={onSelect} />
        ) : null,
      )}
    </>
  );
}

const TrailLine = memo(function TrailLine({ trail, sysid }: { trail: Trail | undefined; sysid: number }) {
  const style = useMemo(() => ({ color: vehicleColour(sysid), weight: 2, opacity: 0.8 }), [sysid]);
  return trail && trail.length > 1 ? <Polyline positions={trail} className="wp-trail" pathOptions={style} interactive={false} /> : null;
});

const VehicleHome = memo(function VehicleHome({ lat, lon, sysid }: { lat: number; lon: number; sysid: number }) {
  const style = useMemo(() => ({ color: vehicleColour(sysid), fillColor: '#fff', fillOpacity: 1, weight: 3 }), [sysid]);
  return (
    <CircleMarker center={[lat, lon]} radius={6} className="wp-vehicle-home" pathOptions={style}>
      <Tooltip>H {sysid}</Tooltip>
    </CircleMarker>
  );
});

interface VehicleMarkerProps { id: string; sysid: number; lat: number; lon: number; heading: number; selected: boolean; onSelect: (key: string) => void }

const VehicleMarker = memo(function VehicleMarker({ id, sysid, lat, lon, heading, selected, onSelect }: VehicleMarkerProps) {
  const colour = vehicleColour(sysid);
  // A new icon (its element replaced) only when the heading moved a whole degree or the selection changed.
  const icon = useMemo(() => divIcon({
    className: '',
    html: `<div data-testid="vehicle-${sysid}" data-key="${id}" class="vehicle${selected ? ' selected' : ''}" style="color:${colour};transform:rotate(${heading}deg)">▲</div>`,
    iconSize: [28, 28],
    iconAnchor: [14, 14],
  }), [id, sysid, selected, colour, heading]);
  const handlers = useMemo(() => ({ click: () => onSelect(id) }), [id, onSelect]);
  const position = useMemo<[number, number]>(() => [lat, lon], [lat, lon]);
  return (
    <Marker position={position} icon={icon} eventHandlers={handlers}>
      <Tooltip permanent direction="right" offset={[12, 0]} className="vehicle-label">
        <span style={{ color: colour, fontWeight: 700 }}>{sysid}</span>
      </Tooltip>
    </Marker>
  );
});

/** The mission a vehicle holds: its route (drawn once per mission), the current item ringed, the leg being flown. */
export function MissionLayer({ mission, vehicle }: { mission: VehicleMission; vehicle: LiveVehicle | null }) {
  const placed = useMemo(() => mission.items.filter((i) => i.lat_deg !== null && i.lon_deg !== null), [mission]);
  const current = vehicle?.mission_seq ?? null;
  // The leg being flown only while the mission is (in RTL or LOITER the vehicle is not flying to the item).
  const onMission = vehicle !== null && (vehicle.mode === 'AUTO' || vehicle.mode === 'AUTO.MISSION');
  const target = current === null ? undefined : placed.find((i) => i.seq >= current);
  const colour = vehicleColour(mission.sysid);
  const from = vehicle && vehicle.lat !== null && vehicle.lon !== null ? ([vehicle.lat, vehicle.lon] as [number, number]) : null;
  return (
    <>
      <MissionRoute placed={placed} colour={colour} />
      {target && <CurrentItem lat={target.lat_deg as number} lon={target.lon_deg as number} colour={colour} label={`${target.seq} · ${target.command_name}`} />}
      {target && from && onMission && <Polyline positions={[from, [target.lat_deg as number, target.lon_deg as number]]} className="wp-next-leg" pathOptions={{ color: colour, weight: 4, opacity: 0.9 }} interactive={false} />}
    </>
  );
}

const MissionRoute = memo(function MissionRoute({ placed, colour }: { placed: MissionPoint[]; colour: string }) {
  const { t } = useTranslation();
  const unit = t('fly.m');
  const line = useMemo(() => placed.map((i) => [i.lat_deg as number, i.lon_deg as number] as [number, number]), [placed]);
  const lineStyle = useMemo(() => ({ color: colour, weight: 2, dashArray: '6 5', opacity: 0.9 }), [colour]);
  const dotStyle = useMemo(() => ({ color: colour, fillColor: colour, fillOpacity: 1, weight: 1 }), [colour]);
  return (
    <>
      <Polyline positions={line} className="wp-mission" pathOptions={lineStyle} interactive={false} />
      {placed.map((i, n) => (
        <CircleMarker key={i.seq} center={line[n]} radius={3} className="wp-mission-item" pathOptions={dotStyle}>
          <Tooltip>{i.seq} · {i.command_name}{i.alt_m !== null ? ` · ${i.alt_m.toFixed(1)} ${unit}` : ''}</Tooltip>
        </CircleMarker>
      ))}
    </>
  );
});

const CurrentItem = memo(function CurrentItem({ lat, lon, colour, label }: { lat: number; lon: number; colour: string; label: string }) {
  const style = useMemo(() => ({ color: colour, fillColor: '#ffeb3b', fillOpacity: 1, weight: 3 }), [colour]);
  return (
    <CircleMarker center={[lat, lon]} radius={7} className="wp-mission-current" pathOptions={style}>
      <Tooltip>{label}</Tooltip>
    </CircleMarker>
  );
});

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
