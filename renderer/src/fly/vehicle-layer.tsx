// Vehicles on the map: a marker per vehicle, rotated to its heading and labelled by sysid.
import { divIcon } from 'leaflet';
import { Marker, Tooltip } from 'react-leaflet';
import type { VehicleSnapshot } from '../../../electron/api';

const COLOURS = ['#d7263d', '#1b998b', '#f46036', '#2e294e', '#c5d86d'];

export function VehicleLayer({ vehicles, selected }: { vehicles: VehicleSnapshot[]; selected: number | null }) {
  return (
    <>
      {vehicles.filter((v) => v.lat !== null && v.lon !== null).map((v, i) => {
        const colour = COLOURS[i % COLOURS.length];
        const icon = divIcon({
          className: '',
          html: `<div data-testid="vehicle-${v.sysid}" class="vehicle${v.sysid === selected ? ' selected' : ''}" style="color:${colour};transform:rotate(${v.heading_deg ?? 0}deg)">▲</div>`,
          iconSize: [24, 24],
          iconAnchor: [12, 12],
        });
        return (
          <Marker key={v.sysid} position={[v.lat as number, v.lon as number]} icon={icon}>
            <Tooltip permanent direction="right" offset={[12, 0]}>{v.sysid}</Tooltip>
          </Marker>
        );
      })}
    </>
  );
}
