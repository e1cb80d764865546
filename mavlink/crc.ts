// MAVLink's X.25 checksum (CRC-16/MCRF4XX), table driven for the scanner's hot path.

const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let t = i;
  t ^= (t << 4) & 0xff;
  TABLE[i] = ((t << 8) ^ (t << 3) ^ (t >> 4)) & 0xffff;
}
/** Two bytes per step ("slicing by 2"): TABLE2[i] is TABLE's step applied to i, then to a zero byte. */
const TABLE2 = new Uint16Array(256);
for (let i = 0; i < 256; i++) TABLE2[i] = (TABLE[i] >>> 8) ^ TABLE[TABLE[i] & 0xff];

/** CRC of buf[start, end) folded with crc_extra, as MAVLink frames carry it. */
export function frameCrc(buf: Uint8Array, start: number, end: number, crcExtra: number): number {
  let crc = 0xffff;
  let i = start;
  for (const last = end - 1; i < last; i += 2) {
    crc ^= buf[i] | (buf[i + 1] << 8);
    crc = TABLE2[crc & 0xff] ^ TABLE[crc >>> 8];
  }
  if (i < end) crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]) & 0xff];
  return (crc >>> 8) ^ TABLE[(crc ^ crcExtra) & 0xff];
}
