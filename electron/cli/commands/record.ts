// watchpost record --link URI --out FILE.tlog [--duration S] [--passive] [--signing-key KEY] [--json]
import { GcsSession } from '../../../mavlink/gcs-session';
import { printFields, printJson, untilStopped } from '../output';
import { cliSigning } from './signing-key';

export interface RecordOptions {
  link: string;
  out: string;
  duration?: number;
  passive?: boolean;
  signingKey?: string;
  json?: boolean;
}

/** The action of `record` (registered in record.meta.ts): the exit code. */
export async function record(opts: RecordOptions): Promise<number> {
  const signing = cliSigning(opts.signingKey);
  const started = Date.now();
  const session = await GcsSession.open({ uri: opts.link, recordPath: opts.out, active: !opts.passive, signing });
  if (!opts.json) process.stderr.write(`recording ${opts.link} into ${opts.out}${opts.duration ? ` for ${opts.duration} s` : ' (Ctrl-C stops)'}\n`);
  await untilStopped(opts.duration);
  const stats = session.connection.stats();
  const vehicles = session.vehicles.snapshot().map((v) => ({ sysid: v.sysid, compid: v.compid, type: v.type, autopilot: v.autopilot }));
  const writer = await session.close();
  const summary = {
    tlog: opts.out,
    duration_s: (Date.now() - started) / 1000,
    records: writer?.records ?? 0,
    bytes_written: writer?.bytesWritten ?? 0,
    frames_in: stats.scan.frames,
    frames_out: stats.framesOut,
    frames_signed_in: stats.scan.signed,
    // What signing did with the frames received (null without --signing-key); dropped frames are not recorded.
    signing: stats.signing,
    bad_crc: stats.scan.badCrc,
    skipped_bytes: stats.scan.skippedBytes,
    write_errors: writer?.errors ?? 0,
    vehicles,
  };
  if (opts.json) printJson(summary);
  else printFields(summary);
  return summary.write_errors > 0 ? 1 : 0;
}
