// What `watchpost tlog info FILE --json` does, done with node-mavlink's own pipeline, as a whole process: the
// benchmark's baseline for the command line (start to exit). Plain JavaScript run by node, nothing compiled.
// createReadStream → MavLinkTLogPacketSplitter → MavLinkPacketParser; counts records, MAVLink 1 / 2 / signed
// frames and messages by name, keeps the earliest and latest time and every (sysid, compid) with its HEARTBEAT
// identity, and prints one JSON object.
// Usage: node bench/node-mavlink-info.mjs FILE.tlog
import { createReadStream } from 'node:fs';
import { ardupilotmega, common, minimal, MavLinkPacketParser, MavLinkTLogPacketSplitter, standard } from 'node-mavlink';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node bench/node-mavlink-info.mjs FILE.tlog\n');
  process.exit(2);
}

const REGISTRY = { ...ardupilotmega.REGISTRY, ...common.REGISTRY, ...standard.REGISTRY, ...minimal.REGISTRY };
const counts = new Map();
const systems = new Map();
const frames = { v1: 0, v2: 0, signed: 0 };
let records = 0;
let minT = Infinity;
let maxT = -Infinity;

function onPacket(p) {
  records++;
  const h = p.header;
  if (p.buffer[0] === 0xfe) frames.v1++;
  else frames.v2++;
  if (p.signature) frames.signed++;
  const t = Number(h.timestamp ?? 0n); // milliseconds: node-mavlink's splitter divides the tlog's microseconds by 1000
  if (t < minT) minT = t;
  if (t > maxT) maxT = t;
  counts.set(h.msgid, (counts.get(h.msgid) ?? 0) + 1);
  const key = h.sysid * 256 + h.compid;
  let sys = systems.get(key);
  if (!sys) {
    sys = { sysid: h.sysid, compid: h.compid, type: null, autopilot: null, frames: 0 };
    systems.set(key, sys);
  }
  sys.frames++;
  if (h.msgid === minimal.Heartbeat.MSG_ID) {
    const hb = p.protocol.data(p.payload, minimal.Heartbeat);
    sys.type = minimal.MavType[hb.type] ?? `UNKNOWN_${hb.type}`;
    sys.autopilot = minimal.MavAutopilot[hb.autopilot] ?? `UNKNOWN_${hb.autopilot}`;
  }
}

const input = createReadStream(path);
const parser = input.pipe(new MavLinkTLogPacketSplitter()).pipe(new MavLinkPacketParser());
const failed = (err) => {
  process.stderr.write(`node-mavlink-info: ${path}: ${err.message}\n`);
  process.exit(1);
};
input.on('error', failed);
parser.on('error', failed);
parser.on('data', onPacket);
parser.on('end', () => {
  const messages = {};
  for (const [id, n] of [...counts].sort((a, b) => a[0] - b[0])) messages[REGISTRY[id]?.MSG_NAME ?? `UNKNOWN_${id}`] = n;
  const iso = (t_ms) => (Number.isFinite(t_ms) ? new Date(t_ms).toISOString() : null);
  const summary = {
    records,
    frames,
    first_utc: iso(minT),
    last_utc: iso(maxT),
    duration_s: records > 0 ? (maxT - minT) / 1e3 : 0,
    messages,
    systems: [...systems.values()].sort((a, b) => a.sysid - b.sysid || a.compid - b.compid),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
});
