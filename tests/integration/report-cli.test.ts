// `watchpost report`: the patrol report of a real recording (the dronekit fixture) with a sidecar naming a site
// whose posts lie on and off its track and a finding: the posts' results as `watchpost checks` gives them, the
// times, the finding and its note (escaped), self-contained HTML (no network), in English and Chinese; the CSV of
// the checks; the PDF printed by Chromium, its first page turned into a PNG (assets/screenshots/report-en.png).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlightReplay } from '../../mavlink/replay/flight-replay';
import { findChromium } from '../../electron/cli/commands/report';
import { launchChromium } from '../helpers/chromium';
import { run } from '../helpers/cli';

let dir: string;
let tlog: string;
const SHOTS = join(process.cwd(), 'assets', 'screenshots');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wp-report-'));
  tlog = join(dir, 'flight.tlog');
  copyFileSync('tests/fixtures/dronekit_flight_replay_flight.tlog', tlog);
  const track = (await FlightReplay.load(tlog)).track(1).points();
  const post = (i: number, id: string, name: string, dwell_s: number, dlat = 0) => ({ type: 'Feature', id, properties: { kind: 'post', name, radius_m: 15, dwell_s }, geometry: { type: 'Point', coordinates: [track[i].lon_deg, track[i].lat_deg + dlat] } });
  writeFileSync(join(dir, 'field.site.geojson'), JSON.stringify({ type: 'FeatureCollection', site: { name: 'Dronekit field' }, features: [
    post(Math.floor(track.length * 0.3), 'A', 'Field gate', 5), post(Math.floor(track.length * 0.6), 'B', 'Pump house', 60), post(0, 'C', 'Far corner', 5, 0.002)] }));
  writeFileSync(join(dir, 'flight.json'), JSON.stringify({ format: 'watchpost-flight', version: 1, tlog: 'flight.tlog', link_uri: 'udpin:0.0.0.0:14550', site_path: join(dir, 'field.site.geojson'), patrol_path: null,
    started_utc: '2015-07-05T00:26:43.000Z', ended_utc: null, vehicles: [], findings: [{ id: 'f1', t_utc: '2015-07-05T00:35:00.000Z', post: 'A', kind: 'crowd', note: 'Six people at the gate, <b>not</b> staff', lat_deg: 0, lon_deg: 0, sysid: 1 }] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('watchpost report', () => {
  it('HTML in English and Chinese: results as `watchpost checks` gives them, times, the finding, no network', async () => {
    const checks = JSON.parse((await run(['checks', tlog, '--site', join(dir, 'field.site.geojson'), '--json'])).stdout) as { posts: Array<{ post_id: string; status: string; visits: Array<{ enter_t_us: number; duration_s: number }> }> };
    for (const lang of ['en', 'zh-CN']) {
      const out = join(dir, `report-${lang}.html`);
      const r = await run(['report', tlog, '--lang', lang, '--out', out, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ out, format: 'html', lang, site: 'Dronekit field', posts: 3, checked: 1, brief: 1, missed: 1 });
      const html = readFileSync(out, 'utf8');
      for (const c of checks.posts) expect(html).toContain(`<tr data-post="${c.post_id}" data-status="${c.status}">`);
      // A checked at the moment its first long-enough visit reached 5 s, in the site's time (UTC+8 by default).
      const a = checks.posts.find((p) => p.post_id === 'A');
      const visit = a?.visits.find((v) => v.duration_s >= 5);
      const local = new Date((visit?.enter_t_us ?? 0) / 1000 + 5000 + 8 * 3600_000).toISOString().slice(11, 19);
      expect(html).toContain(`<td class="num">${local}</td>`);
      expect(html).toContain('Six people at the gate, &lt;b&gt;not&lt;/b&gt; staff');
      expect(html).toMatch(/<svg [^>]*class="report-map"/);
      expect(html).toContain('data-post="C" data-status="missed"');
      expect(html.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//); // self-contained: nothing fetched
      expect(html).toContain(lang === 'en' ? '1 of 3 duty posts checked, 1 brief, 1 missed' : '3 个值守岗位中已检查 1 个，短暂经过 1 个，未到达 1 个');
      expect(html).toContain(lang === 'en' ? '>crowd gathering<' : '>人员聚集<');
    }
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 900, height: 1300 } });
    await page.goto(`file://${join(dir, 'report-zh-CN.html')}`);
    await page.screenshot({ path: join(SHOTS, 'report-zh-CN.png') });
    await browser.close();
  }, 60_000);

  it('the CSV of the checks', async () => {
    const out = join(dir, 'checks.csv');
    expect((await run(['report', tlog, '--out', out])).code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('post_id,name,status,first_visit_utc,first_check_utc,longest_dwell_s,dwell_required_s,closest_m,photos,finding,note');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 3).join(','))).toEqual(['A,Field gate,checked', 'B,Pump house,brief', 'C,Far corner,missed']);
    expect(rows[1]).toMatch(/,crowd,"Six people at the gate, <b>not<\/b> staff"$/);
    // Never replaced without --force.
    const again = await run(['report', tlog, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; pass --force/);
  }, 60_000);

  it('the PDF, printed by Chromium; its first page as a PNG', async () => {
    expect(findChromium({}, [])).toBeNull(); // where there is none, the command says what to install
    const out = join(dir, 'report.pdf');
    const r = await run(['report', tlog, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Patrol report — Dronekit field/);
    expect(text).toMatch(/1 of 3 duty posts checked/);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', out, join(SHOTS, 'report-en')]);
  }, 60_000);
});
