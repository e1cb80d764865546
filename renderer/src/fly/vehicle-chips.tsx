// The vehicles as chips under the map (sysid, colour, mode): the one chosen is what the instruments and actions
// show. The Fly view and the Replay view both have them.
import type { LiveVehicle } from '../../../electron/api';
import { vehicleKey } from '../source/flight-source';
import { vehicleColour } from './vehicle-layer';

export function VehicleChips({ vehicles, selected, onSelect }: { vehicles: LiveVehicle[]; selected: LiveVehicle | null; onSelect: (key: string) => void }) {
  if (vehicles.length === 0) return null;
  return (
    <span className="vehicle-chips" data-testid="vehicle-list">
      {vehicles.map((v) => (
        <button key={vehicleKey(v)} data-testid={`select-vehicle-${v.sysid}`} className={`chip${selected && vehicleKey(v) === vehicleKey(selected) ? ' active' : ''}`}
          style={{ borderColor: vehicleColour(v.sysid) }} onClick={() => onSelect(vehicleKey(v))}>
          <span style={{ color: vehicleColour(v.sysid) }}>▲</span> {v.sysid} · {v.mode}
        </button>
      ))}
    </span>
  );
}
