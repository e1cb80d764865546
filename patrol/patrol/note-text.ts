// The planning notes in the user's language (issue 11): the auto patrol's and the compiler's notes (auto.ts,
// compile.ts) are English sentences of a few fixed forms with their numbers and names in place; Chinese is worded
// here from the same parts, form by form. A note of a form not known here stays English (a test holds every form the
// planner writes to this list).

/** "legs[2] (facade of \"B04\")", "the takeoff", "the return (RTL)"… in Chinese. */
export function legZh(who: string): string {
  const fixed: Record<string, string> = { 'the takeoff': '起飞', 'the return (RTL)': '返航（RTL）', 'the landing': '降落', 'a transit': '一段转场' };
  if (fixed[who]) return fixed[who];
  // (a leading leg label only: a patrol file's error goes on with ".distance_m" after it)
  return who.replace(/^legs\[(\d+)\](?: \((facade|roof) of (".*?")\)| \(post (".*?")\)| \(waypoint\))?/, (m, i: string, kind?: string, b?: string, post?: string) => {
    const n = `第 ${Number(i) + 1} 个航段`;
    if (kind === 'facade') return `${n}（${b} 的外立面环绕）`;
    if (kind === 'roof') return `${n}（${b} 的屋顶扫描）`;
    if (post) return `${n}（岗位 ${post}）`;
    return m.includes('(waypoint)') ? `${n}（航点）` : n;
  });
}

/** "B01 (Block 1) 54 m, B02 60 m and 3 more" → with the Chinese "and N more". */
const listZh = (list: string) => list.replace(/ and (\d+) more$/, ' 等另外 $1 座').replace(/ (\d+(?:\.\d+)?) m(?=,|$| 等)/g, ' $1 米');

const FORMS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [
    /^(\d+) buildings? (as tall as the ones chosen or taller|that could have been chosen) stands? more than ([\d.]+) m from home and (?:is|are) not patrolled \(mark buildings key to choose them\): (.*)$/,
    (m) => `${m[1]} 座${m[2].startsWith('as tall') ? '与已选建筑一样高或更高的' : '本可入选的'}建筑距起降点超过 ${m[3]} 米，未纳入巡逻（将建筑标为重点即可选中）：${listZh(m[4])}`,
  ],
  [/^(\d+) buildings? not patrolled: roof \+ ([\d.]+) m is above the site's ceiling \(([\d.]+) m\): (.*)$/, (m) => `${m[1]} 座建筑未纳入巡逻：屋顶 + ${m[2]} 米高于场地限高（${m[3]} 米）：${listZh(m[4])}`],
  [
    /^key building (.*): no facade orbit — neighbours stand within ([\d.]+) m of the orbit up to its roof; its roof sweep is planned$/,
    (m) => `重点建筑 ${m[1]}：不做外立面环绕——环绕路径 ${m[2]} 米以内直到屋顶高度都有相邻建筑；已规划其屋顶扫描`,
  ],
  [/^PX4 refuses item (\d+) \((\w+)\): (.*); an upload to PX4 stops before it starts$/, (m) => `PX4 拒绝第 ${m[1]} 项（${m[2]}）：${m[3]}；上传到 PX4 会在开始前停止`],
  [/^(.*) flies at ([\d.]+) m, above the site's maximum ([\d.]+) m$/, (m) => `${legZh(m[1])}飞行高度 ${m[2]} 米，高于场地限高 ${m[3]} 米`],
  [
    /^(.*) passes over building (.*) at ([\d.]+) m, below its roof \+ clearance \(([\d.]+) m\)$/,
    (m) => `${legZh(m[1])}在 ${m[3]} 米高度飞越建筑 ${m[2]}，低于其屋顶 + 净空（${m[4]} 米）`,
  ],
];

export function noteText(note: string, lang: 'en' | 'zh-CN'): string {
  if (lang === 'en') return note;
  for (const [re, zh] of FORMS) {
    const m = re.exec(note);
    if (m) return zh(m);
  }
  return note;
}
