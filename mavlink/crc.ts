// MAVLink's X.25 checksum (CRC-16/MCRF4XX), table driven for the scanner's hot path.

const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let t = i;
  t ^= (t << 4) & 0xff;
  TABLE[i] = ((t << 8) ^ (t << 3) ^ (t >> 4)) & 0xffff;
}

/** CRC of buf[start, end) folded with crc_extra, as MAVLink frames carry it. */
export function frameCrc(buf: Uint8Array, start: number, end: number, crcExtra: number): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]) & 0xff];
  return (crc >>> 8) ^ TABLE[(crc ^ crcExtra) & 0xff];
}
