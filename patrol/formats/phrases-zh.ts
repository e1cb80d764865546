// The file readers' and the editor's phrases in Chinese (issue 11): what a value was expected to be (the schemas'
// own phrases) and how a value given is described (errors.ts describeValue/describeKind). A phrase not known here is
// left in English inside the Chinese sentence.

const EXPECTED: Readonly<Record<string, string>> = {
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
  '"FeatureCollection"': '"FeatureCollection"',
  '"Feature"': '"Feature"',
  'a GeoJSON FeatureCollection object': 'GeoJSON FeatureCollection 对象',
  'a GeoJSON Feature object': 'GeoJSON Feature 对象',
  'an array of Features': 'Feature 列表',
  'a geometry object': '几何对象',
  'a string or a number': '文字或数字',
  'an object or null': '对象或 null',
  '"building", "post", "fence" or "home"': '"building"、"post"、"fence" 或 "home"',
  'an object {"name": …, "max_alt_m": …}': '对象 {"name": …, "max_alt_m": …}',
  'well-formed KML (XML)': '格式正确的 KML（XML）',
  'a number': '数字',
  'valid JSON': '有效的 JSON',
  'a JSON object (a QGroundControl plan)': 'JSON 对象（QGroundControl 规划文件）',
  'the header "QGC WPL 110"': '文件头 "QGC WPL 110"',
  'a QGroundControl .plan (JSON) or a QGC WPL 110 waypoint file': 'QGroundControl .plan（JSON）或 QGC WPL 110 航点文件',
  'a whole number of at least 0': '不小于 0 的整数',
  'at least 3 vertices': '至少 3 个顶点',
  'items in order within the mission': '按顺序排列的任务项',
  'a <kml> root element': '<kml> 根元素',
};

export function expectedZh(phrase: string): string {
  return EXPECTED[phrase] ?? phrase;
}

/** describeValue / describeKind in Chinese: "nothing", "a string of 9 characters", "a list of 3 items"… */
export function gotZh(got: string): string {
  if (got === 'nothing') return '无';
  let m = /^a string of (\d+) characters?$/.exec(got);
  if (m) return `${m[1]} 个字符的文字`;
  m = /^a list of (\d+) items?$/.exec(got);
  if (m) return `${m[1]} 项的列表`;
  m = /^an object with (\d+) members?$/.exec(got);
  if (m) return `${m[1]} 个成员的对象`;
  return got;
}

export const WORDED_EXPECTED: readonly string[] = Object.keys(EXPECTED);
