// C's float → integer conversions as ArduPilot's two machines perform them (SITL on x86-64, flight controllers on ARM).
import { describe, expect, it } from 'vitest';
import { f32, fitsCInt, toCInt } from '../../patrol/mission/c-convert';

describe('C conversions', () => {
  it('truncates toward zero within range, the same on both platforms', () => {
    for (const p of ['x86', 'arm'] as const) {
      expect(toCInt(2.9, 'uint16_t', p)).toBe(2);
      expect(toCInt(-2.9, 'int8_t', p)).toBe(-2);
      expect(toCInt(255.99, 'uint8_t', p)).toBe(255);
      expect(toCInt(-32768, 'int16_t', p)).toBe(-32768);
      expect(toCInt(4e9, 'uint32_t', p)).toBe(4e9);
    }
  });

  it('out of range: x86 wraps through a signed 32-bit conversion, ARM saturates to 32 bits first', () => {
    expect(toCInt(-1, 'uint8_t', 'x86')).toBe(255);
    expect(toCInt(-1, 'uint8_t', 'arm')).toBe(0);
    expect(toCInt(300, 'uint8_t', 'x86')).toBe(44);
    expect(toCInt(300, 'uint8_t', 'arm')).toBe(44);
    expect(toCInt(70000, 'uint16_t', 'x86')).toBe(4464);
    expect(toCInt(200, 'int8_t', 'x86')).toBe(-56);
    expect(toCInt(NaN, 'uint16_t', 'x86')).toBe(0); // 0x80000000, low 16 bits
    expect(toCInt(NaN, 'int32_t', 'x86')).toBe(-(2 ** 31));
    expect(toCInt(NaN, 'int32_t', 'arm')).toBe(0);
    expect(toCInt(1e10, 'int32_t', 'arm')).toBe(2 ** 31 - 1);
    expect(toCInt(-5, 'uint32_t', 'x86')).toBe(2 ** 32 - 5);
    expect(toCInt(-5, 'uint32_t', 'arm')).toBe(0);
  });

  it('f32 rounds to the nearest float32; fitsCInt says when every platform agrees', () => {
    expect(f32(0.1)).toBe(0.10000000149011612);
    expect(f32(30.1) * 100).not.toBe(3010);
    expect(fitsCInt(255, 'uint8_t')).toBe(true);
    expect(fitsCInt(256, 'uint8_t')).toBe(false);
    expect(fitsCInt(-0.5, 'uint8_t')).toBe(true); // truncates to 0
    expect(fitsCInt(NaN, 'int16_t')).toBe(false);
  });
});
