// The Plan editor's refusals in the user's language (issue 11): an edit the file reader would refuse answers where,
// which property, what was expected (the schema's own phrase) and what was given; English is the reader's sentence,
// Chinese is worded here from the same parts. A phrase not known here stays in English inside the Chinese sentence.

import { expectedZh, gotZh, WORDED_EXPECTED } from '../formats/phrases-zh';

export interface EditProblem {
  /** 'building "B2"', 'post "P1"', 'legs[0]', 'patrol', 'site'. */
  where: string;
  /** The property, as in the file: 'height_m', 'shifts.0.from'. */
  key: string;
  /** The schema's phrase: 'a number > 0 (metres)'. */
  expected: string;
  /** The value given, as JSON. */
  got: string;
}

export type EditLanguage = 'en' | 'zh-CN';

function whereZh(where: string): string {
  return where
    .replace(/^building "(.*)"$/, '建筑 "$1"')
    .replace(/^post "(.*)"$/, '岗位 "$1"')
    .replace(/^legs\[(\d+)\]$/, (_m, i: string) => `第 ${Number(i) + 1} 个航段`)
    .replace(/^patrol$/, '巡逻')
    .replace(/^site$/, '场地');
}

/** The refusal in `lang`. English is the file reader's sentence: `building "B2": height_m: expected …, got -3`. */
export function editProblemText(p: EditProblem, lang: EditLanguage): string {
  if (lang === 'en') return `${p.where}: ${p.key === '' ? '' : `${p.key}: `}expected ${p.expected}, got ${p.got}`;
  return `${whereZh(p.where)}：${p.key === '' ? '' : `${p.key}：`}应为${expectedZh(p.expected)}，实际为 ${gotZh(p.got)}`;
}

/** The phrases worded in Chinese (a test holds the schemas' phrases the editor can meet to this list). */
export const WORDED_PHRASES: readonly string[] = WORDED_EXPECTED;
