// The one typed interface between the UI (renderer/) and the Node side. The desktop app's preload
// implements it over IPC; browser mode implements it over a WebSocket. Plain objects and typed arrays
// only: no bigint, no class instances. It grows with the UI issues; for now it carries the vehicle snapshot.
import type { VehicleSnapshot } from '../mavlink/vehicle/vehicle-state';

/** One vehicle's state as `watchpost status --json` prints it (unknown values are null). */
export type { VehicleSnapshot };

export interface WatchpostApi {
  /** App version string. */
  version(): Promise<string>;
  /** Subscribe to vehicle snapshots (at most 20 a second); returns the unsubscribe function. */
  onVehicles(cb: (vehicles: VehicleSnapshot[]) => void): () => void;
}
