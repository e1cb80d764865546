// The Plan editor's refusals in the user's language (issue 11): an edit the file reader would refuse answers where,
// which property, what was expected (the schema's own phrase) and what was given; English is the reader's sentence,
// Chinese is worded here from the same parts. A phrase not known here stays in English inside the Chinese sentence.

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

const EXPECTED_ZH: Readonly<Record<string, string>> = {
  'a number > 0 (metres)': '大于 0 的数（米）',
  'a number > 0': '大于 0 的数',
  'a number >= 0': '不小于 0 的数',
  'a number ≥ 0': '不小于 0 的数',
  'a number >= 0 (metres)': '不小于 0 的数（米）',
  'a number below height_m': '小于 height_m 的数',
  'a non-empty string': '非空文字',
  'a non-empty id': '非空的编号',
  'true or false': 'true 或 false',
  'a time "HH:MM" (00:00–23:59)': '“时:分”格式的时间（00:00–23:59）',
  'a time "HH:MM"': '“时:分”格式的时间',
  'a "to" different from "from"': '与开始时间不同的结束时间',
  'an array of {"from": "HH:MM", "to": "HH:MM"}': '班次列表 {"from": "时:分", "to": "时:分"}',
  'an object {"from": "HH:MM", "to": "HH:MM"}': '班次 {"from": "时:分", "to": "时:分"}',
  'a whole number from 1 to 100': '1 到 100 的整数',
  '"roi" or "yaw"': '"roi" 或 "yaw"',
  '"image", "digicam" or false': '"image"、"digicam" 或 false',
  '"RTL" or "LAND"': '"RTL" 或 "LAND"',
  '"fixed" or "optimise"': '"fixed" 或 "optimise"',
  'a latitude (-90..90)': '纬度（-90..90）',
  'a longitude (-180..180)': '经度（-180..180）',
};

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
  return `${whereZh(p.where)}：${p.key === '' ? '' : `${p.key}：`}应为${EXPECTED_ZH[p.expected] ?? p.expected}，实际为 ${p.got}`;
}

/** The phrases worded in Chinese (a test holds the schemas' phrases the editor can meet to this list). */
export const WORDED_PHRASES: readonly string[] = Object.keys(EXPECTED_ZH);
