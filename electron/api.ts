// The one typed interface between the UI (renderer/) and the Node side. The desktop app's preload
// implements it over IPC; browser mode implements it over a WebSocket. Plain objects and typed arrays
// only: no bigint, no class instances. It grows with the UI issues; for now it carries the vehicle snapshot.

export interface VehicleSnapshotView {
  sysid: number;
  compid: number;
  type: string;
  autopilot: string;
  mode: string;
  armed: boolean;
  lat?: number;
  lon?: number;
  alt_rel_m?: number;
}

export interface WatchpostApi {
  /** App version string. */
  version(): Promise<string>;
  /** Subscribe to vehicle snapshots (at most 20 a second); returns the unsubscribe function. */
  onVehicles(cb: (vehicles: VehicleSnapshotView[]) => void): () => void;
}
