// Write the benchmark's tlog: ≥ 1,000,000 records of realistic mixed traffic from a few systems,
// encoded with our FrameEncoder (plus some signed MAVLink 2 frames), deterministic per seed.
import { open } from 'node:fs/promises';
import { drawKind, prng, putTimestamp, sampleEncoders, sampleMessage, signedFrame } from '../tests/fixtures/sample-traffic';

export interface GeneratedTlog {
  path: string;
  packets: number;
  bytes: number;
}

export async function generateTlog(path: string, packets: number, seed = 2026): Promise<GeneratedTlog> {
  const rand = prng(seed);
  const encoders = sampleEncoders();
  const fh = await open(path, 'w');
  const buf = new Uint8Array(1 << 20);
  let used = 0;
  let bytes = 0;
  let t_us = Date.UTC(2026, 10, 29, 8) * 1000;
  try {
    for (let i = 0; i < packets; i++) {
      const msg = sampleMessage(drawKind(rand), i);
      const frame = i % 97 === 96 ? signedFrame(msg, i & 0xff) : encoders[i % encoders.length].encode(msg);
      if (used + 8 + frame.length > buf.length) {
        await fh.write(buf, 0, used);
        used = 0;
      }
      t_us += 500 + Math.floor(rand() * 3000);
      putTimestamp(buf, used, t_us);
      buf.set(frame, used + 8);
      used += 8 + frame.length;
      bytes += 8 + frame.length;
    }
    await fh.write(buf, 0, used);
  } finally {
    await fh.close();
  }
  return { path, packets, bytes };
}
