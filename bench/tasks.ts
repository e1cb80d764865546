// The four benchmark tasks, each over the same tlog: index (offset, time, id) and decode every
// frame, by Watchpost and by node-mavlink's own pipeline. Each returns the packets it handled
// and a checksum that depends on the work, so none of it can be optimised away.
import { createReadStream } from 'node:fs';
import { MavLinkPacketParser, MavLinkTLogPacketSplitter, type MavLinkPacket } from 'node-mavlink';
import { decodeFrame } from '../mavlink/decoder';
import { REGISTRY } from '../mavlink/registry';
import { indexTlog } from '../mavlink/tlog/indexer';
import { readTlog } from '../mavlink/tlog/reader';

export interface TaskResult {
  packets: number;
  checksum: number;
}

export type TaskName = 'baseline' | 'index-node-mavlink' | 'index-watchpost' | 'decode-node-mavlink' | 'decode-watchpost';

export async function watchpostIndex(path: string): Promise<TaskResult> {
  const index = await indexTlog(path);
  let checksum = 0;
  for (let i = 0; i < index.count; i += 1000) checksum += index.msgid[i] + index.offset[i] / 1e6;
  return { packets: index.count, checksum };
}

/** node-mavlink: createReadStream → MavLinkTLogPacketSplitter → MavLinkPacketParser. */
function nodeMavlinkPackets(path: string, onPacket: (p: MavLinkPacket) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(path);
    const parser = input.pipe(new MavLinkTLogPacketSplitter()).pipe(new MavLinkPacketParser());
    input.on('error', reject);
    parser.on('data', onPacket);
    parser.on('error', reject);
    parser.on('end', resolve);
  });
}

export async function nodeMavlinkIndex(path: string): Promise<TaskResult> {
  // The same columns as our index. node-mavlink reports no offsets: the offset is the running sum of
  // record lengths (exact only when nothing is skipped, which is the case in the generated file).
  let capacity = 1 << 20;
  let offset = new Float64Array(capacity);
  let time = new Float64Array(capacity);
  let msgid = new Uint32Array(capacity);
  let n = 0;
  let at = 0;
  await nodeMavlinkPackets(path, (p) => {
    if (n === capacity) {
      capacity *= 2;
      offset = grow(offset, new Float64Array(capacity));
      time = grow(time, new Float64Array(capacity));
      msgid = grow(msgid, new Uint32Array(capacity));
    }
    offset[n] = at;
    time[n] = Number(p.header.timestamp ?? 0n);
    msgid[n] = p.header.msgid;
    at += 8 + p.buffer.length;
    n++;
  });
  let checksum = 0;
  for (let i = 0; i < n; i += 1000) checksum += msgid[i] + offset[i] / 1e6;
  return { packets: n, checksum };
}

function grow<T extends Float64Array | Uint32Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

export async function nodeMavlinkDecode(path: string): Promise<TaskResult> {
  let n = 0;
  let checksum = 0;
  await nodeMavlinkPackets(path, (p) => {
    const cls = REGISTRY[p.header.msgid];
    if (!cls) return;
    const msg = p.protocol.data(p.payload, cls);
    if (msg.constructor === cls) checksum += p.header.seq;
    n++;
  });
  return { packets: n, checksum };
}

export async function watchpostDecode(path: string): Promise<TaskResult> {
  let n = 0;
  let checksum = 0;
  for await (const batch of readTlog(path).batches()) {
    for (const rec of batch) {
      const msg = decodeFrame(rec.frame);
      if (!msg) continue;
      if (msg.constructor === REGISTRY[rec.frame.msgid]) checksum += rec.frame.seq;
      n++;
    }
  }
  return { packets: n, checksum };
}

export const TASKS: Record<TaskName, (path: string) => Promise<TaskResult>> = {
  // Loads the same modules and does nothing: the memory every task starts from.
  baseline: () => Promise.resolve({ packets: 0, checksum: 0 }),
  'index-node-mavlink': nodeMavlinkIndex,
  'index-watchpost': watchpostIndex,
  'decode-node-mavlink': nodeMavlinkDecode,
  'decode-watchpost': watchpostDecode,
};
