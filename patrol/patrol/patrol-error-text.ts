// A patrol file's error in the user's language (issue 11): PatrolFileError keeps its parts (file, where, what was
// expected, what was given); English is its message, Chinese is worded here from them (phrases-zh.ts).
import { expectedZh, gotZh } from '../formats/phrases-zh';
import type { PatrolFileError } from './read-patrol';

/** "legs[2] (facade of \"B04\").distance_m" → "第 3 个航段（B04 的外立面环绕）.distance_m"; "the document" → "文档". */
function whereZh(where: string): string {
  if (where === 'the document') return '文档';
  return where.replace(/^legs\[(\d+)\](?: \((facade|roof) of (".*?")\)| \(post (".*?")\)| \(waypoint\))?/, (_m, i: string, kind?: string, b?: string, post?: string) => {
    const n = `第 ${Number(i) + 1} 个航段`;
    if (kind === 'facade') return `${n}（${b} 的外立面环绕）`;
    if (kind === 'roof') return `${n}（${b} 的屋顶扫描）`;
    if (post) return `${n}（岗位 ${post}）`;
    return _m.includes('(waypoint)') ? `${n}（航点）` : n;
  });
}

export function patrolFileErrorText(err: PatrolFileError, lang: 'en' | 'zh-CN'): string {
  if (lang === 'en') return err.message;
  const expected = err.expected.replace(/^the id of a (building|post) of site (".*")$/, (_m, k: string, site: string) => `场地 ${site} 中某个${k === 'building' ? '建筑' : '岗位'}的编号`);
  return `${err.file}：${whereZh(err.where)}：应为${expectedZh(expected)}，实际为 ${gotZh(err.got)}`;
}
