// Planning notes in Chinese (patrol/patrol/note-text.ts): each form the auto patrol and the compiler write, made
// here as they make it, is worded in Chinese with its numbers and names in place; an unknown note stays English.
import { describe, expect, it } from 'vitest';
import { autoPatrol } from '../../patrol/patrol/auto';
import { compilePatrol } from '../../patrol/patrol/compile';
import { readPatrol } from '../../patrol/patrol/read-patrol';
import type { Patrol } from '../../patrol/patrol/patrol';
import type { Site } from '../../patrol/site/site';
import { noteText } from '../../patrol/patrol/note-text';
import { demoPatrolText, demoSite } from './patrol-helpers';
import { building, ORIGIN } from './routes-shapes';

const demoPatrol = readPatrol(demoPatrolText, 'demo.patrol.json', demoSite);
const square = (x: number, y: number, side = 20): [number, number][][] => [[[x, y], [x + side, y], [x + side, y + side], [x, y + side]]];

function notesOfEveryForm(): string[] {
  const notes: string[] = [];
  // Buildings too far from home to be chosen, and one too tall for the ceiling.
  const campus: Site = {
    name: 'campus', max_alt_m: 120, posts: [], home: { lat_deg: ORIGIN[1], lon_deg: ORIGIN[0] },
    buildings: [building('way/1', 40, square(100, 0)), building('way/2', 35, square(0, 100)), building('way/3', 60, square(2000, 0)), building('way/4', 20, square(-150, 0))],
  };
  autoPatrol(campus, {}, notes);
  autoPatrol({ ...demoSite, max_alt_m: 60 }, {}, notes);
  // A key building crowded by a neighbour as tall as it: no facade orbit.
  const b18 = demoSite.buildings.find((x) => x.id === 'B18');
  if (!b18) throw new Error('no B18');
  const r = b18.polygons[0][0];
  const d = 5 / 111e3;
  const wall = { id: 'wall', polygons: [[[[r[0][0], r[0][1] - d], [r[1][0], r[1][1] - d], [r[1][0], r[1][1] - 4 * d], [r[0][0], r[0][1] - 4 * d], [r[0][0], r[0][1] - d]]]] as [number, number][][][], height_m: b18.height_m, height_assumed: false, key: false };
  autoPatrol({ ...demoSite, buildings: [...demoSite.buildings, wall] }, {}, notes);
  // PX4 refusing the relay; a waypoint inside a building; a transit above the ceiling.
  notes.push(...compilePatrol(demoPatrol, demoSite, { autopilot: 'px4' }).warnings);
  const b04 = demoSite.buildings.find((b) => b.id === 'B04');
  if (!b04) throw new Error('no B04');
  const ring = b04.polygons[0][0];
  const inside = { lon_deg: (ring[0][0] + ring[2][0]) / 2, lat_deg: (ring[0][1] + ring[2][1]) / 2 };
  const p: Patrol = { ...demoPatrol, order: 'fixed', legs: [{ kind: 'waypoint', ...inside, alt_m: 50 }] };
  notes.push(...compilePatrol(p, demoSite, { autopilot: 'ardupilot' }).warnings);
  notes.push(...compilePatrol({ ...demoPatrol, cruise_alt_m: 130 }, { ...demoSite, max_alt_m: 125 }, { autopilot: 'ardupilot' }).warnings);
  return notes;
}

describe('planning notes in Chinese', () => {
  it('every form the planner writes', () => {
    const notes = notesOfEveryForm();
    const forms = [/more than 600 m from home/, /not patrolled: roof \+/, /^key building .*no facade orbit/, /^PX4 refuses item/, /passes over building/, /flies at .* above the site's maximum/];
    for (const f of forms) expect(notes.some((n) => f.test(n)), String(f)).toBe(true);
    for (const n of notes) {
      const zh = noteText(n, 'zh-CN');
      expect(zh, n).not.toBe(n);
      expect(zh, n).toMatch(/[\u4e00-\u9fff]/);
      for (const num of n.match(/\b\d+(\.\d+)?\b/g) ?? []) {
        // legs[0] is the 1st leg in Chinese
        if (/legs\[\d+\]/.test(n) && n.includes(`legs[${num}]`)) continue;
        expect(zh, `${num} in ${zh}`).toContain(num);
      }
      expect(noteText(n, 'en')).toBe(n);
    }
    expect(noteText('something else entirely', 'zh-CN')).toBe('something else entirely');
  });
});
