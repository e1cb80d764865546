// C's numeric conversions, as an autopilot written in C/C++ applies them when it stores a MAVLink float in a
// narrower field (`cmd.p1 = packet.param1` with p1 a uint16_t). Pure TypeScript.
//
// A float outside the target's range (or NaN) is undefined behaviour in C, and the two machines ArduPilot runs
// on answer differently: SITL on x86-64 (gcc, SSE) converts through a signed 32-bit cvttss2si (64-bit for
// uint32_t), whose out-of-range answer is the "integer indefinite" 0x80000000, then keeps the low bits; a flight
// controller on ARM (vcvt) saturates to the signed or unsigned 32-bit range, NaN giving 0, then keeps the low
// bits. Both are modelled, so that a comparison can accept what either gives and a simulator can be one of them.

export type CPlatform = 'x86' | 'arm';
export const C_PLATFORMS: readonly CPlatform[] = ['x86', 'arm'];

export type CIntType = 'uint8_t' | 'int8_t' | 'uint16_t' | 'int16_t' | 'uint32_t' | 'int32_t';

const BITS: Readonly<Record<CIntType, number>> = { uint8_t: 8, int8_t: 8, uint16_t: 16, int16_t: 16, uint32_t: 32, int32_t: 32 };
const SIGNED: Readonly<Record<CIntType, boolean>> = { uint8_t: false, int8_t: true, uint16_t: false, int16_t: true, uint32_t: false, int32_t: true };

const f32buf = new Float32Array(1);
/** The float32 nearest `v` (what a C float holds). */
export function f32(v: number): number {
  f32buf[0] = v;
  return f32buf[0];
}

/** Keep the low `bits` bits of the integer `n`, read as signed or unsigned. */
function wrap(n: number, bits: number, signed: boolean): number {
  const m = 2 ** bits;
  let r = ((n % m) + m) % m;
  if (signed && r >= m / 2) r -= m;
  return r;
}

/** C's `(type) v` for a float `v` (already a float32 or a double), on `platform`. */
export function toCInt(v: number, type: CIntType, platform: CPlatform): number {
  const bits = BITS[type];
  const signed = SIGNED[type];
  const t = Math.trunc(v);
  if (platform === 'arm') {
    if (Number.isNaN(v)) return 0;
    const lo = signed ? -(2 ** 31) : 0;
    const hi = signed ? 2 ** 31 - 1 : 2 ** 32 - 1;
    return wrap(Math.min(hi, Math.max(lo, t)), bits, signed);
  }
  if (type === 'uint32_t') {
    // cvttss2si with a 64-bit destination, then the low 32 bits.
    if (Number.isNaN(v) || t < -(2 ** 63) || t >= 2 ** 63) return 0;
    return wrap(t, 32, false);
  }
  if (Number.isNaN(v) || t < -(2 ** 31) || t > 2 ** 31 - 1) return wrap(-(2 ** 31), bits, signed);
  return wrap(t, bits, signed);
}

/** Is `v` exactly representable in `type` (so every platform agrees on the conversion)? */
export function fitsCInt(v: number, type: CIntType): boolean {
  const t = Math.trunc(v);
  if (!Number.isFinite(v)) return false;
  const bits = BITS[type];
  return SIGNED[type] ? t >= -(2 ** (bits - 1)) && t <= 2 ** (bits - 1) - 1 : t >= 0 && t <= 2 ** bits - 1;
}
