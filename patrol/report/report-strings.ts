// The report's words in English and Chinese (the UI's i18n lives in the renderer; the report is written on the
// Node side and by the CLI, so it carries its own small table, checked key for key by the tests).
import type { ReportLanguage } from './report-data';

const en = {
  title: 'Patrol report',
  flight: 'Flight',
  site: 'Site',
  noSite: 'no site: duty posts not checked',
  date: 'Date',
  vehicle: 'Vehicle',
  takeoff: 'Takeoff',
  landing: 'Landing',
  duration: 'Flight time',
  distance: 'Distance',
  maxAlt: 'Highest altitude',
  battery: 'Battery used',
  summary: '{{checked}} of {{total}} duty posts checked, {{brief}} brief, {{missed}} missed',
  map: 'Map',
  posts: 'Duty posts',
  post: 'Post',
  result: 'Result',
  firstCheck: 'Checked at',
  dwell: 'Longest dwell',
  closest: 'Closest',
  photos: 'Photos',
  finding: 'Finding',
  note: 'Note',
  legs: 'Legs flown',
  item: 'Mission item {{seq}} reached',
  noLegs: 'No mission item reported reached.',
  events: 'Events',
  noEvents: 'No mode changes, failsafes or warnings.',
  problems: 'Problems with the recording',
  time: 'Time',
  what: 'What',
  status: { checked: 'checked', brief: 'brief', missed: 'missed' },
  kinds: { staffed: 'staffed', absent: 'absent', crowd: 'crowd gathering', other: 'other' },
  eventKinds: { mode: 'mode', armed: 'armed', disarmed: 'disarmed', failsafe: 'failsafe', warning: 'warning', item: 'item' },
  unknown: 'unknown',
  times: 'Times are local (UTC{{offset}}).',
  generated: 'Written by Watchpost from {{flight}}.',
  legend: 'Track, and duty posts by result: green checked, amber brief, red missed.',
};

type Strings = typeof en;

const zhCN: Strings = {
  title: '巡逻报告',
  flight: '飞行',
  site: '场地',
  noSite: '没有场地：未检查值守岗位',
  date: '日期',
  vehicle: '飞行器',
  takeoff: '起飞',
  landing: '降落',
  duration: '飞行时间',
  distance: '距离',
  maxAlt: '最高高度',
  battery: '电量消耗',
  summary: '{{total}} 个值守岗位中已检查 {{checked}} 个，短暂经过 {{brief}} 个，未到达 {{missed}} 个',
  map: '地图',
  posts: '值守岗位',
  post: '岗位',
  result: '结果',
  firstCheck: '检查时间',
  dwell: '最长停留',
  closest: '最近距离',
  photos: '照片',
  finding: '发现',
  note: '备注',
  legs: '已飞航段',
  item: '到达任务项 {{seq}}',
  noLegs: '没有任务项到达的报告。',
  events: '事件',
  noEvents: '没有模式切换、失控保护或警告。',
  problems: '记录文件的问题',
  time: '时间',
  what: '内容',
  status: { checked: '已检查', brief: '短暂经过', missed: '未到达' },
  kinds: { staffed: '有人值守', absent: '无人值守', crowd: '人员聚集', other: '其他' },
  eventKinds: { mode: '模式', armed: '解锁', disarmed: '上锁', failsafe: '失控保护', warning: '警告', item: '任务项' },
  unknown: '未知',
  times: '时间为当地时间（UTC{{offset}}）。',
  generated: '由 Watchpost 根据 {{flight}} 生成。',
  legend: '航迹，以及按结果着色的值守岗位：绿色已检查，橙色短暂经过，红色未到达。',
};

export const REPORT_STRINGS: Readonly<Record<ReportLanguage, Strings>> = { en, 'zh-CN': zhCN };
export type ReportStrings = Strings;

/** `{{name}}` placeholders filled. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
}
