// Site and patrol file errors in Chinese (patrol/site/site-error-text.ts, patrol/patrol/patrol-error-text.ts): the same parts as the English message, worded from
// them — the feature by its place and kind, the property, what was expected and what was given; broken JSON by its
// line and column.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSiteFile } from '../../patrol/site/read-site-file';
import { SiteFileError } from '../../patrol/site/site-errors';
import { siteFileErrorText } from '../../patrol/site/site-error-text';
import { PatrolFileError, readPatrol } from '../../patrol/patrol/read-patrol';
import { patrolFileErrorText } from '../../patrol/patrol/patrol-error-text';
import { MissionFileError } from '../../patrol/formats/errors';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { missionFileErrorText } from '../../patrol/formats/mission-error-text';

function errorOf(text: string, name = 'broken.site.geojson'): SiteFileError {
  try {
    readSiteFile(text, name);
  } catch (err) {
    if (err instanceof SiteFileError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('site file errors in Chinese', () => {
  const demo = JSON.parse(readFileSync('assets/demo/demo.site.geojson', 'utf8')) as { features: Array<{ properties: Record<string, unknown> }> };
  it('a post with a negative radius', () => {
    const broken = structuredClone(demo);
    const i = broken.features.findIndex((f) => f.properties.kind === 'post');
    broken.features[i].properties.radius_m = -5;
    const err = errorOf(JSON.stringify(broken));
    expect(siteFileErrorText(err, 'en')).toBe(err.message);
    expect(err.message).toMatch(/radius_m: expected a number > 0, got -5$/);
    expect(siteFileErrorText(err, 'zh-CN')).toBe(`broken.site.geojson：第 ${i + 1} 个要素（岗位 "North gate"）：radius_m：应为大于 0 的数，实际为 -5`);
  });

  it('a building with no height, a wrong kind, broken JSON', () => {
    const noHeight = structuredClone(demo);
    delete noHeight.features[0].properties.height_m;
    expect(siteFileErrorText(errorOf(JSON.stringify(noHeight)), 'zh-CN')).toMatch(/^broken\.site\.geojson：第 1 个要素（建筑 "Block 1 Building 1"）：height_m：应为大于 0 的数（米），实际为 无$/);
    const kind = structuredClone(demo);
    kind.features[0].properties.kind = 'tree';
    expect(siteFileErrorText(errorOf(JSON.stringify(kind)), 'zh-CN')).toMatch(/kind：应为"building"、"post"、"fence" 或 "home"，实际为 "tree"$/);
    expect(siteFileErrorText(errorOf('{"type": "FeatureCollection", "features": [,]}'), 'zh-CN')).toMatch(/^broken\.site\.geojson：第 1 行第 \d+ 列：不是有效的 JSON：应为/);
  });
});

describe('patrol file errors in Chinese', () => {
  const site = readSiteFile(readFileSync('assets/demo/demo.site.geojson', 'utf8'), 'demo.site.geojson').site;
  const patrol = JSON.parse(readFileSync('assets/demo/demo.patrol.json', 'utf8')) as { legs: Array<Record<string, unknown>> };
  const errorOfPatrol = (p: object): PatrolFileError => {
    try {
      readPatrol(JSON.stringify(p), 'p.patrol.json', site);
    } catch (err) {
      if (err instanceof PatrolFileError) return err;
      throw err;
    }
    throw new Error('no error');
  };
  it('a facade leg with a negative distance; a leg naming a post the site does not have', () => {
    const bad = structuredClone(patrol);
    const i = bad.legs.findIndex((l) => l.kind === 'facade');
    bad.legs[i].distance_m = -2;
    const err = errorOfPatrol(bad);
    expect(patrolFileErrorText(err, 'en')).toBe(err.message);
    expect(patrolFileErrorText(err, 'zh-CN')).toBe(`p.patrol.json：第 ${i + 1} 个航段（"${String(bad.legs[i].building)}" 的外立面环绕）.distance_m：应为大于 0 的数，实际为 -2`);
    const missing = structuredClone(patrol);
    const k = missing.legs.findIndex((l) => l.kind === 'post');
    missing.legs[k].post = 'P99';
    expect(patrolFileErrorText(errorOfPatrol(missing), 'zh-CN')).toMatch(/^p\.patrol\.json：第 \d+ 个航段（岗位 "P99"）\.post：应为场地 "Demo community" 中某个岗位的编号，实际为 "P99"$/);
  });
});

describe('mission file errors in Chinese', () => {
  it('a .plan that is not JSON, a .waypoints line with a bad number', () => {
    const errorOfMission = (text: string, name: string): MissionFileError => {
      try {
        readMissionFile(text, name);
      } catch (err) {
        if (err instanceof MissionFileError) return err;
        throw err;
      }
      throw new Error('no error');
    };
    const json = errorOfMission('{"fileType": "Plan", ', 'bad.plan');
    expect(missionFileErrorText(json, 'en')).toBe(json.message);
    expect(missionFileErrorText(json, 'zh-CN')).toMatch(/^bad\.plan：第 1 行.*：应为.*，实际为/);
    const wpl = errorOfMission('QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\tabc\t8.5\t0\t1\n', 'bad.waypoints');
    expect(missionFileErrorText(wpl, 'zh-CN')).toMatch(/^bad\.waypoints：第 2 行.*：应为数字，实际为 "abc"$/);
  });
});
