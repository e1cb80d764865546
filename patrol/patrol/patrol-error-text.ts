// A patrol file's error in the user's language (issue 11): PatrolFileError keeps its parts (file, where, what was
// expected, what was given); English is its message, Chinese is worded here from them (phrases-zh.ts).
import { expectedZh, gotZh } from '../formats/phrases-zh';
import type { PatrolFileError } from './read-patrol';
import { legZh } from './note-text';

/** "legs[2] (facade of \"B04\").distance_m" → "第 3 个航段（"B04" 的外立面环绕）.distance_m"; "the document" → "文档". */
const whereZh = (where: string): string => (where === 'the document' ? '文档' : legZh(where));

export function patrolFileErrorText(err: PatrolFileError, lang: 'en' | 'zh-CN'): string {
  if (lang === 'en') return err.message;
  const expected = err.expected.replace(/^the id of a (building|post) of site (".*")$/, (_m, k: string, site: string) => `场地 ${site} 中某个${k === 'building' ? '建筑' : '岗位'}的编号`);
  return `${err.file}：${whereZh(err.where)}：应为${expectedZh(expected)}，实际为 ${gotZh(err.got)}`;
}
