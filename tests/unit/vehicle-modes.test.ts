// Flight mode tables: names from HEARTBEAT custom_mode, and names back to numbers for set-mode.
import { describe, expect, it } from 'vitest';
import { minimal } from 'node-mavlink';
import { modeFamily, modeName, modeNumber, modeNames, ARDUCOPTER_MODES } from '../../mavlink/vehicle/modes';

const { MavAutopilot: AP, MavType: T } = minimal;
const APM = AP.ARDUPILOTMEGA;

describe('modes', () => {
  it('picks the table from autopilot and vehicle type', () => {
    expect(modeFamily(APM, T.QUADROTOR)).toBe('arducopter');
    expect(modeFamily(APM, T.HELICOPTER)).toBe('arducopter');
    expect(modeFamily(APM, T.FIXED_WING)).toBe('arduplane');
    expect(modeFamily(APM, T.VTOL_TILTROTOR)).toBe('arduplane');
    expect(modeFamily(APM, T.GROUND_ROVER)).toBe('ardurover');
    expect(modeFamily(AP.PX4, T.QUADROTOR)).toBe('px4');
    expect(modeFamily(AP.GENERIC, T.QUADROTOR)).toBe('other');
  });

  it('names ArduCopter modes by the ArduCopter numbers', () => {
    const expected: [number, string][] = [[0, 'STABILIZE'], [2, 'ALT_HOLD'], [3, 'AUTO'], [4, 'GUIDED'], [5, 'LOITER'], [6, 'RTL'],
      [9, 'LAND'], [16, 'POSHOLD'], [17, 'BRAKE'], [21, 'SMART_RTL'], [27, 'AUTO_RTL'], [28, 'TURTLE']];
    for (const [n, name] of expected) expect(modeName(APM, T.QUADROTOR, n)).toBe(name);
    expect(modeName(APM, T.QUADROTOR, 8)).toBe('MODE_8');
    expect(Object.keys(ARDUCOPTER_MODES)).toHaveLength(26);
  });

  it('names ArduPlane and Rover modes with their own tables', () => {
    expect(modeName(APM, T.FIXED_WING, 5)).toBe('FBWA');
    expect(modeName(APM, T.FIXED_WING, 11)).toBe('RTL');
    expect(modeName(APM, T.GROUND_ROVER, 4)).toBe('HOLD');
    expect(modeName(APM, T.GROUND_ROVER, 6)).toBe('FOLLOW');
  });

  it('decodes PX4 main/sub modes packed in custom_mode', () => {
    const px4 = (main: number, sub: number) => modeName(AP.PX4, T.QUADROTOR, ((main << 16) | (sub << 24)) >>> 0);
    expect(px4(1, 0)).toBe('MANUAL');
    expect(px4(2, 0)).toBe('ALTCTL');
    expect(px4(3, 0)).toBe('POSCTL');
    expect(px4(4, 4)).toBe('AUTO.MISSION');
    expect(px4(4, 5)).toBe('AUTO.RTL');
    expect(px4(4, 6)).toBe('AUTO.LAND');
    expect(px4(4, 3)).toBe('AUTO.LOITER');
    expect(px4(4, 2)).toBe('AUTO.TAKEOFF');
    expect(px4(4, 8)).toBe('AUTO.FOLLOW_TARGET');
    expect(px4(4, 9)).toBe('AUTO.PRECLAND');
    expect(px4(6, 0)).toBe('OFFBOARD');
    expect(px4(7, 0)).toBe('STABILIZED');
    expect(px4(5, 0)).toBe('ACRO');
    expect(px4(4, 99)).toBe('AUTO.99');
    expect(px4(42, 1)).toBe('PX4_42_1');
    // A real PX4 heartbeat in AUTO.MISSION carries custom_mode 0x04040000.
    expect(modeName(AP.PX4, T.QUADROTOR, 0x04040000)).toBe('AUTO.MISSION');
  });

  it('maps names to numbers, case-insensitively, round-tripping every name', () => {
    expect(modeNumber(APM, T.QUADROTOR, 'guided')).toEqual({ family: 'arducopter', name: 'GUIDED', custom_mode: 4 });
    for (const name of modeNames('arducopter')) expect(modeName(APM, T.QUADROTOR, modeNumber(APM, T.QUADROTOR, name).custom_mode)).toBe(name);
    for (const name of modeNames('px4')) expect(modeName(AP.PX4, T.QUADROTOR, modeNumber(AP.PX4, T.QUADROTOR, name).custom_mode)).toBe(name);
    expect(modeNumber(AP.PX4, T.QUADROTOR, 'Mission')).toMatchObject({ name: 'AUTO.MISSION', main_mode: 4, sub_mode: 4, custom_mode: 0x04040000 });
    expect(modeNumber(APM, T.FIXED_WING, 'FBWA').custom_mode).toBe(5);
  });

  it('rejects unknown names with an Error naming the mode, the table and the known names', () => {
    expect(() => modeNumber(APM, T.QUADROTOR, 'FBWA')).toThrow(/unknown flight mode "FBWA" for arducopter; known modes: STABILIZE/);
    expect(() => modeNumber(APM, T.QUADROTOR, 'constructor')).toThrow(/unknown flight mode/);
    expect(() => modeNumber(AP.PX4, T.QUADROTOR, 'AUTO')).toThrow(/for px4/);
    expect(() => modeNumber(AP.PX4, T.QUADROTOR, 'POSCTL.X')).toThrow(/for px4/);
    expect(() => modeNumber(AP.GENERIC, T.QUADROTOR, 'GUIDED')).toThrow(/no mode table/);
  });
});
