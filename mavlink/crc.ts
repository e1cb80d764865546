// MAVLink's X.25 checksum (CRC-16/MCRF4XX), table driven for the scanner's hot path.

const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let t = i;
  t ^= (t << 4) & 0xff;
  TABLE[i] = ((t << 8) ^ (t << 3) ^ (t >> 4)) & 0xffff;
}
/**
 * Four bytes per step ("slicing by 4"): TABLE_k[i] is the CRC step for byte i followed by k zero
 * bytes, so four table lookups fold four bytes at once. TABLE_0 is TABLE.
 */
function shifted(prev: Uint16Array): Uint16Array {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) t[i] = (prev[i] >>> 8) ^ TABLE[prev[i] & 0xff];
  return t;
}
const TABLE_1 = shifted(TABLE);
const TABLE_2 = shifted(TABLE_1);
const TABLE_3 = shifted(TABLE_2);

/** CRC of buf[start, end) folded with crc_extra, as MAVLink frames carry it. */
export function frameCrc(buf: Uint8Array, start: number, end: number, crcExtra: number): number {
  let crc = 0xffff;
  let i = start;
  for (const last = end - 3; i < last; i += 4) {
    const x = crc ^ (buf[i] | (buf[i + 1] << 8));
    crc = TABLE_3[x & 0xff] ^ TABLE_2[x >>> 8] ^ TABLE_1[buf[i + 2]] ^ TABLE[buf[i + 3]];
  }
  for (; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]) & 0xff];
  return (crc >>> 8) ^ TABLE[(crc ^ crcExtra) & 0xff];
}
