// A site file's error in the user's language (issue 11): SiteFileError keeps its parts (file, feature, property,
// what was expected, what was given, or the line and column of broken JSON); English is its message, Chinese is worded
// here from the same parts. The app's Open… says it in the UI's language.
import { expectedZh, gotZh } from '../formats/phrases-zh';
import type { SiteFileError } from './site-errors';

const KIND_ZH: Readonly<Record<string, string>> = { building: '建筑', post: '岗位', fence: '围栏', home: '起降点' };

/** "features[3] (post \"North gate\")" → "第 4 个要素（岗位 \"North gate\"）". */
function featureZh(feature: string): string {
  const m = /^(features|Placemark)\[(\d+)\](?: \((.*)\))?$/.exec(feature);
  if (!m) return feature;
  const n = Number(m[2]) + 1;
  const what = m[3]?.replace(/^(building|post|fence|home)\b/, (k) => KIND_ZH[k] ?? k);
  return `${m[1] === 'Placemark' ? `第 ${n} 个 Placemark` : `第 ${n} 个要素`}${what ? `（${what}）` : ''}`;
}

export function siteFileErrorText(err: SiteFileError, lang: 'en' | 'zh-CN'): string {
  if (lang === 'en') return err.message;
  const where = err.line !== undefined
    ? `第 ${err.line} 行第 ${err.column ?? 1} 列：不是有效的 JSON`
    : [featureZh(err.feature), err.property].filter((part) => part !== '').join('：');
  return `${err.file}：${where === '' ? '文档' : where}：应为${expectedZh(err.expected)}，实际为 ${gotZh(err.got)}`;
}
