// watchpost report FLIGHT.tlog [--site SITE] [--out FILE.html|FILE.pdf|FILE.csv] [--lang en|zh-CN] [--utc-offset MIN]
// The patrol report (electron/services/flight-report.ts, patrol/report): HTML written as it is, PDF printed by a
// Chromium when one is installed (else a clear message saying what to install), CSV of the checks.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdtemp, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildReport } from '../../services/flight-report';
import { reportCsv, reportHtml } from '../../../patrol/report/report-html';
import type { ReportLanguage } from '../../../patrol/report/report-data';
import { UsageError } from '../args';
import { saveTextFile } from '../mission-io';
import { printJson } from '../output';
import type { CommandResult } from '../main';

export interface ReportCliOptions {
  site?: string;
  out?: string;
  lang: ReportLanguage;
  utcOffset: number;
  force?: boolean;
  json?: boolean;
}

export const CHROMIUM_PLACES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/** A Chromium to print with: WATCHPOST_CHROMIUM, else the usual places. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, places: readonly string[] = CHROMIUM_PLACES): string | null {
  return [env.WATCHPOST_CHROMIUM, ...places].find((c): c is string => !!c && existsSync(c)) ?? null;
}

export const NO_CHROMIUM = 'a PDF is printed by Chromium, and none is installed: install it (Debian/Ubuntu: apt-get install chromium; or set WATCHPOST_CHROMIUM to its path), or write --out FILE.html and print that';

export async function reportAction(tlog: string, opts: ReportCliOptions, result: CommandResult): Promise<void> {
  const st = await stat(tlog).catch(() => null);
  if (!st?.isFile()) throw new UsageError(`${tlog}: no such file`);
  const out = opts.out ?? tlog.replace(/\.tlog$/i, '') + '.report.html';
  const kind = /\.pdf$/i.test(out) ? 'pdf' : /\.csv$/i.test(out) ? 'csv' : /\.html?$/i.test(out) ? 'html' : null;
  if (!kind) throw new UsageError(`--out ${out}: the name must end in .html, .pdf or .csv`);
  const existing = await stat(out).catch(() => null);
  if (existing && !opts.force) throw new UsageError(`--out ${out} exists; pass --force to replace it`);
  const chromium = kind === 'pdf' ? findChromium() : null;
  if (kind === 'pdf' && !chromium) {
    throw new UsageError(NO_CHROMIUM);
  }
  const report = await buildReport(tlog, { sitePath: opts.site, utcOffsetMin: opts.utcOffset });
  const html = reportHtml(report, opts.lang);
  if (kind === 'csv') await saveTextFile(reportCsv(report), out, opts.force === true);
  else if (kind === 'html') await saveTextFile(html, out, opts.force === true);
  else await printPdf(chromium as string, html, out, opts.force === true);
  const count = (s: string) => report.posts.filter((p) => p.status === s).length;
  const summary = { out, format: kind, lang: opts.lang, site: report.site?.name ?? null, posts: report.posts.length, checked: count('checked'), brief: count('brief'), missed: count('missed'), problems: report.problems };
  if (opts.json) printJson(summary);
  else process.stdout.write(`${out}: ${summary.checked} of ${summary.posts} posts checked, ${summary.brief} brief, ${summary.missed} missed\n`);
  result.code = 0;
}

/** Chromium prints the HTML to a PDF beside `out`, which is then linked (or, with force, renamed) into place. */
async function printPdf(chromium: string, html: string, out: string, force: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'watchpost-report-'));
  const page = join(dir, 'report.html');
  const tmp = join(dirname(out), `.${process.pid}.report.pdf.tmp`);
  try {
    await writeFile(page, html);
    await promisify(execFile)(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${tmp}`, pathToFileURL(page).href], { timeout: 60_000 });
    if (force) await rename(tmp, out);
    else await link(tmp, out);
  } catch (err) {
    throw new Error(`printing the PDF with ${chromium} failed: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  } finally {
    await unlink(tmp).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
