// watchpost library [--dir DIR] [--data-dir DIR] [--json]
// The flights the app recorded (or any folder of .tlog files), each described from its files: the sidecar when
// there is one, and a pass over the tlog. A damaged file is listed with its problem.
import { join } from 'node:path';
import { listFlights } from '../../services/flight-library';
import { defaultDataDir } from '../../services/app-services';
import { SettingsStore } from '../../services/settings-store';
import { printJson } from '../output';
import type { CommandResult } from '../main';

export interface LibraryOptions {
  dir?: string;
  dataDir?: string;
  json?: boolean;
}

const minutes = (s: number): string => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

export async function libraryAction(opts: LibraryOptions, result: CommandResult): Promise<void> {
  let dir = opts.dir;
  if (!dir) {
    const dataDir = opts.dataDir ?? defaultDataDir();
    const { settings } = await new SettingsStore(dataDir).load();
    dir = settings.flights_dir ?? join(dataDir, 'flights');
  }
  const flights = await listFlights(dir);
  if (opts.json) printJson({ dir, flights });
  else {
    process.stdout.write(`${dir}: ${flights.length} flight${flights.length === 1 ? '' : 's'}\n`);
    for (const f of flights) {
      const posts = f.posts_total !== null ? `  posts ${f.posts_checked}/${f.posts_total}` : '';
      const alt = f.max_alt_rel_m !== null ? `  max ${f.max_alt_rel_m.toFixed(0)} m` : '';
      process.stdout.write(`  ${(f.started_utc ?? '-').slice(0, 19).replace('T', ' ')}  ${minutes(f.duration_s).padStart(6)}  ${(f.distance_m / 1000).toFixed(2)} km${alt}${posts}  findings ${f.findings}  ${f.site_name ?? ''}  ${f.name}\n`);
      for (const p of f.problems) process.stdout.write(`      problem: ${p}\n`);
    }
  }
  result.code = 0;
}
