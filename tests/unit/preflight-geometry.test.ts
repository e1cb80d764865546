// The exact segment-versus-volume test against a dense sampling reference, on deterministic random segments around
// a concave footprint with a courtyard: every sampled intrusion is found, every reported one is real, and the
// reported entry is where the samples first go inside.
import { describe, expect, it } from 'vitest';
import { BuildingIndex } from '../../patrol/preflight/building-index';
import { pointInRings } from '../../patrol/preflight/geometry';
import type { Building } from '../../patrol/site/site';
import { frame, ring } from './preflight-helpers';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

// A U (concave) 100 m × 80 m with a 10 m courtyard in one arm; 30 m tall, + 5 m clearance = 35 m.
const u: Building = {
  id: 'U',
  polygons: [
    [
      ring([[0, 0], [100, 0], [100, 80], [70, 80], [70, 30], [30, 30], [30, 80], [0, 80]]),
      ring([[10, 40], [20, 40], [20, 60], [10, 60]]),
    ],
  ],
  height_m: 30,
  height_assumed: false,
  key: false,
};

describe('preflight geometry: exact intrusions', () => {
  const index = new BuildingIndex([u], frame, 5);
  const rings = index.volumes[0].rings;

  it('agrees with sampling every 2 cm on 400 random 3D segments', () => {
    const rnd = lcg(11);
    let hits = 0;
    for (let k = 0; k < 400; k++) {
      const [ax, ay, bx, by] = [rnd() * 160 - 30, rnd() * 140 - 30, rnd() * 160 - 30, rnd() * 140 - 30];
      const [az, bz] = [rnd() * 60, rnd() * 60];
      const len_m = Math.hypot(bx - ax, by - ay, bz - az);
      const n = Math.ceil(len_m / 0.02);
      let first = -1;
      for (let i = 0; i <= n && first < 0; i++) {
        const t = i / n;
        if (az + (bz - az) * t < 35 && pointInRings(rings, ax + (bx - ax) * t, ay + (by - ay) * t)) first = t;
      }
      const found = index.intrusions({ ax, ay, az, bx, by, bz });
      // A sliver thinner than the sampling can be found by the exact test alone; never the other way round.
      if (first >= 0) {
        expect(found).toHaveLength(1);
        expect(Math.abs(found[0].t_enter - first) * len_m).toBeLessThan(0.05);
        hits++;
      }
      for (const f of found) {
        const t = f.t_inside;
        expect(az + (bz - az) * t).toBeLessThan(35);
        expect(pointInRings(rings, ax + (bx - ax) * t, ay + (by - ay) * t)).toBe(true);
      }
    }
    expect(hits).toBeGreaterThan(50);
  });

  it('treats the courtyard and the notch of the U as outside', () => {
    expect(index.intrusions({ ax: 15, ay: 45, az: 0, bx: 15, by: 55, bz: 0 })).toEqual([]);
    expect(index.intrusions({ ax: 40, ay: 70, az: 10, bx: 60, by: 40, bz: 10 })).toEqual([]);
    expect(index.intrusions({ ax: 40, ay: 70, az: 10, bx: 60, by: 20, bz: 10 })).toHaveLength(1);
  });
});
