// Preflight findings in Chinese (patrol/preflight/finding-text.ts): every code the checks emit is worded, from the
// finding's values; the English message is untouched; real plans' findings (the demo patrol, the demo with a
// tower raised into its route, a facade orbit too close to a neighbour, a fence crossed, an assumed OSM height)
// read in Chinese with every number in place and nothing left unfilled.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findingText, WORDED_CODES, whereZh } from '../../patrol/preflight/finding-text';
import { readSiteFile } from '../../patrol/site/read-site-file';
import { readPatrol } from '../../patrol/patrol/read-patrol';
import { compilePatrol } from '../../patrol/patrol/compile';
import { preflightReport } from '../../patrol/preflight/preflight';
import { autoPatrol } from '../../patrol/patrol/auto';
import type { Finding } from '../../patrol/preflight/types';
import type { Site } from '../../patrol/site/site';
import { addBuilding, addLeg, facadeLeg, newPlan, setBuildingProps, setHome, setLeg, type Edit } from '../../patrol/edit/plan-edit';

function findingsOf(site: Site, patrolText: string | null): Finding[] {
  const patrol = patrolText ? readPatrol(patrolText, 'p.patrol.json', site) : autoPatrol(site);
  const compiled = compilePatrol(patrol, site, { autopilot: 'ardupilot' });
  return preflightReport(compiled.items, site, { speed_mps: patrol.speed_mps, link_range_m: 150, endurance_s: 300 }).findings;
}

describe('preflight findings in Chinese', () => {
  it('every code the checks emit has a Chinese wording', () => {
    const codes = new Set<string>();
    for (const f of readdirSync('patrol/preflight')) {
      for (const m of readFileSync(`patrol/preflight/${f}`, 'utf8').matchAll(/code: '([a-z-]+)'/g)) codes.add(m[1]);
    }
    expect(codes.size).toBeGreaterThan(20);
    expect([...codes].filter((c) => !WORDED_CODES.includes(c))).toEqual([]);
  });

  it('real plans: each finding worded in Chinese with its numbers, the English message as before', () => {
    const demo = readSiteFile(readFileSync('assets/demo/demo.site.geojson', 'utf8'), 'demo.site.geojson').site;
    const patrolText = readFileSync('assets/demo/demo.patrol.json', 'utf8');
    // The tower raised into the route, a building with an assumed height, the fence pulled in: more kinds of finding.
    const raised: Site = {
      ...demo,
      buildings: demo.buildings.map((b, i) => (i === 5 ? { ...b, height_assumed: true } : b.key ? b : { ...b, height_m: 100 })),
      fence: demo.fence ? [demo.fence[0].map(([lon, lat]) => [demo.home!.lon_deg + (lon - demo.home!.lon_deg) * 0.6, demo.home!.lat_deg + (lat - demo.home!.lat_deg) * 0.6] as [number, number])] : undefined,
    };
    // A facade orbit through a 30 m neighbour (as in the editor's end-to-end test): building and building-near.
    let d = newPlan('t', 't.site.geojson');
    const ok = (e: Edit) => {
      if (!e.ok) throw new Error(e.error);
      return e.doc;
    };
    const [lat0, lon0] = [31.2304, 121.4737];
    const m = (x: number, y: number): [number, number] => [lon0 + x / (111_195 * Math.cos((lat0 * Math.PI) / 180)), lat0 + y / 111_195];
    const rect = (x0: number, y0: number, x1: number, y1: number) => [m(x0, y0), m(x1, y0), m(x1, y1), m(x0, y1)];
    d = ok(addBuilding(d, [rect(-30, -10, -10, 10)], { height_m: 20, name: 'Tower' }));
    d = ok(addBuilding(d, [rect(4, -10, 12, 10)], { height_m: 30 }));
    d = ok(setBuildingProps(d, 'B1', { name_zh: '塔楼' }));
    d = ok(setHome(d, { lat_deg: lat0, lon_deg: m(-60, 0)[0] }));
    d = ok(addLeg(d, facadeLeg('B1')));
    d = ok(setLeg(d, 0, { distance_m: 14, bottom_m: 15 }));
    const orbit = preflightReport(compilePatrol(d.patrol, d.site, { autopilot: 'ardupilot' }).items, d.site, { speed_mps: 5 }).findings;
    // The same neighbour with a height only assumed (OSM without height tags).
    const assumedSite: Site = { ...d.site, buildings: d.site.buildings.map((b) => (b.id === 'B2' ? { ...b, height_m: 10, height_assumed: true } : b)) };
    const assumed = preflightReport(compilePatrol(d.patrol, assumedSite, { autopilot: 'ardupilot' }).items, assumedSite, { speed_mps: 5 }).findings;
    const all = [...findingsOf(demo, patrolText), ...findingsOf(raised, patrolText), ...findingsOf(raised, null), ...orbit, ...assumed];
    const seen = new Set(all.map((f) => f.code));
    for (const code of ['building', 'building-near', 'failsafe-rtl', 'fence', 'link-range', 'endurance', 'post-not-covered', 'assumed-height', 'time-estimate']) expect(seen, code).toContain(code);
    for (const f of all) {
      const zh = findingText(f, 'zh-CN');
      expect(findingText(f, 'en')).toBe(f.message);
      expect(zh, f.message).toMatch(/[\u4e00-\u9fff]/);
      expect(zh, f.message).not.toMatch(/undefined|NaN|\?/);
      // The numbers of the English message are in the Chinese one (times are worded as minutes and seconds there).
      if (f.code !== 'endurance' && f.code !== 'time-estimate') {
        for (const n of f.message.match(/\b\d+(\.\d+)?\b/g) ?? []) expect(zh, `${n} in ${zh}`).toContain(n);
      }
    }
  });

  it('where a finding is: items, takeoff, the return', () => {
    expect(whereZh('item 7')).toBe('第 7 项');
    expect(whereZh('return (RTL) (item 9)')).toBe('返航（RTL）（第 9 项）');
    expect(whereZh('takeoff')).toBe('起飞');
    expect(whereZh('P01')).toBe('P01');
    // Without values (a finding from before values were kept), the English message stays.
    expect(findingText({ severity: 'error', code: 'building', message: 'x' }, 'zh-CN')).toBe('x');
    expect(findingText({ severity: 'error', code: 'no-home', message: 'no home' }, 'zh-CN')).toMatch(/没有起降点/);
    expect(findingText({ severity: 'error', code: 'new-code', message: 'y' }, 'zh-CN')).toBe('y');
  });
});
