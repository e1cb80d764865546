// watchpost export FLIGHT.tlog --format gpx|kml|geojson|csv --out FILE [--sysid N] [--force] [--json]
// The track of a recorded flight, one row per position with the vehicle's state then (mavlink/replay), written by
// patrol/formats/track-export.ts; atomically, never replacing a file unless --force.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FlightReplay } from '../../../mavlink/replay/flight-replay';
import { writeTrack, type TrackFormat } from '../../../patrol/formats/track-export';
import { UsageError } from '../args';
import { saveTextFile } from '../mission-io';
import { printJson } from '../output';
import type { CommandResult } from '../main';

export interface ExportOptions {
  format: TrackFormat;
  out: string;
  sysid?: number;
  force?: boolean;
  json?: boolean;
}

export async function exportAction(tlog: string, opts: ExportOptions, result: CommandResult): Promise<void> {
  const st = await stat(tlog).catch(() => null);
  if (!st?.isFile()) throw new UsageError(`${tlog}: no such file`);
  await checkOut(opts.out, opts.force === true);
  const replay = await FlightReplay.load(tlog);
  const rows = replay.trackRows(opts.sysid);
  if (rows.length === 0) {
    process.stderr.write(`watchpost: ${tlog}: no vehicle positions (GLOBAL_POSITION_INT) in it${opts.sysid ? ` for sysid ${opts.sysid}` : ''}: nothing to export\n`);
    result.code = 1;
    return;
  }
  await saveTextFile(writeTrack(opts.format, rows, basename(tlog)), opts.out, opts.force === true);
  const summary = { out: opts.out, format: opts.format, points: rows.length, vehicles: [...new Set(rows.map((r) => r.sysid))] };
  if (opts.json) printJson(summary);
  else process.stdout.write(`${opts.out}: ${summary.points} positions of vehicle${summary.vehicles.length > 1 ? 's' : ''} ${summary.vehicles.join(', ')} (${opts.format})\n`);
  result.code = 0;
}

/** The file is new (or --force) — checked before the flight is read. */
async function checkOut(path: string, force: boolean): Promise<void> {
  const existing = await stat(path).catch(() => null);
  if (existing && !force) throw new UsageError(`--out ${path} exists; pass --force to replace it`);
  if (existing && !existing.isFile()) throw new UsageError(`--out ${path} exists and is not a regular file`);
}
