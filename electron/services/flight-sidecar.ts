// A flight's sidecar (DESIGN.md, "Flights"): `<flights folder>/<UTC start>_<site or link>.json` beside its `.tlog`,
// holding only what the tlog cannot — the site and patrol planned, the link, the vehicles seen, start and end, the
// operator's findings. Validated with zod when read; rewritten atomically (temporary file, fsync, rename) on every
// change, so a crash leaves the previous version whole, never half a file.
import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../mavlink/atomic-write';
import { basename } from 'node:path';
import { z } from 'zod';
import { parseJsonText } from '../../patrol/formats/json-text';
import { describeValue } from '../../patrol/formats/errors';

export const SIDECAR_FORMAT = 'watchpost-flight';
export const SIDECAR_VERSION = 1;

const finding = z.strictObject({
  id: z.string().min(1).max(64),
  /** When it was marked, ISO 8601 UTC. */
  t_utc: z.iso.datetime(),
  post: z.string().min(1).max(256),
  kind: z.enum(['staffed', 'absent', 'crowd', 'other']),
  note: z.string().max(2000).optional(),
  /** The aircraft's position when it was marked (null: not known). */
  lat_deg: z.number().min(-90).max(90).nullable(),
  lon_deg: z.number().min(-180).max(180).nullable(),
  sysid: z.number().int().min(1).max(255).nullable(),
});

const vehicle = z.strictObject({
  sysid: z.number().int().min(1).max(255),
  compid: z.number().int().min(0).max(255),
  type: z.string().nullable(),
  autopilot: z.string().nullable(),
});

export const sidecarSchema = z.strictObject({
  format: z.literal(SIDECAR_FORMAT),
  version: z.literal(SIDECAR_VERSION),
  /** The recording, a file name in the same folder. */
  tlog: z.string().min(1),
  link_uri: z.string().min(1),
  site_path: z.string().nullable(),
  patrol_path: z.string().nullable(),
  started_utc: z.iso.datetime(),
  /** null while recording (or when the app was killed: the tlog's last record tells the end). */
  ended_utc: z.iso.datetime().nullable(),
  vehicles: z.array(vehicle),
  findings: z.array(finding),
});

export type FlightSidecar = z.infer<typeof sidecarSchema>;
export type Finding = z.infer<typeof finding>;

/** Characters a file name keeps from a URI or a site name (the rest become '-'). */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'flight';
}

/** `<UTC start>_<site or link>` (no extension), e.g. `2026-12-03T13-59-10Z_udpin-0.0.0.0-14550`. */
export function flightBaseName(started: Date, label: string): string {
  const utc = started.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  return `${utc}_${fileSafe(label)}`;
}

/** Write `sidecar` to `path` atomically: a temporary file beside it, fsync, rename over. */
export async function writeSidecar(path: string, sidecar: FlightSidecar): Promise<void> {
  const checked = sidecarSchema.parse(sidecar);
  try {
    await writeFileAtomic(path, `${JSON.stringify(checked, null, 2)}\n`);
  } catch (err) {
    throw new Error(`${path}: cannot save the flight's sidecar: ${(err as Error).message}`, { cause: err });
  }
}

export class SidecarError extends Error {}

/**
 * Far more than a sidecar holds (a few KB; even 10,000 findings with full notes are ~25 MB). A larger file is not
 * read at all: the library reads every sidecar beside every tlog (bad-file corpus, issue 13: a 1 GiB .json was read
 * whole into memory before anything was said about it).
 */
export const SIDECAR_MAX_BYTES = 64 * 1024 * 1024;

/** Read and validate a sidecar; errors name the file and the place, never quoting it. */
export async function readSidecar(path: string): Promise<FlightSidecar> {
  const st = await stat(path).catch((err: Error) => {
    throw new SidecarError(`${path}: cannot read: ${err.message}`);
  });
  // A pipe or a device would be read without end.
  if (!st.isFile()) throw new SidecarError(`${path}: not a regular file`);
  const size = st.size;
  if (size > SIDECAR_MAX_BYTES) throw new SidecarError(`${path}: ${size} bytes is larger than a flight's sidecar can be (${SIDECAR_MAX_BYTES} bytes); not read`);
  const text = await readFile(path, 'utf8').catch((err: Error) => {
    throw new SidecarError(`${path}: cannot read: ${err.message}`);
  });
  const parsed = parseJsonText(text, basename(path));
  if (!parsed.ok) throw new SidecarError(parsed.message);
  const r = sidecarSchema.safeParse(parsed.value);
  if (!r.success) {
    const issue = r.error.issues[0];
    // zod's own words quote an unknown member's name whole (bad-file corpus, issue 13): a long one is only described.
    const message = issue.code === 'unrecognized_keys' ? `a member this version does not know: ${describeValue(issue.keys[0])}` : issue.message;
    throw new SidecarError(`${path}: ${issue.path.join('.') || 'the document'}: ${message}`);
  }
  return r.data;
}
