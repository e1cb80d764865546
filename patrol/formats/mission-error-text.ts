// A mission file's error (.plan, .waypoints) in the user's language (issue 11): MissionFileError keeps its parts;
// English is its message, Chinese is worded from them (phrases-zh.ts). Lines and items are numbered in Chinese; a
// phrase not known there stays English inside the Chinese sentence.
import type { MissionFileError } from './errors';
import { expectedZh, gotZh } from './phrases-zh';

function whereZh(where: string): string {
  return where
    .replace(/^line (\d+)/, '第 $1 行')
    .replace(/^item (\d+)/, '第 $1 项')
    .replace(/^the document$/, '文档');
}

export function missionFileErrorText(err: MissionFileError, lang: 'en' | 'zh-CN'): string {
  if (lang === 'en') return err.message;
  return `${err.file}：${whereZh(err.where)}：应为${expectedZh(err.expected)}，实际为 ${gotZh(err.got)}`;
}
