// The Plan view's model (renderer/src/plan/plan-model.ts): the workspace's files through patrol/, as the CLI does.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextFile, Workspace } from '../../electron/api';
import { planModel } from '../../renderer/src/plan/plan-model';
import { readSite } from '../../patrol/site/read-site';
import { readPatrol } from '../../patrol/patrol/read-patrol';
import { compilePatrol } from '../../patrol/patrol/compile';
import { preflight } from '../../patrol/preflight/preflight';

const file = (path: string): TextFile => ({ path, name: path.split('/').pop() as string, text: readFileSync(path, 'utf8') });
const DEMO_SITE = file(join(process.cwd(), 'assets', 'demo', 'demo.site.geojson'));
const DEMO_PATROL = file(join(process.cwd(), 'assets', 'demo', 'demo.patrol.json'));
const OSM = file(join(process.cwd(), 'tests', 'fixtures', 'geo', 'giswqs_knoxville_osm_buildings.geojson'));
const ws = (site: TextFile, patrol: TextFile | null): Workspace => ({ site, patrol, first_start: false, demo: false, problems: [] });

describe('plan model', () => {
  it('the demo patrol: the same items and findings as compiling it directly, and a path from home that ends there', () => {
    const m = planModel(ws(DEMO_SITE, DEMO_PATROL));
    const { site } = readSite(DEMO_SITE.text, DEMO_SITE.name);
    const patrol = readPatrol(DEMO_PATROL.text, DEMO_PATROL.name, site);
    const compiled = compilePatrol(patrol, site, { autopilot: 'ardupilot' });
    expect(m.error).toBeNull();
    expect(m.patrolIsAuto).toBe(false);
    expect(m.compiled?.items).toEqual(compiled.items);
    expect(m.report?.findings).toEqual(preflight(compiled.items, site, { speed_mps: patrol.speed_mps }));
    const path = m.report?.path ?? [];
    expect(path[0]).toMatchObject({ leg: 'home', alt_m: 0, lat_deg: site.home?.lat_deg, lon_deg: site.home?.lon_deg });
    expect(path[path.length - 1].alt_m).toBe(0);
    expect(Math.hypot(path[path.length - 1].x_m, path[path.length - 1].y_m)).toBeLessThan(1);
    expect(m.report?.estimate?.total_s).toBeGreaterThan(60);
  });

  it('a site alone gets its default patrol, visiting every post', () => {
    const m = planModel(ws(DEMO_SITE, null));
    expect(m.patrolIsAuto).toBe(true);
    const posts = new Set(m.patrol?.legs.filter((l) => l.kind === 'post').map((l) => (l.kind === 'post' ? l.post : '')));
    expect(posts.size).toBe(m.site.posts.length);
    expect(m.report?.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a site without home: the site reads, the patrol error says what is missing', () => {
    const m = planModel(ws(OSM, null));
    expect(m.site.buildings.length).toBeGreaterThan(100);
    expect(m.compiled).toBeNull();
    expect(m.error).toMatch(/giswqs_knoxville_osm_buildings\.geojson: site .* has no home point/);
  });

  it('a broken site throws the reader error naming the feature and the property', () => {
    const json = JSON.parse(DEMO_SITE.text) as { features: { properties: Record<string, unknown> }[] };
    const post = json.features.find((f) => f.properties.kind === 'post') as { properties: Record<string, unknown> };
    post.properties.dwell_s = 'long';
    expect(() => planModel(ws({ ...DEMO_SITE, text: JSON.stringify(json) }, null))).toThrow(new RegExp(`demo\\.site\\.geojson: features\\[\\d+\\] \\(post "${String(post.properties.name)}"\\): dwell_s`));
  });
});
