// The bad-file corpus (issue 13 point 4): every file under tests/fixtures/bad/ run through the reader that
// EXPECTED.json names, which must give the error written there (a regular expression over the message with the
// file's folder taken off) or, for a file it rightly accepts, the values written there. For every file: the error is
// the reader's own (an Error with a message, never a TypeError or RangeError leaking out), the read ends within a
// time bound, the message never quotes the file's secret marker, and the file is unchanged afterwards. Settings: a
// damaged file is kept, byte for byte, when the app saves next. Plus a 1 GiB single-line file made at test time
// (a short head, then extended sparse with truncate: no GiB is written), which every file reader refuses quickly
// without reading it (the tlog readers, for which any size is legitimate, go through it in constant memory). And a
// mission file of 60 million line ends (60 MB, under the 64 MiB that sites may have), made at test time, which the CLI
// and the app refuse from its size (mission files have 8 MiB), quickly and without reading it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { MissionFileError } from '../../patrol/formats/errors';
import { readSiteFile } from '../../patrol/site/read-site-file';
import { SiteFileError } from '../../patrol/site/site-errors';
import { PatrolFileError, readPatrol } from '../../patrol/patrol/read-patrol';
import { readSidecar, SidecarError } from '../../electron/services/flight-sidecar';
import { readFlightFiles } from '../../electron/services/flight-files';
import { SettingsStore, SETTINGS_FILE } from '../../electron/services/settings-store';
import { WorkspaceError, WorkspaceService } from '../../electron/services/workspace';
import { checkTextFile, loadMissionFile } from '../../electron/cli/mission-io';
import { MAX_MISSION_FILE_BYTES } from '../../patrol/formats/mission-file';
import { loadSite } from '../../electron/cli/site-io';
import { UsageError } from '../../electron/cli/args';
import { tlogInfo } from '../../mavlink/tlog/info';
import { readTlog } from '../../mavlink/tlog/reader';
import { indexTlog } from '../../mavlink/tlog/indexer';

const BAD = join('tests', 'fixtures', 'bad');
/** The marker make-bad-files.ts puts where a reader must never quote the file (its SECRET). */
const SECRET = 's3cr3t';
/** Longest a read of one corpus file may take (the largest is 100 KB; most take well under 10 ms). */
const READ_BOUND_MS = 2_000;

interface Entry {
  file: string;
  reader: 'mission' | 'site' | 'patrol' | 'sidecar' | 'settings' | 'tlog';
  why: string;
  error?: string;
  accept?: Record<string, unknown>;
}
const expected = JSON.parse(readFileSync(join(BAD, 'EXPECTED.json'), 'utf8')) as { about: string; files: Entry[] };

/** Every file of the corpus on disk (the generator, EXPECTED.json and README.md are not part of it). */
function corpusOnDisk(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (d.isDirectory()) walk(join(dir, d.name));
      else out.push(relative(BAD, join(dir, d.name)).split('\\').join('/'));
    }
  };
  walk(BAD);
  return out.filter((f) => f.includes('/')).sort();
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const tmp = mkdtempSync(join(tmpdir(), 'watchpost-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The reader's own error classes: anything else (TypeError, RangeError, SyntaxError, …) is a crash leaking out. */
const OWN_ERRORS = [MissionFileError, SiteFileError, PatrolFileError, SidecarError];

type Outcome = { ok: true; value: Record<string, unknown> } | { ok: false; error: unknown };

/** Rejects if `work` has not settled within `ms` (a synchronous reader is bounded after the fact, by its time). */
async function bounded<T>(what: string, ms: number, work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (a hang?)`)), ms);
  });
  try {
    const value = await Promise.race([work(), timeout]);
    return { value, ms: performance.now() - t0 };
  } finally {
    clearTimeout(timer);
  }
}

async function outcome(f: () => Promise<Record<string, unknown>> | Record<string, unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await f() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** What a reader made of a file, in the terms of EXPECTED.json's "accept". */
async function readEntry(entry: Entry, path: string): Promise<Outcome> {
  // The text readers get the file as their callers read it (readFile(…, 'utf8'): bad UTF-8 becomes U+FFFD).
  const text = (): string => readFileSync(path, 'utf8');
  switch (entry.reader) {
    case 'mission':
      return outcome(() => {
        const { plan } = readMissionFile(text(), path);
        return { items: plan.mission.length, home_lat_deg: plan.home?.lat_deg ?? null };
      });
    case 'site':
      return outcome(() => {
        const { site } = readSiteFile(text(), path);
        return {
          buildings: site.buildings.map((b) => b.name ?? b.id), posts: site.posts.map((p) => p.name),
          fence: site.fence !== undefined, home: site.home !== undefined, radius_m: site.posts.map((p) => p.radius_m),
        };
      });
    case 'patrol':
      return outcome(() => {
        const p = readPatrol(text(), path);
        return { legs: p.legs.length, speed_mps: p.speed_mps, site: p.site };
      });
    case 'sidecar':
      return outcome(async () => {
        const s = await readSidecar(path);
        return { findings: s.findings.length, version: s.version, notes: s.findings.map((f) => f.note ?? null) };
      });
    case 'settings':
      return readSettings(path);
    case 'tlog':
      return outcome(() => readTlogAllWays(path));
  }
}

/** SettingsStore.load on a copy named settings.json in a folder of its own; a problem is its error. */
async function readSettings(path: string): Promise<Outcome> {
  const dir = mkdtempSync(join(tmp, 'settings-'));
  copyFileSync(path, join(dir, SETTINGS_FILE));
  const store = new SettingsStore(dir);
  const loaded = await store.load();
  if (loaded.problems.length > 0) return { ok: false, error: new Error(loaded.problems.join('\n')) };
  // What is written back on the next save: members this version does not know must survive it.
  await store.update({});
  const saved = JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8')) as Record<string, unknown>;
  const known = new Set(['version', ...Object.keys(loaded.settings)]);
  return { ok: true, value: { problems: 0, language: loaded.settings.language, unknown_members: Object.keys(saved).filter((k) => !known.has(k)) } };
}

/** tlogInfo, and the streaming reader and the indexer agreeing with it record for record. */
async function readTlogAllWays(path: string): Promise<Record<string, unknown>> {
  const info = await tlogInfo(path);
  const reader = readTlog(path);
  let records = 0;
  let lastOffset = -1;
  for await (const rec of reader) {
    expect(rec.offset).toBeGreaterThan(lastOffset);
    lastOffset = rec.offset;
    records++;
  }
  const index = await indexTlog(path);
  for (const st of [reader.stats, index.stats]) {
    expect({ records: st.records, bytes: st.bytes, skipped: st.skippedBytes, tail: st.partialTailBytes, badCrc: st.badCrc, unknown: st.unknown })
      .toEqual({ records: info.records, bytes: info.bytes, skipped: info.skipped_bytes, tail: info.partial_tail_bytes, badCrc: info.bad_crc, unknown: info.unknown });
  }
  expect(records).toBe(info.records);
  expect(index.count).toBe(info.records);
  // Every byte is a record, skipped, or the cut-off tail.
  expect(info.skipped_bytes + info.partial_tail_bytes).toBeLessThanOrEqual(info.bytes);
  return { ...info };
}

/** The message with the file's folder taken off (the readers name the file as they were given it). */
const withoutFolder = (message: string, path: string): string => message.split(`${dirname(path)}/`).join('');

describe('the bad-file corpus', () => {
  const onDisk = corpusOnDisk();
  const listed = expected.files.map((e) => e.file);

  it('every file on disk has an entry in EXPECTED.json, every entry a file, each listed once', () => {
    expect(onDisk.filter((f) => !listed.includes(f))).toEqual([]);
    expect(listed.filter((f) => !onDisk.includes(f))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    for (const e of expected.files) expect(Number(e.error !== undefined) + Number(e.accept !== undefined), e.file).toBe(1);
  });

  it('make-bad-files.ts, run again (in a copy elsewhere), writes exactly the files committed here', () => {
    const dir = mkdtempSync(join(tmp, 'regenerate-'));
    copyFileSync(join(BAD, 'make-bad-files.ts'), join(dir, 'make-bad-files.ts'));
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'make-bad-files.ts')], { encoding: 'utf8', timeout: 60_000 });
    expect(out).toMatch(new RegExp(`^${onDisk.length} files `));
    const made: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else made.push(relative(dir, join(d, e.name)).split('\\').join('/'));
      }
    };
    walk(dir);
    expect(made.filter((f) => f.includes('/')).sort()).toEqual(onDisk);
    for (const f of onDisk) expect(sha256(join(dir, f)), f).toBe(sha256(join(BAD, f)));
  });

  it('holds at least 100 files, in every format, of every kind of damage the issue names', () => {
    expect(onDisk.length).toBeGreaterThanOrEqual(100);
    const folders = ['plan', 'waypoints', 'site', 'kml', 'patrol', 'sidecar', 'settings', 'tlog'];
    expect([...new Set(onDisk.map((f) => f.split('/')[0]))].sort()).toEqual([...folders].sort());
    const kinds: [string, RegExp][] = [
      ['truncated', /truncated|cut-in|^empty|only-a-timestamp/], ['wrong types', /object|string|array|null|-as-|text-file|plan-json/],
      ['huge numbers', /1e309|1e400|10k|max|300/], ['NaN', /nan/], ['deep nesting', /deep|folders/],
      ['wrong encodings', /utf16|latin1|invalid-utf8|binary|garbage|zeros/], ['BOMs', /bom/], ['empty', /empty|whitespace|header-only|bom-only/],
    ];
    // Every format has each kind except where it cannot apply (a binary tlog has no BOM, NaN literal or nesting).
    // A waypoint file is lines of fields: nothing nests in it.
    const notApplicable: Record<string, string[]> = { tlog: ['NaN', 'deep nesting', 'BOMs', 'wrong types'], waypoints: ['deep nesting'] };
    for (const folder of folders) {
      const names = onDisk.filter((f) => f.startsWith(`${folder}/`)).map((f) => basename(f));
      for (const [kind, re] of kinds) {
        if (notApplicable[folder]?.includes(kind)) continue;
        expect(names.some((n) => re.test(n)), `${folder}: ${kind}`).toBe(true);
      }
    }
  });

  for (const entry of expected.files) {
    it(`${entry.file}: ${entry.error !== undefined ? 'refused' : 'read'} (${entry.why})`, async () => {
      const path = join(BAD, entry.file);
      const before = sha256(path);
      const { value: got, ms } = await bounded(entry.file, READ_BOUND_MS, () => readEntry(entry, path));
      expect(ms).toBeLessThan(READ_BOUND_MS);
      expect(sha256(path)).toBe(before);
      if (entry.error !== undefined) {
        if (got.ok) throw new Error(`${entry.file} was read, expected an error matching ${entry.error}: ${JSON.stringify(got.value)}`);
        const err = got.error;
        expect(err).toBeInstanceOf(Error);
        const message = (err as Error).message;
        if (entry.reader !== 'settings') {
          expect(OWN_ERRORS.some((c) => err instanceof c), `${(err as Error).name}: ${message}`).toBe(true);
        }
        expect(message).not.toContain(SECRET);
        // Settings are read from a copy in a folder of its own: that folder is taken off.
        const shown = entry.reader === 'settings' ? message.replace(/^\S*\/(settings\.json: )/, '$1') : withoutFolder(message, path);
        expect(shown).toMatch(new RegExp(entry.error));
      } else {
        if (!got.ok) throw got.error;
        for (const [key, want] of Object.entries(entry.accept ?? {})) expect(got.value[key], key).toEqual(want);
      }
    });
  }

  for (const entry of expected.files.filter((e) => e.reader === 'settings' && e.error !== undefined)) {
    it(`settings/${basename(entry.file)}: the next save keeps the damaged file, byte for byte, beside the new one`, async () => {
      const dir = mkdtempSync(join(tmp, 'save-'));
      const path = join(dir, SETTINGS_FILE);
      copyFileSync(join(BAD, entry.file), path);
      const original = sha256(path);
      const store = new SettingsStore(dir);
      const loaded = await store.load();
      expect(loaded.problems).toHaveLength(1);
      expect(sha256(path)).toBe(original); // loading alone changes nothing
      await store.update({ language: 'en' });
      await store.update({ coord_format: 'dms' });
      const aside = readdirSync(dir).filter((f) => f.startsWith(`${SETTINGS_FILE}.damaged-`));
      expect(aside).toHaveLength(1); // set aside once, not overwritten by the second save
      expect(sha256(join(dir, aside[0]))).toBe(original);
      const again = await new SettingsStore(dir).load();
      expect(again.problems).toEqual([]);
      expect(again.settings).toMatchObject({ language: 'en', coord_format: 'dms' });
    });
  }
});

describe('a 1 GiB line', () => {
  const GIB = 1024 ** 3;
  /** A file of one line: `head`, then NUL bytes up to 1 GiB, sparse (truncate extends without writing). */
  function gibLine(name: string, head: string): string {
    const path = join(tmp, name);
    writeFileSync(path, head);
    truncateSync(path, GIB);
    expect(statSync(path).size).toBe(GIB);
    return path;
  }
  /** Bound in time, and in memory: a reader that read the file whole would hold at least 1 GiB. */
  async function refusal(what: string, read: () => Promise<unknown>): Promise<string> {
    const rss0 = process.memoryUsage().rss;
    const { value: got } = await bounded(what, 5_000, () => outcome(async () => {
      await read();
      return {};
    }));
    expect(process.memoryUsage().rss - rss0).toBeLessThan(256 * 1024 * 1024);
    if (got.ok) throw new Error(`${what}: a 1 GiB file was read`);
    expect(got.error).toBeInstanceOf(Error);
    const message = (got.error as Error).message;
    expect(message).not.toContain(SECRET);
    return message;
  }
  const head = (text: string): string => `${text}"${SECRET}`;
  const plan = () => gibLine('line.plan', head('{"fileType": "Plan", "groundStation": '));
  const waypoints = () => gibLine('line.waypoints', `QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t${SECRET}`);
  const site = () => gibLine('line.site.geojson', head('{"type": "FeatureCollection", "features": [{"name": '));
  const kml = () => gibLine('line.kml', `<?xml version="1.0"?><kml><Document><name>${SECRET}`);
  const patrol = () => gibLine('line.patrol.json', head('{"version": 1, "legs": [{"kind": '));
  const sizeSaid = /1073741824 bytes is larger than/;

  it('the CLI refuses it as a .plan, a .waypoints, a site and a KML, naming the file and its size', async () => {
    for (const [path, load] of [[plan(), loadMissionFile], [waypoints(), loadMissionFile], [site(), loadSite], [kml(), loadSite]] as const) {
      const message = await refusal(path, () => load(path));
      expect(message).toContain(path);
      expect(message).toMatch(sizeSaid);
    }
  });

  it('the app refuses it as a site, a KML and a patrol (WorkspaceError), naming the file and its size', async () => {
    const store = new SettingsStore(mkdtempSync(join(tmp, 'ws-')));
    const ws = new WorkspaceService(store, tmp);
    for (const path of [site(), kml(), patrol()]) {
      const message = await refusal(path, () => ws.read(path));
      expect(message).toContain(path);
      expect(message).toMatch(sizeSaid);
      await expect(ws.read(path)).rejects.toBeInstanceOf(WorkspaceError);
    }
  });

  it('the flight library refuses it as a sidecar and as the site a sidecar names', async () => {
    const sidecar = gibLine('line.json', head('{"format": "watchpost-flight", "tlog": '));
    const message = await refusal(sidecar, () => readSidecar(sidecar));
    expect(message).toBe(`${sidecar}: 1073741824 bytes is larger than a flight's sidecar can be (${64 * 1024 * 1024} bytes); not read`);
    await expect(readSidecar(sidecar)).rejects.toBeInstanceOf(SidecarError);
    const tlog = join(tmp, 'flight.tlog');
    writeFileSync(tlog, '');
    const named = site();
    expect(await refusal(named, () => readFlightFiles(tlog, named))).toBe(`${named}: 1073741824 bytes is larger than ${64 * 1024 * 1024} bytes; not read`);
  });

  it('settings.json of 1 GiB: a problem naming the file and its size, defaults used, the file kept on the next save', async () => {
    const dir = mkdtempSync(join(tmp, 'settings-gib-'));
    const path = join(dir, SETTINGS_FILE);
    writeFileSync(path, head('{"version": 1, "language": '));
    truncateSync(path, GIB);
    const rss0 = process.memoryUsage().rss;
    const store = new SettingsStore(dir);
    const { value: loaded, ms } = await bounded('settings', 5_000, () => store.load());
    expect(ms).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(256 * 1024 * 1024);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1073741824 bytes is larger than settings can be .*; using defaults`));
    expect(loaded.problems[0]).not.toContain(SECRET);
    await store.update({ language: 'en' });
    const aside = readdirSync(dir).filter((f) => f.startsWith(`${SETTINGS_FILE}.damaged-`));
    expect(aside).toHaveLength(1);
    expect(statSync(join(dir, aside[0])).size).toBe(GIB);
  });

  it('the mission readers through the CLI give their own usage error, not a crash', async () => {
    const path = plan();
    await expect(loadMissionFile(path)).rejects.toBeInstanceOf(UsageError);
  });

  it('the tlog readers go through it in constant memory and say it holds no records (any size is a legitimate tlog)', async () => {
    const path = gibLine('line.tlog', `${SECRET}`);
    const rss0 = process.memoryUsage().rss;
    const { value: info, ms } = await bounded('tlogInfo', 20_000, () => tlogInfo(path));
    expect(ms).toBeLessThan(20_000);
    expect(info).toMatchObject({ bytes: GIB, records: 0, skipped_bytes: GIB, partial_tail_bytes: 0, first_utc: null });
    const { value: index } = await bounded('indexTlog', 20_000, () => indexTlog(path));
    expect(index.count).toBe(0);
    expect(index.stats.skippedBytes).toBe(GIB);
    const reader = readTlog(path);
    const { value: records } = await bounded('readTlog', 20_000, async () => {
      let n = 0;
      for await (const _ of reader) n++;
      return n;
    });
    expect(records).toBe(0);
    expect(reader.stats.skippedBytes).toBe(GIB);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(256 * 1024 * 1024);
  }, 90_000);
});

describe('a mission file of 60 million line ends (under the 64 MiB cap of sites; 9.5 s and 1.8 GB when it was read)', () => {
  const LINE_ENDS = 60_000_000;
  const HEADER = 'QGC WPL 110';
  const SIZE = HEADER.length + LINE_ENDS;
  let made: { waypoints: string; plan: string; other: string } | undefined;
  /** Made here, not committed (60 MB): once, then hard-linked under the other names. */
  function blankLines(): { waypoints: string; plan: string; other: string } {
    if (made) return made;
    const dir = mkdtempSync(join(tmp, 'line-ends-'));
    const waypoints = join(dir, 'line-ends.waypoints');
    writeFileSync(waypoints, Buffer.concat([Buffer.from(HEADER), Buffer.alloc(LINE_ENDS, 0x0a)]));
    expect(statSync(waypoints).size).toBe(SIZE);
    const plan = join(dir, 'line-ends.plan');
    const other = join(dir, 'line-ends.mission-file'); // no mission extension: read as one by its first line
    linkSync(waypoints, plan);
    linkSync(waypoints, other);
    made = { waypoints, plan, other };
    return made;
  }
  /** Refused within 1 s, holding no more than 64 MB more afterwards (the file is never read). */
  async function refused(what: string, read: () => Promise<unknown>): Promise<Error> {
    const rss0 = process.memoryUsage().rss;
    const { value: got, ms } = await bounded(what, 5_000, () => outcome(async () => {
      await read();
      return {};
    }));
    expect(ms).toBeLessThan(1_000);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 * 1024 * 1024);
    if (got.ok) throw new Error(`${what}: a 60 MB mission file was read`);
    return got.error as Error;
  }
  const said = (path: string): string => `${path}: ${SIZE} bytes is larger than ${MAX_MISSION_FILE_BYTES} bytes (the most a mission file may have)`;

  it('the CLI refuses it as .waypoints, as .plan and by its first line, naming the file and its size', async () => {
    const { waypoints, plan, other } = blankLines();
    for (const path of [waypoints, plan, other]) {
      const err = await refused(path, () => loadMissionFile(path));
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toBe(`${said(path)}; not read`);
    }
    // As `watchpost plan FILE.plan` checks it (a mission file by its name), and not a site or patrol of that size.
    expect((await refused(plan, () => checkTextFile(plan))).message).toBe(`${said(plan)}; not read`);
    const patrol = join(tmp, 'line-ends.patrol.json');
    linkSync(plan, patrol);
    await expect(checkTextFile(patrol)).resolves.toBeUndefined();
  });

  it('the app refuses it as a .plan and a .waypoints (WorkspaceError), naming the file and its size', async () => {
    const { waypoints, plan } = blankLines();
    const ws = new WorkspaceService(new SettingsStore(mkdtempSync(join(tmp, 'ws-'))), tmp);
    for (const path of [plan, waypoints]) {
      const err = await refused(path, () => ws.read(path));
      expect(err).toBeInstanceOf(WorkspaceError);
      expect(err.message).toBe(`file ${said(path)}`);
    }
  });

  it('a mission file of exactly the cap is read (blank lines: an empty mission), quickly', async () => {
    const path = join(tmp, 'at-cap.waypoints');
    writeFileSync(path, Buffer.concat([Buffer.from(HEADER), Buffer.alloc(MAX_MISSION_FILE_BYTES - HEADER.length, 0x0a)]));
    const { value, ms } = await bounded(path, 5_000, () => loadMissionFile(path));
    expect(value.plan.mission).toEqual([]);
    expect(ms).toBeLessThan(2_000);
  });
});
