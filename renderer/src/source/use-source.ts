// A view's hook onto a FlightSource: the state, re-rendered on each change (at most 20 times a second).
import { useSyncExternalStore } from 'react';
import type { FlightSource, FlightState } from './flight-source';

export function useFlightState(source: FlightSource): FlightState {
  return useSyncExternalStore(source.subscribe, source.current);
}
