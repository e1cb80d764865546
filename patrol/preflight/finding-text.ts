// A preflight finding in the user's language (issue 11): the checks give each finding a code and its values
// (types.ts); English is the message they write, Chinese is worded here from the code and the values, for the UI
// and for `watchpost check-plan --lang zh-CN`. A finding this does not know (or one without values) keeps its
// English message.
import type { Finding, FindingValues } from './types';

export type FindingLanguage = 'en' | 'zh-CN';

/** "item 7", "takeoff", "return (RTL) (item 9)", a post id… in Chinese. */
export function whereZh(where: string): string {
  return where
    .replace(/^item (\d+)$/, '第 $1 项')
    .replace(/ ?\(item (\d+)\)/, '（第 $1 项）')
    .replace(/^takeoff/, '起飞')
    .replace(/^return \(RTL\)/, '返航（RTL）')
    .replace(/^land/, '降落')
    .replace(/^home/, '起降点');
}

const str = (v: FindingValues[string]): string => (v === undefined ? '?' : String(v));

/** A building as findings name it: its id, and its name (the Chinese one when there is one). */
function buildingZh(v: FindingValues): string {
  const name = v.name_zh ?? v.name;
  return name === undefined ? str(v.building) : `${str(v.building)}（${str(name)}）`;
}

function volumeZh(v: FindingValues): string {
  return v.base_m !== undefined
    ? `${str(v.base_m)} 米 − ${str(v.clearance_m)} 米净空至屋顶 ${str(v.roof_m)} 米 + ${str(v.clearance_m)} 米`
    : `屋顶 ${str(v.roof_m)} 米 + ${str(v.clearance_m)} 米净空`;
}

const minutes = (s: FindingValues[string]): string => {
  const n = Number(s);
  return Number.isFinite(n) ? `${Math.floor(n / 60)} 分 ${Math.round(n % 60)} 秒` : '?';
};

function timeZh(v: FindingValues): string {
  return `${minutes(v.total_s)}（以 ${str(v.speed_mps)} 米/秒水平飞行 ${str(v.horizontal_m)} 米，以 ${str(v.climb_mps)} 米/秒上升 ${str(v.climb_m)} 米，以 ${str(v.descent_mps)} 米/秒下降 ${str(v.descent_m)} 米，悬停 ${str(v.hold_s)} 秒）`;
}

function rtlAltZh(m: FindingValues[string]): string {
  return `RTL_ALT ${str(m)} 米（ArduCopter 4.6 及更早版本以厘米为单位：${Math.round(Number(m) * 100)}）`;
}

const ZH: Record<string, (v: FindingValues) => string> = {
  speed: (v) => `第 ${str(v.item)} 项：DO_CHANGE_SPEED 设为 ${str(v.speed_mps)} 米/秒，被忽略`,
  'jump-target': (v) => `第 ${str(v.item)} 项：DO_JUMP 跳到第 ${str(v.target)} 项，但该项不存在（1..${str(v.count)}）`,
  position: (v) => (v.z !== undefined ? `第 ${str(v.item)} 项：高度 ${str(v.z)} 不是数字` : `第 ${str(v.item)} 项：${str(v.x)}, ${str(v.y)} 不是经纬度`),
  'loiter-unlimited': (v) => `第 ${str(v.item)} 项：NAV_LOITER_UNLIM 会一直盘旋到飞手操作；其后的各项不会执行`,
  param: (v) => `第 ${str(v.item)} 项：param1 ${str(v.value)} 不是 ≥ 0 的时间；按 0 处理`,
  'terrain-frame': (v) => `第 ${str(v.item)} 项：相对地形的高度按相对起降点处理（场地地面视为平坦）`,
  'amsl-frame': (v) => `第 ${str(v.item)} 项：高度 ${str(v.z)} 米为海拔高度，而起降点的海拔未知；按相对起降点处理`,
  frame: (v) => `第 ${str(v.item)} 项：坐标系 ${str(v.frame)} 不是全球坐标系；未检查此项`,
  'no-home': () => '没有起降点：场地没有起降点，也未提供；以第一个位置项作为起降点',
  empty: () => '任务没有任何航点',
  'too-many-items': (v) => `${str(v.count)} 个航点；飞行器最多接受 ${str(v.max)} 个（不含起降点）`,
  'no-takeoff': () => '第一个导航项不是 NAV_TAKEOFF',
  'no-return': () => '任务不是以 NAV_RETURN_TO_LAUNCH 或 NAV_LAND 结束',
  building: (v) => `${whereZh(str(v.where))}：${v.loiter_m === undefined ? '航线' : `${str(v.loiter_m)} 米的盘旋圈`}在 ${str(v.alt_m)} 米高度进入建筑 ${buildingZh(v)}（${volumeZh(v)}）`,
  'building-near': (v) =>
    `${whereZh(str(v.where))}：${v.loiter_m === undefined ? '航线' : `${str(v.loiter_m)} 米的盘旋圈`}在 ${str(v.alt_m)} 米高度距建筑 ${buildingZh(v)} 的外墙仅 ${str(v.distance_m)} 米，` +
    `${v.base_m !== undefined ? `处于其体积内（${volumeZh(v)}）` : `低于其屋顶（${str(v.roof_m)} 米）+ ${str(v.clearance_m)} 米`}；水平方向至少应保持 ${str(v.margin_m)} 米`,
  'assumed-height': (v) =>
    `${whereZh(str(v.where))}：航线${v.distance_m === undefined ? '经过' : `距离 ${str(v.distance_m)} 米经过`}建筑 ${buildingZh(v)}，其高度未知（假定为 ${str(v.assumed_m)} 米）：飞行前请核实`,
  'max-alt': (v) => `${whereZh(str(v.where))}：高度 ${str(v.alt_m)} 米超过场地限高 ${str(v.max_m)} 米`,
  'link-range': (v) => `${whereZh(str(v.where))}：距起降点 ${str(v.range_m)} 米，超出链路距离 ${str(v.link_m)} 米`,
  fence: (v) => `${whereZh(str(v.where))}：航线飞出围栏`,
  endurance: (v) => `预计飞行 ${timeZh(v)}，超过 ${minutes(v.budget_s)}：续航 ${minutes(v.endurance_s)} 减去 ${str(v.reserve_pct)}% 余量`,
  'time-estimate': (v) => `预计飞行 ${timeZh(v)}；电池预算 ${minutes(v.budget_s)}`,
  'no-posts': () => '场地没有值守岗位',
  'post-not-covered': (v) => {
    const name = v.name_zh ?? v.name;
    const how = v.status === 'missed' ? `从未进入 ${str(v.radius_m)} 米范围（最近 ${str(v.closest_m)} 米）` : `在 ${str(v.radius_m)} 米范围内最多停留 ${str(v.got_s)} 秒`;
    return `岗位 ${str(v.post)}（${str(name)}）：航线${how}；需要 ${str(v.dwell_s)} 秒`;
  },
  'failsafe-rtl': (v) => {
    const span = v.first_item === undefined ? whereZh(str(v.first_leg)) : v.first_item === v.last_item ? `飞往第 ${str(v.first_item)} 项的航段` : `飞往第 ${str(v.first_item)} 至 ${str(v.last_item)} 项的航段`;
    const advice = v.advice === 'rtl-alt' ? `${rtlAltZh(v.advice_rtl_m)} 可避开沿途所有建筑`
      : v.advice === 'no-cone' ? `起降点附近 RTL_CONE_SLOPE ${str(v.advice_cone)} 使爬升较低：${rtlAltZh(v.advice_rtl_m)} 且 RTL_CONE_SLOPE 设为 0 可避开沿途所有建筑`
        : `场地限高（${str(v.max_m)} 米）以下没有能避开它们的 RTL_ALT：请规划航线，使返航路径畅通`;
    return `从${span}（${str(v.sweeps)} 段，每段 ${str(v.sample_m)} 米）触发失控返航（遥控或电池）时，会在 RTL_ALT ${str(v.rtl_alt_m)} 米撞上建筑 ${buildingZh(v)}（屋顶 ${str(v.roof_m)} 米 + ${str(v.clearance_m)} 米）；${advice}`;
  },
};

/** The finding's text in `lang`. */
export function findingText(f: Finding, lang: FindingLanguage): string {
  if (lang === 'en') return f.message;
  const zh = ZH[f.code];
  if (!zh) return f.message;
  // Codes with no values of their own (no-home, empty, …) need none; the others are worded only from their values.
  if (f.values === undefined && zh.length > 0) return f.message;
  return zh(f.values ?? {});
}

/** The codes worded in Chinese (a test holds every code the checks emit to this list). */
export const WORDED_CODES: readonly string[] = Object.keys(ZH);
