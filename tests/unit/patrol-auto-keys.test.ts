// The default patrol's choice of buildings when a site marks none as key: the tallest within reach of home, one
// piece of each building an export split, with a note on the taller ones left out.
import { describe, expect, it } from 'vitest';
import { autoPatrol, keyBuildings } from '../../patrol/patrol/auto';
import type { Site } from '../../patrol/site/site';
import { building, ORIGIN } from './routes-shapes';

const square = (x: number, y: number, side = 20): [number, number][][] => [[[x, y], [x + side, y], [x + side, y + side], [x, y + side]]];

function site(): Site {
  return {
    name: 'campus',
    max_alt_m: 120,
    posts: [],
    home: { lat_deg: ORIGIN[1], lon_deg: ORIGIN[0] },
    buildings: [
      building('way/1', 40, square(100, 0)),
      building('way/1#2', 40, square(121, 0)), // the other half of way/1, as a tiled export cuts it
      building('way/2', 35, square(0, 100)),
      building('way/3', 60, square(2000, 0)), // the tallest, 2 km away
      building('way/3#2', 60, square(2021, 0)), // its other half: one building in the note
      building('way/4', 20, square(-150, 0)),
      building('way/5', 10, square(0, -200)),
    ],
  };
}

describe('keyBuildings without key buildings', () => {
  it('takes the tallest within 600 m of home, one piece per split building, and lists the ones too far', () => {
    const farther: ReturnType<typeof keyBuildings> = [];
    const keys = keyBuildings(site(), 3, 10, 600, farther);
    expect(keys.map((b) => b.id)).toEqual(['way/1', 'way/2', 'way/4']);
    expect(farther.map((b) => b.id)).toEqual(['way/3']);
    expect(keyBuildings(site(), 3, 10, 5000).map((b) => b.id)).toEqual(['way/3', 'way/1', 'way/2']);
  });

  it('autoPatrol notes what it left out, and marked key buildings are taken wherever they stand', () => {
    const notes: string[] = [];
    const p = autoPatrol(site(), {}, notes);
    expect(p.legs.filter((l) => l.kind === 'roof').map((l) => (l as { building: string }).building)).toEqual(['way/1', 'way/2', 'way/4']);
    expect(notes).toContainEqual(expect.stringMatching(/^1 building as tall as the ones chosen or taller stands more than 600 m from home and is not patrolled .*way\/3 60 m/));
    const marked = site();
    marked.buildings[3].key = true;
    expect(keyBuildings(marked).map((b) => b.id)).toEqual(['way/3']);
  });
});
