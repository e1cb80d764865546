// `watchpost check-plan --lang zh-CN` (issue 11): the findings worded in Chinese from their codes and values; the
// JSON keeps the English message and adds the text; an unknown language is a usage error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'wp-lang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check-plan in Chinese', () => {
  it('text and JSON', async () => {
    const plan = join(dir, 'demo.plan');
    const made = await run(['plan', 'assets/demo/demo.patrol.json', '--out', plan]);
    expect(made.code, made.stderr).toBe(0);
    const site = 'assets/demo/demo.site.geojson';
    const en = await run(['check-plan', plan, '--site', site]);
    const zh = await run(['check-plan', plan, '--site', site, '--lang', 'zh-CN']);
    expect(en.code).toBe(0);
    expect(zh.code).toBe(0);
    expect(en.stdout).toMatch(/a failsafe RTL \(radio or battery\)/);
    expect(zh.stdout).toMatch(/触发失控返航（遥控或电池）/);
    expect(zh.stdout.split('\n').length).toBe(en.stdout.split('\n').length);
    const json = JSON.parse((await run(['check-plan', plan, '--site', site, '--lang', 'zh-CN', '--json'])).stdout) as { findings: Array<{ code: string; message: string; text: string; values: object }> };
    expect(json.findings.length).toBeGreaterThan(0);
    for (const f of json.findings) {
      expect(f.message).not.toMatch(/[\u4e00-\u9fff]/);
      expect(f.text).toMatch(/[\u4e00-\u9fff]/);
    }
    const bad = await run(['check-plan', plan, '--site', site, '--lang', 'fr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang.*fr.*(en|zh-CN)/);
  }, 60_000);
});
