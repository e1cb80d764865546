// The UI's two languages: the same keys in both, a title for every preflight finding code, the language choice.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { initI18n, pickLanguage } from '../../renderer/src/i18n';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v !== null && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
}
function leaves(o: object): string[] {
  return Object.values(o).flatMap((v) => (v !== null && typeof v === 'object' ? leaves(v) : [String(v)]));
}

describe('UI strings', () => {
  it('zh-CN has exactly the keys of en, every string non-empty and the same {{placeholders}}', () => {
    expect(keys(zhCN)).toEqual(keys(en));
    for (const k of keys(en)) {
      const get = (o: object) => k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o) as string;
      expect(get(zhCN).trim(), k).not.toBe('');
      const ph = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(ph(get(zhCN)), k).toEqual(ph(get(en)));
    }
  });

  it('the Chinese strings are Chinese (no English left untranslated, product names aside)', () => {
    // Every Chinese string has Chinese in it; a string of only placeholders and units would be listed here.
    const untranslated = leaves(zhCN).filter((s) => !/[\u4e00-\u9fff]/.test(s));
    expect(untranslated).toEqual([]);
  });

  it('every finding code the preflight checks emit has a title in both languages', () => {
    const dir = join(process.cwd(), 'patrol', 'preflight');
    const codes = new Set<string>();
    for (const f of readdirSync(dir)) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/code: '([a-z-]+)'/g)) codes.add(m[1]);
    expect(codes.size).toBeGreaterThan(15);
    for (const c of codes) {
      expect(en.finding, c).toHaveProperty([c]);
      expect(zhCN.finding, c).toHaveProperty([c]);
    }
  });

  it('picks the saved language, else Chinese for a Chinese system, else English', () => {
    expect(pickLanguage('en', ['zh-CN'])).toBe('en');
    expect(pickLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage(null, ['de-DE', 'en-GB'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });

  it('i18next renders plurals and placeholders in both languages', async () => {
    const i18n = await initI18n('en');
    expect(i18n.t('plan.errorsCount', { count: 1 })).toBe('1 error');
    expect(i18n.t('plan.errorsCount', { count: 3 })).toBe('3 errors');
    expect(i18n.t('units.min', { m: 11, s: 8 })).toBe('11 min 8 s');
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('plan.errorsCount', { count: 3 })).toBe('3 个错误');
    expect(i18n.t('leg.facade', { ref: 'B04' })).toBe('环绕 B04 立面');
  });
});
