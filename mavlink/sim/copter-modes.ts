// ArduCopter flight modes as the simulator knows them: custom_mode numbers and what each mode allows.

export const COPTER_MODE = Object.freeze({
  STABILIZE: 0, ACRO: 1, ALT_HOLD: 2, AUTO: 3, GUIDED: 4, LOITER: 5, RTL: 6, CIRCLE: 7, LAND: 9, POSHOLD: 16, BRAKE: 17,
});

export type CopterModeName = 'STABILIZE' | 'ALT_HOLD' | 'AUTO' | 'GUIDED' | 'LOITER' | 'RTL' | 'LAND' | 'BRAKE';

interface ModeTraits {
  name: CopterModeName;
  /** Needs a position estimate to enter (ArduCopter `requires_GPS()`). */
  requiresPosition: boolean;
  /** Arming allowed in this mode (ArduCopter `allows_arming()`, default AUTO_OPTIONS). */
  armable: boolean;
  /** Horizontal position controller active (sets MAV_MODE_FLAG_GUIDED_ENABLED in HEARTBEAT when armed). */
  positionControl: boolean;
}

const TRAITS: ReadonlyMap<number, ModeTraits> = new Map<number, ModeTraits>([
  [COPTER_MODE.STABILIZE, { name: 'STABILIZE', requiresPosition: false, armable: true, positionControl: false }],
  [COPTER_MODE.ALT_HOLD, { name: 'ALT_HOLD', requiresPosition: false, armable: true, positionControl: false }],
  [COPTER_MODE.AUTO, { name: 'AUTO', requiresPosition: true, armable: false, positionControl: true }],
  [COPTER_MODE.GUIDED, { name: 'GUIDED', requiresPosition: true, armable: true, positionControl: true }],
  [COPTER_MODE.LOITER, { name: 'LOITER', requiresPosition: true, armable: true, positionControl: true }],
  [COPTER_MODE.RTL, { name: 'RTL', requiresPosition: true, armable: false, positionControl: true }],
  [COPTER_MODE.LAND, { name: 'LAND', requiresPosition: false, armable: false, positionControl: true }],
  [COPTER_MODE.BRAKE, { name: 'BRAKE', requiresPosition: true, armable: false, positionControl: true }],
]);

/** Traits of a custom_mode number the simulator flies, or undefined ("No such mode"). */
export function modeTraits(customMode: number): ModeTraits | undefined {
  return TRAITS.get(customMode);
}

export function modeName(customMode: number): string {
  return TRAITS.get(customMode)?.name ?? `MODE(${customMode})`;
}

export function modeNumber(name: CopterModeName): number {
  return COPTER_MODE[name];
}
