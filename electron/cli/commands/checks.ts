// watchpost checks FLIGHT.tlog --site SITE.geojson [--utc-offset MIN] [--sysid N] [--json]
// One entry per duty post: visits, longest dwell, closest approach, photos there, checked / brief / missed.
import { stat } from 'node:fs/promises';
import { checkPosts } from '../../../patrol/checks/post-checker';
import { UsageError } from '../args';
import { readFlightTrack } from '../flight-track';
import { printJson } from '../output';
import { loadSite } from '../site-io';
import type { CommandResult } from '../main';

export interface ChecksOptions {
  site: string;
  utcOffset: number;
  sysid?: number;
  json?: boolean;
}

/** The action of `checks` (registered in checks.meta.ts). */
export async function checksAction(tlog: string, opts: ChecksOptions, result: CommandResult): Promise<void> {
  const st = await stat(tlog).catch(() => null);
  if (!st?.isFile()) throw new UsageError(`${tlog}: no such file`);
  const { site, warnings } = await loadSite(opts.site);
  const flight = await readFlightTrack(tlog, opts.sysid);
  if (flight.track.length === 0) {
    process.stderr.write(`watchpost: ${tlog}: no vehicle positions in the air (GLOBAL_POSITION_INT 2 m or more above home) in it${opts.sysid ? ` for sysid ${opts.sysid}` : ''}\n`);
    result.code = 1;
    return;
  }
  const posts = checkPosts(flight.track, flight.photos, site.posts, { utc_offset_min: opts.utcOffset });
  const count = (s: string) => posts.filter((p) => p.status === s).length;
  const summary = {
    site: site.name, tlog, sysid: flight.sysid, samples: flight.track.length, photos: flight.photos.length,
    checked: count('checked'), brief: count('brief'), missed: count('missed'), posts, warnings,
  };
  if (opts.json) printJson(summary);
  else {
    process.stdout.write(`${site.name}: ${summary.checked} checked, ${summary.brief} brief, ${summary.missed} missed (${summary.samples} positions, ${summary.photos} photos)\n`);
    for (const p of posts) {
      const closest = Number.isFinite(p.closest_m) ? `${p.closest_m.toFixed(1)} m` : '-';
      process.stdout.write(`  ${p.status.padEnd(8)} ${p.name.padEnd(28)} dwell ${p.dwell_s.toFixed(1).padStart(6)} s  closest ${closest.padStart(9)}  visits ${p.visits.length}  photos ${p.photos.length}${p.in_shift === false && p.status !== 'missed' ? '  (outside shift)' : ''}\n`);
    }
  }
  result.code = 0;
}
